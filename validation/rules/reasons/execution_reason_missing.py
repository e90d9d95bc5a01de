from ..base import Example, Rationale, Rule
from ..helpers import fmt_percent

_EXPLAINING_WORDS = ("执行率", "预算执行", "结转", "结余", "未支付", "尾款", "支出进度", "资金执行", "未执行", "执行进度")


class ExecutionReasonMissing(Rule):
    slug = "execution-reason-missing"
    title = "执行率偏低未说明原因"
    severity = "error"
    messages = {"default": "预算执行率 {rate} 低于 {threshold}，按评分口径“{profile}”须说明原因，但总体目标完成情况和偏差原因中都没有关于预算执行的说明。"}
    rationale = Rationale(
        what="评分口径要求预算执行率低于某一比例（如四川 90%）时必须说明原因，而表中没有说明。",
        why="执行率偏低意味着资金沉淀；部分地区要求在自评表中写明原因和改进措施。",
        example="四川口径，执行率 62.61%，表中没有提到合同尾款未付或资金结转。",
        fix="在“实际完成情况”或偏差原因中写明执行率偏低的原因（如“合同尾款未支付，已申请结转”）和改进措施。",
    )
    passing = (
        Example(),
        Example(patch={"funds.total.executed": 80, "funds.total.rate": 0.8, "funds.total.score": 8,
                       "goal_actual": "完成培训；预算执行率80%，原因是合同尾款未支付。"}, profile="sichuan"),
    )
    failing = (Example(patch={"funds.total.executed": 80, "funds.total.rate": 0.8, "funds.total.score": 8},
                       cells=("H6",), profile="sichuan"),)

    def check(self, ev):
        threshold = ev.profile.reason_below_rate
        rate = ev.funds.rate
        if threshold is None or rate is None or rate >= threshold:
            return
        texts = [ev.record.goal_actual.text] + [r.reason for r in ev.indicators]
        if any(word in text for text in texts for word in _EXPLAINING_WORDS):
            return
        rate_cell = ev.funds.rate_reported.cell.ref if ev.funds.rate_reported else None
        executed = ev.funds.rows["total"]["executed"].cell.ref
        yield self.finding(ev, rate_cell or executed, rate=fmt_percent(rate), threshold=fmt_percent(threshold),
                           profile=ev.profile.title)


RULE = ExecutionReasonMissing
