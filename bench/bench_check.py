"""Benchmark `ziping check` against python-calamine reading the same files alone.

Generates N nine-form workbooks (the seed-004 forms with varied names and figures, so that
caches see realistic variety), then times:

  read      python-calamine opening every file and reading every sheet (one process): the floor
  check     `ziping check --json` end to end as a subprocess (all cores, startup included)
  lib-1     the library call `check_paths` in this process on one core
  lib-N     the same on every core

and prints the ratio check / read and forms per second. Usage:

    .venv/bin/python bench/bench_check.py [--files 400] [--repeat 3] [--out bench/out]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import python_calamine as pc  # noqa: E402

from validation import load_profile  # noqa: E402
from workbooks.checking.batch import check_paths, default_jobs  # noqa: E402
from workbooks.writing.samples import build_plain_workbook, sample_data  # noqa: E402


def _vary(forms: list[dict], rng: random.Random, n: int) -> list[dict]:
    varied = copy.deepcopy(forms)
    for form in varied:
        form["project"] = f"{form['project']}（第{n}号单位）"
        form["unit"] = f"{form['unit']}{n % 37}所"
        factor = rng.choice([0.5, 0.8, 1, 1, 1.25, 2, 3.3])
        total = form["funds"]["total"]
        for key in ("initial", "annual", "executed"):
            if isinstance(total[key], (int, float)):
                total[key] = round(total[key] * factor, 2)
        for indicator in form["indicators"]:
            indicator["name"] = f"{indicator['name']}{rng.randint(1, 999)}"
            if isinstance(indicator["actual"], str) and indicator["actual"][:1].isdigit():
                digits = "".join(ch for ch in indicator["actual"] if ch.isdigit() or ch == ".")
                unit = indicator["actual"][len(digits):]
                try:
                    indicator["actual"] = f"{round(float(digits) * rng.uniform(0.7, 1.4), 2):g}{unit}"
                except ValueError:
                    pass
    return varied


def generate(out: Path, files: int, seed: int = 2024) -> list[Path]:
    folder = out / f"workbooks-{files}-{seed}"
    paths = sorted(folder.glob("*.xlsx"))
    if len(paths) == files:
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    for old in paths:
        old.unlink()
    data = sample_data()
    rng = random.Random(seed)
    paths = []
    for n in range(files):
        path = folder / f"单位{n:05d}.xlsx"
        build_plain_workbook(_vary(data["forms"], rng, n), path, year=data["year"])
        paths.append(path)
    return paths


def read_all(paths: list[Path]) -> int:
    sheets = 0
    for path in paths:
        book = pc.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets += 1
        book.close()
    return sheets


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()

    start = time.perf_counter()
    paths = generate(args.out, args.files)
    print(f"workbooks: {len(paths)} × 9 forms in {paths[0].parent} (ready in {time.perf_counter() - start:.1f} s)")
    folder = str(paths[0].parent)
    profile = load_profile()
    jobs = default_jobs()

    read_s, sheets = timed(lambda: read_all(paths), args.repeat)
    exe = Path(sys.executable).with_name("ziping")
    check_s, proc = timed(lambda: subprocess.run([str(exe), "check", "--json", folder], capture_output=True, text=True), args.repeat)
    output = json.loads(proc.stdout)
    forms = output["summary"]["tables"]
    lib1_s, _ = timed(lambda: check_paths([folder], profile, jobs=1), args.repeat)
    libn_s, _ = timed(lambda: check_paths([folder], profile, jobs=jobs), args.repeat)
    startup_s, _ = timed(lambda: subprocess.run([str(exe), "--version"], capture_output=True), args.repeat)

    rows = [
        ("calamine read (1 core)", read_s),
        (f"ziping check --json ({jobs} cores, subprocess)", check_s),
        ("check_paths, 1 core (in process)", lib1_s),
        (f"check_paths, {jobs} cores (in process)", libn_s),
        ("ziping --version (interpreter + CLI startup)", startup_s),
    ]
    print(f"files {len(paths)}, sheets read {sheets}, forms checked {forms}, cores {jobs}, median of {args.repeat}")
    for label, seconds in rows:
        print(f"  {label:<48} {seconds:8.3f} s  {seconds / len(paths) * 1000:7.2f} ms/file  {forms / seconds:9.0f} forms/s")
    print(f"ratio ziping check / calamine read: {check_s / read_s:.2f}")
    print(f"ratio check_paths ({jobs} cores) / calamine read: {libn_s / read_s:.2f}")
    if os.environ.get("BENCH_JSON"):
        Path(os.environ["BENCH_JSON"]).write_text(json.dumps(dict(rows), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
