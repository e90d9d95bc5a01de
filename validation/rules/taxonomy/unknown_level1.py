from ...taxonomy import LEVEL1_NAMES
from ..base import Example, Rationale, Rule


class UnknownLevel1(Rule):
    slug = "unknown-level1"
    title = "一级指标名称不规范"
    severity = "warning"
    messages = {"default": "一级指标“{found}”不是规范名称，应为 {choices} 之一。"}
    rationale = Rationale(
        what="一级指标不是产出指标、成本指标、效益指标、满意度指标之一。",
        why="一级指标是全国统一的框架，汇总和分值指引都按它归类；名称不规范会被归错类或漏统计。",
        example="一级指标写成“产出类”。",
        fix="改为规范名称：产出指标、成本指标、效益指标、满意度指标。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.level1": "产出类"}, cells=("B13",)),)

    def check(self, ev):
        for result in ev.filled:
            cell = result.row.level1
            if not cell.blank and result.level1_match is not None and result.level1_match.canonical is None:
                yield self.finding(ev, cell.ref, found=cell.text, choices="、".join(LEVEL1_NAMES))


RULE = UnknownLevel1
