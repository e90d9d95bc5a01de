from __future__ import annotations

from ...numbers import fmt
from ..base import SCORE_TABLE, Example, Rationale, Rule


class TotalDoesNotAddUp(Rule):
    slug = "score-table-total-does-not-add-up"
    title = "评分表：合计得分不等于各项得分之和"
    severity = "error"
    scope = SCORE_TABLE
    messages = {
        "default": "合计得分写的是 {reported} 分，各项得分之和是 {computed} 分。",
        "missing": "没有填写合计得分；各项得分之和是 {computed} 分。",
    }
    rationale = Rationale(
        what="合计行的评价得分是否等于各项指标评价得分之和。",
        why="报告的结论（综合得分、等级）取自合计；合计算错，结论就错。",
        example="各项得分之和 94.5 分，合计写 95.5 分。",
        fix="重新加总各项得分，改正合计；若某项得分有误，先改该项。",
    )
    passing = (Example(),)
    failing = (Example(patch={"total_score": 99}, cells=("F13",)),
               Example(patch={"total_score": None}, cells=("F13",)))

    def check(self, ev):
        if ev.score_sum is None or ev.record.total_label.blank:
            return
        reported, cell = ev.total_score.value, ev.record.total_score
        if reported is None:
            if not cell.text:
                yield self.finding(ev, cell.ref or ev.record.total_label.ref, "missing", computed=fmt(ev.score_sum))
            return
        if abs(reported - ev.score_sum) > ev.profile.tolerances["score"]:
            yield self.finding(ev, cell.ref, reported=fmt(reported), computed=fmt(ev.score_sum))


RULE = TotalDoesNotAddUp
