"""Put a target and an actual on one scale: same base unit, or day of the budget year.

Returns the two numbers to score with, or the reason they cannot be compared (unit
mismatch, a power-of-ten disagreement that unit conversion cannot explain, …).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .parse import Parsed, Quantity
from .units import NO_UNIT


@dataclass(frozen=True)
class Comparison:
    a: float | None = None  # target on the common scale
    b: float | None = None  # actual on the common scale
    base_unit: str = ""  # unit of a and b, for messages
    assumed_unit: str | None = None  # "actual" | "target" | None: which side had no unit
    fraction_read_as_percent: bool = False  # a 0.98 number cell read as 98%
    mismatch: bool = False  # units of different dimensions
    unit_error: bool = False  # off by a power of ten that conversion cannot explain
    raw_ratio: float | None = None  # B/A as written, before unit conversion


def _unit_error(a: float, b: float, raw_ratio: float | None, assumed: bool, orders: float) -> bool:
    if a <= 0 or b <= 0:
        return False
    ratio = b / a
    if not 0 < ratio < math.inf:  # a side beyond the float range after conversion: no power of ten to tell
        return False
    if abs(math.log10(ratio)) < orders:
        return False
    if assumed:
        return True
    return raw_ratio is not None and raw_ratio > 0 and abs(math.log10(raw_ratio)) < 1


def _multiplier_only(unit) -> bool:
    """"万", "亿" written without a unit: a number already scaled, not a unit of its own."""
    return unit is not NO_UNIT and unit.kind == "number" and unit.factor != 1


def compare_quantities(target: Quantity, actual: Parsed, orders: float) -> Comparison:
    q = actual.quantity
    t_unit, a_unit = target.unit, q.unit
    t_has, a_has = t_unit is not NO_UNIT and t_unit.kind != "number", a_unit is not NO_UNIT and a_unit.kind != "number"
    raw_ratio = (q.number / target.number) if target.number else None
    if t_has and a_has:
        if t_unit.dimension != a_unit.dimension:
            return Comparison(mismatch=True, raw_ratio=raw_ratio)
        a, b = target.base, q.base
        return Comparison(a, b, t_unit.base, None, False, False, _unit_error(a, b, raw_ratio, False, orders), raw_ratio)
    if t_has and not a_has:
        fraction = False
        if _multiplier_only(a_unit):  # "2万" against "≥3万人": 2万 of the target's base unit
            b = q.base
        elif t_unit.kind == "percent" and actual.from_number_cell and 0 <= q.number <= 1 < target.number:
            b, fraction = q.number * 100 * t_unit.factor, True
        else:  # a bare number is read in the target's unit as written ("18" against "≤20万元")
            b = q.base * t_unit.factor
        a = target.base
        assumed = "actual" if not fraction else None
        return Comparison(a, b, t_unit.base, assumed, fraction, False,
                          _unit_error(a, b, raw_ratio, assumed is not None, orders), raw_ratio)
    if a_has and not t_has:
        a = target.base if _multiplier_only(t_unit) else target.base * a_unit.factor
        b = q.base
        return Comparison(a, b, a_unit.base, "target", False, False, _unit_error(a, b, raw_ratio, True, orders), raw_ratio)
    return Comparison(target.base, q.base, "", "target", False, False, False, raw_ratio)
