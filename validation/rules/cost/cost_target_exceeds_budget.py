from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name
from ._money import money_rows, yuan


class CostTargetExceedsBudget(Rule):
    slug = "cost-target-exceeds-budget"
    title = "成本目标超过项目预算"
    severity = "warning"
    messages = {"default": "{name}年度指标值 {target} 万元，超过项目预算（年初 {initial} 万元、全年 {annual} 万元）；成本目标应在预算以内，请核对。"}
    rationale = Rationale(
        what="经济成本指标的年度指标值（金额）大于项目的年初预算数和全年预算数。",
        why="成本目标应以预算为上限；目标高于预算说明目标是估填的或金额单位有误。",
        example="年初预算 22.61 万元、全年预算 35.80 万元，成本目标“≤452100元”（45.21 万元）。",
        fix="按批复预算设定成本目标。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.3.target": "≤150万元"}, cells=("E16",)),)

    def check(self, ev):
        budgets = [b for b in (ev.funds.initial_budget, ev.funds.annual_budget) if b is not None]
        if not budgets or max(budgets) <= 0:
            return
        tolerance = ev.profile.tolerances["amount"]
        for result in money_rows(ev):
            target = yuan(result.target)
            if target is not None and target / 1e4 > max(budgets) + tolerance:
                yield self.finding(ev, result.row.target.ref, name=indicator_name(result), target=fmt(target / 1e4, 4),
                                   initial=fmt(ev.funds.initial_budget), annual=fmt(ev.funds.annual_budget))


RULE = CostTargetExceedsBudget
