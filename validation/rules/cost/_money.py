"""Money amounts of cost indicators, in 元, for comparison with the funds block (万元)."""

from __future__ import annotations

from ...taxonomy import is_money_cost


def money_rows(ev):
    """Decided-or-not money cost rows whose comparison is sound (no unit error or mismatch)."""
    for result in ev.filled:
        if not is_money_cost(result.level1, result.level2) or result.kind != "quantitative":
            continue
        comparison = result.comparison
        if comparison is not None and (comparison.mismatch or comparison.unit_error):
            continue
        yield result


def yuan(parsed) -> float | None:
    if parsed is None or parsed.kind != "quantity" or not parsed.quantity.unit.is_money:
        return None
    return parsed.quantity.base
