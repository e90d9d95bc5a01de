import math

from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name
from ._money import money_rows, yuan


class CostOffByPowerOfTen(Rule):
    slug = "cost-off-by-power-of-ten"
    title = "成本金额与项目资金相差整数量级"
    severity = "warning"
    messages = {"default": "{name}{side}“{value}”换算为 {amount} 万元，与项目{fund} {fund_value} 万元相差约 {factor} 倍，疑似单位写错（元/万元）。"}
    rationale = Rationale(
        what="经济成本指标的金额与项目资金（全年执行数或预算数）的数字相同或相近，却相差 1 万倍、100 倍等整数量级。",
        why="这通常是把“万元”写成“元”（或反之）：数字抄对了，单位错了。目标和实际若都写错，两者比较不出问题，只有与资金对照才能发现。",
        example="全年执行数 100 万元，成本指标年度指标值“≤100元”、实际完成值“100元”。",
        fix="把金额单位改为与资金部分一致（通常为“万元”）。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.3.target": "≤100元", "indicators.3.actual": "100元"}, cells=("E16", "F16")),)

    def check(self, ev):
        funds = ev.funds
        references = [("全年执行数", funds.executed), ("全年预算数", funds.annual_budget), ("年初预算数", funds.initial_budget)]
        references = [(label, value) for label, value in references if value]
        if not references:
            return
        for result in money_rows(ev):
            for parsed, cell, side in ((result.target, result.row.target, "年度指标值"), (result.actual, result.row.actual, "实际完成值")):
                amount = yuan(parsed)
                if not amount:
                    continue
                for label, fund in references:
                    ratio = (amount / 1e4) / fund
                    exponent = round(math.log10(ratio)) if 0 < ratio < math.inf else 0  # inf: a fund of 1e-311
                    if abs(exponent) >= 2 and 0.9 <= ratio / 10 ** exponent <= 1.1:
                        factor = fmt(10 ** abs(exponent), 0)
                        yield self.finding(ev, cell.ref, name=indicator_name(result), side=side, value=cell.text,
                                           amount=fmt(amount / 1e4, 6), fund=label, fund_value=fmt(fund), factor=factor)
                        break


RULE = CostOffByPowerOfTen
