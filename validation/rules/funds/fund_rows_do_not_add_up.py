from ...record import Cell, FundRow
from ..base import Example, Rationale, Rule
from ..helpers import fmt

_COLUMNS = {"initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数"}


class FundRowsDoNotAddUp(Rule):
    slug = "fund-rows-do-not-add-up"
    title = "资金来源合计不等于年度资金总额"
    severity = "error"
    messages = {"default": "年度资金总额的{column}为 {total}，但各项资金来源合计为 {sum}（{parts}）。"}
    rationale = Rationale(
        what="按列核对：年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金。",
        why="资金来源与总额对不上，说明有一行漏填或填错，执行率和得分的依据就不可靠。",
        example="全年预算数：总额 35.80，财政拨款 19.36，上年结转 16.44 —— 合计 35.80，正确；若结转漏填则不符。",
        fix="补齐或更正资金来源各行，使每一列的分项之和等于年度资金总额。",
    )
    failing = (Example(patch={"funds.fiscal.executed": 90}, cells=("F6",)),
               Example(patch={"funds.fiscal.annual": 90, "funds.more": (FundRow(label=Cell("单位资金", "C10"), annual=Cell(5, "E10")),)},
                       cells=("E6",)))
    passing = (Example(), Example(patch={"funds.fiscal.annual": 90, "funds.fiscal.initial": 90, "funds.fiscal.executed": 90,
                                         "funds.more": (FundRow(label=Cell("单位资金", "C10"), initial=Cell(10, "D10"),
                                                                annual=Cell(10, "E10"), executed=Cell(10, "F10")),)}))

    def check(self, ev):
        rows = ev.funds.rows
        total = rows.get("total")
        parts = [(name, amounts) for name, amounts in rows.items() if name != "total"]
        if not total or not parts:
            return
        tolerance = ev.profile.tolerances["amount"]
        names = ev.funds.labels
        for column, label in _COLUMNS.items():
            values = [(name, amounts[column].value) for name, amounts in parts]
            if all(v is None for _, v in values) or total[column].value is None:
                continue
            if any(amounts[column].problem for _, amounts in parts):
                continue
            subtotal = sum(v or 0 for _, v in values)
            if abs(subtotal - total[column].value) > tolerance:
                detail = " + ".join(f"{names[n]} {fmt(v or 0)}" for n, v in values)
                yield self.finding(ev, total[column].cell.ref, column=label, total=fmt(total[column].value),
                                   sum=fmt(subtotal), parts=detail)


RULE = FundRowsDoNotAddUp
