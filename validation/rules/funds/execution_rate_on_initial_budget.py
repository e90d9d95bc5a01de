from ..base import Example, Rationale, Rule
from ..helpers import fmt, fmt_percent
from ._shared import on_initial


class ExecutionRateOnInitialBudget(Rule):
    slug = "execution-rate-on-initial-budget"
    title = "执行率按年初预算数计算"
    severity = "error"
    messages = {"default": "执行率 {shown} 是按年初预算数 {initial} 计算的；应按全年预算数 {annual} 计算，为 {expected}。"}
    rationale = Rationale(
        what="执行率用“全年执行数 ÷ 年初预算数”算出，而不是除以全年预算数（调整后预算）。",
        why="年中预算调整后，考核口径是全年预算数；用年初数计算会高估或低估执行率。",
        example="年初预算 22.61、全年预算 35.80、全年执行 35.80，执行率应为 100%，却填了 158.34%。",
        fix="执行率 = 全年执行数 ÷ 全年预算数。",
    )
    passing = (Example(),)
    failing = (Example(patch={"funds.total.initial": 125, "funds.total.rate": 0.8}, cells=("H6",)),)

    def check(self, ev):
        if on_initial(ev):
            funds = ev.funds
            yield self.finding(ev, funds.rate_reported.cell.ref, shown=fmt_percent(funds.rate_reported.value),
                               initial=fmt(funds.initial_budget), annual=fmt(funds.annual_budget), expected=fmt_percent(funds.rate))


RULE = ExecutionRateOnInitialBudget
