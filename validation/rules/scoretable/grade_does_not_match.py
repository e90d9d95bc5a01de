from __future__ import annotations

from ...numbers import fmt
from ...record import Cell
from ..base import SCORE_TABLE, Example, Rationale, Rule


class GradeDoesNotMatch(Rule):
    slug = "score-table-grade-does-not-match"
    title = "评分表：评价等级与总分不符"
    severity = "error"
    scope = SCORE_TABLE
    messages = {"default": "评价等级写的是“{reported}”，按总分 {total} 分应为“{grade}”（{profile}）。"}
    rationale = Rationale(
        what="评分表写出的评价等级是否与按各项得分之和确定的等级一致。",
        why="等级按总分划档（财预〔2020〕10号：90 分及以上为优，80–90 为良，60–80 为中，60 以下为差）；写错等级会误导结果应用。",
        example="总分 88 分，评价等级写“优”。",
        fix="按总分重新确定等级；若总分有误，先改正得分。",
    )
    passing = (Example(), Example(patch={"grade": Cell("优秀", "G13")}))
    failing = (Example(patch={"grade": Cell("良", "G13")}, cells=("G13",)),)

    def check(self, ev):
        if ev.grade is None or ev.grade_reported is None:
            return
        if ev.grade_reported != ev.grade:
            yield self.finding(ev, ev.record.grade.ref, reported=ev.record.grade.text, total=fmt(ev.score_sum),
                               grade=ev.grade, profile=ev.profile.title)


RULE = GradeDoesNotMatch
