from ..base import Example, Rationale, Rule
from ..helpers import fmt

class ExecutedExceedsBudget(Rule):
    slug = "executed-exceeds-budget"
    title = "全年执行数超过全年预算数"
    severity = "error"
    messages = {"default": "{row}的全年执行数 {executed} 超过全年预算数 {budget}（执行率 {rate}%），执行率不能超过 100%。"}
    rationale = Rationale(
        what="某一资金行的全年执行数大于全年预算数。",
        why="支出不能超过预算；执行率超过 100% 是数据错误（常见于把年初数与全年数填反，或单位不一致）。",
        example="全年预算数 100，全年执行数 120。",
        fix="核对预算调整和实际支出数据，更正全年预算数或全年执行数。",
    )
    passing = (Example(),)
    failing = (Example(patch={"funds.total.executed": 120}, cells=("F6",)),)

    def check(self, ev):
        tolerance = ev.profile.tolerances["amount"]
        for name, amounts in ev.funds.rows.items():
            budget_column = "initial" if ev.funds.without_annual_column else "annual"
            executed, budget = amounts["executed"].value, amounts[budget_column].value
            if executed is not None and budget is not None and budget > 0 and executed > budget + tolerance:
                yield self.finding(ev, amounts["executed"].cell.ref, row=ev.funds.labels[name], executed=fmt(executed),
                                   budget=fmt(budget), rate=fmt(executed / budget * 100))


RULE = ExecutedExceedsBudget
