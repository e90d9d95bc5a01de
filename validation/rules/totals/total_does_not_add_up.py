from ..base import Example, Rationale, Rule
from ..helpers import fmt


class TotalDoesNotAddUp(Rule):
    slug = "total-does-not-add-up"
    title = "总分不等于各项得分之和"
    severity = "error"
    messages = {"default": "总分填写为 {shown}，但预算执行率得分与各指标得分合计为 {sum}。"}
    rationale = Rationale(
        what="总分与“预算执行率得分 + 各指标得分”之和不一致。",
        why="总分必须由各项得分相加而来；不一致说明某项得分改过而总分没改，或总分是估填的。",
        example="执行率得分 10，指标得分合计 85，总分却写 100（应为 95）。",
        fix="重新相加各项得分填写总分；可点击“计算得分”核对。",
    )
    passing = (Example(),)
    failing = (Example(patch={"total.score": 95}, cells=("H20",)),)

    def check(self, ev):
        shown, total = ev.total_reported.value, ev.reported_sum
        if shown is None or total is None:
            return
        if abs(shown - total) > ev.profile.tolerances["score"]:
            yield self.finding(ev, ev.total_reported.cell.ref, shown=fmt(shown), sum=fmt(total))


RULE = TotalDoesNotAddUp
