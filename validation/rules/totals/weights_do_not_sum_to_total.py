from ..base import Example, Rationale, Rule
from ..helpers import fmt


class WeightsDoNotSumToTotal(Rule):
    slug = "weights-do-not-sum-to-total"
    title = "分值合计不等于100"
    severity = "error"
    messages = {
        "default": "预算执行率分值 {execution} 与各指标分值合计 {indicators}，共 {sum}，应为 {total}。",
        "total_cell": "总分行分值写为 {shown}，但预算执行率与各指标分值合计为 {sum}。",
    }
    rationale = Rationale(
        what="预算执行率分值与全部绩效指标分值之和不等于满分（全国口径 100 分），或总分行的分值与合计不一致。",
        why="权重不足或超出 100 时，总分失去可比性；这是审核退回最常见的原因之一。",
        example="执行率 10 分，指标分值合计 95 分，总分行却写 100。",
        fix="调整各指标分值，使预算执行率分值（一般 10 分）与指标分值（一般 90 分）合计为 100。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.0.weight": 25}, cells=("G20",)),
        Example(patch={"total.weight": 90}, cells=("G20",)),
    )

    def check(self, ev):
        if ev.weight_sum is None or not ev.filled:
            return
        expected = float(ev.profile.data["weights"]["total"])
        tolerance = ev.profile.tolerances["score"]
        cell = ev.total_weight_reported.cell.ref or ev.record.total.score.ref
        if abs(ev.weight_sum - expected) > tolerance:
            execution = ev.funds.weight if ev.funds.present else 0
            indicators = sum(i.weight.value for i in ev.filled)
            yield self.finding(ev, cell, execution=fmt(execution), indicators=fmt(indicators),
                               sum=fmt(ev.weight_sum), total=fmt(expected))
            return
        shown = ev.total_weight_reported.value
        if shown is not None and abs(shown - ev.weight_sum) > tolerance:
            yield self.finding(ev, cell, "total_cell", shown=fmt(shown), sum=fmt(ev.weight_sum))


RULE = WeightsDoNotSumToTotal
