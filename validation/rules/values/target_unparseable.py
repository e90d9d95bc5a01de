from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class TargetUnparseable(Rule):
    slug = "target-unparseable"
    title = "年度指标值无法识别"
    severity = "error"
    messages = {"default": "{name}年度指标值“{found}”无法识别：{problem}。"}
    rationale = Rationale(
        what="年度指标值写了比较符号或数字，却不是“比较符号 + 数值 + 单位”的形式。",
        why="无法识别的目标无法与实际完成值比较，得分没有依据。",
        example="“≥”（缺数值）、“90-95%”（区间）、“≥9.5.1%”。",
        fix="写成“≥95%”“≤100万元”“=3672.2平方米”“≤11月”这样的形式；定性目标直接写文字或评价等级。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.target": "≥"}, cells=("E13",)),
               Example(patch={"indicators.1.target": "90-95%"}, cells=("E14",)))

    def check(self, ev):
        for result in ev.filled:
            if result.target is not None and result.target.kind == "invalid":
                yield self.finding(ev, result.row.target.ref, name=indicator_name(result), found=result.row.target.text,
                                   problem=result.target.problem)


RULE = TargetUnparseable
