"""Everything computed about one form before any rule looks at it.

Rules judge facts; they do not compute. This module reads the funds, evaluates every
indicator row, and adds up weights, scores and the total once, so that the CLI, the ribbon
and the server all report the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .funds import Amount, FundsResult, evaluate_funds, read_amount
from .indicators import IndicatorResult, evaluate_indicators
from .taxonomy import match_level1, split_label_weight
from .numbers import round_half_up
from .profile import Profile
from .record import Record
from .text import compact


@dataclass
class LabelWeight:
    """A weight printed in a 一级/二级 label ("产出指标(50分)") and the 分值 of the rows under it."""

    level: int  # 1 or 2
    cell: str | None
    label: str
    printed: float
    rows_sum: float | None = None  # None when a row's 分值 is missing or unreadable
    rows: int = 0


@dataclass
class Evaluation:
    record: Record
    profile: Profile
    funds: FundsResult
    indicators: list[IndicatorResult]
    total_reported: Amount
    total_weight_reported: Amount
    weight_sum: float | None = None  # execution 分值 + Σ indicator 分值
    reported_sum: float | None = None  # execution 得分 + Σ reported 得分
    total_computed: float | None = None
    grade: str | None = None  # from the computed total
    grade_reported: str = ""
    blank: bool = False  # nothing filled in yet
    weights_by_level1: dict[str, float] = field(default_factory=dict)
    label_weights: list[LabelWeight] = field(default_factory=list)
    template_rows: list[IndicatorResult] = field(default_factory=list)  # left from the template, skipped
    breakdown_rows: list[IndicatorResult] = field(default_factory=list)  # "其中……" parts of an indicator, not scored

    filled: list[IndicatorResult] = field(default_factory=list)  # the rows somebody filled in

    @property
    def sheet(self) -> str:
        return self.record.sheet


def _is_blank(record: Record, funds: FundsResult, indicators: list[IndicatorResult]) -> bool:
    if not record.project.blank:
        return False
    if any(i.filled for i in indicators):  # cached on each result
        return False
    for amounts in funds.rows.values():
        for column in ("initial", "annual", "executed"):
            if amounts[column].value is not None:
                return False
    return True


def _sum(values) -> float | None:
    values = list(values)
    if not values or any(v is None for v in values):
        return None
    return round_half_up(sum(values), 6)


def _counted(result: IndicatorResult) -> float | None:
    """The reported score of a row the rules cannot score, as the total counts it: never below 0 nor
    above the 分值 (ZP101 flags such a score; it must not inflate the computed total)."""
    reported, weight = result.score_reported.value, result.weight.value
    if reported is None:
        return None
    reported = max(reported, 0.0)
    return reported if weight is None else min(reported, max(weight, 0.0))


def evaluate(record: Record, profile: Profile) -> Evaluation:
    funds = evaluate_funds(record, profile)
    indicators = evaluate_indicators(record.indicators, profile, record.year_number)
    ev = Evaluation(
        record,
        profile,
        funds,
        indicators,
        total_reported=read_amount(record.total.score),
        total_weight_reported=read_amount(record.total.weight),
        grade_reported=compact(record.total.grade.text) if not record.total.grade.blank else "",
    )
    ev.filled = filled = [i for i in indicators if i.filled]
    ev.blank = _is_blank(record, funds, indicators)
    execution_weight = funds.weight if funds.present else None
    weights = [i.weight.value for i in filled]
    ev.weight_sum = _sum(([execution_weight] if execution_weight is not None else []) + weights)
    execution_reported = funds.score_reported.value if funds.score_reported else None
    if execution_reported is None:
        execution_reported = funds.score
    if funds.present:
        ev.reported_sum = _sum([execution_reported] + [i.score_reported.value for i in filled])
    else:
        ev.reported_sum = _sum(i.score_reported.value for i in filled)
    scores = []
    for result in filled:
        scores.append(result.score_computed if result.score_computed is not None else _counted(result))
    parts = ([funds.score] if funds.present else []) + scores
    if parts and all(p is not None for p in parts):
        ev.total_computed = round_half_up(sum(parts), profile.decimals)
    ev.grade = profile.grade_for(ev.total_computed)
    for result in filled:
        if result.level1 and result.weight.value is not None:
            ev.weights_by_level1[result.level1] = ev.weights_by_level1.get(result.level1, 0) + result.weight.value
    ev.label_weights = _label_weights(filled)
    if not ev.weights_by_level1:  # no 分值 column: the weights printed in the 一级 labels are the split
        for group in ev.label_weights:
            level1 = match_level1(group.label).canonical if group.level == 1 else None
            if level1:
                ev.weights_by_level1[level1] = ev.weights_by_level1.get(level1, 0) + group.printed
    ev.template_rows = [i for i in indicators if i.template]
    ev.breakdown_rows = [i for i in indicators if i.breakdown]
    return ev


def _label_weights(filled: list[IndicatorResult]) -> list[LabelWeight]:
    groups: dict[tuple[int, str], LabelWeight] = {}
    for result in filled:
        for level, cell, label in ((1, result.level1_cell, result.level1_label), (2, result.level2_cell, result.level2_label)):
            if cell is None or not label:
                continue
            printed = split_label_weight(label)[1]
            if printed is None:
                continue
            group = groups.get((level, cell))
            if group is None:
                group = groups[(level, cell)] = LabelWeight(level, cell, label, printed, 0.0)
            group.rows += 1
            weight = result.weight.value
            group.rows_sum = None if group.rows_sum is None or weight is None else round_half_up(group.rows_sum + weight, 6)
    return list(groups.values())
