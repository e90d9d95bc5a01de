"""The Report of one form: plain data, the single result every renderer draws from.

`to_dict()` is exactly the "tables[]" item of the CLI JSON contract; `flatten()` gives the
(rule, cell) pairs tests and tools assert on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .findings import Finding, FindingCounts
from .numbers import round_half_up


@dataclass(frozen=True)
class IndicatorReport:
    row: int
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: float | None
    score_reported: float | None
    score_computed: float | None
    status: str
    needs_reason: bool
    reason: str
    score_cell: str | None = None  # where 得分 is written, for renderers that fill it in
    reason_cell: str | None = None

    def to_dict(self) -> dict:
        return {
            "row": self.row, "level1": self.level1, "level2": self.level2, "name": self.name,
            "target": self.target, "actual": self.actual, "weight": self.weight,
            "score_reported": self.score_reported, "score_computed": self.score_computed,
            "status": self.status, "needs_reason": self.needs_reason, "reason": self.reason,
        }


@dataclass
class Report(FindingCounts):
    sheet: str
    project: str
    year: int | None
    department: str | None
    unit: str | None
    funds: dict
    indicators: list[IndicatorReport]
    total_reported: float | None
    total_computed: float | None
    grade: str | None
    findings: list[Finding]
    profile: str
    blank: bool = False
    scores_reported_sum: float | None = None  # execution 得分 + Σ 得分 as filed: what 总分 should say
    grade_reported: str | None = None  # the 等级 as filed
    cells: dict[str, str | None] = field(default_factory=dict)  # key cells for renderers (rate, execution score, total, grade)
    evaluation: object = field(default=None, repr=False, compare=False)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def reasons_needed(self) -> list[IndicatorReport]:
        """Rows that need a 偏差原因分析 and have none."""
        return [i for i in self.indicators if i.needs_reason and not i.reason]

    def flatten(self, keys=("rule", "cell")) -> list[tuple]:
        return [tuple(getattr(f, k) for k in keys) for f in self.findings]

    def to_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "project": self.project,
            "year": self.year,
            "department": self.department,
            "unit": self.unit,
            "funds": dict(self.funds),
            "indicators": [i.to_dict() for i in self.indicators],
            "total_reported": self.total_reported,
            "scores_reported_sum": self.scores_reported_sum,
            "total_computed": self.total_computed,
            "grade": self.grade,
            "grade_reported": self.grade_reported,
            "findings": [f.to_dict() for f in self.findings],
        }


def _rounded(value: float | None, decimals: int = 6) -> float | None:
    return None if value is None else round_half_up(value, decimals)


def build_report(ev, findings: list[Finding]) -> Report:
    record, funds, profile = ev.record, ev.funds, ev.profile
    indicators = []
    for result in ev.filled:
        row = result.row
        indicators.append(
            IndicatorReport(
                row=row.row,
                level1=result.level1 or _written(record, result, "level1"),
                level2=result.level2 or _written(record, result, "level2"),
                name=row.name.text,
                target=row.target.text,
                actual=row.actual.text,
                weight=result.weight.value,
                score_reported=result.score_reported.value,
                score_computed=result.score_computed,
                status=result.status,
                needs_reason=result.needs_reason,
                reason=result.reason,
                score_cell=row.score.ref,
                reason_cell=row.reason.ref,
            )
        )
    total_row = funds.rows.get("total", {})
    cells = {
        "rate": total_row["rate"].cell.ref if total_row else None,
        "execution_score": total_row["score"].cell.ref if total_row else None,
        "total": record.total.score.ref,
        "grade": record.total.grade.ref,
        "project": record.project.ref,
    }
    return Report(
        sheet=record.sheet,
        project=record.project.text,
        year=record.year_number,
        department=record.department.text or None,
        unit=record.unit.text or None,
        funds={
            "initial_budget": funds.initial_budget,
            "annual_budget": funds.annual_budget,
            "executed": funds.executed,
            "execution_rate": _rounded(funds.rate, 4),
            "execution_score": funds.score,
            "execution_score_reported": funds.score_reported.value if funds.score_reported else None,
        },
        indicators=indicators,
        total_reported=ev.total_reported.value,
        total_computed=ev.total_computed,
        grade=ev.grade,
        findings=findings,
        profile=profile.name,
        blank=ev.blank,
        scores_reported_sum=ev.reported_sum,
        grade_reported=ev.grade_reported or None,
        cells=cells,
        evaluation=ev,
    )


def _written(record, result, level: str) -> str:
    """The level name as written (for unknown names), looked up through merged cells."""
    ref = result.level1_cell if level == "level1" else result.level2_cell
    if ref is None:
        return ""
    for row in record.indicators:
        cell = getattr(row, level)
        if cell.ref == ref:
            return cell.text
    return ""
