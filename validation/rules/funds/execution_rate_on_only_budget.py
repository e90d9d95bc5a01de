from ...record import Cell
from ..base import Example, Rationale, Rule
from ..helpers import fmt, fmt_percent

# The older template: 年初预算数(A) | 全年执行数(B) | 执行率(B/A), no 全年预算数 column.
_NO_ANNUAL = {f"funds.{row}.annual": Cell() for row in ("total", "fiscal", "carryover", "other")}


class ExecutionRateOnOnlyBudget(Rule):
    slug = "execution-rate-on-only-budget"
    title = "没有全年预算数一栏，执行率按年初预算数计算"
    severity = "info"
    messages = {"default": "本表资金部分没有“全年预算数”一栏，执行率按年初预算数 {initial} 计算为 {rate}；"
                           "如年中调整过预算，请改用有全年预算数的自评表样式。"}
    rationale = Rationale(
        what="资金部分只有年初预算数和全年执行数（较早的样表：年初预算数(A)、全年执行数(B)、执行率(B/A)），没有全年预算数一栏。",
        why="执行率应按全年预算数（调整后预算）计算；表中没有这一栏时，年初预算数是表中唯一的预算，只能按它计算，"
            "但年中调整过的预算不会反映出来，审核时应知道这一点。",
        example="年初预算数 310.2，全年执行数 154.74，执行率 50%，表中没有全年预算数。",
        fix="年中没有调整预算的，无需改动；调整过的，改用现行样表（年初预算数、全年预算数、全年执行数三栏）。",
    )
    passing = (Example(),)
    failing = (Example(patch=_NO_ANNUAL, cells=("H6",)),)

    def check(self, ev):
        funds = ev.funds
        if not funds.without_annual_column or ev.profile.execution_denominator == "initial_budget":
            return
        if funds.rate is None:
            return  # nothing computed on it (ZP306 says why when the budget is blank)
        cell = funds.rate_reported.cell.ref if funds.rate_reported is not None else None
        yield self.finding(ev, cell or funds.rows["total"]["initial"].cell.ref, initial=fmt(funds.initial_budget),
                           rate=fmt_percent(funds.rate))


RULE = ExecutionRateOnOnlyBudget
