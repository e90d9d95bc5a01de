"""The Excel template and the filled sample: layout, input guards, print setup, formulas
recalculated by LibreOffice, PDF output, and the committed files matching the code."""

import copy
import subprocess

import pytest
import python_calamine as pc
from openpyxl import load_workbook

from tests.forms import ARCHIVES, DIGITISATION, IMAGING
from tests.helpers import check_json, seed_forms, ziping
from tests.workbook_fingerprint import fingerprint
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.writing.conf import read_conf
from workbooks.writing.build import TEMPLATE_PATH, build_committed_sample, build_committed_template
from workbooks.writing.office import convert
from workbooks.writing.samples import sample_path
from workbooks.writing.template import build_template, build_workbook, default_year

FIRST, LAST, TOTAL = 13, 26, 27  # rows of the blank template's indicator block and 总分


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("tpl") / "t.xlsx", projects=3, year=2025)


def test_blank_template_gives_one_not_filled_per_form_sheet(template):
    code, output = check_json(str(template))
    assert code == 0
    [file] = output["files"]
    assert file["findings"] == []
    assert [t["sheet"] for t in file["tables"]] == ["项目1", "项目2", "项目3"]
    for table in file["tables"]:
        assert [(f["rule"], f["severity"]) for f in table["findings"]] == [("ZP003", "info")]


def test_the_committed_template_is_blank_too():
    result = check_file(TEMPLATE_PATH, load_profile())
    assert [f.rule for r in result.reports for f in r.findings] == ["ZP003"] and result.findings == []


def test_layout_follows_the_national_form(template):
    ws = load_workbook(template)["项目1"]
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2025年度）"
    assert [ws[f"{c}5"].value for c in "DEFGHI"] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert [ws[f"C{r}"].value for r in range(6, 10)] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert [ws[f"{c}12"].value for c in "BCDEFGHI"] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    level1 = [ws[f"B{r}"].value for r in range(FIRST, TOTAL) if ws[f"B{r}"].value]
    assert level1 == ["产出指标", "成本指标", "效益指标", "满意度指标"]
    level2 = [ws[f"C{r}"].value for r in range(FIRST, TOTAL) if ws[f"C{r}"].value]
    assert level2 == ["数量指标", "质量指标", "时效指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
                      "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标"]
    assert ws[f"A{TOTAL}"].value == "总分" and ws["G6"].value == 10
    assert f"B{FIRST}:B{FIRST + 4}" in {str(r) for r in ws.merged_cells.ranges}  # 产出指标 merged downward


def test_dropdowns_formats_and_protection_are_saved(template):
    book = load_workbook(template)
    ws = book["项目1"]
    validations = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert validations[f"B{FIRST}:B{LAST}"].formula1 == '"产出指标,成本指标,效益指标,满意度指标"'
    assert "服务对象满意度指标" in validations[f"C{FIRST}:C{LAST}"].formula1
    tiers = validations[f"F{FIRST}:F{LAST}"]
    assert tiers.type == "list" and "部分达成年度指标并具有一定效果" in tiers.formula1 and not tiers.showErrorMessage
    assert validations["D6:F9"].type == "decimal"
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.insertRows and not ws.protection.formatCells  # allowed
    for ref in ("C3", "C4", "G4", "D6", "E6", "F6", "B11", "F11", f"D{FIRST}", f"E{FIRST}", f"H{LAST}", f"I{LAST}"):
        assert ws[ref].protection.locked is False, ref
    for ref in ("A3", "D5", "H6", "I6", "C6", f"H{TOTAL}", "B12"):
        assert ws[ref].protection.locked is True, ref
    assert ws["D6"].number_format == "#,##0.00" and ws["H6"].number_format == "0.00%"
    assert ws[f"E{FIRST}"].number_format == "@" and ws[f"F{FIRST}"].number_format == "@"
    assert ws["H6"].value.startswith("=") and ws["I6"].value.startswith("=")
    assert ws[f"H{TOTAL}"].value.startswith("=ROUND") or "ROUND" in ws[f"H{TOTAL}"].value
    assert "优" in ws[f"I{TOTAL}"].value and book.calculation.fullCalcOnLoad


