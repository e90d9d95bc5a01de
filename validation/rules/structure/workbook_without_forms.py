from ..base import WORKBOOK, Example, Rationale, Rule
from .sheet_not_a_form import _FORM_GRID


class WorkbookWithoutForms(Rule):
    slug = "workbook-without-forms"
    title = "工作簿中没有自评表"
    severity = "warning"
    scope = WORKBOOK
    messages = {"default": "工作簿中没有找到任何项目支出绩效自评表（共 {sheets} 个工作表，均不是自评表）。"}
    rationale = Rationale(
        what="整个工作簿中没有一张可识别的自评表。",
        why="报送的文件里没有自评表，审核无从进行；常见原因是报错了文件、或表头被改成了其他文字。",
        example="报送文件只有一个空白工作表。",
        fix="核对报送文件；自评表应包含“项目名称”与“一级指标/二级指标/三级指标/年度指标值/实际完成值/分值/得分”表头。",
    )
    passing = (Example(grid=_FORM_GRID),)
    failing = (Example(grid=((None,),), cells=(None,)),)

    def check(self, ev):  # emitted by the workbook reader
        return iter(())


RULE = WorkbookWithoutForms
