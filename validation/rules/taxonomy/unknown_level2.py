from ...taxonomy import allowed_level2_text
from ..base import Example, Rationale, Rule


class UnknownLevel2(Rule):
    slug = "unknown-level2"
    title = "二级指标名称不规范"
    severity = "warning"
    messages = {"default": "二级指标“{found}”不是规范名称；{hint}"}
    rationale = Rationale(
        what="二级指标不在财政部指标体系中（数量、质量、时效、成本；经济/社会/生态环境成本；经济/社会/生态效益、可持续影响；服务对象满意度）。",
        why="二级指标决定指标性质（如时效、成本按反向计分），名称不规范时无法正确归类和计分。",
        example="二级指标写成“服务指标”。",
        fix="改为规范的二级指标名称。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.1.level2": "服务指标"}, cells=("C14",)),)

    def check(self, ev):
        for result in ev.filled:
            cell = result.row.level2
            if not cell.blank and result.level2_match is not None and result.level2_match.canonical is None:
                yield self.finding(ev, cell.ref, found=cell.text, hint=allowed_level2_text(result.level1))


RULE = UnknownLevel2
