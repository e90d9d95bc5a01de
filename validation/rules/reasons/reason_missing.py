from ...record import Cell
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
    messages = {
        "default": "{name}需要填写偏差原因分析及改进措施（{why}），但该栏为空。",
        "no_column": "第 {rows} 行的指标需要说明偏差原因（{why}），但表中既没有“偏差原因分析”栏，也没有填写偏差原因分析。",
    }
    rationale = Rationale(
        what="应当说明偏差原因的指标行，“偏差原因分析及改进措施”栏是空的。",
        why="按规定，以下情况必须说明原因和改进措施：得分低于分值；定量目标未完成；大幅超额完成（全国口径 ≥ 1.2 倍）；"
            "定性评价低于“达成”。缺少说明的自评表会被退回。",
        example="“数据差错率”分值 15、得分 10，偏差原因栏为空。",
        fix="写明偏差的具体原因和下一步改进措施，如“合同约定12月9日完成，明年提前安排招标”。",
    )
    passing = (Example(), Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18,
                                         "indicators.0.reason": "受场地改造影响，下半年停训一个月；明年提前安排场地。"}),
               Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18, "indicators.0.reason": Cell(None, None),
                              "reason_block": Cell("受场地改造影响，下半年停训一个月。", "B22")}))
    failing = (Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18}, cells=("I13",)),
               Example(patch={"indicators.0.actual": "1300人"}, cells=("I13",)),
               Example(patch={"indicators.5.actual": "良", "indicators.5.score": 10}, cells=("I18",)),
               Example(patch={"indicators.0.actual": "900人", "indicators.0.score": 18, "indicators.0.reason": Cell(None, None),
                              "indicators.1.actual": "90%", "indicators.1.score": 9, "indicators.1.reason": Cell(None, None)},
                       cells=("H13",)))

    def check(self, ev):
        without_column = []
        for result in ev.filled:
            if not result.needs_reason or result.reason:
                continue
            if result.row.reason.ref is None:  # the layout has no reason column: one block explains all rows
                without_column.append(result)
                continue
            yield self.finding(ev, result.row.reason.ref, name=indicator_name(result), why=_triggers(result, ev.profile))
        if without_column and ev.record.reason_block.blank:
            first = without_column[0]
            yield self.finding(ev, first.row.score.ref or first.row.name.ref, "no_column",
                               rows="、".join(str(r.row.row) for r in without_column), why=_triggers(first, ev.profile))


RULE = ReasonMissing
