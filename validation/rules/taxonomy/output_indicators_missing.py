from ...taxonomy import OUTPUT
from ..base import Example, Rationale, Rule


class OutputIndicatorsMissing(Rule):
    slug = "output-indicators-missing"
    title = "缺少产出指标"
    severity = "error"
    messages = {"default": "自评表没有产出指标（数量、质量、时效等），产出指标是必设的一级指标。"}
    rationale = Rationale(
        what="全部指标中没有一行属于“产出指标”。",
        why="产出指标反映项目做了什么、做得怎样，是绩效目标的核心；缺少产出指标的自评表不完整。",
        example="只填写了效益指标和满意度指标。",
        fix="按批复的绩效目标补充产出指标（至少数量、质量、时效之一）。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.level1": "效益指标"}, cells=("B13",)),)

    def check(self, ev):
        filled = [r for r in ev.filled if r.level1 or r.level2]
        if filled and not any(r.level1 == OUTPUT for r in filled):
            yield self.finding(ev, filled[0].level1_cell or filled[0].row.name.ref)


RULE = OutputIndicatorsMissing
