"""Writing the summary and review workbooks (openpyxl; write-only where rows run to the thousands)."""

from __future__ import annotations

import math
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from .package import rewrite
from .summary import FORM_COLUMNS, UNIT_COLUMNS
from .text_guard import formula_string, text_cell

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
MAX_LINKS = 60_000  # Excel keeps at most 65,530 hyperlinks per worksheet; beyond, HYPERLINK() formulas
FORMATS = {"执行率": "0.00%", "执行率（按预算加权）": "0.00%", "全年预算数（万元）": "#,##0.00", "全年执行数（万元）": "#,##0.00",
           "总分（填报）": "0.00", "总分（计算）": "0.00", "平均分": "0.00"}
WIDTHS = {"文件": 36, "工作表": 10, "项目名称": 36, "主管部门": 30, "实施单位": 30, "说明": 90, "原因": 70, "单元格": 8}


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars from pandas
        return value.item()
    return value


def _header(ws, columns: list[str]) -> list:
    cells = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    return cells


def _widths(ws, columns: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    for index, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, max(8, len(name) * 2 + 2))


def write_frame(ws, frame: pd.DataFrame) -> None:
    columns = list(frame.columns)
    _widths(ws, columns)
    ws.freeze_panes = "A2"
    ws.append(_header(ws, columns))
    formats = [FORMATS.get(c) for c in columns]
    for row in frame.itertuples(index=False):
        cells = []
        for value, number_format in zip(row, formats):
            value = _clean(value)
            if number_format and value is not None:
                value = WriteOnlyCell(ws, value=value)
                value.number_format = number_format
            else:
                value = text_cell(ws, value)
            cells.append(value)
        ws.append(cells)


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


def write_findings(ws, rows: list[list], review_dir: Path) -> None:
    """rows: [file, sheet, cell, rule, severity, message]; the cell links into the file."""
    columns = ["文件", "工作表", "单元格", "规则", "级别", "说明"]
    _widths(ws, columns)
    ws.freeze_panes = "A2"
    ws.append(_header(ws, columns))
    review_dir = review_dir.resolve()
    for index, (file, sheet, cell_ref, rule, severity, message) in enumerate(rows, start=2):
        link = WriteOnlyCell(ws, value=cell_ref or "")
        if cell_ref and sheet:
            target = link_target(review_dir, file)
            location = "'" + sheet.replace("'", "''") + "'!" + cell_ref
            if index - 1 <= MAX_LINKS:
                link.hyperlink = Hyperlink(ref=f"C{index}", target=target, location=location)
                link.font = Font(color="0563C1", underline="single")
            else:
                link.value = f'=HYPERLINK("{formula_string(target)}#{formula_string(location)}","{formula_string(cell_ref)}")'
                link.data_type = "f"
        ws.append([text_cell(ws, file), text_cell(ws, sheet), link, rule, severity, text_cell(ws, message)])


def score_chart(ws, rows: int, categories: int, values: int, columns: int, title: str) -> None:
    """A horizontal bar chart of scores next to a table (columns are 1-based indexes)."""
    from openpyxl.utils import get_column_letter

    if rows <= 0:
        return
    chart = BarChart()
    chart.type, chart.title, chart.y_axis.title = "bar", title, "分"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.height, chart.width = max(7.5, 0.55 * rows + 3), 18
    chart.add_data(Reference(ws, min_col=values, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=categories, min_row=2, max_row=rows + 1))
    chart.legend = None
    ws.add_chart(chart, f"{get_column_letter(columns + 2)}2")


def write_summary(path: Path, forms: pd.DataFrame, units: pd.DataFrame, chart_limit: int = 100) -> Path:
    """汇总 (one row per form, with a chart of scores when there are not too many) and 单位汇总."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("汇总")
    write_frame(ws, forms)
    if 0 < len(forms) <= chart_limit:
        score_chart(ws, len(forms), FORM_COLUMNS.index("项目名称") + 1, FORM_COLUMNS.index("总分（计算）") + 1,
                    len(FORM_COLUMNS), "各项目总分（按规则计算）")
    _units_sheet(book, units, chart_limit)
    return save(book, path)


def _units_sheet(book, units: pd.DataFrame, chart_limit: int) -> None:
    ws = book.create_sheet("单位汇总")
    write_frame(ws, units)
    unit_rows = len(units) - 1 if len(units) else 0  # the last row is 合计
    if 0 < unit_rows <= chart_limit:
        score_chart(ws, unit_rows, UNIT_COLUMNS.index("实施单位") + 1, UNIT_COLUMNS.index("平均分") + 1,
                    len(UNIT_COLUMNS), "各单位平均分")


def write_review(path: Path, forms: pd.DataFrame, units: pd.DataFrame, findings: list[list], unreadable: list[list]) -> Path:
    """The reviewer's workbook: 汇总, 问题清单 (cells link into the files), 单位汇总, 无法读取的文件."""
    book = Workbook(write_only=True)
    write_frame(book.create_sheet("汇总"), forms)
    write_findings(book.create_sheet("问题清单"), findings, path.parent)
    _units_sheet(book, units, chart_limit=100)
    write_frame(book.create_sheet("无法读取的文件"), pd.DataFrame(unreadable, columns=["文件", "原因"]))
    return save(book, path, reproducible=False)  # thousands of rows: skip re-zipping for stable bytes


def save(book: Workbook, path: Path, reproducible: bool = True) -> Path:
    """Save through a temporary name so that a reader never sees half a workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        book.save(temporary)
        if reproducible:
            rewrite(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


__all__ = ["write_summary", "write_review", "write_frame", "write_findings", "save", "link_target"]
