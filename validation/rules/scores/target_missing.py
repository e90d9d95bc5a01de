from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class TargetMissing(Rule):
    slug = "target-missing"
    title = "缺少年度指标值"
    severity = "error"
    messages = {"default": "{name}未填写年度指标值，无法判断完成情况。"}
    rationale = Rationale(
        what="已填写的指标没有年度指标值（目标）。",
        why="绩效评价以年度目标为标尺；没有目标，实际完成值和得分都无从评判。",
        example="“培训人数”年度指标值为空，实际完成值“1100人”。",
        fix="按批复的绩效目标填写年度指标值，如“≥1000人”；定性指标可写“稳步提升”或评价等级“优良中差”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.target": None}, cells=("E13",)),)

    def check(self, ev):
        for result in ev.filled:
            cell = result.row.target
            if cell.blank and cell.ref is not None and cell.ref not in ev.record.uncached_formulas:
                yield self.finding(ev, cell.ref, name=indicator_name(result))


RULE = TargetMissing
