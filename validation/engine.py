"""check(record, profile) -> Report: the single computation every adapter calls."""

from __future__ import annotations

from .evaluation import evaluate
from .text_checks import check_cells
from .findings import split_a1
from .profile import Profile, load_profile
from .record import Record
from .report import Report, build_report
from .rules import active_rules

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def location_key(finding):
    row, column = split_a1(finding.cell)
    return (row or 0, column or 0, _SEVERITY_ORDER.get(finding.severity, 3), finding.rule)


def resolve_profile(profile: Profile | str | None) -> Profile:
    if profile is None:
        return load_profile()
    if isinstance(profile, str):
        return load_profile(profile)
    return profile


def check(record: Record | dict, profile: Profile | str | None = None, select: set[str] | None = None) -> Report:
    """Evaluate one form and run the rule catalogue over it.

    `record` may be a `Record` or its JSON form (validated against the record schema);
    `select` limits the run to some rule codes (used to test a rule on its own).
    """
    if not isinstance(record, Record):
        record = Record.from_dict(record)
    profile = resolve_profile(profile)
    ev = evaluate(record, profile)
    for_filled, for_blank = active_rules(profile, frozenset(select) if select is not None else None)
    findings = []
    for rule in for_blank if ev.blank else for_filled:
        findings.extend(rule.check(ev))
    if not ev.blank:  # the form's own words: 总体目标 and 偏差原因 cells that state sums, rates, grades
        findings.extend(check_cells(record, profile, frozenset(select) if select is not None else None))
    findings.sort(key=location_key)
    return build_report(ev, findings)
