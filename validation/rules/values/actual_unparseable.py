from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class ActualUnparseable(Rule):
    slug = "actual-unparseable"
    title = "实际完成值无法识别"
    severity = "error"
    messages = {"default": "{name}实际完成值“{found}”无法识别：{problem}。"}
    rationale = Rationale(
        what="实际完成值写了数字，却不是“数值 + 单位”的形式。",
        why="无法识别的完成值不能与目标比较，得分没有依据。",
        example="“1100-1200人”（区间）、“≥”（缺数值）。",
        fix="写实际达到的单个数值和单位，如“1150人”“98%”“12月9日”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": "1100-1200人"}, cells=("F13",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.actual is not None and result.actual.kind == "invalid":
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), found=result.row.actual.text,
                                   problem=result.actual.problem)


RULE = ActualUnparseable
