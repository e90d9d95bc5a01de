from ..base import Example, Rationale, Rule
from ..helpers import fmt


class GradeDoesNotMatchTotal(Rule):
    slug = "grade-does-not-match-total"
    title = "等级与总分不符"
    severity = "error"
    messages = {
        "default": "等级填写为“{shown}”，按总分 {total} 应为“{expected}”。",
        "unknown": "等级填写为“{shown}”，应为 {choices} 之一（按总分 {total} 应为“{expected}”）。",
    }
    rationale = Rationale(
        what="表上填写的评价等级与总分对应的等级不同。",
        why="等级由总分决定（全国口径：90 分及以上为优，80–90 良，60–80 中，60 以下差），不能另行评定。",
        example="总分 85，等级填“优”。",
        fix="按总分填写等级：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60。",
    )
    passing = (Example(),)
    failing = (Example(patch={"total.grade": "良"}, cells=("I20",)), Example(patch={"total.grade": "A"}, cells=("I20",)))

    def check(self, ev):
        shown = ev.grade_reported
        if not shown:
            return
        total = ev.total_reported.value if ev.total_reported.value is not None else ev.total_computed
        if total is None:
            return
        expected = ev.profile.grade_for(total)
        canonical = ev.profile.canonical_grade(shown)
        cell = ev.record.total.grade.ref
        if canonical is None:
            choices = "、".join(f"“{g}”" for g, _, _ in ev.profile.grades)
            yield self.finding(ev, cell, "unknown", shown=shown, choices=choices, total=fmt(total), expected=expected)
        elif canonical != expected:
            yield self.finding(ev, cell, shown=shown, total=fmt(total), expected=expected)


RULE = GradeDoesNotMatchTotal
