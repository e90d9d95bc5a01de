import math

from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name


class UnitMagnitudeError(Rule):
    slug = "unit-magnitude-error"
    title = "单位疑似写错（相差整数量级）"
    severity = "error"
    messages = {"default": "{name}年度指标值“{target}”与实际完成值“{actual}”换算后相差约 {factor} 倍，单位换算无法解释，疑似单位写错（{hint}），未计分。"}
    rationale = Rationale(
        what="换算成同一单位后，年度指标值与实际完成值相差 100 倍以上，而两边写出的数字却相近。",
        why="这几乎总是单位写错（“元”与“万元”、“人”与“万人”）。按字面计分会得出 0 分或满分的荒谬结果，所以不计分，先请填报人更正。",
        example="成本指标年度指标值“≤10元”，实际完成值“9.82万元”（项目预算 9.82 万元）。",
        fix="更正写错单位的一边，如把“≤10元”改为“≤10万元”。",
    )
    passing = (Example(), Example(patch={"indicators.3.target": "≤1000000元"}))
    failing = (Example(patch={"indicators.3.target": "≤100元"}, cells=("E16",)),
               Example(patch={"indicators.0.actual": "1100万人"}, cells=("F13",)))

    def check(self, ev):
        executed = ev.funds.executed
        for result in ev.filled:
            comparison = result.comparison
            if comparison is None or not comparison.unit_error:
                continue
            ratio = comparison.b / comparison.a
            factor = fmt(10 ** round(math.log10(ratio)), 0) if ratio >= 1 else "1/" + fmt(10 ** round(-math.log10(ratio)), 0)
            cell, hint = result.row.actual.ref, "请核对实际完成值的单位"
            actual_matches_funds = (
                executed is not None and executed > 0 and result.actual.quantity is not None
                and result.actual.quantity.unit.is_money and abs(comparison.b / 1e4 - executed) <= max(0.01, executed * 0.01)
            )
            if actual_matches_funds:
                cell, hint = result.row.target.ref, f"实际完成值与全年执行数 {fmt(executed)} 万元一致，请核对年度指标值的单位"
            yield self.finding(ev, cell, name=indicator_name(result), target=result.row.target.text,
                               actual=result.row.actual.text, factor=factor, hint=hint)


RULE = UnitMagnitudeError
