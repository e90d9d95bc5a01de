from ..base import Example, Rationale, Rule
from ..helpers import TIER_NAMES, fmt, indicator_name


def _triggers(result, profile) -> str:
    parts = []
    for trigger in result.reason_triggers:
        if trigger == "score_below_weight":
            parts.append(f"得分 {fmt(result.score_reported.value)} 低于分值 {fmt(result.weight.value)}")
        elif trigger == "not_met":
            parts.append(f"实际完成值“{result.row.actual.text}”未达到年度指标值“{result.row.target.text}”")
        elif trigger == "overachieved":
            ratio = profile.scoring["overachievement"]["reason_ratio"]
            parts.append(f"实际完成值超过年度指标值的 {fmt(ratio)} 倍")
        elif trigger == "below_met":
            parts.append(f"评价为“{TIER_NAMES[result.status]}”")
    return "；".join(dict.fromkeys(parts))


class ReasonMissing(Rule):
    slug = "reason-missing"
    title = "缺少偏差原因分析"
    severity = "error"
    messages = {"default": "{name}需要填写偏差原因分析及改进措施（{why}），但该栏为空。"}
    rationale = Rationale(
        what="应当说明偏差原因的指标行，“偏差原因分析及改进措施”栏是空的。",
        why="按规定，以下情况必须说明原因和改进措施：得分低于分值；定量目标未完成；大幅超额完成（全国口径 ≥ 1.2 倍）；"
            "定性评价低于“达成”。缺少说明的自评表会被退回。",
        example="“数据差错率”分值 15、得分 10，偏差原因栏为空。",
        fix="写明偏差的具体原因和下一步改进措施，如“合同约定12月9日完成，明年提前安排招标”。",
    )
    passing = (Example(), Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18,
                                         "indicators.0.reason": "受场地改造影响，下半年停训一个月；明年提前安排场地。"}))
    failing = (Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18}, cells=("I13",)),
               Example(patch={"indicators.0.actual": "1300人"}, cells=("I13",)),
               Example(patch={"indicators.5.actual": "良", "indicators.5.score": 10}, cells=("I18",)))

    def check(self, ev):
        for result in ev.filled:
            if result.needs_reason and not result.reason:
                cell = result.row.reason.ref or result.row.score.ref
                yield self.finding(ev, cell, name=indicator_name(result), why=_triggers(result, ev.profile))


RULE = ReasonMissing
