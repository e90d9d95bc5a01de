"""The summary and review workbooks, written while the results stream in (see xlsx_stream).

- Review (`ReviewBook`): 汇总 (one row per form), 问题清单 (cells link into the files),
  单位汇总 (with a chart of average scores), 无法读取的文件.
- Summary (`SummaryBook`): 汇总 (with a chart of scores when there are not too many rows) and
  单位汇总; byte for byte the same for the same input.

Rows are written as each file's results arrive; the unit totals come last.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .summary import FORM_COLUMNS, UNIT_COLUMNS
from ..writing.text_guard import formula_string
from ..writing.xlsx_stream import EXCEL_ROWS, LINK, FileLink, StreamBook, Table, write_value

MAX_LINKS = 60_000  # Excel keeps at most 65,530 hyperlinks per worksheet; beyond, HYPERLINK() formulas
FORMATS = {"执行率": "0.00%", "执行率（按预算加权）": "0.00%", "全年预算数（万元）": "#,##0.00", "全年执行数（万元）": "#,##0.00",
           "总分（填报）": "0.00", "各项得分合计（填报）": "0.00", "总分（计算）": "0.00", "平均分": "0.00"}
# 填报 beside 计算: a filed figure that differs from its counterpart is shaded (Excel's "neutral" style).
DIFFERS = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}
FORM_HIGHLIGHTS = (
    ("总分（填报）", "=AND(ISNUMBER({总分（填报）}2),ISNUMBER({总分（计算）}2),ABS({总分（填报）}2-{总分（计算）}2)>0.005)"),
    ("各项得分合计（填报）",
     "=AND(ISNUMBER({各项得分合计（填报）}2),ISNUMBER({总分（填报）}2),ABS({各项得分合计（填报）}2-{总分（填报）}2)>0.005)"),
    ("等级（填报）", '=AND({等级（填报）}2<>"",{等级（计算）}2<>"",{等级（填报）}2<>{等级（计算）}2)'),
    ("与规则不同的得分", "={与规则不同的得分}2>0"),
)
WIDTHS = {"文件": 36, "工作表": 10, "项目名称": 36, "评分表": 40, "主管部门": 30, "实施单位": 30, "说明": 90, "原因": 70, "单元格": 8}
FINDING_COLUMNS = ["文件", "工作表", "单元格", "规则", "级别", "说明"]
SCORE_TABLE_COLUMNS = ["文件", "工作表", "评分表", "分值合计", "合计得分（填报）", "合计得分（计算）", "等级", "错误", "警告"]
UNREADABLE_COLUMNS = ["文件", "原因"]
CHART_LIMIT = 100


@lru_cache(maxsize=16384)
def link_target(review_dir: Path, file: str) -> str:
    """The file's path as the review workbook should link to it: relative when possible.
    (Cached: a file's findings come in dozens, and resolving a path asks the file system.)"""
    try:
        relative = os.path.relpath(Path(file).resolve(), review_dir.resolve())
    except ValueError:  # another drive on Windows
        return Path(file).resolve().as_uri()
    # Excel writes CJK in hyperlink targets as it is; only what a URI cannot hold is escaped.
    return relative.replace(os.sep, "/").replace("%", "%25").replace("#", "%23").replace(" ", "%20")


def _table(book: StreamBook, name: str, columns: list[str]) -> Table:
    return book.table(name, columns, FORMATS, WIDTHS)


def _forms_table(book: StreamBook, extra_columns: list[str] | None = None) -> Table:
    """汇总: a row per form, each filed figure beside the computed one, the differences shaded
    (and `extra_columns` after FORM_COLUMNS, when given)."""
    table = _table(book, "汇总", FORM_COLUMNS + list(extra_columns or ()))
    for column, formula in FORM_HIGHLIGHTS:
        table.highlight(column, formula, **DIFFERS)
    return table


def write_frame(table: Table, frame: pd.DataFrame) -> None:
    for row in frame.itertuples(index=False):
        table.append(row)


class FindingsTable:
    """问题清单: [file, sheet, cell, rule, severity, message]; the cell links into the file.
    The first `max_links` rows of a sheet carry hyperlinks; later rows a HYPERLINK() formula."""

    def __init__(self, book: StreamBook, review_dir: Path, max_links: int = MAX_LINKS) -> None:
        self.table = _table(book, "问题清单", FINDING_COLUMNS)
        self.review_dir = review_dir.resolve()
        self.max_links = max_links
        self.link_format = book.format(**LINK)

    def append(self, file: str, sheet: str, cell_ref: str, rule: str, severity: str, message: str) -> None:
        table = self.table
        row = table.next_row()
        ws = table.sheet
        write_value(ws, row, 0, file)
        write_value(ws, row, 1, sheet)
        if cell_ref and sheet:
            target = link_target(self.review_dir, file)
            location = "'" + sheet.replace("'", "''") + "'!" + cell_ref
            if row <= self.max_links:
                ws.write_url(row, 2, FileLink(target, location, cell_ref), self.link_format)
            else:
                formula = f'=HYPERLINK("{formula_string(target)}#{formula_string(location)}","{formula_string(cell_ref)}")'
                ws.write_plain_formula(row, 2, formula, cell_ref)
        else:
            write_value(ws, row, 2, cell_ref)
        write_value(ws, row, 3, rule)
        write_value(ws, row, 4, severity)
        write_value(ws, row, 5, message)


class ScoreTables:
    """评分表: one row per 项目支出绩效评价指标体系及评分表 found, in a sheet made when the first
    one arrives (after the workbook's other sheets), so a review of 自评表 only stays as it was."""

    def __init__(self, book: StreamBook) -> None:
        self.book = book
        self.table: Table | None = None

    def append(self, row) -> None:
        if self.table is None:
            self.table = _table(self.book, "评分表", SCORE_TABLE_COLUMNS)
        self.table.append(row)


def _units_table(book: StreamBook) -> Table:
    return _table(book, "单位汇总", UNIT_COLUMNS)


def _write_units(book: StreamBook, table: Table, units: pd.DataFrame, chart_limit: int) -> None:
    write_frame(table, units)
    unit_rows = len(units) - 1 if len(units) else 0  # the last row is 合计
    if 0 < unit_rows <= chart_limit:
        book.bar_chart(table, unit_rows, UNIT_COLUMNS.index("实施单位"), UNIT_COLUMNS.index("平均分"), "各单位平均分")


class _StreamedBook:
    """Opens its StreamBook and the tables `_open_tables` makes; a failure while making them
    closes the book (no half-written file)."""

    book: StreamBook

    def __enter__(self):
        book = self.book.__enter__()
        try:
            self._open_tables(book)
        except BaseException as exc:
            self.book.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        self.book.__exit__(kind, exc, traceback)
        self.path = self.book.path  # a numbered name when the requested one was taken

    def _open_tables(self, book: StreamBook) -> None:  # pragma: no cover - every book overrides
        raise NotImplementedError


class ReviewBook(_StreamedBook):
    """The reviewer's workbook, filled as results arrive:

        with ReviewBook(path) as book:
            for item in results:      # review.Reviewed
                book.add(item)
            book.finish(units)        # the 单位汇总 frame (summary.UnitTotals)

    `extra_columns` (optional; none for `ziping review`) adds columns to 汇总 after FORM_COLUMNS:
    each a name and what it holds for a form's row (summary.FormRow), None for an empty cell —
    the portal's "报告错误数", the errors of the 自评报告 submitted with each form.
    """

    def __init__(self, path: str | Path, max_links: int = MAX_LINKS, max_rows: int = EXCEL_ROWS,
                 overwrite: bool = True, extra_columns: dict[str, Callable[[object], object]] | None = None) -> None:
        self.path = Path(path)
        self.book = StreamBook(self.path, max_rows=max_rows, overwrite=overwrite)
        self.max_links = max_links
        self.extra_columns = dict(extra_columns or {})

    def _open_tables(self, book: StreamBook) -> None:
        self.forms = _forms_table(book, list(self.extra_columns))
        self.findings = FindingsTable(book, self.path.parent, self.max_links)
        self.units = _units_table(book)
        self.unreadable = _table(book, "无法读取的文件", UNREADABLE_COLUMNS)
        self.score_tables = ScoreTables(book)

    def add(self, item) -> None:
        extra = list(self.extra_columns.values())
        for form in item.forms:
            self.forms.append(form.values() + [value(form) for value in extra] if extra else form.values())
        append = self.findings.append
        for finding in item.findings:
            append(*finding)
        if item.error:
            self.unreadable.append((item.path, item.error))
        for row in item.tables:
            self.score_tables.append(row)

    def finish(self, units: pd.DataFrame) -> None:
        _write_units(self.book, self.units, units, CHART_LIMIT)


class SummaryBook(_StreamedBook):
    """汇总 (one row per form; a chart of scores when there are at most `chart_limit` rows) and
    单位汇总, filled as results arrive; the same input gives the same bytes."""

    def __init__(self, path: str | Path, chart_limit: int = CHART_LIMIT, overwrite: bool = True) -> None:
        self.path = Path(path)
        self.book = StreamBook(self.path, reproducible=True, overwrite=overwrite)
        self.chart_limit = chart_limit

    def _open_tables(self, book: StreamBook) -> None:
        self.forms = _forms_table(book)
        self.units = _units_table(book)
        self.score_tables = ScoreTables(book)

    def add(self, item) -> None:
        for form in item.forms:
            self.forms.append(form.values())
        for row in item.tables:
            self.score_tables.append(row)

    def finish(self, units: pd.DataFrame) -> None:
        rows = self.forms.rows if self.forms.parts == 1 else 0
        if 0 < rows <= self.chart_limit:
            self.book.bar_chart(self.forms, rows, FORM_COLUMNS.index("项目名称"), FORM_COLUMNS.index("总分（计算）"),
                                "各项目总分（按规则计算）")
        _write_units(self.book, self.units, units, self.chart_limit)


def write_summary(path: Path, forms: pd.DataFrame, units: pd.DataFrame, chart_limit: int = CHART_LIMIT) -> Path:
    """The summary workbook from frames (summary.forms_frame, summary.units_frame)."""
    with SummaryBook(path, chart_limit) as book:
        write_frame(book.forms, forms)
        book.finish(units)
    return Path(path)


def write_review(path: Path, forms: pd.DataFrame, units: pd.DataFrame, findings: list[list], unreadable: list[list],
                 max_links: int = MAX_LINKS) -> Path:
    """The review workbook from frames and lists (the streaming form is ReviewBook)."""
    with ReviewBook(path, max_links) as book:
        write_frame(book.forms, forms)
        for finding in findings:
            book.findings.append(*finding)
        for row in unreadable:
            book.unreadable.append(row)
        book.finish(units)
    return Path(path)


__all__ = ["ReviewBook", "SummaryBook", "FindingsTable", "write_summary", "write_review", "write_frame", "link_target",
           "MAX_LINKS", "FORMATS", "WIDTHS", "FINDING_COLUMNS", "SCORE_TABLE_COLUMNS", "UNREADABLE_COLUMNS", "CHART_LIMIT"]
