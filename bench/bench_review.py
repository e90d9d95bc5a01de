"""Benchmark `ziping review` over a folder of N nine-form workbooks plus broken files, against
python-calamine reading the same workbooks alone (in the same run: the ratio is the result).

    .venv/bin/python bench/bench_review.py [--files 2000] [--rss]

Up to 2,000 workbooks come from bench_check.generate (cached under bench/out/); more are made
by hard-linking those 2,000 into unit subfolders (单位01/, 单位02/, …), so 20,000 takes
seconds to prepare.

Reported:
  calamine read        python-calamine opening every workbook and reading every sheet (1 core)
  review, end to end   `ziping review` as a reviewer runs it (all cores, startup included)
  phases               (without --rss) checking alone on all cores, results discarded; and
                       writing the same review workbook alone from results held in memory
  --rss                peak resident memory of the review's main process (RUSAGE_SELF) and of
                       its largest worker (RUSAGE_CHILDREN), measured inside the process that
                       runs the command; the phase split is skipped (it holds every result)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import generate, read_all  # noqa: E402

BASE = 2000  # workbooks generated; larger folders hard-link these

# Runs `ziping review …` in this child process and reports its peak RSS and its workers'.
_RUN_MEASURED = """
import json, resource, sys, time
sys.argv = ["ziping", *sys.argv[1:]]
from ziping.cli import run
start = time.perf_counter()
try:
    run()
    code = 0
except SystemExit as exc:
    code = exc.code
seconds = time.perf_counter() - start
usage = {"seconds": seconds, "code": code,
         "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
         "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
open(REPORT, "w").write(json.dumps(usage))
"""


def workbooks(out: Path, files: int) -> tuple[Path, list[Path]]:
    """A folder with `files` nine-form workbooks (in unit subfolders beyond BASE)."""
    if files <= BASE:
        paths = generate(out, files)
        return paths[0].parent, paths
    base = generate(out, BASE)
    folder = out / f"workbooks-{files}-links"
    paths = []
    for n in range(files):
        unit = folder / f"单位{n // BASE + 1:02d}"
        path = unit / base[n % BASE].name
        if not path.exists():
            unit.mkdir(parents=True, exist_ok=True)
            try:
                os.link(base[n % BASE], path)
            except OSError:
                shutil.copy(base[n % BASE], path)
        paths.append(path)
    return folder, paths


def review_measured(folder: Path, out: Path) -> dict:
    report = out.with_suffix(".rss.json")
    code = _RUN_MEASURED.replace("REPORT", repr(str(report)))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "review", str(folder), "-o", str(out)], capture_output=True,
                          text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    print(proc.stdout.strip())
    if not report.exists():
        raise SystemExit(f"ziping review failed:\n{proc.stderr[-3000:]}")
    usage = json.loads(report.read_text())
    report.unlink()
    usage["wall"] = wall
    return usage


def phases(folder: Path, out: Path) -> tuple[float, float, int, int]:
    from validation import load_profile
    from workbooks.checking.batch import iter_check_paths
    from workbooks.review.folders import SKIPPED_FOLDERS, reviewed_without_info
    from workbooks.review.summary import UnitTotals
    from workbooks.review.summary_book import ReviewBook

    start = time.perf_counter()
    items = list(iter_check_paths([folder], load_profile(), transform=reviewed_without_info, skip_folders=SKIPPED_FOLDERS))
    check_s = time.perf_counter() - start
    start = time.perf_counter()
    totals = UnitTotals()
    with ReviewBook(out) as book:
        for item in items:
            book.add(item)
            for row in item.forms:
                totals.add(row)
        book.finish(totals.frame())
    write_s = time.perf_counter() - start
    return check_s, write_s, sum(len(i.findings) for i in items), sum(len(i.forms) for i in items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rss", action="store_true", help="report peak memory; skip the phase split")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    start = time.perf_counter()
    folder, paths = workbooks(args.out, args.files)
    broken = folder / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "截断.xlsx").write_bytes(paths[0].read_bytes()[:3000])
    (broken / "文本.xlsx").write_text("不是工作簿", encoding="utf-8")
    print(f"workbooks: {len(paths)} × 9 forms + 2 broken in {folder} (ready in {time.perf_counter() - start:.1f} s)")
    try:
        start = time.perf_counter()
        read_all(paths)
        read_s = time.perf_counter() - start
        out = args.out / "审核结果.xlsx"
        usage = review_measured(folder, out)
        review_s = usage["wall"]
        forms = len(paths) * 9
        print(f"calamine read (1 core)              {read_s:7.2f} s  {forms / read_s:8.0f} forms/s")
        print(f"ziping review, end to end           {review_s:7.2f} s  {forms / review_s:8.0f} forms/s")
        if not args.rss:
            check_s, write_s, findings, form_rows = phases(folder, args.out / "审核结果-phase.xlsx")
            print(f"  phase: check (all cores)          {check_s:7.2f} s  {forms / check_s:8.0f} forms/s")
            print(f"  phase: write the workbook         {write_s:7.2f} s  ({findings} finding rows, {form_rows} form rows, "
                  f"{(findings + form_rows) / write_s:,.0f} rows/s)")
        print(f"ratio review / calamine read: {review_s / read_s:.2f}")
        if args.rss:
            print(f"peak RSS: main process {usage['self_mb']:.0f} MB, largest worker {usage['children_mb']:.0f} MB "
                  f"({len(paths)} workbooks, output {out.stat().st_size / 1e6:.1f} MB)")
        if os.environ.get("BENCH_JSON"):
            Path(os.environ["BENCH_JSON"]).write_text(json.dumps({"files": len(paths), "read_s": read_s, **usage}))
    finally:
        shutil.rmtree(broken)


if __name__ == "__main__":
    main()
