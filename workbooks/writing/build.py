"""Build the workbooks committed to the repository: the blank template and the filled sample.

    python -m workbooks.writing.build          # rewrite both files in place

A test rebuilds them and compares them with the committed files cell by cell, so the
committed files cannot drift from the code that makes them.
"""

from __future__ import annotations

from pathlib import Path

from .samples import DEFAULT_SAMPLE, sample_data, sample_path
from .template import build_sample, build_template

PACKAGE = Path(__file__).resolve().parent.parent  # workbooks/: templates/ and samples/ are there
TEMPLATE_PATH = PACKAGE / "templates" / "ziping-template.xlsx"
TEMPLATE_YEAR = 2026
TEMPLATE_PROJECTS = 1


def build_committed_template(path: Path = TEMPLATE_PATH) -> Path:
    return build_template(path, projects=TEMPLATE_PROJECTS, year=TEMPLATE_YEAR, profile="national")


def build_committed_sample(path: Path | None = None) -> Path:
    data = sample_data(DEFAULT_SAMPLE)
    return build_sample(path or sample_path(DEFAULT_SAMPLE), data["forms"], data["year"])


def main() -> None:
    for path in (build_committed_template(), build_committed_sample()):
        print(path)


if __name__ == "__main__":  # pragma: no cover
    main()
