from ...numbers import DIFFERS, ROUNDED
from ..base import Example, Rationale, Rule
from ..helpers import fmt, fmt_percent


class ExecutionScoreWrong(Rule):
    slug = "execution-score-wrong"
    title = "预算执行率得分计算错误"
    severity = "error"
    messages = {"default": "预算执行率得分填写为 {shown}，按执行率 {rate} × 分值 {weight} 应为 {expected}。"}
    rationale = Rationale(
        what="预算执行率得分与“min(执行率, 100%) × 分值”不一致。",
        why="预算执行得分按执行率比例计算，执行率超过 100% 也只得满分；填错会让总分失真。",
        example="执行率 62.61%、分值 10，得分应为 6.26，却填了 10。",
        fix="得分 = 执行率 × 分值（执行率超过 100% 按 100% 计），保留两位小数。",
    )
    passing = (Example(), Example(patch={"funds.total.executed": 62.61, "funds.total.rate": "62.61%", "funds.total.score": 6.3}))
    failing = (Example(patch={"funds.total.score": 9}, cells=("I6",)),)

    def check(self, ev):
        funds = ev.funds
        reported = funds.score_reported
        if reported is None or reported.value is None or funds.score is None:
            return
        agreement = funds.score_agreement
        if agreement == DIFFERS or (agreement == ROUNDED and ev.profile.scoring.get("rounded_scores") == "reject"):
            yield self.finding(ev, reported.cell.ref, shown=fmt(reported.value), rate=fmt_percent(min(funds.rate, 1.0)),
                               weight=fmt(funds.weight), expected=fmt(funds.score))


RULE = ExecutionScoreWrong
