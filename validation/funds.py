"""The funds block: amounts in 万元, the execution rate and the execution score.

执行率 = 全年执行数 / 全年预算数 (the profile may name 年初预算数 instead); the execution
score is min(执行率, 1) × 分值. A reported 执行率 may be a number (1.0 shown as 100%) or text
("100%"), and is compared with the computed one at the precision it was written with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from .numbers import agreement, decimals_of, round_half_up
from .record import Cell, FundRow, Record
from .text import compact
from .values.parse import parse_value

AMOUNT_COLUMNS = ("initial", "annual", "executed")
ROW_NAMES = {"total": "年度资金总额", "fiscal": "当年财政拨款", "carryover": "上年结转资金", "other": "其他资金"}


@dataclass
class Amount:
    """A number read from a cell, or the reason it could not be read."""

    cell: Cell
    value: float | None = None
    decimals: int = 0
    problem: str | None = None  # text that is not a number


def read_amount(cell: Cell) -> Amount:
    """An amount in 万元. Text such as "35.80" or "358000元" is accepted and converted."""
    if cell.blank:
        return Amount(cell)
    value, decimals, problem = _amount(cell.value)
    return Amount(cell, value, decimals, problem)


def _float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond the float range (JSON records may hold one): unreadable like inf
        return math.inf


@lru_cache(maxsize=65536)
def _amount(value) -> tuple[float | None, int, str | None]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = _float(value)
        if math.isnan(value) or math.isinf(value):
            return None, 0, "不是有效数值"
        return value, decimals_of(value), None
    parsed = parse_value(value)
    if parsed.kind == "quantity" and parsed.op in (None, "="):
        unit = parsed.quantity.unit
        if unit.kind in ("number",) or not unit.text or unit.text == "分":  # "99.55分" is a score
            return parsed.quantity.base, decimals_of(compact(str(value)).rstrip("万元")), None
        if unit.is_money:
            return parsed.quantity.base / 1e4, 6, None
    return None, 0, "应为以万元为单位的数值"


def read_rate(cell: Cell) -> Amount:
    """A rate as a fraction: 1.0, "100%", "62.61%"; a bare number above 2 is read as percent."""
    if cell.blank:
        return Amount(cell)
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = _float(value)
        if math.isnan(number) or math.isinf(number):
            return Amount(cell, problem="不是有效数值")
        if number > 2:
            return Amount(cell, number / 100, decimals_of(number) + 2)
        return Amount(cell, number, max(decimals_of(number), 2))
    parsed = parse_value(value)
    if parsed.kind == "quantity" and parsed.op in (None, "="):
        unit = parsed.quantity.unit
        digits = decimals_of(compact(str(value)).rstrip("%"))
        if unit.kind == "percent":
            return Amount(cell, parsed.quantity.base / 100, digits + 2)
        if unit.kind == "number" and not unit.text:
            number = parsed.quantity.number
            return Amount(cell, number / 100 if number > 2 else number, digits + (2 if number > 2 else 0))
    return Amount(cell, problem="应为百分比，如“100%”")


@dataclass
class FundsResult:
    rows: dict[str, dict[str, Amount]] = field(default_factory=dict)  # row -> column -> amount
    labels: dict[str, str] = field(default_factory=dict)  # row -> its name in messages
    initial_budget: float | None = None
    annual_budget: float | None = None
    executed: float | None = None
    denominator: float | None = None  # the budget the rate is computed on
    denominator_column: str = "annual"  # "annual" (全年预算数) or "initial" (年初预算数)
    without_annual_column: bool = False  # the form has no 全年预算数 column at all (older templates)
    rate: float | None = None  # computed, unrounded
    rate_reported: Amount | None = None
    weight: float | None = None  # 分值 used for the execution score
    weight_reported: Amount | None = None
    score: float | None = None  # computed, rounded
    score_reported: Amount | None = None
    score_agreement: str | None = None  # agrees | rounded | differs
    present: bool = False  # the form has a funds block at all

    @property
    def filled(self) -> bool:
        return any(a.value is not None for row in self.rows.values() for a in row.values())


def _in_wan(amount: Amount, money_unit: str) -> Amount:
    """A plain number under a header that says 元 is converted to 万元; "358000元" already was."""
    if money_unit != "元" or amount.value is None:
        return amount
    value = amount.cell.value
    if isinstance(value, str) and parse_value(value).has_unit:
        return amount
    return Amount(amount.cell, amount.value / 1e4, amount.decimals + 4, amount.problem)


def _row_amounts(row: FundRow, money_unit: str = "万元") -> dict[str, Amount]:
    amounts = {c: _in_wan(read_amount(getattr(row, c)), money_unit) for c in AMOUNT_COLUMNS}
    amounts["weight"] = read_amount(row.weight)
    amounts["score"] = read_amount(row.score)
    amounts["rate"] = read_rate(row.rate)
    return amounts


def evaluate_funds(record: Record, profile) -> FundsResult:
    funds = record.funds
    result = FundsResult(present=funds.total is not None)
    rows = [("total", funds.total)] + funds.parts()
    for name, row in rows:
        if row is not None:
            result.rows[name] = _row_amounts(row, record.money_unit)
            own = compact(row.label.text).removeprefix("其中").strip(":")  # as the form names it: "财政资金"
            result.labels[name] = own or ROW_NAMES.get(name, name)
    total = result.rows.get("total")
    if not total:
        return result
    result.initial_budget = total["initial"].value
    result.annual_budget = total["annual"].value
    result.executed = total["executed"].value
    result.rate_reported = total["rate"]
    result.weight_reported = total["weight"]
    result.score_reported = total["score"]
    reported_weight = total["weight"].value
    result.weight = reported_weight if reported_weight and reported_weight > 0 else profile.execution_weight
    # A form without a 全年预算数 column (the older "年初预算数(A) 全年执行数(B) 执行率(B/A)" template)
    # states one budget only: the rate is computed on it, and a finding says so.
    result.without_annual_column = total["annual"].cell.ref is None and total["initial"].cell.ref is not None
    on_initial = profile.execution_denominator == "initial_budget" or result.without_annual_column
    result.denominator_column = "initial" if on_initial else "annual"
    denominator = result.initial_budget if on_initial else result.annual_budget
    result.denominator = denominator
    if denominator and denominator > 0 and result.executed is not None:
        result.rate = result.executed / denominator
        result.score = round_half_up(min(max(result.rate, 0.0), 1.0) * result.weight, profile.decimals)
        reported = result.score_reported
        if reported is not None and reported.value is not None:
            result.score_agreement = agreement(reported.value, result.score, reported.decimals, profile.tolerances["score"])
    return result
