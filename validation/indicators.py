"""One indicator row: what was written, how it reads, its status and the score the rules give.

The facts recorded here (unit assumed, unit error, actual not quantified, tier inferred…)
are what the rules judge; no rule parses a value again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .directions import Inference, infer_direction
from .funds import Amount, read_amount
from .numbers import agreement, round_half_up
from .record import IndicatorRow
from .text import compact, is_placeholder
from .taxonomy import NameMatch, is_cost, is_time, match_level1, match_level2
from .values.compare import Comparison, compare_quantities
from .values.parse import EQ, GE, GT, LE, LT, Parsed, Quantity, parse_value, quantities_in_text
from .values.qualitative import MET, NOT_MET, PARTLY, Answer, Vocabulary, read_answer, scale_of

POSITIVE, REVERSE, EQUAL = "positive", "reverse", "equal"
DIRECTION_OF = {GE: POSITIVE, GT: POSITIVE, LE: REVERSE, LT: REVERSE, EQ: EQUAL}
UNVERIFIED = "unverified"


@dataclass
class IndicatorResult:
    row: IndicatorRow
    level1: str | None = None  # canonical name, or None when unknown/blank
    level2: str | None = None
    level1_match: NameMatch | None = None
    level2_match: NameMatch | None = None
    level1_cell: str | None = None
    level2_cell: str | None = None
    level1_label: str = ""  # the 一级/二级 text as written (inherited from a merged cell above)
    level2_label: str = ""
    target: Parsed | None = None
    actual: Parsed | None = None
    kind: str = "empty"  # quantitative | qualitative | empty
    direction: str | None = None
    direction_assumed: bool = False  # no operator was written
    direction_basis: Inference | None = None  # what the direction was inferred from
    comparison: Comparison | None = None
    actual_bound: bool = False  # the actual was written as "<2小时", ">150个"
    actual_from_text: Quantity | None = None  # a number taken out of free text
    unquantified: bool = False  # quantitative target, actual without a number
    answer: Answer | None = None
    weight: Amount | None = None
    score_reported: Amount | None = None
    score_computed: float | None = None
    score_agreement: str | None = None  # agrees | rounded | differs, for a decided quantitative row
    status: str = UNVERIFIED
    ratio: float | None = None  # B / A on the common scale
    equal_missed: bool = False
    band: tuple[float, float] | None = None  # qualitative score band in points
    needs_reason: bool = False
    reason_triggers: list[str] = field(default_factory=list)
    filled: bool = False  # somebody filled in the row (name, target, actual, weight or score)
    template: bool = False  # a row left from the template: a placeholder name and nothing else
    breakdown: bool = False  # a "其中……" line under an indicator, without 分值 and 得分: not scored

    @property
    def is_cost(self) -> bool:
        return is_cost(self.level1, self.level2)

    @property
    def is_time(self) -> bool:
        return is_time(self.level2)

    @property
    def reason(self) -> str:
        """The 偏差原因 text; a number ("0", written where nothing was to be said) is none."""
        cell = self.row.reason
        if cell.blank or not isinstance(cell.value, str) or cell.text.strip() in ("0", "0.0"):
            return ""
        return cell.text

    @property
    def decided(self) -> bool:
        return self.status != UNVERIFIED


def _levels(result: IndicatorResult, row: IndicatorRow, inherited: tuple) -> None:
    level1_cell, level2_cell = row.level1, row.level2
    if level1_cell.blank and inherited[0] is not None:
        level1_cell = inherited[0]
    if level2_cell.blank and inherited[1] is not None and level1_cell is inherited[0]:
        level2_cell = inherited[1]
    result.level1_cell, result.level2_cell = level1_cell.ref, level2_cell.ref
    result.level1_label, result.level2_label = level1_cell.text, level2_cell.text
    result.level1_match = match_level1(level1_cell.text) if not level1_cell.blank else None
    result.level2_match = match_level2(level2_cell.text) if not level2_cell.blank else None
    result.level1 = result.level1_match.canonical if result.level1_match else None
    result.level2 = result.level2_match.canonical if result.level2_match else None


def _direction(result: IndicatorResult, op: str | None, reverse_levels: tuple[str, ...]) -> None:
    if op is not None:
        result.direction = DIRECTION_OF[op]
        return
    result.direction_assumed = True
    if result.target is not None and result.target.kind == "date":  # a deadline: earlier is better
        result.direction, result.direction_basis = REVERSE, Inference(REVERSE)
        return
    basis = infer_direction(result.row.name.text, result.level2, result.level1, reverse_levels)
    result.direction, result.direction_basis = basis.direction, basis


def _score_quantity(result: IndicatorResult, a: float, b: float, weight: float | None, profile) -> None:
    scoring = profile.scoring
    over = scoring["overachievement"]
    direction = result.direction
    if direction == EQUAL:
        if abs(b - a) <= max(abs(a), 1.0) * 1e-9:
            result.status, fraction = "met", 1.0
            result.ratio = 1.0 if a else None
            _finish(result, fraction, weight, profile)
            return
        result.equal_missed = True
        direction = scoring["equal_scored_as"] == "reverse" and REVERSE or POSITIVE
    result.ratio = b / a if a else None
    if direction == POSITIVE:
        if b >= a:
            exceeded = a > 0 and b >= over["flag_ratio"] * a
            result.status = "exceeded" if exceeded else "met"
            fraction = 1.0
            if a > 0 and b >= over["reason_ratio"] * a:
                result.reason_triggers.append("overachieved")
        else:
            result.status = "not_met"
            fraction = max(b, 0.0) / a if a > 0 else 0.0
    else:
        if b <= a:
            exceeded = over.get("reverse", False) and b > 0 and a >= over["flag_ratio"] * b
            result.status = "exceeded" if exceeded else "met"
            fraction = 1.0
            if exceeded and a >= over["reason_ratio"] * b:
                result.reason_triggers.append("overachieved")
        else:
            result.status = "not_met"
            if a <= 0:
                fraction = 0.0
            elif scoring["reverse_strategy"] == "ratio":
                fraction = a / b
            else:
                fraction = max(0.0, 1 - (b - a) / a)
    if result.status == "not_met":
        result.reason_triggers.append("not_met")
    _finish(result, fraction, weight, profile)


def _finish(result: IndicatorResult, fraction: float, weight: float | None, profile) -> None:
    if weight is not None:
        result.score_computed = round_half_up(max(0.0, min(fraction, 1.0)) * weight, profile.decimals)


def _bound_settles(result: IndicatorResult, a: float, b: float) -> bool:
    op = result.actual.op
    if result.direction == POSITIVE and op in (GE, GT):
        return b >= a
    if result.direction == REVERSE and op in (LE, LT):
        return b <= a
    return False


def _quantitative(result: IndicatorResult, weight: float | None, profile, year: int | None) -> None:
    target, actual = result.target, result.actual
    orders = profile.scoring["unit_error_orders"]
    if actual.kind == "text":
        candidates = quantities_in_text(actual.raw)
        if target.kind == "quantity" and len(candidates) == 1:
            result.actual_from_text = candidates[0]
            actual = Parsed("quantity", actual.raw, actual.text, None, candidates[0])
        else:
            result.unquantified = True
            return
    if target.kind == "date":
        if actual.kind != "date":
            result.comparison = Comparison(mismatch=True)
            return
        a, b = target.deadline.day_number(year), actual.deadline.day_number(year)
        result.comparison = Comparison(a, b, "天")
    else:
        if actual.kind != "quantity":
            result.comparison = Comparison(mismatch=True)
            return
        result.comparison = compare_quantities(target.quantity, actual, orders)
        if result.comparison.mismatch or result.comparison.unit_error:
            return
        a, b = result.comparison.a, result.comparison.b
    if actual.op in (GE, GT, LE, LT):
        result.actual_bound = True
        if _bound_settles(result, a, b):
            result.status, result.ratio = "met", (b / a if a else None)
            _finish(result, 1.0, weight, profile)
        return
    _score_quantity(result, a, b, weight, profile)


def _qualitative(result: IndicatorResult, weight: float | None, profile, vocab: Vocabulary) -> None:
    if result.actual.kind == "quantity" and scale_of(result.target.raw, vocab) is None:
        answer = Answer(None, "undecidable")
    else:
        answer = read_answer(result.actual.raw, result.target.raw, vocab)
    result.answer = answer
    if answer.tier is None:
        return
    result.status = answer.tier
    if answer.tier != MET:
        result.reason_triggers.append("below_met")
    if weight is None:
        return
    low, high = profile.qualitative["bands"][answer.tier]
    result.band = (round_half_up(low * weight, 6), round_half_up(high * weight, 6))
    reported = result.score_reported.value if result.score_reported else None
    if reported is not None and in_band(reported, result.band, answer.tier, profile):
        low, high = result.band  # accepted within the tolerance, but the score itself stays in the band
        result.score_computed = round_half_up(min(max(reported, low), high), profile.decimals)
    else:
        fraction = profile.qualitative["default_fraction"][answer.tier]
        result.score_computed = round_half_up(fraction * weight, profile.decimals)


def in_band(score: float, band: tuple[float, float], tier: str, profile) -> bool:
    tolerance = profile.tolerances["score"]
    low, high = band
    if tier == MET:
        return low - tolerance <= score <= high + tolerance
    return low - tolerance <= score < high


# Names a template gives its empty rows: "指标1", "三级指标2", "指标一：", "XX指标", "×××", "……";
# "指标1：/" is the same row marked not applicable.
_TEMPLATE_NAME = re.compile(r"^(?:(?:三级|具体)?指标(?:名称)?[0-9一二三四五六七八九十]*|[xX×*＊]+(?:指标)?)[:：]?(?P<rest>.*)$")


_TEMPLATE_STARTS = frozenset("指三具xX×*＊.…")


def is_template_row(row: IndicatorRow) -> bool:
    """A row the clerk left from the template: a placeholder name and nothing else filled."""
    text = row.name.text
    if not text or text.lstrip()[:1] not in _TEMPLATE_STARTS:
        return False
    name = compact(text)
    match = _TEMPLATE_NAME.match(name)
    if not (set(name) <= {".", "…"} or (match and is_placeholder(match.group("rest")))):
        return False
    return row.target.blank and row.actual.blank and row.weight.blank and row.score.blank


# "其中桃树种植面积", "★其中：鱼塘养殖面积": a line breaking the indicator above down.
_BREAKDOWN_NAME = re.compile(r"^[★☆*＊]*其中")


def is_breakdown_row(row: IndicatorRow) -> bool:
    """A "其中……" line with a target and an actual of its own but no 分值 and no 得分: a part of
    the indicator above it (29.5亩 of vegetables, 其中 1.5亩 of peach trees), not one to score."""
    return (row.weight.blank and row.score.blank and not row.name.blank
            and bool(_BREAKDOWN_NAME.match(compact(row.name.text))))


def evaluate_indicator(row: IndicatorRow, inherited: tuple, profile, vocab: Vocabulary, year: int | None,
                       under_indicator: bool = False):
    """`under_indicator`: a scored indicator comes before this row in the form, so a "其中" line
    here is its breakdown."""
    template = is_template_row(row)
    breakdown = under_indicator and not template and is_breakdown_row(row)
    result = IndicatorResult(row, filled=row.filled and not template and not breakdown, template=template,
                             breakdown=breakdown)
    _levels(result, row, inherited)
    result.weight = read_amount(row.weight)
    result.score_reported = read_amount(row.score)
    if not result.filled:
        return result
    weight = result.weight.value
    scoring_weight = weight if weight is None or weight >= 0 else None  # a negative 分值 (ZP102) gives no score
    result.target, result.actual = parse_value(row.target.value), parse_value(row.actual.value)
    target = result.target
    if target.kind in ("quantity", "date"):
        result.kind = "quantitative"
        _direction(result, target.op, tuple(profile.scoring.get("reverse_without_operator", ())))
        if result.actual.kind not in ("empty", "invalid"):
            _quantitative(result, scoring_weight, profile, year)
    elif target.kind == "text":
        result.kind = "qualitative"
        if result.actual.kind not in ("empty", "invalid"):
            _qualitative(result, scoring_weight, profile, vocab)
    reported = result.score_reported.value
    if weight is not None and reported is not None and reported < weight - profile.tolerances["score"]:
        result.reason_triggers.append("score_below_weight")
    result.needs_reason = bool(result.reason_triggers)
    if result.kind == "quantitative" and result.decided and result.score_computed is not None and reported is not None:
        result.score_agreement = agreement(reported, result.score_computed, result.score_reported.decimals,
                                           profile.tolerances["score"])
    return result


def evaluate_indicators(rows, profile, year: int | None) -> list[IndicatorResult]:
    vocab = Vocabulary.from_profile(profile.qualitative)
    results = []
    inherited = (None, None)
    under_indicator = False
    for row in rows:
        result = evaluate_indicator(row, inherited, profile, vocab, year, under_indicator)
        under_indicator = under_indicator or result.filled
        level1 = row.level1 if not row.level1.blank else inherited[0]
        level2 = row.level2 if not row.level2.blank else (inherited[1] if row.level1.blank else None)
        inherited = (level1, level2)
        results.append(result)
    return results


__all__ = ["IndicatorResult", "evaluate_indicators", "in_band", "MET", "PARTLY", "NOT_MET"]
