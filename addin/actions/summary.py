"""汇总: a 汇总 sheet listing every form of the workbook, then the unit totals.

The score chart of `ziping summary` needs chart actions the VBA client does not have;
here each score carries an in-cell bar instead.
"""

from __future__ import annotations

import math

from workbooks.summary import FORM_COLUMNS, UNIT_COLUMNS, form_rows, forms_frame, score_bar, units_frame
from workbooks.text_guard import excel_rows

from ..marks import HEADER_FILL
from .common import NO_FORMS, check_book

SHEET = "汇总"
FORM_HEADER = [c for c in FORM_COLUMNS if c not in ("文件",)] + ["得分条"]


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def summary(surface, context) -> str:
    _, reports = check_book(surface, context.profile)
    rows = form_rows(str(getattr(surface.book, "name", "")), reports)
    if not rows:
        return NO_FORMS if not reports else "工作簿中的自评表都还没有填写，没有可汇总的内容。"
    forms = forms_frame(rows)
    units = units_frame(forms)
    table = [FORM_HEADER]
    for row in forms.itertuples(index=False):
        values = dict(zip(FORM_COLUMNS, row))
        score = values["总分（计算）"] if values["总分（计算）"] is not None and not _isnan(values["总分（计算）"]) else values["总分（填报）"]
        table.append([_clean(values[c]) for c in FORM_HEADER[:-1]] + [score_bar(_clean(score))])
    width = len(FORM_HEADER)
    unit_start = len(table) + 2
    table.append([None] * width)
    table.append(["单位汇总"] + [None] * (width - 1))
    table.append(UNIT_COLUMNS + [None] * (width - len(UNIT_COLUMNS)))
    for row in units.itertuples(index=False):
        table.append([_clean(v) for v in row] + [None] * (width - len(UNIT_COLUMNS)))
    if surface.has_sheet(SHEET):
        surface.clear_sheet(SHEET)
    else:
        surface.add_sheet(SHEET)
    surface.set_values(SHEET, "A1", excel_rows(table))
    last = chr(ord("A") + width - 1)
    surface.set_fill(SHEET, f"A1:{last}1", HEADER_FILL)
    surface.set_fill(SHEET, f"A{unit_start + 1}:{chr(ord('A') + len(UNIT_COLUMNS) - 1)}{unit_start + 1}", HEADER_FILL)
    rate = FORM_HEADER.index("执行率")
    surface.set_number_format(SHEET, f"{chr(ord('A') + rate)}2:{chr(ord('A') + rate)}{len(forms) + 1}", "0.00%")
    weighted = UNIT_COLUMNS.index("执行率（按预算加权）")
    surface.set_number_format(SHEET, f"{chr(ord('A') + weighted)}{unit_start + 2}:{chr(ord('A') + weighted)}{unit_start + 1 + len(units)}", "0.00%")
    surface.activate(SHEET)
    total = units.iloc[-1]
    average = _clean(total["平均分"])
    grades = "、".join(f"{g} {int(total[g])}" for g in ("优", "良", "中", "差") if int(total[g]))
    return (f"已生成“{SHEET}”工作表：{len(forms)} 张自评表，平均分 {average if average is not None else '—'}，"
            f"等级分布：{grades or '—'}。")


def _isnan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)
