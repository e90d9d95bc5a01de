"""校验: flag every problem on its cell (red errors, yellow warnings) and list them all."""

from __future__ import annotations

from validation.findings import ERROR, SEVERITY_NAMES, WARNING

from ..marks import (DEVIATION_SHEET, ERROR_FILL, NO_FILL, RESULT_HEADER, RESULT_SHEET, WARNING_FILL,
                     computed_cells, original_fill, read_marks, restore, write_list)
from .common import NO_FORMS_OR_TABLES, check_book_forms, counts, without_cell

_RANK = {ERROR: 0, WARNING: 1}


def validate(surface, context) -> str:
    restore(surface, read_marks(surface))  # a second 校验 starts from the clerk's own colours
    if surface.has_sheet(DEVIATION_SHEET):
        surface.delete_sheet(DEVIATION_SHEET)  # superseded: 校验结果 lists missing reasons too
    checked = check_book_forms(surface, context.profile)
    reports, tables = checked.reports, checked.score_tables
    if not reports and not tables:
        return NO_FORMS_OR_TABLES
    findings = list(checked.findings) + [f for r in reports for f in r.findings] + [f for t in tables for f in t.findings]
    marked: dict[tuple[str, str], str] = {}
    for finding in findings:
        if finding.cell and finding.sheet and finding.severity in _RANK:
            key = (finding.sheet, finding.cell)
            if key not in marked or _RANK[finding.severity] < _RANK[marked[key]]:
                marked[key] = finding.severity
    computed = computed_cells(surface.defined_names())
    originals = {key: original_fill(surface, *key, computed) or NO_FILL for key in marked}
    rows, links = [], []
    for finding in findings:
        key = (finding.sheet, finding.cell)
        rows.append([SEVERITY_NAMES[finding.severity], finding.sheet or "", finding.cell or "", finding.rule,
                     without_cell(finding.message, finding.cell), originals.get(key, "")])
        if finding.cell and finding.sheet:
            links.append((len(rows) - 1, finding.sheet, finding.cell))
    for (sheet, cell), severity in marked.items():
        surface.set_fill(sheet, cell, ERROR_FILL if severity == ERROR else WARNING_FILL)
    write_list(surface, RESULT_SHEET, RESULT_HEADER, rows, links)
    return _message(reports, tables, findings)


def _message(reports, tables, findings) -> str:
    filled = [r for r in reports if not r.blank] + [t for t in tables if not t.blank]
    blank = len(reports) + len(tables) - len(filled)
    tally = counts(findings)
    note = f"（另有 {blank} 张空白表未校验）" if blank else ""
    if not filled:
        return f"工作簿中的 {blank} 张表都还没有填写，未做校验。"
    what = "、".join(part for part in (f"{len([r for r in reports if not r.blank])} 张自评表" if reports else "",
                                       f"{len([t for t in tables if not t.blank])} 张评分表" if tables else "") if part)
    if tally[ERROR] == 0 and tally[WARNING] == 0:
        return f"校验完成：{what}没有发现错误和警告{note}。提示 {tally['info']} 条见“校验结果”工作表。"
    return (f"校验完成：{what}，错误 {tally[ERROR]} 个、警告 {tally[WARNING]} 个{note}。\n"
            f"红色单元格为错误，黄色为警告，逐条说明（可点击跳转）见“{RESULT_SHEET}”工作表。")
