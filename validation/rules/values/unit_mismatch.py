from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


def _unit_text(parsed) -> str:
    if parsed.kind == "date":
        return "日期/月份"
    if parsed.kind == "quantity":
        return parsed.quantity.unit.text or "无单位"
    return "文字"


class UnitMismatch(Rule):
    slug = "unit-mismatch"
    title = "年度指标值与实际完成值单位不一致"
    severity = "error"
    messages = {
        "default": "{name}年度指标值“{target}”的单位是“{t_unit}”，实际完成值“{actual}”的单位是“{a_unit}”，两者无法换算比较。",
        "money_percent": "{name}年度指标值“{target}”与实际完成值“{actual}”一个是金额、一个是百分比，金额类指标不能写成百分比。",
    }
    rationale = Rationale(
        what="年度指标值和实际完成值的单位属于不同的量（人与人次、份与页、金额与百分比、月份与天数）。",
        why="不同的量无法换算，也就无法判断是否完成；多半是其中一边写错了单位或指标口径前后不一。",
        example="年度指标值“≥1000人”，实际完成值“1100份”；或成本指标目标“≤10万元”，完成值“98%”。",
        fix="两边使用同一计量口径；金额类指标写金额（元/万元），比率类写百分比。",
    )
    passing = (Example(), Example(patch={"indicators.0.actual": "0.11万人"}))
    failing = (
        Example(patch={"indicators.0.actual": "1100份"}, cells=("F13",)),
        Example(patch={"indicators.3.actual": "98%"}, cells=("F16",)),
    )

    def check(self, ev):
        for result in ev.filled:
            if result.comparison is None or not result.comparison.mismatch:
                continue
            t_unit, a_unit = _unit_text(result.target), _unit_text(result.actual)
            kinds = {result.target.quantity.unit.kind if result.target.quantity else None,
                     result.actual.quantity.unit.kind if result.actual.quantity else None}
            variant = "money_percent" if kinds == {"money", "percent"} else "default"
            yield self.finding(ev, result.row.actual.ref, variant, name=indicator_name(result), target=result.row.target.text,
                               actual=result.row.actual.text, t_unit=t_unit, a_unit=a_unit)


RULE = UnitMismatch
