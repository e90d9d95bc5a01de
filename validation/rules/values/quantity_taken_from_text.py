from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class QuantityTakenFromText(Rule):
    slug = "quantity-taken-from-text"
    title = "从文字中读取了实际完成值"
    severity = "info"
    messages = {"default": "{name}实际完成值是一段文字，已从中读取数值“{quantity}”与年度指标值“{target}”比较；请确认，最好只填数值和单位。"}
    rationale = Rationale(
        what="实际完成值是一句话，其中恰好有一个带单位的数（如“共建设18套，功能均已实现”）。",
        why="工具按这个数计分，但如果句中的数并非实际完成量，得分就会错，需要填报人确认。",
        example="年度指标值“≤20套”，实际完成值“共建设18套，所有功能均已实现”。",
        fix="实际完成值只填“18套”，说明性文字写在偏差原因分析或总体目标完成情况中。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": "共培训1100人"}, cells=("F13",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.actual_from_text is not None:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result),
                                   quantity=result.actual_from_text.label(), target=result.row.target.text)


RULE = QuantityTakenFromText
