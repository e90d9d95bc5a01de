from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class UnitMissing(Rule):
    slug = "unit-missing"
    title = "缺少计量单位"
    severity = "warning"
    messages = {
        "actual": "{name}实际完成值“{actual}”没有单位，已按年度指标值的单位“{unit}”比较。",
        "target": "{name}年度指标值“{target}”没有单位{assumed}。",
    }
    rationale = Rationale(
        what="定量指标的年度指标值或实际完成值只写了数字，没有写计量单位。",
        why="没有单位时只能假定两边单位相同；一旦假定错了（如“元”与“万元”），完成情况和得分都会错。",
        example="年度指标值“≤1455人”，实际完成值“1422”。",
        fix="补上计量单位，两边写法一致，如“1422人”。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.0.actual": "1100"}, cells=("F13",)),
        Example(patch={"indicators.0.target": "≥1000"}, cells=("E13",)),
    )

    def check(self, ev):
        for result in ev.filled:
            comparison = result.comparison
            if comparison is None or comparison.assumed_unit is None:
                continue
            if comparison.assumed_unit == "actual":
                yield self.finding(ev, result.row.actual.ref, "actual", name=indicator_name(result),
                                   actual=result.row.actual.text, unit=result.target.quantity.unit.text)
            else:
                has_actual_unit = result.actual.has_unit if result.actual else False
                assumed = f"，已按实际完成值的单位“{result.actual.quantity.unit.text}”比较" if has_actual_unit else "，实际完成值也没有单位"
                yield self.finding(ev, result.row.target.ref, "target", name=indicator_name(result),
                                   target=result.row.target.text, assumed=assumed)


RULE = UnitMissing
