from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class ActualNotQuantified(Rule):
    slug = "actual-not-quantified"
    title = "定量指标的实际完成值没有量化"
    severity = "warning"
    messages = {"default": "{name}的年度指标值是定量的“{target}”，实际完成值却是文字“{actual}”，无法核对是否完成。应填写数值，如“{example}”。"}
    rationale = Rationale(
        what="年度指标值是数值（如“≥95%”“≤11月”），实际完成值却写成“按时完成”“实现预期目标”之类的文字。",
        why="文字无法与目标比较，得分没有依据；审核时这类填法通常被退回补充实际数值。",
        example="年度指标值“≥95%”，实际完成值“实现预期目标”。",
        fix="填写实际达到的数值和单位，如“98%”“11月”“2万人”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": "按计划完成"}, cells=("F13",)),
               Example(patch={"indicators.2.actual": "按时完成"}, cells=("F15",)))

    def check(self, ev):
        for result in ev.filled:
            if result.unquantified:
                target = result.target
                if target.kind == "date":
                    example = target.deadline.label()
                else:
                    example = target.quantity.label()
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), target=result.row.target.text,
                                   actual=result.row.actual.text[:40], example=example)


RULE = ActualNotQuantified
