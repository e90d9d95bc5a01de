"""The blank 评分表 (项目支出绩效评价指标体系及评分表) template: one sheet per project.

Rows follow the reference framework of 财预〔2020〕10号 (附件2 项目支出绩效评价指标体系框架):
决策 / 过程 / 产出 / 效益, their 二级 and 三级, with a suggested 分值 the evaluator adjusts
(labels carry their weight, as published tables do: "决策（15）"). The 合计 and 评价等级 are
formulas; a 得分 above its 分值, or a 分值 total other than 100, turns red; labels are locked,
the 分值, 得分 and 评价意见 cells are not.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from validation.profile import Profile, load_profile

from . import styles
from .package import rewrite
from .template import RED, grade_formula, protect_sheet, default_year

# (一级, 二级, 三级, suggested 分值)
FRAMEWORK = (
    ("决策", "项目立项", "立项依据充分性", 3),
    ("决策", "项目立项", "立项程序规范性", 2),
    ("决策", "绩效目标", "绩效目标合理性", 3),
    ("决策", "绩效目标", "绩效指标明确性", 2),
    ("决策", "资金投入", "预算编制科学性", 3),
    ("决策", "资金投入", "资金分配合理性", 2),
    ("过程", "资金管理", "资金到位率", 3),
    ("过程", "资金管理", "预算执行率", 4),
    ("过程", "资金管理", "资金使用合规性", 3),
    ("过程", "组织实施", "管理制度健全性", 5),
    ("过程", "组织实施", "制度执行有效性", 5),
    ("产出", "产出数量", "实际完成率", 10),
    ("产出", "产出质量", "质量达标率", 10),
    ("产出", "产出时效", "完成及时性", 8),
    ("产出", "产出成本", "成本节约率", 7),
    ("效益", "项目效益", "经济效益", 5),
    ("效益", "项目效益", "社会效益", 5),
    ("效益", "项目效益", "生态效益", 5),
    ("效益", "项目效益", "可持续影响", 5),
    ("效益", "满意度", "服务对象满意度", 10),
)
HEADER = ("一级指标", "二级指标", "三级指标", "指标解释及评分标准", "分值", "评价得分", "评价意见（扣分原因）")
WIDTHS = {"A": 12, "B": 12, "C": 18, "D": 36, "E": 8, "F": 10, "G": 40}
TITLE_ROW, PROJECT_ROW, HEADER_ROW = 1, 2, 3
FIRST_ROW = HEADER_ROW + 1


def _sums(level: int) -> dict[tuple, int]:
    totals: dict[tuple, int] = {}
    for row in FRAMEWORK:
        totals[row[:level]] = totals.get(row[:level], 0) + row[3]
    return totals


def _merge_runs(ws, column: str, keys: list[tuple]) -> None:
    """Merge a level column down over the rows of each group, as published tables do."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            if i - start > 1:
                ws.merge_cells(f"{column}{FIRST_ROW + start}:{column}{FIRST_ROW + i - 1}")
            start = i


