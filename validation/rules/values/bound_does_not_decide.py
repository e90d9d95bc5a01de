from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class BoundDoesNotDecide(Rule):
    slug = "bound-does-not-decide"
    title = "实际完成值的范围无法判定是否完成"
    severity = "warning"
    messages = {"default": "{name}实际完成值“{actual}”是一个范围，无法判定是否达到年度指标值“{target}”，未计分。请填写实际数值。"}
    rationale = Rationale(
        what="实际完成值写成范围（带比较符号），而这个范围不足以判断是否达到目标。",
        why="例如目标“≥1000人”、实际“<1200人”：实际可能是 900 人，也可能是 1100 人，得分无从确定。",
        example="年度指标值“≥1000人”，实际完成值“<1200人”。",
        fix="填写实际达到的数值，如“1150人”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": "<1200人"}, cells=("F13",)),)

    def check(self, ev):
        for result in ev.filled:
            comparison = result.comparison
            if result.actual_bound and not result.decided and comparison is not None and not comparison.mismatch and not comparison.unit_error:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), actual=result.row.actual.text,
                                   target=result.row.target.text)


RULE = BoundDoesNotDecide
