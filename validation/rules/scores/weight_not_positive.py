from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name


class WeightNotPositive(Rule):
    slug = "weight-not-positive"
    title = "分值不大于零"
    severity = "error"
    messages = {"default": "{name}分值为 {weight}，分值应大于 0。"}
    rationale = Rationale(
        what="指标的分值为 0 或负数。",
        why="分值为 0 的指标不参与计分，等于没有设置；负分值会倒扣总分，都不符合评分规则。",
        example="“培训合格率”分值填了 0。",
        fix="为该指标分配大于 0 的分值，并使全部分值合计为 100；确实不需要的指标整行删除。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.1.weight": 0}, cells=("G14",)),)

    def check(self, ev):
        for result in ev.filled:
            weight = result.weight.value
            if weight is not None and weight <= 0:
                yield self.finding(ev, result.row.weight.ref, name=indicator_name(result), weight=fmt(weight))


RULE = WeightNotPositive
