from ...numbers import ROUNDED
from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name


class ScoreRounded(Rule):
    slug = "score-rounded"
    title = "得分按较低精度取整"
    severity = "info"
    messages = {
        "default": "{name}填报得分 {reported}，按评分规则为 {computed}；填报值是规则得分取整到填报精度的结果，已按 {computed} 计入总分核对。",
        "execution": "预算执行率得分填报 {reported}，按执行率计算为 {computed}；填报值是取整后的结果，已按 {computed} 计入总分核对。",
    }
    rationale = Rationale(
        what="填报的得分等于按规则计算的得分四舍五入到填报人所用精度（整数或一位小数）的结果，如 8.62 填成 9。",
        why="取整不是计算错误，但会让总分与规则得分相差零点几分；提示一次，既不当作错误退回，也不悄悄接受。"
            "评分口径可设为不接受取整（scoring.rounded_scores = reject），此时按“得分与评分规则计算结果不同”报告。",
        example="执行率 86.18%、分值 10，规则得分 8.62，填报 9。",
        fix="按规则保留两位小数填写得分（如 8.62）。",
    )
    passing = (Example(), Example(patch={"funds.total.executed": 86.18, "funds.total.rate": 0.8618, "funds.total.score": 8.62}))
    failing = (
        Example(patch={"funds.total.executed": 86.18, "funds.total.rate": 0.8618, "funds.total.score": 9}, cells=("I6",)),
        Example(patch={"indicators.0.actual": "862人", "indicators.0.score": 17, "indicators.0.reason": "场地受限"},
                cells=("H13",)),
    )

    def check(self, ev):
        if ev.profile.scoring.get("rounded_scores", "accept") != "accept":
            return
        funds = ev.funds
        if funds.score_agreement == ROUNDED:
            yield self.finding(ev, funds.score_reported.cell.ref, "execution", reported=fmt(funds.score_reported.value),
                               computed=fmt(funds.score))
        for result in ev.filled:
            if result.score_agreement == ROUNDED:
                yield self.finding(ev, result.score_reported.cell.ref, name=indicator_name(result),
                                   reported=fmt(result.score_reported.value), computed=fmt(result.score_computed))


RULE = ScoreRounded
