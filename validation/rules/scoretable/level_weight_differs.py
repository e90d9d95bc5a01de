from __future__ import annotations

from ...numbers import fmt
from ..base import SCORE_TABLE, Example, Rationale, Rule


class LevelWeightDiffers(Rule):
    slug = "score-table-level-weight-differs"
    title = "评分表：指标标注的分值与下级指标分值合计不符"
    severity = "error"
    scope = SCORE_TABLE
    messages = {"default": "“{label}”标注 {printed} 分，其下各指标分值合计 {sum} 分。"}
    rationale = Rationale(
        what="一级、二级指标名称中标注的分值（如“项目决策（15）”）是否等于其下各指标分值之和。",
        why="标注的分值是指标体系的权重设计；与下级分值合计不符，说明权重设计或某行分值填错，总分的依据就不可靠。",
        example="“项目决策（15）”下各指标分值为 3、2、5、4，合计 14 分。",
        fix="核对指标体系，改正标注的分值或下级指标的分值，使两者相等。",
    )
    passing = (Example(),)
    failing = (Example(patch={"rows.3.weight": 4, "rows.4.weight": 16}, cells=("A3", "B5", "A7", "B7")),)

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        for group in ev.groups:
            if group.printed_weight is None or not group.rows:
                continue
            if abs(group.weight_sum - group.printed_weight) > tolerance:
                yield self.finding(ev, group.label.ref, label=group.label.text, printed=fmt(group.printed_weight),
                                   sum=fmt(group.weight_sum))


RULE = LevelWeightDiffers
