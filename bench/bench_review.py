"""Benchmark `ziping review` over a folder of N nine-form workbooks plus broken files,
against python-calamine reading the same workbooks alone.

    .venv/bin/python bench/bench_review.py [--files 2000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import generate, read_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    start = time.perf_counter()
    paths = generate(args.out, args.files)
    folder = paths[0].parent
    broken = folder / "broken"
    broken.mkdir(exist_ok=True)
    (broken / "截断.xlsx").write_bytes(paths[0].read_bytes()[:3000])
    (broken / "文本.xlsx").write_text("不是工作簿", encoding="utf-8")
    print(f"workbooks: {len(paths)} × 9 forms + 2 broken in {folder} (ready in {time.perf_counter() - start:.1f} s)")

    start = time.perf_counter()
    read_all(paths)
    read_s = time.perf_counter() - start
    exe = Path(sys.executable).with_name("ziping")
    out = args.out / "审核结果.xlsx"
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "review", str(folder), "-o", str(out)], capture_output=True, text=True)
    review_s = time.perf_counter() - start
    print(proc.stdout.strip())

    from validation import load_profile
    from workbooks.batch import check_paths
    from workbooks.review import SKIPPED_FOLDERS, reviewed_without_info
    from workbooks.summary import forms_frame, units_frame
    from workbooks.summary_book import write_review

    start = time.perf_counter()
    items = check_paths([folder], load_profile(), transform=reviewed_without_info, skip_folders=SKIPPED_FOLDERS)
    check_s = time.perf_counter() - start
    findings = [row for item in items for row in item.findings]
    start = time.perf_counter()
    forms_df = forms_frame([row for item in items for row in item.forms])
    write_review(args.out / "审核结果-phase.xlsx", forms_df, units_frame(forms_df), findings, [])
    write_s = time.perf_counter() - start
    forms = len(paths) * 9
    print(f"calamine read (1 core)              {read_s:7.2f} s  {forms / read_s:8.0f} forms/s")
    print(f"ziping review, end to end           {review_s:7.2f} s  {forms / review_s:8.0f} forms/s")
    print(f"  of which: check (all cores)       {check_s:7.2f} s  {forms / check_s:8.0f} forms/s")
    print(f"  of which: write the workbook      {write_s:7.2f} s  ({len(findings)} finding rows, {len(forms_df)} form rows)")
    print(f"ratio review / calamine read: {review_s / read_s:.2f}; check alone / calamine read: {check_s / read_s:.2f}")
    shutil.rmtree(broken)


if __name__ == "__main__":
    main()
