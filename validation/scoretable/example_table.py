"""The example 评分表 every rule of the 评分表 family writes its examples against.

A clean table (分值 100, 合计 98, grade 优) in the layout of a 绩效评价报告's
指标体系及评分情况表, the level cells merged down as published:

    row 1  title                       row 2  header: A 一级 B 二级 C 三级 D 四级 E 分值 F 评价得分 G 评价意见
    rows 3–12  indicator rows          row 13 合计: E13 分值 F13 得分
"""

from __future__ import annotations

from typing import Any

from ..record import Cell
from .record import ScoreRow, ScoreTable
from ..rules.example_form import set_path

ROWS = (
    # 一级, 二级, 三级, 四级, 分值, 得分, 评价意见
    ("项目决策（15）", "绩效目标（5）", "目标内容", "绩效目标明确", 3, 3, "绩效目标明确，与项目内容相符"),
    (None, None, None, "绩效目标细化程度", 2, 1, "绩效目标不够细化，产出数量不具体"),
    (None, "决策过程（10）", "决策依据", "项目符合发展规划", 5, 5, "项目与部门年度工作计划相符"),
    (None, None, "决策程序", "项目申报和批复程序", 5, 5, "申报、批复程序符合相关管理办法"),
    ("项目管理（30）", "项目资金（15）", "预算管理", "预算执行率", 15, 15, "项目预算执行率100%"),
    (None, "项目实施（15）", "制度建设", "项目管理制度的健全性", 5, 5, "建立了项目管理制度并严格执行"),
    (None, None, "过程控制", "项目实施程序合理性", 10, 10, "项目实施程序合理"),
    ("项目绩效（55）", "项目产出（30）", "产出数量", "达到预期目标", 30, 29, "达到目标，但量化不足"),
    (None, "项目效果（25）", "社会效益", "优化办公效率", 19, 19, "社会效益明显"),
    (None, None, "服务对象满意度", "服务单位满意度", 6, 6, "满意度调查结果为98%"),
)
FIRST_ROW = 3


def example_table() -> ScoreTable:
    rows = []
    for offset, (l1, l2, l3, l4, weight, score, comment) in enumerate(ROWS):
        r = FIRST_ROW + offset
        rows.append(ScoreRow(
            row=r,
            levels=(Cell(l1, f"A{r}"), Cell(l2, f"B{r}"), Cell(l3, f"C{r}"), Cell(l4, f"D{r}")),
            weight=Cell(weight, f"E{r}"), score=Cell(score, f"F{r}"), comment=Cell(comment, f"G{r}"),
        ))
    total = FIRST_ROW + len(ROWS)
    return ScoreTable(
        sheet="评分表", origin="A2", title=Cell("区政府档案数字化购买服务项目绩效评价指标体系及评分表", "A1"),
        rows=tuple(rows), total_label=Cell("合计", f"A{total}"), total_weight=Cell(100, f"E{total}"),
        total_score=Cell(98, f"F{total}"), level_columns=4,
    )


def patched_table(patch: dict[str, Any]) -> ScoreTable:
    """The example table with some cells changed ("rows.1.score": 2)."""
    table = example_table()
    for path, value in patch.items():
        table = set_path(table, path.split("."), value)
    return table
