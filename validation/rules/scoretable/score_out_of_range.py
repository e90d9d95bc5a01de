from __future__ import annotations

from ...numbers import fmt
from ..base import SCORE_TABLE, Example, Rationale, Rule


class ScoreOutOfRange(Rule):
    slug = "score-table-score-out-of-range"
    title = "评分表：评价得分超过分值或为负数"
    severity = "error"
    scope = SCORE_TABLE
    messages = {
        "default": "“{name}”得分 {score} 分，超过分值 {weight} 分。",
        "negative": "“{name}”得分 {score} 分，得分不能为负数。",
    }
    rationale = Rationale(
        what="每项指标的评价得分是否在 0 分到该项分值之间。",
        why="得分最多等于分值、最少为 0；超出这个范围，总分就被抬高或压低。",
        example="分值 2 分的“预算执行率”得了 2.5 分。",
        fix="按评分标准重新打分，得分不超过分值、不低于 0。",
    )
    passing = (Example(),)
    failing = (Example(patch={"rows.0.score": 4, "rows.1.score": -1, "total_score": 97}, cells=("F3", "F4")),)

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        for row in ev.rows:
            score, weight = row.score.value, row.weight.value
            if score is None:
                continue
            if score < -tolerance:
                yield self.finding(ev, row.row.score.ref, "negative", name=row.label, score=fmt(score))
            elif weight is not None and score > weight + tolerance:
                yield self.finding(ev, row.row.score.ref, name=row.label, score=fmt(score), weight=fmt(weight))


RULE = ScoreOutOfRange
