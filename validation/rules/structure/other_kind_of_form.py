from ..base import SHEET, Example, Rationale, Rule

_OVERALL_GRID = (
    ("2023年度部门整体支出绩效自评表",),
    ("部门名称", "某区教育局"),
    ("年度总体目标", "完成年度各项任务"),
    ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"),
    (None, "产出指标", "数量指标", "培训人数", "≥1000人", "1100人", 90, 90, None),
    ("总分", None, None, None, None, None, 100, 100),
)
_PROJECT_GRID = (
    ("项目支出绩效自评表",),
    ("项目名称", None, "示例项目"),
    ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"),
    (None, "产出指标", "数量指标", "培训人数", "≥1000人", "1100人", 90, 90, None),
    ("总分", None, None, None, None, None, 100, 100),
)

KIND_NAMES = {"department_overall": "部门（单位）整体支出绩效自评表"}


class OtherKindOfForm(Rule):
    slug = "other-kind-of-form"
    title = "另一种表：未按项目支出自评表校验"
    severity = "warning"
    scope = SHEET
    messages = {"default": "这是{kind}（“{title}”），不是项目支出绩效自评表；它的指标与评分方法不同，ziping 未对它校验和计分，请另行审核。"}
    rationale = Rationale(
        what="工作表中是部门（单位）整体支出绩效自评表等另一种表，而不是项目支出绩效自评表。",
        why="整体支出自评表的表头与项目表相似（也有一级、二级、三级指标），但评价对象和评分方法不同；"
            "按项目表计分会得出错误的分数和问题。明确说明未校验，审核人就不会误以为它已通过。",
        example="标题为“2023年度部门整体支出绩效自评表”的工作表。",
        fix="无需修改；整体支出自评表请按相应办法另行审核。若这张表其实是项目表，请把标题改为“项目支出绩效自评表”。",
    )
    passing = (Example(grid=_PROJECT_GRID),)
    failing = (Example(grid=_OVERALL_GRID, cells=("A1",)),)

    def check(self, ev):  # emitted by the form reader, not per form
        return iter(())


RULE = OtherKindOfForm
