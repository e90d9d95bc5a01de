from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class ActualMissing(Rule):
    slug = "actual-missing"
    title = "缺少实际完成值"
    severity = "error"
    messages = {"default": "{name}未填写实际完成值（年度指标值为“{target}”）。"}
    rationale = Rationale(
        what="指标写了年度指标值，实际完成值却是空白或占位符（“—”“/”“*”）。",
        why="没有实际完成值就无法判断目标是否完成，得分没有依据。",
        example="“培训人数”年度指标值“≥1000人”，实际完成值填“—”。",
        fix="填写实际完成的数值和单位（如“1100人”）；定性指标填写达成情况（如“达成年度指标”或“优”）。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": "—"}, cells=("F13",)),)

    def check(self, ev):
        for result in ev.filled:
            actual = result.row.actual
            if not result.row.target.blank and actual.blank and actual.ref is not None and actual.ref not in ev.record.uncached_formulas:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), target=result.row.target.text)


RULE = ActualMissing
