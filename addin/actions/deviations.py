"""偏差分析: mark every row that needs a 偏差原因分析 and has none, and list them."""

from __future__ import annotations

from validation.numbers import fmt

from ..marks import (DEVIATION_HEADER, DEVIATION_SHEET, NO_FILL, REASON_FILL, computed_cells, original_fill,
                     read_marks, restore, write_list)
from .common import NO_FORMS, check_book, without_cell

REASON_RULES = ("ZP601", "ZP602")


def deviations(surface, context) -> str:
    restore(surface, read_marks(surface, (DEVIATION_SHEET,)))
    _, reports = check_book(surface, context.profile)
    if not reports:
        return NO_FORMS
    computed = computed_cells(surface.defined_names())
    rows, links, cells = [], [], {}
    for report in reports:
        by_cell = {i.reason_cell or i.score_cell: i for i in report.indicators}
        for finding in report.findings:
            if finding.rule not in REASON_RULES or not finding.cell:
                continue
            key = (report.sheet, finding.cell)
            if key not in cells:
                cells[key] = original_fill(surface, *key, computed) or NO_FILL
            indicator = by_cell.get(finding.cell)
            if indicator is not None:
                detail = [indicator.name, indicator.target, indicator.actual, fmt(indicator.weight), fmt(indicator.score_reported)]
            else:
                detail = ["预算执行率", "", "", "", ""]
            rows.append([report.sheet, finding.cell, *detail, _why(finding), cells[key]])
            links.append((len(rows) - 1, report.sheet, finding.cell))
    if not rows:
        if surface.has_sheet(DEVIATION_SHEET):
            surface.delete_sheet(DEVIATION_SHEET)
        return "偏差分析：没有需要补充偏差原因分析的行。"
    for sheet, cell in cells:
        surface.set_fill(sheet, cell, REASON_FILL)
    write_list(surface, DEVIATION_SHEET, DEVIATION_HEADER, rows, links)
    return (f"偏差分析：{len(rows)} 行需要填写“偏差原因分析及改进措施”而未填写，已用橙色标出，"
            f"原因见“{DEVIATION_SHEET}”工作表。")


def _why(finding) -> str:
    text = without_cell(finding.message, finding.cell)
    if "（" in text and "）" in text:
        return text[text.index("（") + 1:text.rindex("）")]
    return text
