from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name


class ScoreNegative(Rule):
    slug = "score-negative"
    title = "得分为负数"
    severity = "error"
    messages = {
        "default": "{name}得分为 {score}，得分应在 0 到分值 {weight} 之间。",
        "execution": "预算执行率得分为 {score}，得分应在 0 到分值 {weight} 之间。",
    }
    rationale = Rationale(
        what="某项指标（或预算执行率）的得分小于 0，无论定量、定性指标。",
        why="每项得分最低为 0：未完成的指标得 0 分，不倒扣；负分会拉低总分，使总分、等级都与评分规则不符，审核时一律退回。",
        example="定性指标“服务质量”评价为“未达成年度指标且效果较差”，得分填了 −5。",
        fix="得分改为 0 到分值之间的数（未完成的最低 0 分），并在偏差原因中说明。",
    )
    passing = (Example(), Example(patch={"indicators.4.actual": "未达成年度指标且效果较差", "indicators.4.score": 0,
                                         "indicators.4.reason": "项目推迟到下一年度实施"}))
    failing = (
        Example(patch={"indicators.4.score": -5, "indicators.4.reason": "效果较差"}, cells=("H17",)),
        Example(patch={"indicators.0.score": -1}, cells=("H13",)),
        Example(patch={"funds.total.score": -2}, cells=("I6",)),
    )

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        funds = ev.funds
        if funds.score_reported and funds.score_reported.value is not None and funds.score_reported.value < -tolerance:
            yield self.finding(ev, funds.score_reported.cell.ref, "execution", score=fmt(funds.score_reported.value),
                               weight=fmt(funds.weight))
        for result in ev.filled:
            score = result.score_reported.value
            if score is not None and score < -tolerance:
                yield self.finding(ev, result.row.score.ref, name=indicator_name(result), score=fmt(score),
                                   weight=fmt(result.weight.value))


RULE = ScoreNegative
