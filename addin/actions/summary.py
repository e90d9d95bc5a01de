"""汇总: a 汇总 sheet listing every form of the workbook, then the unit totals.

The score chart of `ziping summary` needs chart actions the VBA client does not have;
here each score carries an in-cell bar instead.
"""

from __future__ import annotations

import math

from validation.numbers import round_half_up

from workbooks.review.summary import FORM_COLUMNS, UNIT_COLUMNS, form_rows, forms_frame, score_bar, units_frame
from workbooks.writing.text_guard import excel_rows

from ..marks import HEADER_FILL
from .common import NO_FORMS_OR_TABLES, check_book_forms

SHEET = "汇总"
FORM_HEADER = [c for c in FORM_COLUMNS if c not in ("文件",)] + ["得分条"]
TABLE_HEADER = ["工作表", "评分表", "分值合计", "合计得分（填报）", "合计得分（计算）", "等级", "错误", "警告", "得分条"]


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def summary(surface, context) -> str:
    checked = check_book_forms(surface, context.profile)
    reports, tables = checked.reports, [t for t in checked.score_tables if not t.blank]
    rows = form_rows(str(getattr(surface.book, "name", "")), reports)
    if not rows and not tables:
        return NO_FORMS_OR_TABLES if not reports and not checked.score_tables else "工作簿中的表都还没有填写，没有可汇总的内容。"
    width = max(len(FORM_HEADER), len(TABLE_HEADER))
    table: list[list] = []
    headers: list[tuple[int, int]] = []  # (row, columns) of each header, 1-based
    percent_ranges: list[str] = []
    message = []
    if rows:
        forms = forms_frame(rows)
        units = units_frame(forms)
        headers.append((1, len(FORM_HEADER)))
        table.append(FORM_HEADER + [None] * (width - len(FORM_HEADER)))
        for row in forms.itertuples(index=False):
            values = dict(zip(FORM_COLUMNS, row))
            score = values["总分（计算）"] if values["总分（计算）"] is not None and not _isnan(values["总分（计算）"]) else values["总分（填报）"]
            line = [_clean(values[c]) for c in FORM_HEADER[:-1]] + [score_bar(_clean(score))]
            table.append(line + [None] * (width - len(line)))
        rate = _letter(FORM_HEADER.index("执行率"))
        percent_ranges.append(f"{rate}2:{rate}{len(forms) + 1}")
        unit_start = len(table) + 2
        table.append([None] * width)
        table.append(["单位汇总"] + [None] * (width - 1))
        headers.append((unit_start + 1, len(UNIT_COLUMNS)))
        table.append(UNIT_COLUMNS + [None] * (width - len(UNIT_COLUMNS)))
        for row in units.itertuples(index=False):
            table.append([_clean(v) for v in row] + [None] * (width - len(UNIT_COLUMNS)))
        weighted = _letter(UNIT_COLUMNS.index("执行率（按预算加权）"))
        percent_ranges.append(f"{weighted}{unit_start + 2}:{weighted}{unit_start + 1 + len(units)}")
        total = units.iloc[-1]
        average = _clean(total["平均分"])
        grades = "、".join(f"{g} {int(total[g])}" for g in ("优", "良", "中", "差") if int(total[g]))
        message.append(f"{len(forms)} 张自评表，平均分 {average if average is not None else '—'}，等级分布：{grades or '—'}")
    if tables:
        if table:
            table.append([None] * width)
        table.append(["评分表"] + [None] * (width - 1))
        headers.append((len(table) + 1, len(TABLE_HEADER)))
        table.append(TABLE_HEADER + [None] * (width - len(TABLE_HEADER)))
        for t in tables:
            line = [t.sheet, t.title or t.project, t.weight_total, t.total_reported, t.total_computed, t.grade,
                    t.errors, t.warnings, score_bar(t.total_computed)]
            table.append(line + [None] * (width - len(line)))
        computed = [t.total_computed for t in tables if t.total_computed is not None]
        average = round_half_up(math.fsum(computed) / len(computed), 2) if computed else None
        table.append(["平均分", None, None, None, average] + [None] * (width - 5))
        message.append(f"{len(tables)} 张评分表，平均分 {average if average is not None else '—'}")
    if surface.has_sheet(SHEET):
        surface.clear_sheet(SHEET)
    else:
        surface.add_sheet(SHEET)
    surface.set_values(SHEET, "A1", excel_rows(table))
    for row, columns in headers:
        surface.set_fill(SHEET, f"A{row}:{_letter(columns - 1)}{row}", HEADER_FILL)
    for ref in percent_ranges:
        surface.set_number_format(SHEET, ref, "0.00%")
    surface.activate(SHEET)
    return f"已生成“{SHEET}”工作表：" + "；".join(message) + "。"


def _letter(index: int) -> str:
    """The column letter of a 0-based index (the sheet is narrower than Z)."""
    return chr(ord("A") + index)


def _isnan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)
