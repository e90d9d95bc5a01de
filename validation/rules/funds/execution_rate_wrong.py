from ..base import Example, Rationale, Rule
from ..helpers import fmt, fmt_percent
from ._shared import on_initial, rate_tolerance


class ExecutionRateWrong(Rule):
    slug = "execution-rate-wrong"
    title = "执行率计算错误"
    severity = "error"
    messages = {"default": "执行率填写为 {shown}，按全年执行数 {executed} ÷ 全年预算数 {budget} 应为 {expected}。"}
    rationale = Rationale(
        what="表上的执行率与“全年执行数 ÷ 全年预算数”不一致。",
        why="执行率决定预算执行得分；填错会直接影响总分，也说明资金数据前后不一致。",
        example="全年预算数 107.3 万元、全年执行数 67.18 万元，执行率应为 62.61%，却填了 100%。",
        fix="执行率 = 全年执行数 ÷ 全年预算数，保留两位小数的百分比。",
    )
    passing = (Example(), Example(patch={"funds.total.executed": 99.62, "funds.total.rate": "100%"}))
    failing = (Example(patch={"funds.total.rate": 0.9}, cells=("H6",)),)

    def check(self, ev):
        funds = ev.funds
        reported = funds.rate_reported.value if funds.rate_reported else None
        if reported is None or funds.rate is None or on_initial(ev):
            return
        if abs(reported - funds.rate) > rate_tolerance(ev):
            yield self.finding(ev, funds.rate_reported.cell.ref, shown=funds.rate_reported.cell.text
                               if isinstance(funds.rate_reported.cell.value, str) else fmt_percent(reported),
                               executed=fmt(funds.executed), budget=fmt(funds.denominator), expected=fmt_percent(funds.rate))


RULE = ExecutionRateWrong
