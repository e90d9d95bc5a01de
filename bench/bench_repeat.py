"""Repeat runs with the result cache, against python-calamine reading the same files alone.

For N distinct nine-form workbooks (bench_check.generate), in one run of this script:

  read       python-calamine opening every file and reading every sheet (one process): the base
  no cache   check_paths with the JSON transform of `ziping check --json`, cache off (today's cost)
  cold       the same through an empty cache, on fresh content (results are written to the cache)
  warm       the same files again (every result read from the cache)
  5% changed 5% of the files rewritten with fresh content, the rest unchanged

The review and summary commands go through the same per-file cache. Usage:

    .venv/bin/python bench/bench_repeat.py [--files 300] [--out bench/out]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import _vary, generate, read_all  # noqa: E402

from validation import load_profile  # noqa: E402
from workbooks.checking.batch import check_paths, default_jobs  # noqa: E402
from workbooks.checking.cache import ResultCache  # noqa: E402
from workbooks.writing.samples import build_plain_workbook, sample_data  # noqa: E402
from ziping.check_json import render_file  # noqa: E402


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def rewrite(paths: list[Path], share: float, seed: int) -> list[Path]:
    """Give `share` of the files new content (new figures, same names)."""
    rng = random.Random(seed)
    chosen = rng.sample(paths, max(1, round(len(paths) * share)))
    data = sample_data()
    for n, path in enumerate(chosen):
        build_plain_workbook(_vary(data["forms"], rng, 100_000 + n), path, year=data["year"])
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    profile = load_profile()
    jobs = default_jobs()
    work = Path(tempfile.mkdtemp(prefix="ziping-repeat-"))
    try:
        source = generate(args.out, args.files, seed=int(time.time()))  # fresh content: nothing cached
        paths = []
        for path in source:
            target = work / "files" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
            paths.append(target)
        shutil.rmtree(source[0].parent, ignore_errors=True)
        cache = ResultCache(work / "cache")
        cached = cache.wrap(render_file, profile)

        def run(transform):
            return check_paths([str(work / "files")], profile, jobs=jobs, transform=transform)

        read, _ = timed(lambda: read_all(paths))
        plain, expected = timed(lambda: run(render_file))
        cold, first = timed(lambda: run(cached))
        warm, second = timed(lambda: run(cached))
        assert [r.json for r in first] == [r.json for r in second] == [r.json for r in expected]
        changed = rewrite(paths, 0.05, seed=7)
        partly, third = timed(lambda: run(cached))
        hits = sum(r.cached for r in third)
        print(f"{args.files} workbooks ({args.files * 9} forms), {jobs} processes, cache {cache.info()[1] / 1e6:.1f} MB")
        for name, seconds in (("read (calamine)", read), ("no cache", plain), ("cold", cold), ("warm", warm),
                              (f"5% changed ({len(changed)} files, {hits} from cache)", partly)):
            print(f"  {name:42} {seconds:8.2f} s   {seconds / read:5.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
