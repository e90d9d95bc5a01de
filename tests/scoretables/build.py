"""Build the score-table workbooks from their transcriptions.

Each published 评分表 is transcribed into `sources/<slug>.grid.json` (same grid format as
`tests/realforms`) and built here into `<slug>.xlsx` (or `.xls`) next to this file. The cell
writers are the ones of `tests/realforms/build.py`, imported, not copied. Usage:

    python tests/scoretables/build.py            # every source
    python tests/scoretables/build.py SLUG ...   # some
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"

_spec = importlib.util.spec_from_file_location("realforms_build", HERE.parent / "realforms" / "build.py")
_realforms_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_realforms_build)
build_xls = _realforms_build.build_xls
build_xlsx = _realforms_build.build_xlsx


def build(slug: str) -> Path:
    grid = json.loads((SOURCES / f"{slug}.grid.json").read_text("utf-8"))
    suffix = grid.get("format", "xlsx")
    path = HERE / f"{slug}.{suffix}"
    (build_xls if suffix == "xls" else build_xlsx)(grid, path)
    return path


def main(argv: list[str]) -> int:
    slugs = argv or sorted(p.name[: -len(".grid.json")] for p in SOURCES.glob("*.grid.json"))
    for slug in slugs:
        print(build(slug).relative_to(HERE.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
