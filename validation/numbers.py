"""Number helpers: the rounding the rules prescribe and the way numbers are shown."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

_WIDE = Context(prec=400)


def round_half_up(value: float, decimals: int = 2) -> float:
    """Round like the published forms and Excel's ROUND do (0.125 -> 0.13, 1.005 -> 1.01),
    not like Python's banker's rounding of the binary value."""
    if not math.isfinite(value):  # nothing to round (and Decimal cannot quantize it)
        return value
    scale = 10.0 ** decimals
    scaled = abs(value) * scale
    if scaled >= 1e9:  # a unit in the last place of `scaled` is no longer tiny: round in decimal
        quantum = Decimal(1).scaleb(-decimals)
        # below 1e15, at Excel's 15 significant digits (the number as typed); beyond, every digit
        text = f"{value:.15g}" if scaled < 1e15 else repr(value)
        return float(Decimal(text).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE))
    # 1.005 is 1.00499999999999989… in binary and 100.49999999999999 once scaled: a nudge of a few
    # units in the last place of the scaled value restores the typed .5 without moving anything else.
    rounded = math.floor(scaled + 0.5 + 4 * math.ulp(scaled)) / scale
    return -rounded if value < 0 else rounded


def decimals_of(value: float | int | str) -> int:
    """How many decimals a reported number was written with (13 -> 0, 6.3 -> 1, "62.61" -> 2)."""
    if isinstance(value, str):
        text = value.strip().rstrip("%")
    elif isinstance(value, float):
        if value.is_integer():
            return 0
        text = repr(value)
    else:
        return 0
    if "e" in text.lower():
        return 6
    return len(text.split(".", 1)[1]) if "." in text else 0


AGREES, ROUNDED, DIFFERS = "agrees", "rounded", "differs"


def agreement(reported: float, computed: float, reported_decimals: int, tolerance: float) -> str:
    """How a reported score stands to the computed one: equal within the tolerance; the computed
    one rounded to the fewer decimals the clerk wrote (9 for 8.62); or different."""
    if math.isclose(reported, computed, abs_tol=tolerance):
        return AGREES
    if round_half_up(computed, min(reported_decimals, 6)) == round_half_up(reported, 6):
        return ROUNDED
    return DIFFERS


def fmt(value: float | int | None, decimals: int = 2) -> str:
    """Show a number the way a clerk writes it: no trailing zeros, no scientific notation."""
    if value is None:
        return "（空）"
    if type(value) is int or (type(value) is float and value.is_integer() and abs(value) < 1e15):
        return str(int(value))  # the common case, whole points: no rounding to do
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    text = f"{round_half_up(float(value), decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fmt_percent(fraction: float | None, decimals: int = 2) -> str:
    if fraction is None:
        return "（空）"
    return fmt(fraction * 100, decimals) + "%"
