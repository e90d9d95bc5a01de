"""Build the real-form workbooks from their transcriptions.

Each published form is transcribed into `sources/<slug>.grid.json` (the cells as printed,
merged ranges, formats) and built here into `<slug>.xlsx` or `<slug>.xls`, so that the
workbook can be rebuilt and its transcription read in review. Usage:

    python tests/realforms/build.py            # every source
    python tests/realforms/build.py SLUG ...   # some

Grid format: {"format": "xlsx"|"xls", "sheets": [{"name": str, "origin": "A1",
"rows": [[cell, ...], ...], "merges": ["A1:I1", ...]}]}. A cell is null, a string, a
number, or an object {"v": value, "fmt": "0.00%"} (a number shown with a format) or
{"f": "=G8/F8"} (a formula saved without a cached value, as programs that cannot
calculate write it).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils.cell import coordinate_from_string, column_index_from_string, range_boundaries

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FIXED_TIME = dt.datetime(2024, 1, 1)


def _origin(sheet: dict) -> tuple[int, int]:
    letters, row = coordinate_from_string(sheet.get("origin", "A1"))
    return row, column_index_from_string(letters)


def _cells(sheet: dict):
    top, left = _origin(sheet)
    for i, row in enumerate(sheet["rows"]):
        for j, cell in enumerate(row):
            if cell is None or cell == "":
                continue
            yield top + i, left + j, cell


def build_xlsx(grid: dict, path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    for sheet in grid["sheets"]:
        ws = book.create_sheet(sheet["name"])
        for r, c, cell in _cells(sheet):
            target = ws.cell(row=r, column=c)
            if isinstance(cell, dict):
                if "f" in cell:
                    target.value = cell["f"]
                else:
                    target.value = cell["v"]
                    if "fmt" in cell:
                        target.number_format = cell["fmt"]
            else:
                target.value = cell
                if isinstance(cell, str) and cell.startswith("="):
                    target.data_type = "s"  # text that looks like a formula stays text
        for merge in sheet.get("merges", ()):
            ws.merge_cells(merge)
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.creator = "ziping realforms"
    book.save(path)


def build_xls(grid: dict, path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for sheet in grid["sheets"]:
        ws = book.add_sheet(sheet["name"], cell_overwrite_ok=True)
        merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for merge in sheet.get("merges", ()):
            c0, r0, c1, r1 = range_boundaries(merge)
            merged[(r0, c0)] = (r0, c0, r1, c1)
        values = {(r, c): cell for r, c, cell in _cells(sheet)}
        for (r0, c0, r1, c1) in merged.values():
            cell = values.pop((r0, c0), None)
            ws.write_merge(r0 - 1, r1 - 1, c0 - 1, c1 - 1, _xls_value(cell, xlwt), _xls_style(cell, xlwt))
        for (r, c), cell in values.items():
            ws.write(r - 1, c - 1, _xls_value(cell, xlwt), _xls_style(cell, xlwt))
    book.save(str(path))


def _xls_value(cell, xlwt):
    if isinstance(cell, dict):
        if "f" in cell:
            raise ValueError("formulas without cached values exist only in .xlsx transcriptions")
        return cell["v"]
    return cell


def _xls_style(cell, xlwt):
    style = xlwt.XFStyle()
    if isinstance(cell, dict) and "fmt" in cell:
        style.num_format_str = cell["fmt"]
    return style


def build(slug: str, folder: Path = HERE) -> Path:
    """`folder`/sources/<slug>.grid.json built into `folder`/<slug>.xlsx (or .xls)."""
    grid = json.loads((folder / "sources" / f"{slug}.grid.json").read_text("utf-8"))
    suffix = grid.get("format", "xlsx")
    path = folder / f"{slug}.{suffix}"
    (build_xls if suffix == "xls" else build_xlsx)(grid, path)
    return path


def main(argv: list[str], folder: Path = HERE) -> int:
    slugs = argv or sorted(p.name[: -len(".grid.json")] for p in (folder / "sources").glob("*.grid.json"))
    for slug in slugs:
        print(build(slug, folder).relative_to(folder.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
