from __future__ import annotations

from ...numbers import fmt
from ..base import SCORE_TABLE, Example, Rationale, Rule

FULL = 100.0


class WeightsNot100(Rule):
    slug = "score-table-weights-not-100"
    title = "评分表：分值合计不是 100 分"
    severity = "error"
    scope = SCORE_TABLE
    messages = {
        "default": "各指标分值合计 {sum} 分，应为 100 分。",
        "printed": "合计行的分值写的是 {printed} 分，各指标分值合计 {sum} 分。",
    }
    rationale = Rationale(
        what="评分表各指标的分值之和是否为 100 分，合计行写的分值是否等于这个和。",
        why="绩效评价以百分制计分、按总分定等级；分值合计不是 100，得分和等级都失去可比性。",
        example="各行分值合计 98 分，合计行却写 100 分。",
        fix="补齐或改正各行分值，使合计为 100 分；合计行的分值写实际之和。",
    )
    passing = (Example(),)
    failing = (Example(patch={"rows.9.weight": 4, "rows.9.score": 4, "total_score": 96}, cells=("E13",)),
               Example(patch={"total_weight": 95}, cells=("E13",)))

    def check(self, ev):
        if not ev.rows:
            return
        tolerance = ev.profile.tolerances["score"]
        total = ev.total_weight.value
        cell = ev.record.total_weight.ref or ev.rows[-1].row.weight.ref
        if abs(ev.weight_sum - FULL) > tolerance:
            yield self.finding(ev, cell, sum=fmt(ev.weight_sum))
        elif total is not None and abs(total - ev.weight_sum) > tolerance:
            yield self.finding(ev, cell, "printed", printed=fmt(total), sum=fmt(ev.weight_sum))


RULE = WeightsNot100
