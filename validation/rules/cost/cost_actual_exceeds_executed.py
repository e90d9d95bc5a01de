from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name
from ._money import money_rows, yuan


class CostActualExceedsExecuted(Rule):
    slug = "cost-actual-exceeds-executed"
    title = "成本实际值超过项目全年执行数"
    severity = "warning"
    messages = {"default": "{name}实际完成值 {actual} 万元，超过项目全年执行数 {executed} 万元；成本不会多于项目全部支出，请核对金额或单位。"}
    rationale = Rationale(
        what="经济成本指标的实际完成值（金额）大于项目资金的全年执行数。",
        why="单项成本是项目支出的一部分，不可能超过全部支出；多半是单位写错或填了预算数。",
        example="全年执行数 9.82 万元，成本指标实际完成值“98200万元”。",
        fix="核对成本金额与单位，使其与资金部分一致。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.3.actual": "120万元"}, cells=("F16",)),)

    def check(self, ev):
        executed = ev.funds.executed
        if executed is None or executed <= 0:
            return
        tolerance = ev.profile.tolerances["amount"]
        for result in money_rows(ev):
            actual = yuan(result.actual)
            if actual is not None and actual / 1e4 > executed + tolerance:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), actual=fmt(actual / 1e4, 4),
                                   executed=fmt(executed))


RULE = CostActualExceedsExecuted
