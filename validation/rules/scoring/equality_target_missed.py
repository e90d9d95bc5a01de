from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class EqualityTargetMissed(Rule):
    slug = "equality-target-missed"
    title = "“等于”目标未精确达到"
    severity = "warning"
    messages = {"default": "{name}年度指标值“{target}”要求等于，实际完成值“{actual}”与之不同；已按{scored}指标计分。"}
    rationale = Rationale(
        what="年度指标值用“=”表示要求恰好等于，实际完成值与之不同。",
        why="“=”目标通常是面积、数量等固定值；不相等时要确认是目标写法不当（应为≥或≤）还是确有偏差。",
        example="年度指标值“=3672.2平方米”，实际完成值“3500平方米”。",
        fix="若偏差属实，说明原因；若目标本应是“≥”或“≤”，更正年度指标值。",
    )
    passing = (Example(patch={"indicators.0.target": "=1100人"}),)
    failing = (Example(patch={"indicators.0.target": "=1000人"}, cells=("F13",)),)

    def check(self, ev):
        scored = "反向" if ev.profile.scoring["equal_scored_as"] == "reverse" else "正向"
        for result in ev.filled:
            if result.equal_missed:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), target=result.row.target.text,
                                   actual=result.row.actual.text, scored=scored)


RULE = EqualityTargetMissed
