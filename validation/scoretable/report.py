"""The report of one 评分表: plain data for every renderer (CLI text and JSON, the add-in)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding, FindingCounts
from ..numbers import round_half_up
from .evaluate import ScoreTableEvaluation


@dataclass
class ScoreTableReport(FindingCounts):
    sheet: str
    title: str
    project: str
    rows: list[dict]
    groups: list[dict]
    weight_total: float
    total_reported: float | None
    total_computed: float | None
    grade: str | None
    grade_reported: str | None
    findings: list[Finding]
    profile: str
    blank: bool = False
    cells: dict[str, str | None] = field(default_factory=dict)

    kind = "score_table"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind, "sheet": self.sheet, "title": self.title, "project": self.project,
            "profile": self.profile, "blank": self.blank, "rows": self.rows, "groups": self.groups,
            "weight_total": self.weight_total, "total_reported": self.total_reported,
            "total_computed": self.total_computed, "grade": self.grade, "grade_reported": self.grade_reported,
            "errors": self.errors, "warnings": self.warnings, "findings": [f.to_dict() for f in self.findings],
        }


def build_score_table_report(ev: ScoreTableEvaluation, findings: list[Finding]) -> ScoreTableReport:
    record, decimals = ev.record, ev.profile.decimals
    rows = [{
        "row": r.row.row, "levels": [g.name for g in r.groups], "name": r.label, "weight": r.weight.value,
        "score": r.score.value, "deducted": r.deducted, "comment": r.row.comment.text,
    } for r in ev.rows]
    groups = [{
        "level": g.level, "name": g.name, "cell": g.label.ref, "printed_weight": g.printed_weight,
        "weight_sum": g.weight_sum, "score_sum": g.score_sum,
    } for g in ev.groups]
    return ScoreTableReport(
        sheet=record.sheet, title=record.title.text, project=record.project.text, rows=rows, groups=groups,
        weight_total=ev.weight_sum, total_reported=ev.total_score.value,
        total_computed=round_half_up(ev.score_sum, decimals) if ev.score_sum is not None and not ev.blank else None,
        grade=ev.grade, grade_reported=ev.grade_reported, findings=findings, profile=ev.profile.name, blank=ev.blank,
        cells={"total": record.total_score.ref, "grade": record.grade.ref},
    )
