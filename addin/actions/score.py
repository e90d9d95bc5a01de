"""计算得分: fill empty score cells with the scores the rules give; never overwrite a reported
figure — differences are reported for the clerk to decide."""

from __future__ import annotations

from .common import NO_FORMS, check_book, without_cell

# Findings that mean "a reported figure differs from what the rules compute".
DIFFERENCE_RULES = ("ZP203", "ZP204", "ZP301", "ZP302", "ZP303", "ZP501", "ZP502")
SHOWN = 12


def _writes(report):
    """(cell, value, number format) for the empty cells of one form that the rules can fill."""
    ev = report.evaluation
    record, funds = ev.record, ev.funds
    writes = []

    def add(cell, value, number_format=None):
        if cell is not None and cell.ref and cell.blank and cell.ref not in record.uncached_formulas and value is not None:
            writes.append((cell.ref, value, number_format))

    if record.funds.total is not None:
        add(record.funds.total.rate, round(funds.rate, 6) if funds.rate is not None else None, "0.00%")
        add(record.funds.total.score, funds.score)
    for result in ev.filled:
        add(result.row.score, result.score_computed)
    add(record.total.score, report.total_computed)
    add(record.total.grade, report.grade)
    return writes


def score(surface, context) -> str:
    _, reports = check_book(surface, context.profile)
    if not reports:
        return NO_FORMS
    filled = 0
    differences = []
    for report in reports:
        if report.blank:
            continue
        for ref, value, number_format in _writes(report):
            surface.set_values(report.sheet, ref, value)
            if number_format:
                surface.set_number_format(report.sheet, ref, number_format)
            filled += 1
        for finding in report.findings:
            if finding.rule in DIFFERENCE_RULES:
                differences.append(f"· {report.sheet} {finding.cell or ''}：{without_cell(finding.message, finding.cell)}")
    forms = sum(1 for r in reports if not r.blank)
    if forms == 0:
        return f"工作簿中的 {len(reports)} 张自评表都还没有填写。"
    message = f"计算得分完成：{forms} 张自评表，填入 {filled} 个空白单元格（执行率、得分、总分、等级）。"
    if differences:
        message += f"\n{len(differences)} 处填报值与评分规则的结果不同，未覆盖，请核对：\n" + "\n".join(differences[:SHOWN])
        if len(differences) > SHOWN:
            message += f"\n……另有 {len(differences) - SHOWN} 处，点击“校验”查看全部。"
    else:
        message += "\n已填写的得分都与评分规则一致。"
    return message

