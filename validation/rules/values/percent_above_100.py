from ..base import Example, Rationale, Rule
from ..helpers import indicator_name

_GROWTH_WORDS = ("增长", "增幅", "增加", "提高", "提升", "同比", "比上年", "环比", "增速", "超额")


class PercentAbove100(Rule):
    slug = "percent-above-100"
    title = "百分比超过100%"
    severity = "warning"
    messages = {"default": "{name}{side}“{value}”超过 100%，比率类指标（合格率、满意度、覆盖率等）不应超过 100%。"}
    rationale = Rationale(
        what="合格率、满意度、覆盖率、完成率等比率写成了超过 100% 的数。",
        why="这类比率的上限是 100%；超过 100% 通常是把数量当成了百分比，或算错了分母。增长率类指标不在此列。",
        example="培训合格率实际完成值“120%”。",
        fix="核对分子分母，改为实际比率；若确为增长率，请在三级指标名称中写明“增长率”。",
    )
    passing = (Example(), Example(patch={"indicators.1.name": "培训人数增长率", "indicators.1.actual": "120%"}))
    failing = (Example(patch={"indicators.1.actual": "120%"}, cells=("F14",)),)

    def check(self, ev):
        for result in ev.filled:
            name = result.row.name.text
            if any(word in name for word in _GROWTH_WORDS):
                continue
            for parsed, cell, side in ((result.target, result.row.target, "年度指标值"), (result.actual, result.row.actual, "实际完成值")):
                if parsed is None or parsed.kind != "quantity" or parsed.quantity.unit.kind != "percent":
                    continue
                if parsed.quantity.base > 100 + 1e-9:
                    yield self.finding(ev, cell.ref, name=indicator_name(result), side=side, value=cell.text)


RULE = PercentAbove100
