from ..base import Example, Rationale, Rule


class NameSpellingNormalised(Rule):
    slug = "name-spelling-normalised"
    title = "指标名称有笔误，已按规范名称处理"
    severity = "info"
    messages = {"default": "{level}“{found}”按规范名称“{canonical}”处理，建议改正。"}
    rationale = Rationale(
        what="一级或二级指标名称与规范名称只差一两个字（如“服务对象满意度标”“满意度”）。",
        why="这是常见笔误，工具按规范名称归类和计分；改正后表格更规范，也避免其他系统识别失败。",
        example="二级指标“服务对象满意度标”（应为“服务对象满意度指标”）。",
        fix="改为规范名称。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.6.level2": "服务对象满意度标"}, cells=("C19",)),)

    def check(self, ev):
        for result in ev.filled:
            for cell, match, level in ((result.row.level1, result.level1_match, "一级指标"),
                                       (result.row.level2, result.level2_match, "二级指标")):
                if not cell.blank and match is not None and match.corrected and match.canonical:
                    yield self.finding(ev, cell.ref, level=level, found=cell.text, canonical=match.canonical)


RULE = NameSpellingNormalised
