from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name


class ScoreExceedsWeight(Rule):
    slug = "score-exceeds-weight"
    title = "得分超过分值"
    severity = "error"
    messages = {
        "default": "{name}得分 {score} 超过分值 {weight}，得分不能高于分值。",
        "execution": "预算执行率得分 {score} 超过分值 {weight}，得分不能高于分值。",
    }
    rationale = Rationale(
        what="某项指标（或预算执行率）的得分大于它的分值。",
        why="每项得分以分值为上限；超过分值会虚增总分，审核时一律退回。",
        example="“培训人数”分值 20，得分填了 25。",
        fix="得分改为不超过分值的数；超额完成也只能得满分，并在偏差原因中说明。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.0.score": 25}, cells=("H13",)),
        Example(patch={"funds.total.score": 12}, cells=("I6",)),
    )

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        funds = ev.funds
        if funds.score_reported and funds.score_reported.value is not None and funds.weight is not None:
            if funds.score_reported.value > funds.weight + tolerance:
                yield self.finding(ev, funds.score_reported.cell.ref, "execution",
                                   score=fmt(funds.score_reported.value), weight=fmt(funds.weight))
        for result in ev.filled:
            score, weight = result.score_reported.value, result.weight.value
            if score is not None and weight is not None and score > weight + tolerance:
                yield self.finding(ev, result.row.score.ref, name=indicator_name(result), score=fmt(score), weight=fmt(weight))


RULE = ScoreExceedsWeight
