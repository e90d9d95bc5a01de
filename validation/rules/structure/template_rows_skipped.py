from ..base import Example, Rationale, Rule
from ..helpers import rows_and_names


class TemplateRowsSkipped(Rule):
    slug = "template-rows-skipped"
    title = "模板留下的空指标行已跳过"
    severity = "info"
    messages = {"default": "第 {rows} 行只有模板占位名称（{names}），没有指标值、完成值、分值和得分，未作为指标校验；不用时可删除这些行。"}
    rationale = Rationale(
        what="指标行只写着模板的占位名称（“指标1”“指标2”“XX指标”），其余各栏都是空的。",
        why="这些行是模板预留的，填报人没有用到。若当作指标校验，会对每一行报“缺少年度指标值”“缺少得分”等错误，"
            "还会让总分无法计算；跳过并提示一次，既不误报也不漏报。",
        example="“数量指标”下有“指标1”“指标2”两行，只有名称，其余为空。",
        fix="删除未使用的模板行；若确有该指标，填写实际的指标名称、年度指标值、实际完成值、分值和得分。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.6.name": "指标1", "indicators.6.target": None, "indicators.6.actual": None,
                       "indicators.6.weight": None, "indicators.6.score": None,
                       "indicators.5.weight": 25, "indicators.5.score": 25}, cells=("D19",)),
    )

    def check(self, ev):
        rows = ev.template_rows
        if rows:
            yield self.finding(ev, rows[0].row.name.ref, **rows_and_names(rows, most=5))


RULE = TemplateRowsSkipped
