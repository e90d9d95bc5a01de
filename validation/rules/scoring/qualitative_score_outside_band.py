from ..base import Example, Rationale, Rule
from ..helpers import TIER_NAMES, fmt, indicator_name, score_out_of_range


class QualitativeScoreOutsideBand(Rule):
    slug = "qualitative-score-outside-band"
    title = "定性指标得分不在档次区间内"
    severity = "warning"
    messages = {"default": "{name}评价为“{tier}”，得分应在 {low}–{high} 分{upper}之间，填报为 {reported}。"}
    rationale = Rationale(
        what="定性指标的得分不在其评价档次对应的区间内。",
        why="全国口径：达成年度指标得分为分值的 80%–100%，部分达成 60%–80%，未达成 0–60%（湖北口径为 100–80、80–50、50–0）。"
            "档次与得分对不上，说明评价或得分有一处不实。",
        example="“部分达成年度指标并具有一定效果”，分值 15，却得 15 分（应在 9–12 分之间）。",
        fix="按评价档次在区间内打分，或重新评估评价档次。",
    )
    passing = (Example(),
               Example(patch={"indicators.4.actual": "部分达成年度指标并具有一定效果", "indicators.4.score": 10,
                              "indicators.4.reason": "部分区县未完成"}))
    failing = (Example(patch={"indicators.4.actual": "部分达成年度指标并具有一定效果"}, cells=("H17",)),)

    def check(self, ev):
        from ...indicators import in_band

        for result in ev.filled:
            if result.kind != "qualitative" or result.band is None or result.answer is None:
                continue
            reported = result.score_reported.value
            if score_out_of_range(result, ev.profile):
                continue
            if reported is None or in_band(reported, result.band, result.answer.tier, ev.profile):
                continue
            low, high = result.band
            upper = "（含）" if result.answer.tier == "met" else "（不含上限）"
            yield self.finding(ev, result.row.score.ref, name=indicator_name(result), tier=TIER_NAMES[result.answer.tier],
                               low=fmt(low), high=fmt(high), upper=upper, reported=fmt(reported))


RULE = QualitativeScoreOutsideBand
