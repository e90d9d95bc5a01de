from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class CostTargetWithPositiveOperator(Rule):
    slug = "cost-target-with-positive-operator"
    title = "成本指标用了“≥”"
    severity = "warning"
    messages = {"default": "{name}是成本指标，年度指标值却写“{target}”（越多越好）；成本指标一般应为“≤”。"}
    rationale = Rationale(
        what="成本类指标的年度指标值用了“≥”“>”或“不低于”。",
        why="成本指标衡量花费，应控制在目标以内（反向指标）；写成“≥”意味着花得越多越好，计分方向会反过来。",
        example="“培训成本”年度指标值“≥100万元”。",
        fix="改为“≤100万元”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.3.target": "≥100万元"}, cells=("E16",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.is_cost and result.kind == "quantitative" and result.target.op in ("≥", ">"):
                yield self.finding(ev, result.row.target.ref, name=indicator_name(result), target=result.row.target.text)


RULE = CostTargetWithPositiveOperator
