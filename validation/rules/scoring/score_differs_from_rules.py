from ...numbers import DIFFERS, ROUNDED
from ..base import Example, Rationale, Rule
from ..helpers import DIRECTION_NAMES, fmt, indicator_name, score_out_of_range


class ScoreDiffersFromRules(Rule):
    slug = "score-differs-from-rules"
    title = "得分与评分规则计算结果不同"
    severity = "warning"
    messages = {"default": "{name}填报得分 {reported}，按评分规则应为 {computed}（{basis}）。"}
    rationale = Rationale(
        what="定量指标的填报得分与按评分口径计算的得分不同。",
        why="正向指标未完成按“分值 × 实际值 / 目标值”计分，反向指标超出按“分值 × 目标值 / 实际值”计分（口径可选偏离度法）；"
            "得分与规则不符时，审核会要求说明或按规则调整。填报人可以有理由地酌情扣分，所以这是警告而非错误。",
        example="“完成时间”目标“≤11月”，实际“12月9日”，分值 10：按规则应得 9.74 分，填报 8 分。",
        fix="按规则计算的得分填写，或在偏差原因中说明扣分依据；可点击“计算得分”查看。",
    )
    passing = (Example(), Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18, "indicators.0.reason": "受场地限制"}))
    failing = (Example(patch={"indicators.0.actual": "900人"}, cells=("H13",)),)

    def check(self, ev):
        reject_rounded = ev.profile.scoring.get("rounded_scores") == "reject"
        for result in ev.filled:
            reported = result.score_reported
            agreement = result.score_agreement  # set for decided quantitative rows with both scores
            if score_out_of_range(result, ev.profile):
                continue
            if agreement == DIFFERS or (agreement == ROUNDED and reject_rounded):
                basis = _basis(result, ev.profile)
                yield self.finding(ev, reported.cell.ref, name=indicator_name(result), reported=fmt(reported.value),
                                   computed=fmt(result.score_computed), basis=basis)


def _basis(result, profile) -> str:
    comparison = result.comparison
    direction = DIRECTION_NAMES.get(result.direction, "")
    if result.status in ("met", "exceeded"):
        return f"{direction}，已完成，得满分"
    a, b = comparison.a, comparison.b
    unit = comparison.base_unit
    if result.target.kind == "date":
        a_text, b_text = f"第{fmt(a)}天", f"第{fmt(b)}天"
    else:
        a_text, b_text = fmt(a) + unit, fmt(b) + unit
    weight = fmt(result.weight.value)
    if result.direction == "reverse" or (result.direction == "equal" and profile.scoring["equal_scored_as"] == "reverse"):
        if profile.scoring["reverse_strategy"] == "ratio":
            return f"{direction}：{weight} × 目标 {a_text} ÷ 实际 {b_text}"
        return f"{direction}，偏离度法：{weight} × (1 − (实际 {b_text} − 目标 {a_text}) ÷ 目标)"
    return f"{direction}：{weight} × 实际 {b_text} ÷ 目标 {a_text}"


RULE = ScoreDiffersFromRules
