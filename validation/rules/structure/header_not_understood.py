from ..base import Example, Rationale, Rule
from ...record import HeaderProblem

COLUMN_NAMES = {"level3": "三级指标", "target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}


class HeaderNotUnderstood(Rule):
    slug = "header-not-understood"
    title = "表头有未能识别的列"
    severity = "warning"
    messages = {
        "unread": "指标表头“{text}”未能识别，这一列没有读取；若它是年度指标值、实际完成值、分值或得分，请改用规范的表头文字。",
        "missing": "指标表头中没有找到“{text}”列，各指标的{text}无法读取，相关检查已跳过；请补上该列或改用规范的表头文字。",
        "missing_weight": "指标表头中没有“分值”列（有些地方的样表只在标签中写分值，如“产出指标(60分)”），各指标得分是否超过分值、是否符合评分规则无法核对，相关检查已跳过。",
    }
    rationale = Rationale(
        what="找到了自评表，但指标表头中有一列的标题无法识别，或缺少三级指标、年度指标值、实际完成值、分值、得分中的某一列。",
        why="各列按表头文字读取；表头读错时，每一行都会被误判（例如把所有指标都报成“缺少年度指标值”）。"
            "此时只在表头处提示一次，不逐行报错，由填报人核对表头。",
        example="指标表头写作“年度计划数”而不是“年度指标值”，该列没有被读取。",
        fix="表头使用规范文字：一级指标、二级指标、三级指标、年度指标值、实际完成值、分值、得分、偏差原因分析及改进措施；"
            "也可把新的写法补充到 ziping 的表头词表（workbooks/data/labels.json）。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"header_problems": (HeaderProblem("unread", "E12", "年度计划数"),)}, cells=("E12",)),
        Example(patch={"header_problems": (HeaderProblem("missing", "B12", "target"),)}, cells=("B12",)),
    )

    def check(self, ev):
        for problem in ev.record.header_problems:
            text = COLUMN_NAMES.get(problem.text, problem.text) if problem.kind == "missing" else problem.text
            variant = "missing_weight" if problem.kind == "missing" and problem.text == "weight" else problem.kind
            yield self.finding(ev, problem.cell, variant, text=text[:30])


RULE = HeaderNotUnderstood
