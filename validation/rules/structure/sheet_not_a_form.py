from ..base import SHEET, Example, Rationale, Rule

_FORM_GRID = (
    ("项目名称", None, "示例项目"),
    ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"),
    (None, "产出指标", "数量指标", "培训人数", "≥1000人", "1100人", 90, 90, None),
    ("总分", None, None, None, None, None, 100, 100),
)


class SheetNotAForm(Rule):
    slug = "sheet-not-a-form"
    title = "工作表不是自评表"
    severity = "info"
    scope = SHEET
    messages = {
        "default": "工作表“{sheet}”中没有找到项目支出绩效自评表（未找到“项目名称”或“三级指标/年度指标值/实际完成值”表头），已跳过。",
        "skipped": "工作表“{sheet}”{why}。",
    }
    rationale = Rationale(
        what="工作簿中不含自评表的工作表（填报说明、附件、空白页等）。",
        why="自评表按表头文字定位；找不到表头的工作表不会被校验。若它本应是自评表，说明表头被改动或删除，需要核对。",
        example="“填报说明”工作表只有文字说明，没有“项目名称”和指标表头。",
        fix="若该表确是自评表，恢复“项目名称”“一级指标”“年度指标值”“实际完成值”等表头文字；否则无需处理。",
    )
    passing = (Example(grid=_FORM_GRID),)
    failing = (Example(grid={"附件": (("附件：项目明细",), ("请按财政局要求填写本表。",)), "表1": _FORM_GRID}, cells=(None,)),)

    def check(self, ev):  # emitted by the form reader, not per form
        return iter(())


RULE = SheetNotAForm