def test_print_setup_and_names(template):
    book = load_workbook(template)
    ws = book["项目1"]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 1
    assert ws.print_title_rows == "$1:$2" and ws.freeze_panes == "A3"
    names = {name: d.attr_text for name, d in ws.defined_names.items()}
    assert names["ZP_TOTAL"] == f"'项目1'!$H${TOTAL}" and names["ZP_RATE"] == "'项目1'!$H$6"
    assert ws["A3"].border.left.style == "thin"
    conf = book["ziping.conf"]
    rows = [[c.value for c in row] for row in conf.iter_rows()]
    # Only what the template sets is a setting: a key present in the sheet, even empty, would hide the
    # user's ziping.conf file from the add-in's xlwings (MODE, SERVER_URL, AUTH, INTERPRETER_WIN…).
    assert read_conf(rows) == {"PROFILE": "national", "YEAR": "2025"}
    reference = [row[1] for row in rows if row[0] is None and row[1]]
    assert {"MODE", "SERVER_URL", "AUTH", "SUBMISSION_DIR", "INTERPRETER_WIN"} <= set(reference)
    first_blank = next(r for r, row in enumerate(rows, start=1) if row[0] is None)
    assert all(row[0] is None for row in rows[first_blank - 1:])  # xlwings reads column A down to its first blank
    assert "偏差原因分析及改进措施" in "".join(str(c.value) for c in book["说明"]["A"])


def test_profile_shapes_the_template(tmp_path):
    book = load_workbook(build_template(tmp_path / "h.xlsx", profile="hubei", year=2024))
    assert book["项目1"]["G6"].value == 20
    assert "80%–50%" in "".join(str(c.value) for c in book["说明"]["A"])


def test_default_year():
    from datetime import date

    assert default_year(date(2027, 2, 1)) == 2026 and default_year(date(2026, 11, 22)) == 2026


def test_committed_files_match_the_code(tmp_path):
    rebuilt_template = build_committed_template(tmp_path / "template.xlsx")
    assert fingerprint(rebuilt_template) == fingerprint(TEMPLATE_PATH)
    rebuilt_sample = build_committed_sample(tmp_path / "sample.xlsx")
    assert fingerprint(rebuilt_sample) == fingerprint(sample_path())


def test_template_command(tmp_path):
    out = tmp_path / "模板.xlsx"
    proc = ziping("template", str(out), "--projects", "2", "--year", "2025", "--profile", "sichuan")
    assert proc.returncode == 0 and out.exists() and "已生成模板" in proc.stdout
    assert load_workbook(out).sheetnames == ["项目1", "项目2", "说明", "ziping.conf"]
    before = out.read_bytes()
    again = ziping("template", str(out))
    assert again.returncode == 2 and "已存在" in again.stderr and out.read_bytes() == before
    assert ziping("template", str(tmp_path / "x.csv")).returncode == 2


# ---- LibreOffice -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    forms = seed_forms() + [copy.deepcopy(f) for f in (ARCHIVES, DIGITISATION, IMAGING)]
    profile = load_profile()
    first = build_workbook(forms, folder / "values.xlsx", profile, 2024, with_formulas=False)
    reports = {r.sheet: r for r in check_file(first, profile).reports}
    for form in forms:
        report = reports[form["sheet"]]
        for indicator, row in zip(form["indicators"], report.indicators):
            indicator["score"] = row.score_computed if row.score_computed is not None else row.score_reported
    with_formulas = build_workbook(forms, folder / "formulas.xlsx", profile, 2024, with_formulas=True)
    converted = convert(with_formulas, "xlsx", folder / "out")
    return forms, reports, pc.CalamineWorkbook.from_path(str(converted))


def test_libreoffice_recalculates_the_formulas_like_ziping(recalculated):
    forms, reports, book = recalculated
    for form in forms:
        rows = book.get_sheet_by_name(form["sheet"]).to_python(skip_empty_area=False)
        report, total = reports[form["sheet"]], 12 + len(form["indicators"])
        assert round(rows[5][7], 4) == report.funds["execution_rate"], form["sheet"]
        assert rows[5][8] == report.funds["execution_score"], form["sheet"]
        assert rows[total][7] == report.total_computed, form["sheet"]
        assert rows[total][8] == report.grade, form["sheet"]
        assert rows[total][6] == 100, form["sheet"]
    assert reports["档案"].funds["execution_score"] == 6.26  # a rate below 100% is exercised too


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    return convert(sample_path(), "pdf", tmp_path_factory.mktemp("pdf"))


def _page_text(pdf, page):
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_sample_prints_one_page_per_form(sample_pdf):
    info = subprocess.run(["pdfinfo", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    forms = seed_forms()
    assert pages == len(forms) + 1  # nine forms and the 说明 sheet; ziping.conf is hidden
    for page, form in enumerate(forms, start=1):
        text = _page_text(sample_pdf, page).replace(" ", "")
        projects = [f["project"].replace(" ", "") for f in forms if f["project"].replace(" ", "") in text]
        assert projects == [form["project"].replace(" ", "")], page
        for word in ("项目支出绩效自评表", "年度资金总额", "绩效指标", "总分"):
            assert word in text, (page, word)
    assert "填写说明" in _page_text(sample_pdf, pages)
