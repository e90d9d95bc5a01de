"""Sample forms shipped with the package, and the sample workbook built from them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .layout import write_form

DEFAULT_SAMPLE = "fengtai-2024"


def sample_data(name: str = DEFAULT_SAMPLE) -> dict:
    """The transcribed forms of a sample set (see workbooks/samples/<name>.json)."""
    text = resources.files("workbooks").joinpath("samples", f"{name}.json").read_text("utf-8")
    return json.loads(text)


def sample_path(name: str = DEFAULT_SAMPLE) -> Path:
    return Path(str(resources.files("workbooks").joinpath("samples", f"{name}.xlsx")))


def build_plain_workbook(forms: list[dict], path: str | Path, year: int | None = None,
                         top: int = 1, left: int = 1, style: str = "clean") -> Path:
    """One form per sheet, values and merges only, at (top, left). Used for fixtures and tests."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for form in forms:
        sheet = book.create_sheet(form["sheet"])
        write_form(sheet, form, top=top, left=left, style=style, year=year)
    path = Path(path)
    book.save(path)
    return path


