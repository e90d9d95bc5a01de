from ...findings import split_a1
from ..base import Example, Rationale, Rule


class FormulaWithoutCachedValue(Rule):
    slug = "formula-without-cached-value"
    title = "公式没有计算结果"
    severity = "error"
    messages = {"default": "单元格是公式，但文件中没有保存计算结果（文件由程序生成、从未在 Excel 中打开保存），无法读取其数值。"}
    rationale = Rationale(
        what="单元格含公式，但工作簿里没有保存公式的计算结果。",
        why="没有缓存结果时读取到的是空值；若当作空白处理，会误报“缺少得分”或算错总分。",
        example="由其他系统导出的 xlsx，执行率单元格为“=F6/E6”，但从未在 Excel 中重新计算并保存。",
        fix="在 Excel 或 WPS 中打开该文件，按 F9 重新计算后保存，再提交校验。",
    )
    passing = (Example(),)
    failing = (Example(patch={"uncached_formulas": frozenset({"H6"}), "funds.total.rate": None}, cells=("H6",)),)

    def check(self, ev):
        for ref in sorted(ev.record.uncached_formulas, key=split_a1):
            yield self.finding(ev, ref)


RULE = FormulaWithoutCachedValue
