"""The Excel template that mirrors the official 项目支出绩效自评表, and the filled sample.

One builder serves both: the blank template gets preset rows under every 一级/二级 of the
taxonomy (成本指标 as 一级), formulas for 执行率, the execution 得分, 总分 and 等级, dropdowns,
number formats and sheet protection (labels locked, input cells unlocked, no password);
the sample gets the nine published forms with the values exactly as reported, so that
checking it gives the same results as checking the published forms.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from validation.profile import Profile, load_profile
from validation.taxonomy import LEVEL1_NAMES, LEVEL2_NAMES

from . import styles
from .package import rewrite
from .conf import CONF_SHEET, REFERENCE_TITLE, reference_rows, template_rows
from .instructions import write_instructions
from .layout import WIDTH, Rows, write_form

# Preset rows of the blank form: (一级, 二级, rows).
TEMPLATE_ROWS = (
    ("产出指标", "数量指标", 2),
    ("产出指标", "质量指标", 2),
    ("产出指标", "时效指标", 1),
    ("成本指标", "经济成本指标", 1),
    ("成本指标", "社会成本指标", 1),
    ("成本指标", "生态环境成本指标", 1),
    ("效益指标", "经济效益指标", 1),
    ("效益指标", "社会效益指标", 2),
    ("效益指标", "生态效益指标", 1),
    ("效益指标", "可持续影响指标", 1),
    ("满意度指标", "服务对象满意度指标", 1),
)
TIERS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差")
RED = PatternFill("solid", fgColor="FFC7CE")
def default_year(today: date | None = None) -> int:
    """The budget year being evaluated: forms are filled from autumn on for the current year,
    and early in the next year for the year just ended."""
    today = today or date.today()
    return today.year if today.month >= 10 else today.year - 1


def blank_form(sheet: str, profile: Profile) -> dict:
    indicators, last_level1 = [], None
    for level1, level2, count in TEMPLATE_ROWS:
        for i in range(count):
            indicators.append({
                "level1": level1 if level1 != last_level1 else None,
                "level2": level2 if i == 0 else None,
            })
            last_level1 = level1
    empty = {"initial": None, "annual": None, "executed": None, "weight": "—", "rate": "—", "score": "—"}
    return {
        "sheet": sheet,
        "labels": "clean",
        "funds": {"total": dict(empty, weight=profile.execution_weight, rate=None, score=None),
                  "fiscal": dict(empty), "carryover": dict(empty), "other": dict(empty)},
        "goals": {"expected": None, "actual": None},
        "indicators": indicators,
        "total": {"weight": None, "score": None, "grade": None},
    }


def grade_formula(cell: str, profile: Profile) -> str:
    grades = list(profile.grades)
    formula = f'"{grades[-1][0]}"'
    for grade, minimum, _ in reversed(grades[:-1]):
        formula = f'IF({cell}>={minimum:g},"{grade}",{formula})'
    return f'=IF({cell}="","",{formula})'


def formulas(rows: Rows, profile: Profile) -> dict[str, str]:
    """The form's formulas (A1 at the form's top-left): 执行率, execution 得分, 分值 total, 总分, 等级."""
    first, last, total = rows.first_indicator + 1, rows.total, rows.total + 1
    return {
        "H6": '=IF(AND(ISNUMBER(E6),ISNUMBER(F6),N(E6)>0),F6/E6,"")',
        "I6": '=IF(H6="","",ROUND(MIN(H6,1)*G6,2))',
        f"G{total}": f"=N(G6)+SUM(G{first}:G{last})",
        f"H{total}": f'=IF(AND(I6="",COUNT(H{first}:H{last})=0),"",ROUND(N(I6)+SUM(H{first}:H{last}),2))',
        f"I{total}": grade_formula(f"H{total}", profile),
    }


def label_ranges(rows: Rows) -> list[str]:
    """The label cells of a form, as ranges (for clients that can only colour cells)."""
    last, total = rows.total, rows.total + 1
    return ["A3:B3", "A4:B4", "F4", "A5:B9", "C5:I5", "C6:C9", "A10:A11", "B10:I10", f"A12:A{last}", "B12:I12",
            f"A{total}:F{total}"]


def computed_refs(rows: Rows) -> list[str]:
    total = rows.total + 1
    return ["H6", "I6", f"G{total}", f"H{total}", f"I{total}"]


def _style(ws, rows: Rows, with_formulas: bool) -> None:
    total = rows.total + 1
    ws.merge_cells("A1:I1")
    ws["A1"].font, ws["A1"].alignment = styles.TITLE_FONT, styles.CENTER
    ws["A2"].font, ws["A2"].alignment = styles.SUBTITLE_FONT, styles.CENTER
    for ref in ("A3", "A4", "F4", "A5", "A10", "B10", "F10", "A12"):
        styles.label(ws[ref])
    for column in "BCDEFGHI":
        styles.label(ws[f"{column}5"])
        styles.label(ws[f"{column}12"])
    for row in range(6, 10):
        styles.label(ws[f"C{row}"])
        for column in "DEF":
            styles.entry(ws[f"{column}{row}"], number_format=styles.AMOUNT)
        for column in "GHI":
            styles.fixed(ws[f"{column}{row}"])
    styles.fixed(ws["G6"], "General")
    if with_formulas:
        styles.computed(ws["H6"], styles.RATE)
        styles.computed(ws["I6"], styles.SCORE)
    else:
        styles.entry(ws["H6"], number_format=styles.RATE)
        styles.entry(ws["I6"])
    for cells in ("C3:I3", "C4:E4", "G4:I4"):
        for row in ws[cells]:
            for cell in row:
                styles.entry(cell, styles.LEFT)
    for cells in ("B11:E11", "F11:I11"):
        for row in ws[cells]:
            for cell in row:
                styles.entry(cell, styles.TOP_LEFT)
    for row in range(rows.first_indicator + 1, total):
        for column in "ABCDEFGHI":
            cell = ws[f"{column}{row}"]
            if column == "A":
                styles.label(cell)
            elif column in "DI":
                styles.entry(cell, styles.LEFT)
            elif column in "EF":
                styles.entry(cell, number_format=styles.TEXT)
            else:
                styles.entry(cell)
    for column in "ABCDEF":
        styles.label(ws[f"{column}{total}"])
    if with_formulas:
        styles.computed(ws[f"G{total}"], "General")
        styles.computed(ws[f"H{total}"], styles.SCORE)
        styles.computed(ws[f"I{total}"], "General")
    else:
        for column in "GHI":
            styles.entry(ws[f"{column}{total}"])
    for column, width in styles.COLUMN_WIDTHS.items():
        ws.column_dimensions[column].width = width
    heights = {1: 30, 2: 20, 11: 96, 12: 30}
    for row in range(1, total + 1):
        ws.row_dimensions[row].height = heights.get(row, _indicator_height(ws, row) if row > 12 else 22)


def _indicator_height(ws, row: int) -> float:
    """Tall enough for the longest wrapped text of the row (about two width units a character)."""
    lines = 2
    for column in "CDEFI":
        text = ws[f"{column}{row}"].value
        if isinstance(text, str):
            per_line = max(1, int(styles.COLUMN_WIDTHS[column] / 2.1))
            lines = max(lines, -(-len(text) // per_line))
    return min(15.0 * lines, 150.0)


def _validations(ws, rows: Rows) -> None:
    first, last = rows.first_indicator + 1, rows.total
    span = lambda column: f"{column}{first}:{column}{last}"  # noqa: E731
    level1 = DataValidation(type="list", formula1='"' + ",".join(LEVEL1_NAMES) + '"', allow_blank=True,
                            errorTitle="一级指标", error="请从下拉列表中选择一级指标。", showErrorMessage=True)
    level2 = DataValidation(type="list", formula1='"' + ",".join(LEVEL2_NAMES) + '"', allow_blank=True,
                            errorTitle="二级指标", error="请从下拉列表中选择二级指标。", showErrorMessage=True)
    target = DataValidation(type=None, allow_blank=True, showInputMessage=True, promptTitle="年度指标值",
                            prompt="写成“比较符号+数值+单位”，如 ≥95%、≤100万元、=3672.2平方米、≤11月；定性指标写文字或评价等级，如“优良中差”。")
    actual = DataValidation(type="list", formula1='"' + ",".join(TIERS) + '"', allow_blank=True, showErrorMessage=False,
                            showInputMessage=True, promptTitle="实际完成值",
                            prompt="定量指标写实际数值和单位（如 98%、1100人、12月9日）；定性指标可从下拉列表选择评价档次，或写等级（优、良…）。")
    points = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                            errorTitle="分值/得分", error="请填写 0 到 100 之间的数值。", showErrorMessage=True)
    amounts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             errorTitle="金额", error="请填写以万元为单位的数值（不小于 0）。", showErrorMessage=True,
                             showInputMessage=True, promptTitle="金额（万元）", prompt="以万元为单位，保留两位小数。")
    reason = DataValidation(type=None, allow_blank=True, showInputMessage=True, promptTitle="偏差原因分析及改进措施",
                            prompt="得分低于分值、未完成目标、超过目标较多或定性评价低于“达成”时必须填写。")
    for validation, refs in ((level1, [span("B")]), (level2, [span("C")]), (target, [span("E")]), (actual, [span("F")]),
                             (points, [span("G"), span("H")]), (amounts, ["D6:F9"]), (reason, [span("I")])):
        for ref in refs:
            validation.add(ref)
        ws.add_data_validation(validation)
    ws.conditional_formatting.add(f"H{first}:H{last}", FormulaRule(formula=[f"AND(ISNUMBER(H{first}),ISNUMBER(G{first}),H{first}>G{first})"], fill=RED))
    weights_total = f"G{last + 1}"
    ws.conditional_formatting.add(weights_total, FormulaRule(
        formula=[f"AND(COUNT(G{first}:G{last})>0,{weights_total}<>100)"], fill=RED))


def _names(ws, rows: Rows, with_formulas: bool) -> None:
    """Sheet-scoped names for the key cells, for macros and other tools (the reader does not need them).

    ZP_FORMULAS exists only on sheets whose 执行率/得分/总分/等级 cells are formulas: it tells the
    add-in, which cannot read fills through the server client, that those cells carry the
    computed-cell fill."""
    first, last, total = rows.first_indicator + 1, rows.total, rows.total + 1
    quoted = "'" + ws.title.replace("'", "''") + "'"
    cells = {
        "ZP_YEAR": "$A$2", "ZP_PROJECT": "$C$3", "ZP_DEPARTMENT": "$C$4", "ZP_UNIT": "$G$4",
        "ZP_INITIAL": "$D$6", "ZP_ANNUAL": "$E$6", "ZP_EXECUTED": "$F$6", "ZP_EXEC_WEIGHT": "$G$6",
        "ZP_RATE": "$H$6", "ZP_EXEC_SCORE": "$I$6", "ZP_INDICATORS": f"$B${first}:$I${last}",
        "ZP_TOTAL_WEIGHT": f"$G${total}", "ZP_TOTAL": f"$H${total}", "ZP_GRADE": f"$I${total}",
    }
    if with_formulas:
        cells["ZP_FORMULAS"] = "$H$6"
    for name, ref in cells.items():
        ws.defined_names[name] = DefinedName(name, attr_text=f"{quoted}!{ref}")


def _print_setup(ws, rows: Rows) -> None:
    total = rows.total + 1
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1  # one page per project
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_area = f"A1:I{total}"
    ws.print_title_rows = "1:2"
    ws.freeze_panes = "A3"


def protect_sheet(ws) -> None:
    protection = ws.protection
    protection.sheet = True  # no password: protects labels against slips, not against intent
    protection.formatCells = False  # allowed: the add-in colours cells it flags
    protection.formatRows = False
    protection.formatColumns = False
    protection.insertRows = False
    protection.deleteRows = False
    protection.insertHyperlinks = False


def add_form_sheet(book, form: dict, profile: Profile, year: int, with_formulas: bool = True):
    """One styled form sheet at A1 (the layout the reader and the add-in expect)."""
    ws = book.create_sheet(form["sheet"])
    write_form(ws, form, top=1, left=1, style=form.get("labels", "clean"), year=year)
    rows = Rows(len(form["indicators"]))
    if with_formulas:
        for ref, formula in formulas(rows, profile).items():
            ws[ref] = formula
    _style(ws, rows, with_formulas)
    _validations(ws, rows)
    _names(ws, rows, with_formulas)
    _print_setup(ws, rows)
    protect_sheet(ws)
    return ws


def _conf_sheet(book, profile: Profile, year: int) -> None:
    ws = book.create_sheet(CONF_SHEET)
    rows = template_rows({"PROFILE": profile.name, "YEAR": str(year)})
    for r, (key, value, description) in enumerate(rows, start=1):
        ws.cell(r, 1, key).font = styles.LABEL_FONT
        ws.cell(r, 2, value).number_format = styles.TEXT
        ws.cell(r, 3, description).font = styles.TEXT_FONT
    for r in range(len(rows) + 1, len(rows) + 4):  # room for settings the clerk adds
        ws.cell(r, 2).number_format = styles.TEXT
    first = len(rows) + 5  # below an empty row: neither xlwings nor ziping reads on
    ws.cell(first, 2, REFERENCE_TITLE).font = styles.LABEL_FONT
    for r, (key, description) in enumerate(reference_rows(), start=first + 1):
        ws.cell(r, 2, key).font = styles.TEXT_FONT
        ws.cell(r, 3, description).font = styles.TEXT_FONT
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 80
    ws.sheet_state = "hidden"  # settings, not for printing; 取消隐藏 to edit


def _finish(book: Workbook, path: Path) -> Path:
    book.calculation.fullCalcOnLoad = True  # Excel computes the formulas when the file is opened
    book.properties.creator = "ziping"
    book.properties.title = "项目支出绩效自评表"
    fixed = book.properties.created.replace(year=2024, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    book.properties.created = book.properties.modified = fixed  # reproducible files
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    book.save(temporary)
    rewrite(temporary)  # reproducible bytes: the same content builds the same file
    temporary.replace(path)
    return path


def build_workbook(forms: list[dict], path: str | Path, profile: Profile, year: int, with_formulas: bool) -> Path:
    book = Workbook()
    book.remove(book.active)
    for form in forms:
        add_form_sheet(book, form, profile, year, with_formulas)
    write_instructions(book, profile)
    _conf_sheet(book, profile, year)
    book.active = 0
    return _finish(book, Path(path))


def build_template(path: str | Path, projects: int = 1, year: int | None = None, profile: Profile | str = "national") -> Path:
    """The blank template: `projects` form sheets named 项目1…项目N, 说明 and ziping.conf."""
    if not 1 <= projects <= 200:
        raise ValueError("projects must be between 1 and 200")
    profile = load_profile(profile) if isinstance(profile, str) else profile
    year = year or default_year()
    forms = [blank_form(f"项目{i}", profile) for i in range(1, projects + 1)]
    return build_workbook(forms, path, profile, year, with_formulas=True)


def build_sample(path: str | Path, forms: list[dict], year: int, profile: Profile | str = "national") -> Path:
    """A filled workbook in the template's layout, carrying the values as they were reported
    (no formulas: a published form's wrong 总分 must stay wrong so the checks can find it)."""
    profile = load_profile(profile) if isinstance(profile, str) else profile
    return build_workbook(forms, path, profile, year, with_formulas=False)


__all__ = ["build_template", "build_sample", "add_form_sheet", "blank_form", "TEMPLATE_ROWS", "WIDTH"]
