"""The workbook a form is submitted as: the official layout, values only, computed scores.

No formulas, no macros, no ziping marks: what a reviewer opens is exactly what was checked.
Scores are the ones the rules give (the reported ones where the rules cannot decide).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from validation.profile import Profile

from .package import rewrite
from .template import add_form_sheet

SHEET = "自评表"


def _fund_row(row, amounts) -> dict | None:
    if row is None:
        return None
    return {column: getattr(row, column).value for column in ("initial", "annual", "executed", "weight", "rate", "score")}


def submission_form(report) -> dict:
    ev = report.evaluation
    record, funds = ev.record, ev.funds
    rows = {name: _fund_row(getattr(record.funds, name), None) for name in ("total", "fiscal", "carryover", "other")}
    empty = {"initial": None, "annual": None, "executed": None, "weight": "—", "rate": None, "score": "—"}
    rows = {name: row if row is not None else dict(empty) for name, row in rows.items()}
    rows["total"].update(weight=funds.weight,
                         rate=funds.rate if funds.rate is not None else rows["total"]["rate"],
                         score=funds.score if funds.score is not None else rows["total"]["score"])
    indicators, last = [], (None, None)
    for result, shown in zip(ev.filled, report.indicators):
        level1, level2 = shown.level1 or None, shown.level2 or None
        indicators.append({
            "level1": level1 if level1 != last[0] else None,
            "level2": level2 if (level1, level2) != last else None,
            "name": result.row.name.value,
            "target": result.row.target.value,
            "actual": result.row.actual.value,
            "weight": result.weight.value,
            "score": shown.score_computed if shown.score_computed is not None else shown.score_reported,
            "reason": result.reason or None,
        })
        last = (level1, level2)
    return {
        "sheet": SHEET,
        "project": record.project.value,
        "department": record.department.value,
        "unit": record.unit.value,
        "funds": rows,
        "goals": {"expected": record.goal_expected.value, "actual": record.goal_actual.value},
        "indicators": indicators,
        "total": {"weight": ev.weight_sum, "score": report.total_computed, "grade": report.grade},
    }


def write_submission(report, path: Path, profile: Profile, year: int) -> Path:
    book = Workbook()
    book.remove(book.active)
    ws = add_form_sheet(book, submission_form(report), profile, year, with_formulas=False)
    ws["H6"].number_format = "0.00%"
    book.properties.creator = "ziping"
    book.properties.title = str(report.project or "项目支出绩效自评表")
    fixed = book.properties.created.replace(year=2024, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    book.properties.created = book.properties.modified = fixed  # same content, same bytes: re-exports are detected
    book.save(path)
    rewrite(path)
    return path
