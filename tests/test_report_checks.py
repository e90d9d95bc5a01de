"""The 自评报告 checks: the real-report corpus (precision first), the form's own narrative cells,
and `ziping report check` / `ziping report draft` as a reviewer runs them."""

import json
import re
import shutil
import zipfile
from importlib import resources

import jsonschema
import pytest
from docx import Document as WordDocument

from tests.helpers import ziping
from tests.helpers import scanned_pdf
from tests.test_report_reading import write_zeros
from tests.realreports.corpus import cases, matches
from validation import check
from validation.narrative.document import from_text
from validation.narrative.quantities import quantities
from validation.rules.example_form import patched
from workbooks.writing.samples import sample_path

CASES = cases()
CJK = re.compile(r"[\u4e00-\u9fff]")


def report_schema() -> dict:
    return json.loads(resources.files("validation").joinpath("schemas/report-check-output.schema.json").read_text("utf-8"))


def test_corpus_spans_provinces_and_levels():
    assert len(CASES) >= 12
    provinces = {c.meta.get("province") or (c.meta.get("region") or "")[:2] for c in CASES}
    assert len(provinces - {""}) >= 8
    assert {c.meta["level"] for c in CASES} >= {"省", "市", "县区"}
    for case in CASES:
        assert "source_url" in case.meta and case.meta.get("relations") is not None
        for item in case.meta.get("expected", []) + case.meta.get("must_not", []):
            assert item["quote"].replace(" ", "") in case.text.replace(" ", ""), (case.name, item["quote"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_real_report_gets_exactly_the_findings_computed_by_hand(case):
    findings = case.findings()
    for finding in findings:  # (a must-not quote may share its sentence with an expected finding)
        assert any(matches(finding, e) for e in case.meta["expected"]), f"false alarm: {finding.message}"
    missed = [e for e in case.meta["expected"] if not any(matches(f, e) for f in findings)]
    known_misses = [e for e in missed if e.get("known_miss")]
    assert missed == known_misses, f"missed: {missed}"


def test_clean_real_reports_get_no_error():
    clean = [c for c in CASES if not c.meta["expected"]]
    assert len(clean) >= 6
    for case in clean:
        assert [f for f in case.findings() if f.severity == "error"] == [], case.name


def test_figures_are_read_with_their_magnitudes_and_units():
    read = {q.text: (q.kind, q.unit, q.value) for q in quantities(
        "共1.9万份、3.7875 万份，按0.5 元/页，计31.4 万元、2亿元，比例５％，得分98分，共120页、45卷、300人")}
    assert read["1.9万份"] == ("count", "份", 19000)
    assert read["3.7875 万份"] == ("count", "份", 37875)
    assert read["0.5 元/页"] == ("rate", "元/页", 0.5)
    assert read["31.4 万元"] == ("money", "元", 314000)
    assert read["2亿元"] == ("money", "元", 200_000_000)
    assert read["98分"] == ("score", "分", 98)
    assert {read["120页"][1], read["45卷"][1], read["300人"][1]} == {"页", "卷", "人"}
    fullwidth = from_text("比例５％，支出１２．５万元").paragraphs[0].text
    assert [q.value for q in quantities(fullwidth)] == [0.05, 125000]


def test_headings_give_each_paragraph_its_path():
    document = from_text("一、基本情况\n（一）项目概况\n项目资金100万元。\n（二）资金情况\n1.资金到位\n到位100万元。\n二、绩效目标\n完成培训。")
    paths = {p.text: p.path for p in document.paragraphs}
    assert paths["到位100万元。"] == ("一、基本情况", "（二）资金情况", "1.资金到位")
    assert paths["完成培训。"] == ("二、绩效目标",)
    assert [p.level for p in document.headings()] == [1, 2, 2, 3, 1]


def test_form_narrative_cell_whose_parts_do_not_add_up_is_flagged():
    text = "共完成预算资金58.6万元。其中：20万元用于设备购置；20万元用于系统维护；18.5万元用于人员培训。"
    report = check(patched({"goal_actual": text}))
    found = [f for f in report.findings if f.rule == "ZP952"]
    assert [(f.cell, f.severity) for f in found] == [("F11", "error")]
    assert "58.5" in found[0].message and found[0].quote.startswith("共完成预算资金58.6万元")
    fixed = check(patched({"goal_actual": text.replace("18.5万元", "18.6万元")}))
    assert not [f for f in fixed.findings if f.rule == "ZP952"]


def test_the_sample_forms_narrative_cells_are_clean():
    proc = ziping("check", "--json", str(sample_path()))
    data = json.loads(proc.stdout)
    assert [f for t in data["files"][0]["tables"] for f in t["findings"] if f["rule"] >= "ZP950"] == []


def _write_docx(path, paragraphs):
    document = WordDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_report_check_json_follows_its_schema_and_exit_codes(tmp_path):
    wrong = _write_docx(tmp_path / "有误.docx", ["一、基本情况", "省级下达资金31.4万元，已支出31.28万元，结余0.12万元，支出率为98.62%。"])
    clean = _write_docx(tmp_path / "无误.docx", ["一、基本情况", "省级下达资金31.4万元，已支出31.28万元，结余0.12万元，支出率为99.62%。"])
    proc = ziping("report", "check", "--json", str(wrong), str(clean))
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, report_schema())
    first, second = data["reports"]
    assert [(f["rule"], f["paragraph"]) for f in first["findings"]] == [("ZP950", 2)]
    assert "31.28" in first["findings"][0]["quote"] and second["findings"] == []
    assert ziping("report", "check", str(clean)).returncode == 0


def test_report_checked_against_its_form_names_which_document_holds_which_value(tmp_path):
    report = _write_docx(tmp_path / "报告.docx", [
        "2024年信息系统运维类项目绩效自评报告",
        "一、基本情况",
        "项目年初预算数90万元，全年预算数83.21万元，全年执行数83.12万元。",
        "二、自评结论",
        "项目自评得分100分，评价等级为“优”。",
    ])
    proc = ziping("report", "check", "--json", "--form", str(sample_path()), str(report))
    data = json.loads(proc.stdout)
    jsonschema.validate(data, report_schema())
    result = data["reports"][0]
    assert result["form"]["project"] == "2024年信息系统运维类项目"
    errors = [f for f in result["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["paragraph"]) for f in errors] == [("ZP960", 3)]
    # the form's rows that need 偏差原因分析 are not explained in this short report
    assert {f["rule"] for f in result["findings"] if f["severity"] == "warning"} == {"ZP963"}
    assert "83.12" in errors[0]["message"] and "83.21" in errors[0]["message"]
    values = {v["name"]: v for v in result["values"]}
    assert values["全年执行数"]["agrees"] is False and values["全年预算数"]["agrees"] is True
    assert proc.returncode == 1
    text = ziping("report", "check", "--form", str(sample_path()), str(report)).stdout
    assert "全年执行数：报告第3段 83.12万元；自评表 83.21 万元  不一致" in text


def test_drafts_check_clean_against_their_own_form(tmp_path):
    proc = ziping("report", "draft", str(sample_path()), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    drafts = sorted(tmp_path.glob("*.docx"))
    assert len(drafts) == 9 and str(tmp_path) in proc.stdout
    assert "“表5”、“表9”有错误" in proc.stdout  # the sample's forms with errors are named
    proc = ziping("report", "check", "--json", "--form", str(sample_path()), str(tmp_path))  # the folder
    data = json.loads(proc.stdout)
    assert proc.returncode == 0, [f for r in data["reports"] for f in r["findings"]]
    assert {r["form"]["sheet"] for r in data["reports"]} == {f"表{i}" for i in range(1, 10)}
    for result in data["reports"]:
        assert result["summary"]["errors"] == 0 and result["summary"]["warnings"] == 0, result["findings"]
        assert {v["name"] for v in result["values"]} >= {"年初预算数", "全年预算数", "全年执行数", "执行率", "自评得分"}
        assert all(v["agrees"] for v in result["values"])


@pytest.mark.parametrize("content, suffix", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048, ".docx"),  # a password-protected Word file
    (b"PK\x03\x04 this zip ends here", ".docx"),
    (b"", ".txt"),
    (b"plain", ".xyz"),
])
def test_unreadable_report_is_one_chinese_sentence_and_exit_2(tmp_path, content, suffix):
    path = tmp_path / f"报告{suffix}"
    path.write_bytes(content)
    proc = ziping("report", "check", str(path))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert CJK.search(proc.stdout + proc.stderr)


def test_hostile_reports_are_refused_by_the_command(tmp_path):
    """A zip bomb inside a .docx, a 200 MB document and a scanned PDF: one sentence each, exit 2."""
    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        write_zeros(archive, "word/document.xml", 220)
    huge = tmp_path / "巨大.docx"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    scanned = scanned_pdf(tmp_path / "扫描件.pdf")
    expected = {bomb: "解压炸弹", huge: "50 MB", scanned: "扫描件"}
    proc = ziping("report", "check", "--json", *map(str, expected))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, report_schema())
    assert data["summary"]["unreadable"] == 3
    for result, (path, words) in zip(data["reports"], expected.items()):
        assert result["path"] == str(path) and words in result["error"], result["error"]
        assert result["error"].count("。") == 1 and CJK.search(result["error"])


def test_report_without_figures_is_refused(tmp_path):
    path = _write_docx(tmp_path / "随笔.docx", ["一、基本情况", "项目按计划实施，效果良好。"])
    proc = ziping("report", "check", str(path))
    assert proc.returncode == 2 and "没有任何带单位的数字" in proc.stdout


def test_report_command_errors_are_chinese(tmp_path):
    proc = ziping("report", "check", str(tmp_path / "无.docx"), "--form", str(tmp_path / "无.xlsx"))
    assert proc.returncode == 2 and "自评表文件不存在" in proc.stderr
    proc = ziping("report", "check", str(tmp_path))
    assert proc.returncode == 2 and "中没有自评报告文件" in proc.stderr
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    proc = ziping("report", "draft", str(broken))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and CJK.search(proc.stderr)
    copy = tmp_path / "表.xlsx"
    shutil.copy(sample_path(), copy)
    assert ziping("report", "draft", str(copy)).returncode == 0
    assert len(list(tmp_path.glob("*.docx"))) == 9


def _write_docx_with_table(path, before, rows, after=()):
    document = WordDocument()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_a_funds_tables_total_row_is_checked_against_the_form(tmp_path):
    header = ["项目", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率"]
    wrong = _write_docx_with_table(tmp_path / "表格.docx", ["2024年信息系统运维类项目绩效自评报告", "一、基本情况"],
                                   [header, ["年度资金总额", "90.00", "83.21", "81.23", "100.00%"],
                                    ["其中：财政拨款", "90.00", "83.21", "1.00", "—"]])
    proc = ziping("report", "check", "--json", "--form", str(sample_path()), str(wrong))
    result = json.loads(proc.stdout)["reports"][0]
    errors = [(f["rule"], f["paragraph"]) for f in result["findings"] if f["severity"] == "error"]
    assert errors == [("ZP960", 4)]  # the total row (paragraph 4), not the 其中 row
    assert any("81.23万元" in f["message"] and "83.21 万元" in f["message"] for f in result["findings"])
    no_unit = _write_docx_with_table(tmp_path / "无单位.docx", ["2024年信息系统运维类项目绩效自评报告", "一、基本情况"],
                                     [["项目", "年初预算数", "全年预算数", "全年执行数"], ["合计", "90", "83.21", "81.23"]],
                                     ["二、自评结论", "项目自评得分100分。"])
    result = json.loads(ziping("report", "check", "--json", "--form", str(sample_path()), str(no_unit)).stdout)["reports"][0]
    assert result["error"] is None and result["values"] == [
        {"name": "自评得分", "report": "100分", "paragraph": 6, "form": "100 分", "agrees": True}]  # title, heading, 2 rows, heading, this
    assert not [f for f in result["findings"] if f["rule"] == "ZP960"]  # amounts without a unit are not guessed


def test_a_report_naming_no_project_of_the_workbook_is_not_compared(tmp_path):
    other = _write_docx(tmp_path / "别的项目.docx", ["2024年道路养护项目绩效自评报告", "一、基本情况",
                                                     "项目全年预算数120万元，全年执行数118万元，执行率98.33%。"])
    proc = ziping("report", "check", "--json", "--form", str(sample_path()), str(other))
    result = json.loads(proc.stdout)["reports"][0]
    assert proc.returncode == 0 and result["form"] is None
    assert [(f["rule"], f["severity"]) for f in result["findings"]] == [("ZP964", "warning")]
    assert "没有出现工作簿中任何项目的名称" in result["findings"][0]["message"]
    assert all(v["form"] is None and v["agrees"] is None for v in result["values"])
