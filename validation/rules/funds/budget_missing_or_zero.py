from ..base import Example, Rationale, Rule


class BudgetMissingOrZero(Rule):
    slug = "budget-missing-or-zero"
    title = "全年预算数为空或为零"
    severity = "error"
    messages = {"default": "年度资金总额的{column}{state}，无法计算执行率和预算执行得分。"}
    rationale = Rationale(
        what="资金部分已经填写，但计算执行率所用的全年预算数为空或为 0。",
        why="执行率 = 全年执行数 ÷ 全年预算数；分母为空或为零时执行率无从计算。",
        example="全年预算数填 0，全年执行数 9.82。",
        fix="填写调整后的全年预算数（万元）。",
    )
    passing = (Example(),)
    failing = (Example(patch={"funds.total.annual": 0}, cells=("E6",)),
               Example(patch={"funds.total.annual": None}, cells=("E6",)))

    def check(self, ev):
        funds = ev.funds
        total = funds.rows.get("total")
        if not total or not funds.filled:
            return
        column = funds.denominator_column
        amount = total[column]
        if amount.problem or amount.cell.ref in ev.record.uncached_formulas:
            return
        label = "年初预算数" if column == "initial" else "全年预算数"
        if amount.value is None:
            yield self.finding(ev, amount.cell.ref, column=label, state="为空")
        elif amount.value <= 0:
            yield self.finding(ev, amount.cell.ref, column=label, state="为 0" if amount.value == 0 else "为负数")


RULE = BudgetMissingOrZero
