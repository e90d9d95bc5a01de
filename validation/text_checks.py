"""Run the report rules: over a whole 自评报告 (with or without its form), and over the
narrative cells of a form (年度总体目标's 预期目标 and 实际完成情况, each 偏差原因分析)."""

from __future__ import annotations

from .narrative.context import TextContext
from .narrative.document import Document, from_text
from .rules import report_rules

# the rules that read a single cell's text as well as a report (arithmetic stated in one place)
CELL_RULES = ("ZP950", "ZP951", "ZP952", "ZP953", "ZP954", "ZP955")


def check_document(document: Document, profile, form=None, select: set[str] | None = None) -> list:
    ctx = TextContext(document, profile, form)
    chosen = frozenset(select) if select is not None else None
    findings = []
    for rule in report_rules(profile, form is not None, chosen):
        findings.extend(rule.check(ctx))
    findings.sort(key=lambda f: (f.paragraph or 0, {"error": 0, "warning": 1}.get(f.severity, 2), f.rule))
    return findings


def narrative_cells(record) -> list[tuple[str, str]]:
    """(cell reference, text) of a form's narrative cells that hold text."""
    cells = [record.goal_expected, record.goal_actual, record.reason_block]
    cells += [row.reason for row in record.indicators]
    return [(c.ref, c.text) for c in cells if c is not None and c.ref and isinstance(c.text, str) and c.text.strip()]


def check_cells(record, profile, select: frozenset[str] | None = None) -> list:
    rules = [r for r in report_rules(profile, False, select) if r.code in CELL_RULES]
    if not rules:
        return []
    findings = []
    for ref, text in narrative_cells(record):
        if not any(ch.isdigit() for ch in text):
            continue
        ctx = TextContext(from_text(text, ref), profile, None, record.sheet, ref)
        for rule in rules:
            findings.extend(rule.check(ctx))
    return findings
