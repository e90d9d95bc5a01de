"""check_score_table(table, profile) -> ScoreTableReport: evaluate a 评分表 and run the rules
of its family over it."""

from __future__ import annotations

from ..engine import location_key, resolve_profile
from ..profile import Profile
from ..rules import score_table_rules
from .evaluate import evaluate_score_table
from .record import ScoreTable
from .report import ScoreTableReport, build_score_table_report


def check_score_table(table: ScoreTable | dict, profile: Profile | str | None = None,
                      select: set[str] | None = None) -> ScoreTableReport:
    if not isinstance(table, ScoreTable):
        table = ScoreTable.from_dict(table)
    profile = resolve_profile(profile)
    ev = evaluate_score_table(table, profile)
    findings = []
    if not ev.blank:
        for rule in score_table_rules(profile, frozenset(select) if select is not None else None):
            findings.extend(rule.check(ev))
    findings.sort(key=location_key)
    return build_score_table_report(ev, findings)
