from ..base import Example, Rationale, Rule
from ..helpers import TIER_NAMES, indicator_name


class TierInferredFromText(Rule):
    slug = "tier-inferred-from-text"
    title = "定性评价档次由文字推断"
    severity = "info"
    messages = {
        "default": "{name}实际完成值“{actual}”不是评价档次，根据其中的“{word}”推断为“{tier}”；如不准确，请改填“达成年度指标/部分达成年度指标并具有一定效果/未达成年度指标且效果较差”或评价等级。",
        "same_as_target": "{name}实际完成值照抄了年度指标值“{actual}”，按“达成”计；请写明实际完成的情况或评价档次（如“达成年度指标”）。",
    }
    rationale = Rationale(
        what="定性指标的实际完成值是描述性文字，工具从中的关键词推断了评价档次；或实际完成值照抄了年度指标值，工具按达成计。",
        why="档次决定得分区间；推断可能不准（如“基本实现”与“实现”），所以明确告诉填报人推断依据。",
        example="年度指标值“好坏”，实际完成值“维修维护质量好”，按“好”推断为达成。",
        fix="确认推断结果；最好直接填写评价档次或评价等级（如“优”）。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.4.actual": "服务能力明显提升"}, cells=("F17",)),
        Example(patch={"indicators.4.actual": "稳步提升"}, cells=("F17",)),
    )

    def check(self, ev):
        for result in ev.filled:
            answer = result.answer
            if answer is not None and answer.how in ("inferred", "same_as_target"):
                variant = "same_as_target" if answer.how == "same_as_target" else "default"
                yield self.finding(ev, result.row.actual.ref, variant, name=indicator_name(result),
                                   actual=result.row.actual.text[:40], word=answer.word, tier=TIER_NAMES[answer.tier])


RULE = TierInferredFromText
