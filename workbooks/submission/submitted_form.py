"""The workbook a form is submitted as: the official layout, values only, the clerk's figures.

No formulas, no macros, no ziping marks: what a reviewer opens is what the unit filed. Every
figure the clerk wrote stays as written (amounts converted to 万元 where the form counted in
元, rates and scores as numbers). Only a computed cell the clerk left blank — 执行率, 执行得分,
分值 and 总分, 等级 — is filled: 执行率 and 执行得分 by the rules, 总分 as the sum of the form's own
得分 and 等级 as that 总分's grade. Such a cell is shaded, carries a comment, a note under the
form says so, and `Submission.filled` lists them for the manifest. The rule-computed figures and the findings travel beside the file
(manifest.json, the portal's index), never in place of what was filed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from validation.profile import Profile

from ..writing.layout import Rows
from ..writing.package import rewrite
from ..writing.template import WIDTH, add_form_sheet

SHEET = "自评表"
FILLED_FILL = PatternFill("solid", fgColor="DDEBF7")
FILLED_COMMENT = "填报时此格为空白，报送时由 ziping 按评分规则计算填入。"
FILLED_NOTE = "注：浅蓝底色的单元格填报时为空白，报送时由 ziping 按评分规则计算填入（总分为各项得分之和）；其余数字均为填报值。"
FUND_COLUMNS = ("initial", "annual", "executed", "weight", "rate", "score")
FUND_ROWS = ("total", "fiscal", "carryover", "other")


@dataclass(frozen=True)
class FilledCell:
    """A computed cell the clerk left blank, and what the export wrote there."""

    cell: str  # in the submitted file
    field: str  # 执行率, 执行得分, 总分分值, 总分, 等级, or the indicator's 得分
    value: float | str

    def to_dict(self) -> dict:
        return {"cell": self.cell, "field": self.field, "value": self.value}


@dataclass
class Submission:
    form: dict  # the form as workbooks.writing.layout writes it
    filled: list[FilledCell] = field(default_factory=list)


def _blank(amount) -> bool:
    """Nothing the clerk wrote: an empty cell, a placeholder, or a formula saved without its value."""
    return amount.cell.blank


def _figure(amount):
    """What the clerk wrote, as a number when it reads as one, else as written ("—" included)."""
    if amount.value is not None:
        return amount.value
    return amount.cell.value


class _Filler:
    """Collects the cells filled in, by their offsets in the layout (the form starts at A1)."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, int, str, float | str]] = []  # (row offset, column offset, field, value)

    def take(self, amount, computed, row: int, column: int, name: str):
        if not _blank(amount) or computed is None:
            return _figure(amount)
        self.cells.append((row, column, name, computed))
        return computed


def submission_form(report) -> Submission:
    """The clerk's form of `report` in the official layout, with the blank computed cells filled."""
    ev = report.evaluation
    record, funds = ev.record, ev.funds
    indicators_count = len(ev.filled)
    rows = Rows(indicators_count)
    filler = _Filler()
    fund_rows = {}
    for offset, name in enumerate(FUND_ROWS):
        amounts = funds.rows.get(name)
        if amounts is None:
            fund_rows[name] = {"initial": None, "annual": None, "executed": None, "weight": "—", "rate": None, "score": "—"}
            continue
        fund_rows[name] = {column: _figure(amounts[column]) for column in FUND_COLUMNS}
    total = funds.rows.get("total")
    if total is not None:
        r = rows.funds_total
        fund_rows["total"]["weight"] = filler.take(total["weight"], funds.weight, r, 6, "执行率分值")
        rate = None if funds.rate is None else round(funds.rate, 4)
        fund_rows["total"]["rate"] = filler.take(total["rate"], rate, r, 7, "执行率")
        fund_rows["total"]["score"] = filler.take(total["score"], funds.score, r, 8, "执行得分")
    indicators, last = [], (None, None)
    for index, (result, shown) in enumerate(zip(ev.filled, report.indicators)):
        # the names as written (a typo stays, and is reported again when the file is checked)
        level1 = result.level1_label or shown.level1 or None
        level2 = result.level2_label or shown.level2 or None
        score = filler.take(result.score_reported, shown.score_computed, rows.first_indicator + index, 7,
                            f"“{shown.name[:30]}”得分")
        indicators.append({
            "level1": level1 if level1 != last[0] else None,
            "level2": level2 if (level1, level2) != last else None,
            "name": result.row.name.value,
            "target": result.row.target.value,
            "actual": result.row.actual.value,
            "weight": _figure(result.weight),
            "score": score,
            "reason": result.reason or None,
        })
        last = (level1, level2)
    total_weight = filler.take(ev.total_weight_reported, ev.weight_sum, rows.total, 6, "总分分值")
    # 总分 is the sum of the form's own 得分 cells (as filed, or filled above), and 等级 the grade of
    # that 总分: a filled cell completes the clerk's arithmetic, it does not bring in the rules' scores.
    total_score = filler.take(ev.total_reported, ev.reported_sum, rows.total, 7, "总分")
    grade_cell = record.total.grade
    grade = None if grade_cell.blank else grade_cell.value
    shown_total = total_score if isinstance(total_score, (int, float)) else None
    if grade_cell.blank and shown_total is not None:
        grade = ev.profile.grade_for(shown_total)
        filler.cells.append((rows.total, 8, "等级", grade))
    form = {
        "sheet": SHEET,
        "project": record.project.value,
        "department": record.department.value,
        "unit": record.unit.value,
        "funds": fund_rows,
        "goals": {"expected": record.goal_expected.value, "actual": record.goal_actual.value},
        "indicators": indicators,
        "total": {"weight": total_weight, "score": total_score, "grade": grade},
    }
    filled = [FilledCell(f"{get_column_letter(c + 1)}{r + 1}", name, value) for r, c, name, value in filler.cells]
    return Submission(form, filled)


def write_submission(report, path: Path, profile: Profile, year: int) -> Submission:
    """Write the submission workbook of `report` to `path`; returns what was written (and filled)."""
    submission = submission_form(report)
    book = Workbook()
    book.remove(book.active)
    ws = add_form_sheet(book, submission.form, profile, year, with_formulas=False)
    ws["H6"].number_format = "0.00%"
    _mark_filled(ws, submission)
    book.properties.creator = "ziping"
    book.properties.title = str(report.project or "项目支出绩效自评表")
    fixed = book.properties.created.replace(year=2024, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    book.properties.created = book.properties.modified = fixed  # same content, same bytes: re-exports are detected
    book.save(path)
    rewrite(path)
    return submission


def _mark_filled(ws, submission: Submission) -> None:
    if not submission.filled:
        return
    for filled in submission.filled:
        cell = ws[filled.cell]
        cell.fill = FILLED_FILL
        comment = Comment(FILLED_COMMENT, "ziping")
        comment.width, comment.height = 220, 60
        cell.comment = comment
    note_row = Rows(len(submission.form["indicators"])).height + 2  # one empty row under 总分
    note = ws.cell(note_row, 1, FILLED_NOTE)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    note.font = Font(size=9)
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=WIDTH)
    ws.row_dimensions[note_row].height = 28
    ws.print_area = f"A1:{get_column_letter(WIDTH)}{note_row}"
