from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class ActualWrittenAsBound(Rule):
    slug = "actual-written-as-bound"
    title = "实际完成值写成了范围"
    severity = "info"
    messages = {"default": "{name}实际完成值“{actual}”是一个范围而非实际数值；按此范围已可判定达到年度指标值“{target}”，建议填写实际数值。"}
    rationale = Rationale(
        what="实际完成值带比较符号（如“<2小时”“>150个”“≥90”），是范围而不是实际数。",
        why="范围足以说明达标时可以计分，但审核更希望看到实际数值，便于与往年比较。",
        example="年度指标值“≤24小时”，实际完成值“<2小时”。",
        fix="填写实际数值，如“1.5小时”“152个”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": ">1000人"}, cells=("F13",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.actual_bound and result.decided:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), actual=result.row.actual.text,
                                   target=result.row.target.text)


RULE = ActualWrittenAsBound
