"""Shared arithmetic of the funds rules."""

from __future__ import annotations


def rate_tolerance(ev) -> float:
    """Accept a reported 执行率 written with fewer decimals (e.g. "100%" for 99.62%)."""
    reported = ev.funds.rate_reported
    digits = reported.decimals if reported is not None else 4
    return max(ev.profile.tolerances["rate"], 0.5 * 10 ** -digits)


def on_initial(ev) -> bool:
    """True when the reported 执行率 is 全年执行数 / 年初预算数 rather than the profile's denominator."""
    funds = ev.funds
    reported = funds.rate_reported.value if funds.rate_reported else None
    if reported is None or funds.rate is None or funds.executed is None:
        return False
    if ev.profile.execution_denominator != "annual_budget":
        return False
    initial = funds.initial_budget
    if not initial or initial <= 0 or funds.annual_budget is None or abs(initial - funds.annual_budget) < 1e-9:
        return False
    tolerance = rate_tolerance(ev)
    return abs(reported - funds.executed / initial) <= tolerance < abs(reported - funds.rate)
