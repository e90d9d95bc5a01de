from ..base import Example, Rationale, Rule
from ..helpers import fmt

_LEVEL_NAMES = {1: "一级指标", 2: "二级指标"}


class LevelWeightDiffersFromRows(Rule):
    slug = "level-weight-differs-from-rows"
    title = "指标标注的分值与其下各行分值合计不符"
    severity = "error"
    messages = {"default": "{level}“{label}”标注 {printed} 分，其下 {rows} 个指标的分值合计为 {sum} 分。"}
    rationale = Rationale(
        what="一级或二级指标名称中写了分值（如“产出指标(50分)”），但其下各三级指标的分值加起来不是这个数。",
        why="标注的分值是批复的权重分配；各行分值之和与之不符，说明分值填错或权重被悄悄调整，审核会退回。",
        example="“产出指标(50分)”下各指标分值为 10、10、10、15，合计 45 分。",
        fix="调整各三级指标的分值，使其合计等于标注的分值；或按批复的权重更正标注。",
    )
    passing = (Example(), Example(patch={"indicators.0.level1": "产出指标(50分)"}))
    failing = (
        Example(patch={"indicators.0.level1": "产出指标(60分)"}, cells=("B13",)),
        Example(patch={"indicators.4.level1": "效益指标（30分）", "indicators.4.weight": 10, "indicators.6.weight": 15},
                cells=("B17",)),
    )

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        for group in ev.label_weights:
            if group.rows_sum is None or abs(group.rows_sum - group.printed) <= tolerance:
                continue
            yield self.finding(ev, group.cell, level=_LEVEL_NAMES[group.level], label=group.label[:30],
                               printed=fmt(group.printed), rows=group.rows, sum=fmt(group.rows_sum))


RULE = LevelWeightDiffersFromRows
