"""Would compiling the engine make checking faster? Cython against plain CPython, same files.

Copies `validation/` and the reading modules of `workbooks/` into a scratch folder, compiles
every module there with Cython as it stands (no type declarations added: annotations are not
used as C types, so the compiled engine behaves exactly as the source), and checks the same
workbooks on one core with each engine in turn, in fresh processes, alternating. Both must
produce the same results (compared by a digest of the JSON of every file); the times are
reported as a ratio, compiled ÷ interpreted. Needs Cython and a C compiler:

    .venv/bin/pip install cython
    .venv/bin/python bench/bench_compiled.py [--files 250] [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_check import generate  # noqa: E402

# The modules on the check path; the rest of `workbooks/` (writers, templates) is left as source.
READING_MODULES = ("batch", "container", "extract", "grid", "labels", "locate", "readers", "score_table",
                   "stated_average")

CHILD = """
import hashlib, json, sys, time
sys.path.insert(0, sys.argv[1])
from validation import load_profile
from workbooks.checking.batch import check_file
import workbooks.reading.extract
profile = load_profile()
paths = json.loads(sys.argv[2])
for path in paths[:10]:
    check_file(path, profile, keep_evaluation=False)
start = time.perf_counter()
results = [check_file(path, profile, keep_evaluation=False) for path in paths]
seconds = time.perf_counter() - start
text = json.dumps([r.to_dict() for r in results], ensure_ascii=False, sort_keys=True)
print(json.dumps({"seconds": seconds, "digest": hashlib.sha256(text.encode()).hexdigest(),
                  "compiled": not workbooks.reading.extract.__file__.endswith(".py")}))
"""


def compiled_copy(scratch: Path) -> Path:
    """The engine copied to `scratch` and compiled there in place."""
    if importlib.util.find_spec("Cython") is None:
        sys.exit("需要 Cython：.venv/bin/pip install cython")
    tree = scratch / "engine"
    shutil.copytree(ROOT / "validation", tree / "validation", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "workbooks", tree / "workbooks", ignore=shutil.ignore_patterns("__pycache__", "samples",
                                                                                         "templates"))
    modules = [str(p.relative_to(tree)) for p in (tree / "validation").rglob("*.py") if p.name != "__init__.py"]
    modules += [f"workbooks/{name}.py" for name in READING_MODULES]
    setup = tree / "compile_engine.py"
    setup.write_text(
        "from setuptools import setup\n"
        "from Cython.Build import cythonize\n"
        f"setup(ext_modules=cythonize({modules!r}, nthreads={os.cpu_count() or 1}, quiet=True,\n"
        "      compiler_directives={'language_level': 3, 'binding': True, 'annotation_typing': False}),\n"
        f"      script_args=['build_ext', '--inplace', '-j{os.cpu_count() or 1}'])\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    build = subprocess.run([sys.executable, setup.name], cwd=tree, capture_output=True, text=True)
    if build.returncode != 0:
        sys.exit("编译失败：\n" + build.stderr[-2000:])
    built = sum(1 for p in tree.rglob("*") if p.suffix in (".so", ".pyd") and "build" not in p.relative_to(tree).parts)
    print(f"compiled {built} modules with Cython in {time.perf_counter() - start:.0f} s")
    return tree


def run(root: Path, paths: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(root), json.dumps(paths)], capture_output=True,
                          text=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args()
    paths = [str(p) for p in generate(args.out, args.files)]
    with tempfile.TemporaryDirectory(prefix="ziping-compiled-") as scratch:
        tree = compiled_copy(Path(scratch))
        times: dict[str, list[float]] = {"interpreted": [], "compiled": []}
        digests = set()
        for _ in range(args.rounds):
            for label, root in (("interpreted", ROOT), ("compiled", tree)):
                result = run(root, paths)
                if result["compiled"] != (label == "compiled"):
                    sys.exit(f"{label}: the engine imported is not the one meant")
                times[label].append(result["seconds"])
                digests.add(result["digest"])
    if len(digests) != 1:
        sys.exit("the compiled engine gave different results")
    interpreted, compiled = statistics.median(times["interpreted"]), statistics.median(times["compiled"])
    print(f"files {len(paths)} (9 forms each), one core, median of {args.rounds}; results identical")
    print(f"  CPython {sys.version.split()[0]}      {interpreted:7.3f} s")
    print(f"  Cython-compiled engine {compiled:7.3f} s")
    print(f"ratio compiled / interpreted: {compiled / interpreted:.2f}")


if __name__ == "__main__":
    main()
