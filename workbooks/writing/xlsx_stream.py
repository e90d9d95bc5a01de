"""Large new workbooks written row by row with XlsxWriter in constant-memory mode.

Each sheet is one table: a bold, filled header row that stays in view (frozen at A2) with an
autofilter, column widths and number formats by column name, then rows as they come. A row
is written when it arrives and then forgotten, so memory does not grow with the rows.

Values keep their types; text is always written as text ("=…" typed by a clerk stays text)
without the control characters an .xlsx cannot hold. The workbook appears under its name
only when complete: it is written to a temporary name next to it and renamed, and an error
(or Ctrl-C) on the way leaves neither the temporary file nor the constant-memory row files.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
import tempfile
from pathlib import Path

import xlsxwriter
from xlsxwriter.url import Url, UrlTypes
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import CellFormulaTuple, CellNumberTuple, CellStringTuple, Worksheet

from .text_guard import clean_text

HEADER = {"bold": True, "pattern": 1, "bg_color": "#D9E1F2"}
LINK = {"font_color": "#0563C1", "underline": 1}
REPRODUCIBLE_TIME = dt.datetime(2024, 1, 1)  # stamped on a workbook that must come out byte for byte the same
EXCEL_ROWS = 1_048_576


class FileLink(Url):
    """A link to a cell of another workbook, with the relative target kept exactly as given.

    XlsxWriter's own `external:`/`file://` links turn "/" into "\\" in relative targets; Excel
    on Windows follows either, but LibreOffice and WPS on Linux do not follow "\\". The
    target here is already escaped as a URI (see summary_book.link_target)."""

    def __init__(self, target: str, location: str, text: str) -> None:  # noqa: D107 - no Url parsing
        self._link_type = UrlTypes.EXTERNAL
        self._original_url = self._link = self._relationship_link = target
        self._anchor = location
        self._text = text
        self._tip = ""
        self._is_object_link = False
        self._rel_index = 0


class StreamSheet(Worksheet):
    """XlsxWriter's constant-memory worksheet with a faster, stricter path for the cells a
    report is made of (XlsxWriter is pinned; the tests read every kind of cell back).

    - `write_plain_formula` stores a formula as the product built it. `write_formula` rewrites
      a formula for Excel's newer functions: 29 regular-expression passes per cell (a third of
      the time a large review spent writing), and a rewrite that reaches into string literals,
      so that a link to "SORT(1) UNIQUE(3).xlsx" became a broken dynamic-array formula. The
      formulas written here call only HYPERLINK with quoted strings and need none of it.
    - Text and number cells are rendered to XML here, byte for byte as XlsxWriter renders
      them, in about half the time, with one difference: text that looks like rich-text XML
      ("<r>…</r>", a sheet name a clerk may choose) is escaped like any other text, where
      XlsxWriter writes it into the file as markup and makes the workbook unreadable.
    """

    # Writes by row and column number, without the wrapper that also accepts "A1" notation
    # (a large review writes a million cells).
    put_text = Worksheet._write_string
    put_number = Worksheet._write_number

    def _write_cell(self, row: int, col: int, cell) -> None:
        kind = type(cell)
        if not self.constant_memory or (kind is not CellStringTuple and kind is not CellNumberTuple):
            super()._write_cell(row, col, cell)
            return
        style = self._style_of(row, col, cell.format)
        start = f'<c r="{xl_rowcol_to_cell_fast(row, col)}"' + ("" if style is None else f' s="{style}"')
        if kind is CellNumberTuple:
            self.fh.write(f"{start}><v>{cell.number:.16G}</v></c>")
            return
        text = cell.string
        if "_x" in text or not text.isprintable():  # control characters become _xHHHH_, as Excel writes them
            text = self._escape_control_characters(text)
        preserve = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        self.fh.write(f'{start} t="inlineStr"><is><t{preserve}>{text}</t></is></c>')

    def _style_of(self, row: int, col: int, cell_format) -> int | None:
        """The style index XlsxWriter gives a cell: its own format, else its row's, else its column's."""
        if cell_format:
            return cell_format._get_xf_index()
        if row in self.row_info and self.row_info[row].row_format:
            return self.row_info[row].row_format._get_xf_index()
        if col in self.col_info and self.col_info[col].column_format is not None:
            return self.col_info[col].column_format._get_xf_index()
        return None

    def write_plain_formula(self, row: int, col: int, formula: str, value) -> None:
        if self._check_dimensions(row, col):
            raise ValueError(f"row {row}, column {col} is outside the sheet")
        if self.constant_memory and row > self.previous_row:
            self._write_single_row(row)
        self.table[row][col] = CellFormulaTuple(formula.removeprefix("="), None, value)


class _Workbook(xlsxwriter.Workbook):
    worksheet_class = StreamSheet


class Table:
    """One table, written top to bottom. Past Excel's last row it goes on in a new sheet of the
    same name plus "（续1）", "（续2）"… (those sheets come after the workbook's other sheets)."""

    def __init__(self, book: StreamBook, name: str, columns: list[str], formats: dict[str, str],
                 widths: dict[str, float]) -> None:
        self.book, self.name, self.columns = book, name, list(columns)
        self.formats = [book.format(num_format=formats[c]) if c in formats else None for c in self.columns]
        self.widths = [widths.get(c, max(8, len(c) * 2 + 2)) for c in self.columns]
        self.parts = 0
        self.sheet = None
        self.rows = 0  # data rows in the current sheet (its header is row 0)
        self.highlights: list[tuple[int, str, object]] = []  # (column, formula for row 2, format): see `highlight`
        self._open()

    def _open(self) -> None:
        self.parts += 1
        name = self.name if self.parts == 1 else f"{self.name}（续{self.parts - 1}）"
        self.sheet = self.book.workbook.add_worksheet(name)
        self.rows = 0
        header = self.book.format(**HEADER)
        for index, (column, width) in enumerate(zip(self.columns, self.widths)):
            self.sheet.set_column(index, index, width)
            self.sheet.write_string(0, index, column, header)
        self.sheet.freeze_panes(1, 0)
        _print_setup(self.sheet, name)

    def next_row(self) -> int:
        """The sheet row for the next data row (use `self.sheet` after calling this)."""
        if self.rows >= self.book.max_rows - 1:
            self.finish()
            self._open()
        self.rows += 1
        return self.rows

    def append(self, values) -> None:
        row = self.next_row()
        sheet = self.sheet
        for col, (value, cell_format) in enumerate(zip(values, self.formats)):
            write_value(sheet, row, col, value, cell_format)

    def highlight(self, column: str, formula: str, **cell_format) -> None:
        """Colour the cells of `column` whose row makes `formula` true; the formula is written for
        the first data row (row 2) with column names in braces: "=ABS({总分（填报）}2-{总分（计算）}2)>0.005".
        One conditional format per sheet: it costs nothing per row."""
        def letter(match) -> str:
            return "$" + xl_col_to_name(self.columns.index(match.group(1)))

        self.highlights.append((self.columns.index(column), re.sub(r"\{([^}]+)\}", letter, formula),
                                self.book.format(**cell_format)))

    def finish(self) -> None:
        self.sheet.autofilter(0, 0, self.rows, len(self.columns) - 1)
        if self.rows:
            for column, formula, cell_format in self.highlights:
                self.sheet.conditional_format(1, column, self.rows, column,
                                              {"type": "formula", "criteria": formula, "format": cell_format})


def _print_setup(sheet: StreamSheet, name: str) -> None:
    """A table prints on A4 landscape, as wide as one page, its header row on every page, with the
    sheet's name and the page number in the footer (a reviewer files the printout)."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.hide_gridlines(0)  # grid lines printed: the rows of a long table stay readable on paper
    sheet.set_footer("&L" + name.replace("&", "&&") + "&R第 &P 页，共 &N 页")


def write_value(sheet: StreamSheet, row: int, col: int, value, cell_format=None) -> None:
    if value is None:
        return
    kind = type(value)
    if kind is str:
        if value:
            sheet.put_text(row, col, clean_text(value), cell_format)
        return
    if kind is bool:
        sheet.write_boolean(row, col, value, cell_format)
        return
    if kind is not int and kind is not float and hasattr(value, "item"):  # numpy scalars from pandas
        write_value(sheet, row, col, value.item(), cell_format)
        return
    if kind is float or kind is int:
        if kind is float and not math.isfinite(value):  # NaN is a blank; an .xlsx cannot hold inf
            return
        sheet.put_number(row, col, value, cell_format)
        return
    sheet.put_text(row, col, clean_text(str(value)), cell_format)


def numbered(path: Path, number: int) -> Path:
    """审核结果.xlsx, 审核结果（2）.xlsx, 审核结果（3）.xlsx…"""
    return path if number == 1 else path.with_name(f"{path.stem}（{number}）{path.suffix}")


def place_without_overwriting(temporary: Path, path: Path) -> Path:
    """Give the finished `temporary` file the first free name of `path`'s numbered series and
    return it. A hard link claims a name atomically (it fails if the name exists, even when two
    runs finish at once); where links are not supported, an exclusive create does."""
    for number in range(1, 10_000):
        candidate = numbered(path, number)
        try:
            os.link(temporary, candidate)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            try:
                with open(candidate, "xb") as claimed, open(temporary, "rb") as source:
                    shutil.copyfileobj(source, claimed)
            except FileExistsError:
                continue
        temporary.unlink(missing_ok=True)
        return candidate
    raise FileExistsError(f"{path}：同名文件过多。")


class StreamBook:
    """A workbook under construction; use as a context manager:

        with StreamBook(path) as book:
            table = book.table("汇总", columns, formats, widths)
            table.append([...])

    Leaving the block normally saves `path` (atomically); leaving it by an exception saves
    nothing and removes every temporary file."""

    def __init__(self, path: str | Path, reproducible: bool = False, max_rows: int = EXCEL_ROWS,
                 overwrite: bool = True) -> None:
        self.path = Path(path)
        self.requested = self.path  # `path` may become a numbered name (see `overwrite`)
        self.overwrite = overwrite  # False: an existing file keeps its name, this one gets "name（2）.xlsx"…
        self.max_rows = max_rows
        self.temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.reproducible = reproducible
        self.workbook = None
        self.tables: list[Table] = []
        self._formats: dict[tuple, object] = {}
        self._scratch: str | None = None

    def __enter__(self) -> StreamBook:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._scratch = tempfile.mkdtemp(prefix="ziping-")
        self.workbook = _Workbook(str(self.temporary), {"constant_memory": True, "tmpdir": self._scratch})
        if self.reproducible:
            self.workbook.set_properties({"created": REPRODUCIBLE_TIME})
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        try:
            if kind is None:
                for table in self.tables:
                    table.finish()
                self.workbook.close()
                if self.overwrite:
                    os.replace(self.temporary, self.path)
                else:
                    self.path = place_without_overwriting(self.temporary, self.path)
        finally:
            self._discard()

    def _discard(self) -> None:
        if self.workbook is not None and not self.workbook.fileclosed:
            self.workbook.fileclosed = True  # never written: nothing half-done appears
            for sheet in self.workbook.worksheets():
                sheet._opt_close()
        self.temporary.unlink(missing_ok=True)
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def format(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self.workbook.add_format(properties)
        return self._formats[key]

    def table(self, name: str, columns: list[str], formats: dict[str, str] | None = None,
              widths: dict[str, float] | None = None) -> Table:
        table = Table(self, name, columns, formats or {}, widths or {})
        self.tables.append(table)
        return table

    def bar_chart(self, table: Table, rows: int, categories: int, values: int, title: str) -> None:
        """A horizontal bar chart of scores (0–100) next to a table (columns are 0-based)."""
        chart = self.workbook.add_chart({"type": "bar"})
        chart.add_series({
            "name": [table.name, 0, values],
            "categories": [table.name, 1, categories, rows, categories],
            "values": [table.name, 1, values, rows, values],
        })
        chart.set_title({"name": title})
        chart.set_x_axis({"name": "分", "min": 0, "max": 100})  # the value axis of a bar chart
        chart.set_legend({"none": True})
        chart.set_size({"width": _pixels(18), "height": _pixels(max(7.5, 0.55 * rows + 3))})
        table.sheet.insert_chart(1, len(table.columns) + 1, chart)


def _pixels(centimetres: float) -> int:
    return round(centimetres / 2.54 * 96)


__all__ = ["StreamBook", "StreamSheet", "Table", "FileLink", "write_value", "LINK", "EXCEL_ROWS"]
