"""Build the score-table workbooks from their transcriptions.

Each published 评分表 is transcribed into `sources/<slug>.grid.json` (same grid format as
`tests/realforms`) and built here into `<slug>.xlsx` (or `.xls`) next to this file. The builder
is the one of `tests/realforms/build.py`, imported, not copied. Usage:

    python tests/scoretables/build.py            # every source
    python tests/scoretables/build.py SLUG ...   # some
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location("realforms_build", HERE.parent / "realforms" / "build.py")
_realforms_build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_realforms_build)


def build(slug: str) -> Path:
    return _realforms_build.build(slug, HERE)


if __name__ == "__main__":
    sys.exit(_realforms_build.main(sys.argv[1:], HERE))
