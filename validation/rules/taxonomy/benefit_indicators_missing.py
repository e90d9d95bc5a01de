from ...taxonomy import BENEFIT
from ..base import Example, Rationale, Rule


class BenefitIndicatorsMissing(Rule):
    slug = "benefit-indicators-missing"
    title = "缺少效益指标"
    severity = "error"
    messages = {"default": "自评表没有效益指标（经济、社会、生态效益或可持续影响），效益指标是必设的一级指标。"}
    rationale = Rationale(
        what="全部指标中没有一行属于“效益指标”。",
        why="效益指标反映项目带来的效果，绩效评价不能只看产出；缺少效益指标的自评表不完整。",
        example="只填写了产出指标、成本指标和满意度指标。",
        fix="补充至少一项效益指标，如社会效益指标。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.4.level1": "产出指标"}, cells=("B13",)),)

    def check(self, ev):
        filled = [r for r in ev.filled if r.level1 or r.level2]
        if filled and not any(r.level1 == BENEFIT for r in filled):
            yield self.finding(ev, filled[0].level1_cell or filled[0].row.name.ref)


RULE = BenefitIndicatorsMissing