def add_score_table_sheet(book, name: str, profile: Profile, year: int):
    ws = book.create_sheet(name)
    last = FIRST_ROW + len(FRAMEWORK) - 1
    total, grade = last + 1, last + 2
    ws.merge_cells(f"A{TITLE_ROW}:G{TITLE_ROW}")
    ws[f"A{TITLE_ROW}"] = f"{year}年度项目支出绩效评价指标体系及评分表"
    ws[f"A{TITLE_ROW}"].font, ws[f"A{TITLE_ROW}"].alignment = styles.TITLE_FONT, styles.CENTER
    ws[f"A{PROJECT_ROW}"] = "项目名称"
    styles.label(ws[f"A{PROJECT_ROW}"])
    ws.merge_cells(f"B{PROJECT_ROW}:G{PROJECT_ROW}")
    for column in "BCDEFG":
        styles.entry(ws[f"{column}{PROJECT_ROW}"], styles.LEFT)
    for column, text in zip("ABCDEFG", HEADER):
        ws[f"{column}{HEADER_ROW}"] = text
        styles.label(ws[f"{column}{HEADER_ROW}"])
    level1, level2 = _sums(1), _sums(2)
    for offset, (l1, l2, l3, weight) in enumerate(FRAMEWORK):
        r = FIRST_ROW + offset
        previous = FRAMEWORK[offset - 1] if offset else None
        if previous is None or previous[0] != l1:
            ws[f"A{r}"] = f"{l1}（{level1[(l1,)]}）"
        if previous is None or previous[:2] != (l1, l2):
            ws[f"B{r}"] = f"{l2}（{level2[(l1, l2)]}）"
        ws[f"C{r}"], ws[f"E{r}"] = l3, weight
        for column in "ABC":
            styles.label(ws[f"{column}{r}"])
        styles.entry(ws[f"D{r}"], styles.LEFT)
        styles.entry(ws[f"E{r}"], number_format="General")
        styles.entry(ws[f"F{r}"], number_format="General")
        styles.entry(ws[f"G{r}"], styles.LEFT)
    _merge_runs(ws, "A", [row[:1] for row in FRAMEWORK])
    _merge_runs(ws, "B", [row[:2] for row in FRAMEWORK])
    ws[f"A{total}"] = "合计"
    ws.merge_cells(f"A{total}:D{total}")
    styles.label(ws[f"A{total}"])
    ws[f"E{total}"] = f"=SUM(E{FIRST_ROW}:E{last})"
    ws[f"F{total}"] = f'=IF(COUNT(F{FIRST_ROW}:F{last})=0,"",SUM(F{FIRST_ROW}:F{last}))'
    styles.computed(ws[f"E{total}"], "General")
    styles.computed(ws[f"F{total}"], "General")
    ws[f"A{grade}"] = "评价等级"
    ws.merge_cells(f"A{grade}:D{grade}")
    styles.label(ws[f"A{grade}"])
    ws[f"E{grade}"] = grade_formula(f"F{total}", profile)
    ws.merge_cells(f"E{grade}:F{grade}")
    styles.computed(ws[f"E{grade}"], "General")
    for column in "BCDG":
        ws[f"{column}{total}"].border = ws[f"{column}{grade}"].border = styles.BORDER
    # a score above its 分值 or below 0, and a 分值 total other than 100, turn red
    ws.conditional_formatting.add(f"F{FIRST_ROW}:F{last}", FormulaRule(
        formula=[f'AND(ISNUMBER(F{FIRST_ROW}),OR(F{FIRST_ROW}>N(E{FIRST_ROW}),F{FIRST_ROW}<0))'], fill=RED))
    ws.conditional_formatting.add(f"E{total}", FormulaRule(formula=[f"ROUND(E{total},2)<>100"], fill=RED))
    scores = DataValidation(type="custom", formula1=f"AND(F{FIRST_ROW}>=0,F{FIRST_ROW}<=E{FIRST_ROW})", allow_blank=True,
                            showErrorMessage=True, errorTitle="评价得分", error="评价得分应在 0 到该项分值之间。")
    scores.add(f"F{FIRST_ROW}:F{last}")
    ws.add_data_validation(scores)
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation, ws.page_setup.paperSize = "portrait", ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    protect_sheet(ws)
    return ws


INSTRUCTIONS = (
    "项目支出绩效评价指标体系及评分表填写说明",
    "1. 每个被评价项目一张表。指标按财预〔2020〕10号附件2《项目支出绩效评价指标体系框架（参考）》预置，分值为参考值，"
    "可按项目调整；调整后请同时改正一级、二级指标名称中标注的分值（如“决策（15）”），使其等于下级分值之和。",
    "2. 分值合计应为 100 分，不等于 100 时合计单元格变红。",
    "3. 评价得分在 0 到该项分值之间；超出时单元格变红。不扣分时得分等于分值。",
    "4. 评价意见写明依据；凡扣分，写明扣分原因（如“实施方案未按期报备，扣 1 分”）。意见与得分应一致：指出不足的不给满分，"
    "写“未建立”“未制定”的不应得一半以上的分。",
    "5. 合计和评价等级自动计算：90 分（含）以上为优，80（含）–90 分为良，60（含）–80 分为中，60 分以下为差。",
    "6. 填好后在“绩效自评”选项卡点“校验”，或用 `ziping check` 检查：分值与标注是否一致、合计是否正确、意见与得分是否矛盾。",
)


def build_score_table_template(path: str | Path, projects: int = 1, year: int | None = None,
                               profile: Profile | str = "national") -> Path:
    profile = load_profile(profile) if isinstance(profile, str) else profile
    year = year or default_year()
    book = Workbook()
    book.remove(book.active)
    for n in range(1, projects + 1):
        add_score_table_sheet(book, f"评分表{n}" if projects > 1 else "评分表", profile, year)
    notes = book.create_sheet("说明")
    notes.column_dimensions["A"].width = 110
    for row, text in enumerate(INSTRUCTIONS, start=1):
        cell = notes.cell(row, 1, text)
        cell.font = styles.TITLE_FONT if row == 1 else styles.TEXT_FONT
        cell.alignment = styles.LEFT
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        book.save(temporary)
        rewrite(temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
