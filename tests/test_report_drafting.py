"""Drafting 自评报告 from checked forms: the nine 丰台 sample projects, the 公文 template, a
department's own template, names that never overwrite, an unwritable folder, and the page as
LibreOffice prints it.

The expected figures are read from the sample workbook's cells with openpyxl and formatted here
with Decimal, not with the formatting the drafts use."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from reports.drafting import (
    TEMPLATE,
    DraftError,
    build_template,
    draft_report,
    draft_reports,
    report_file_name,
)
from reports.drafting.template import STYLE_NAMES, east_asian_font
from validation.engine import resolve_profile
from validation.errors import ZipingError
from workbooks.checking.batch import check_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbooks" / "samples" / "fengtai-2024.xlsx"
PLACEHOLDER = re.compile(r"^【请填写：[^【】]+】$")
MM = 36000  # EMU per millimetre


# ---- the sample's cells, read and formatted independently ------------------------------------

def _two_decimals(value) -> str:
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _plain(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _squeeze(value) -> str:
    """A label as written, without the spaces and line breaks clerks put into it ("分 值", "年初预\n算数")."""
    return re.sub(r"\s+", "", str(value))


def _grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def sample_forms() -> list[dict]:
    book = openpyxl.load_workbook(SAMPLE, data_only=True)
    forms = []
    for sheet in book.worksheets:
        rows = [[("" if c.value is None else c.value) for c in row] for row in sheet.iter_rows()]
        labels = {_squeeze(v): (r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if isinstance(v, str)}
        if "项目名称" not in labels or "年度资金总额" not in labels:
            continue
        r, c = labels["项目名称"]
        project = next(str(v).strip() for v in rows[r][c + 1:] if str(v).strip())
        head = [_squeeze(v) for v in rows[labels["年初预算数"][0]]]
        money_row = rows[labels["年度资金总额"][0]]
        initial, annual, executed = (money_row[head.index(name)] for name in ("年初预算数", "全年预算数", "全年执行数"))
        header_row = labels["三级指标"][0]
        header = [_squeeze(v) for v in rows[header_row]]
        col = {name: header.index(name) for name in ("三级指标", "分值", "得分")}
        col["原因"] = next(i for i, v in enumerate(header) if v.startswith("偏差原因"))
        total_row = labels["总分"][0]
        indicators = [{"name": str(row[col["三级指标"]]).strip(), "weight": row[col["分值"]], "score": row[col["得分"]],
                       "reason": str(row[col["原因"]]).strip()}
                      for row in rows[header_row + 1:total_row] if str(row[col["三级指标"]]).strip()]
        total = Decimal(str(rows[total_row][col["得分"]]))
        rate = (Decimal(str(executed)) / Decimal(str(annual)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        forms.append({
            "sheet": sheet.title, "project": project,
            "initial": _two_decimals(initial), "annual": _two_decimals(annual), "executed": _two_decimals(executed),
            "rate": f"{rate}%", "total": _plain(total), "grade": _grade(total), "indicators": indicators,
        })
    return forms


FORMS = sample_forms()


# ---- reading a draft --------------------------------------------------------------------------

def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def full_text(document) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


@pytest.fixture(scope="module")
def checked():
    result = check_file(SAMPLE, resolve_profile("national"))
    assert result.error is None and len(result.reports) == 9
    return result


@pytest.fixture(scope="module")
def drafts(checked, tmp_path_factory):
    return draft_reports(checked, tmp_path_factory.mktemp("drafts"))


# ---- the nine sample projects -----------------------------------------------------------------

def test_the_nine_sample_projects_each_get_a_draft_with_the_forms_figures(drafts):
    assert len(FORMS) == 9 and len(drafts) == 9
    assert len({p.name for p in drafts}) == 9
    for form, path in zip(FORMS, drafts):
        assert path.name.endswith("绩效自评报告.docx") and path.exists()
        document = docx.Document(path)
        text = full_text(document)
        assert document.paragraphs[0].text.replace("\n", "") == f"{form['project']}绩效自评报告"
        assert document.paragraphs[0].style.name == "Title"
        for sentence in (f"年初预算数{form['initial']}万元", f"全年预算数{form['annual']}万元",
                         f"全年执行数{form['executed']}万元", f"预算执行率{form['rate']}",
                         f"项目自评得分{form['total']}分，评价等级为“{form['grade']}”",
                         "预算执行得分10分", "单位：", "年度：2024年度"):
            assert sentence in text, (form["sheet"], sentence)
        funds = document.tables[0]
        assert [c.text for c in funds.rows[0].cells] == ["项目", "年初预算数\n（万元）", "全年预算数\n（万元）",
                                                          "全年执行数\n（万元）", "执行率", "分值", "得分"]
        assert [c.text for c in funds.rows[1].cells] == ["年度资金总额", form["initial"], form["annual"],
                                                          form["executed"], form["rate"], "10", "10"]
        for indicator in form["indicators"]:
            assert _squeeze(indicator["name"]) in _squeeze(text), (form["sheet"], indicator["name"])
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings == ["一、基本情况", "二、绩效目标", "三、自评工作组织情况", "四、自评结论",
                            "五、绩效指标完成情况", "六、偏差原因分析", "七、存在的问题及改进措施", "八、其他需要说明的问题"]
        level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 2" and p.text.endswith("指标")]
        assert level1 == ["（一）产出指标", "（二）效益指标", "（三）成本指标", "（四）满意度指标"]


def test_deviation_rows_carry_the_forms_reason_or_a_placeholder(drafts):
    short_rows = 0
    for form, path in zip(FORMS, drafts):
        text = full_text(docx.Document(path))
        deviations = text[text.index("六、偏差原因分析"):text.index("七、存在的问题及改进措施")]
        for indicator in form["indicators"]:
            if indicator["score"] < indicator["weight"]:
                short_rows += 1
                assert f"“{indicator['name']}”：年度指标值为" in deviations
                expected = indicator["reason"] or f"【请填写：“{indicator['name']}”的偏差原因】"
                assert expected in deviations, (form["sheet"], expected)
            elif indicator["reason"]:  # explained on the form though nothing needed it
                assert indicator["reason"] in deviations
    assert short_rows == 3  # 表5 and 表8 explain theirs, 表9 does not


def test_placeholders_are_highlighted_yellow_and_nothing_else_is(drafts):
    for path in drafts:
        document = docx.Document(path)
        highlighted = 0
        for paragraph in all_paragraphs(document):
            for run in paragraph.runs:
                if run.font.highlight_color is not None:
                    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
                    assert PLACEHOLDER.match(run.text), run.text
                    highlighted += 1
                else:
                    assert "【请填写" not in run.text
        assert highlighted == full_text(document).count("【请填写：") >= 4
    table9 = full_text(docx.Document(drafts[8]))
    assert "【请填写：“数据差错率”的偏差原因】" in table9
    assert "自评表总分100分与预算执行得分、各项指标得分之和95分不一致" in table9


# ---- the template -------------------------------------------------------------------------------

def _style_xml(document, name: str) -> bytes:
    element = document.styles[name].element
    parts = [element.find(qn(tag)) for tag in ("w:basedOn", "w:pPr", "w:rPr", "w:tblPr")]
    return b"".join(etree.tostring(p, method="c14n") for p in parts if p is not None)


def test_the_committed_template_is_what_the_builder_makes(tmp_path):
    fresh, kept = docx.Document(build_template(tmp_path / "fresh.docx")), docx.Document(TEMPLATE)
    for name in STYLE_NAMES:
        assert _style_xml(kept, name) == _style_xml(fresh, name), name
    defaults = [etree.tostring(d.styles.element.find(qn("w:docDefaults")), method="c14n") for d in (kept, fresh)]
    assert defaults[0] == defaults[1]
    for attribute in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin", "right_margin"):
        assert getattr(kept.sections[0], attribute) == getattr(fresh.sections[0], attribute), attribute
    assert not kept.paragraphs or not any(p.text for p in kept.paragraphs)


@pytest.mark.parametrize("source", ["template", "draft"])
def test_page_and_styles_follow_gbt_9704(source, drafts):
    document = docx.Document(TEMPLATE if source == "template" else drafts[0])
    section = document.sections[0]
    for attribute, mm in (("page_width", 210), ("page_height", 297), ("top_margin", 37), ("bottom_margin", 35),
                          ("left_margin", 28), ("right_margin", 26)):
        assert abs(getattr(section, attribute) - mm * MM) < 0.1 * MM, attribute
    expected = {"Normal": ("仿宋_GB2312", 16), "Title": ("方正小标宋简体", 22), "Heading 1": ("黑体", 16),
                "Heading 2": ("楷体_GB2312", 16), "表格文字": ("仿宋_GB2312", 12), "自评报告表格": ("仿宋_GB2312", 12)}
    for name, (font, size) in expected.items():
        style = document.styles[name]
        assert east_asian_font(style) == font, name
        assert style.font.size == Pt(size), name
        assert not style.font.bold, name
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and Pt(28) <= normal.line_spacing <= Pt(29)
    assert normal.first_line_indent == Pt(32)
    assert document.styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert document.styles["Title"].paragraph_format.alignment == 1  # centred
    assert document.styles["表格文字"].paragraph_format.first_line_indent == 0
    if source == "draft":
        assert {t.style.name for t in document.tables} == {"自评报告表格"}
        assert "— 1 —" in "".join(p.text for p in section.footer.paragraphs)


# ---- a department's own template ---------------------------------------------------------------

def _own_template(path: Path) -> Path:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(14)
    normal.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:eastAsia"), "宋体")
    document.sections[0].header.paragraphs[0].text = "丰台区人力社保局内部资料"
    document.add_paragraph("示例正文：起草时应当删去。")
    document.save(path)
    return path


@pytest.mark.parametrize("kind", ["docx", "dotx"])
def test_a_departments_own_template_keeps_its_header_and_its_body_font(kind, checked, tmp_path):
    template = _own_template(tmp_path / "本局模板.docx")
    if kind == "dotx":  # the same file saved as a Word template: only the main part's content type differs
        data = io.BytesIO()
        with zipfile.ZipFile(template) as source, zipfile.ZipFile(data, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(b"document.main+xml", b"template.main+xml")
                target.writestr(item, content)
        template = tmp_path / "本局模板.dotx"
        template.write_bytes(data.getvalue())
    path = draft_report(checked.reports[4], tmp_path / "out" / "报告.docx", template=template)
    document = docx.Document(path)
    assert document.sections[0].header.paragraphs[0].text == "丰台区人力社保局内部资料"
    assert east_asian_font(document.styles["Normal"]) == "宋体"
    assert document.styles["Normal"].font.size == Pt(14)
    text = full_text(document)
    assert "示例正文" not in text and "全年执行数9.82万元" in text
    assert {t.style.name for t in document.tables} == {"自评报告表格"}  # the styles it lacked were added


def test_a_template_that_is_not_a_word_document_is_refused_in_chinese(checked, tmp_path):
    bad = tmp_path / "模板.docx"
    bad.write_text("不是 Word 文档", "utf-8")
    for template, message in ((bad, "不是可用的 Word 文档"), (tmp_path / "没有.docx", "找不到报告模板")):
        with pytest.raises(DraftError, match=message):
            draft_report(checked.reports[0], tmp_path / "x.docx", template=template)
    assert not (tmp_path / "x.docx").exists()


# ---- names and writing ----------------------------------------------------------------------------

def test_file_names_are_safe_on_windows():
    assert report_file_name("2024年窗口聘用人员经费") == "2024年窗口聘用人员经费绩效自评报告.docx"
    name = report_file_name('a/b\\c:d*e?f"g<h>i|j\n' + "长" * 200 + " . ")
    assert not re.search(r'[\\/:*?"<>|\n]', name) and len(name) <= 80 + len("绩效自评报告.docx")
    assert report_file_name("CON") == "_CON绩效自评报告.docx"
    assert report_file_name("  ") == "未命名项目绩效自评报告.docx"


def test_drafting_twice_never_overwrites(checked, tmp_path):
    first = draft_reports(checked, tmp_path)
    before = {p: p.read_bytes() for p in first}
    second = draft_reports(checked, tmp_path)
    assert [p.name for p in second] == [p.name.replace("报告.docx", "报告（2）.docx") for p in first]
    assert all(p.read_bytes() == data for p, data in before.items())
    third = draft_report(checked.reports[0], first[0])
    assert third.name.endswith("绩效自评报告（3）.docx")
    assert len(list(tmp_path.iterdir())) == 19  # no temporary file left behind


def test_an_unwritable_folder_is_one_chinese_error_and_leaves_nothing(checked, tmp_path, monkeypatch):
    blocker = tmp_path / "一个文件"
    blocker.write_text("")
    with pytest.raises(DraftError, match="不是文件夹") as caught:
        draft_reports(checked, blocker / "报告")
    assert isinstance(caught.value, ZipingError)

    locked = tmp_path / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    if os.geteuid() == 0:  # root writes anywhere: let the folder refuse the final rename instead
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(os, "replace", refuse)
    try:
        with pytest.raises(DraftError, match="没有写入权限"):
            draft_report(checked.reports[0], locked / "报告.docx")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


# ---- the printed page ---------------------------------------------------------------------------------

def _writer_installed(soffice: str) -> bool:
    program = Path(os.path.realpath(soffice)).parent
    return any(program.glob("*swlo*"))


def test_libreoffice_prints_a_draft_on_a4_in_chinese(drafts, tmp_path):
    from pypdf import PdfReader

    from workbooks.writing.office import convert

    if not _writer_installed(shutil.which("soffice")):
        pytest.fail("LibreOffice 缺少 Writer 组件，无法转换 .docx（apt-get install libreoffice-writer-nogui）")
    source = tmp_path / "draft.docx"
    shutil.copy(drafts[8], source)
    pdf = convert(source, "pdf", tmp_path)
    reader = PdfReader(pdf)
    assert 2 <= len(reader.pages) <= 8
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595) <= 1 and abs(float(page.mediabox.height) - 842) <= 1
    text = reader.pages[0].extract_text()
    for expected in ("绩效自评报告", "一、基本情况", "全年执行数83.21万元", "预算执行率100.00%"):
        assert expected in re.sub(r"\s+", "", text), expected
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    png = next(tmp_path.glob("page*.png"))
    shutil.copy(png, "/tmp/draft-page1.png")  # for a person to look at
    width, height = _png_size(png.read_bytes())
    assert abs(width - 496) <= 2 and abs(height - 702) <= 2  # A4 at 60 dpi


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_report_without_its_evaluation_or_figures_gets_placeholders_not_a_crash(checked, tmp_path):
    from dataclasses import replace

    bare = check_file(SAMPLE, resolve_profile("national"), keep_evaluation=False).reports[0]
    text = full_text(docx.Document(draft_report(bare, tmp_path / "a.docx")))
    assert "【请填写：年度总体目标（预期目标）】" in text and "【请填写：年度总体目标的实际完成情况】" in text
    assert "全年执行数10.00万元" in text
    empty = replace(checked.reports[1], year=None, unit=None, department=None, total_reported=None, total_computed=None,
                    grade_reported=None, scores_reported_sum=None, evaluation=None,
                    funds=dict.fromkeys(checked.reports[1].funds))
    document = docx.Document(draft_report(empty, tmp_path / "b.docx"))
    text = full_text(document)
    assert "年度：【请填写：评价年度】" in text and "单位：【请填写：单位名称】" in text
    assert "项目年初预算数【请填写：金额】万元" in text and "预算执行率【请填写：执行率】" in text
    assert "项目自评得分【请填写：自评得分】分，评价等级为“【请填写：评价等级】”" in text
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW
               for p in all_paragraphs(document) for run in p.runs if "【请填写" in run.text)


def test_a_checker_reading_the_draft_back_finds_each_figure_by_its_name(drafts):
    """The sentences name what they state, in the words `validation.narrative` looks for."""
    import validation.narrative.document as document_module
    import validation.narrative.named as named_module
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for form, path in zip(FORMS, drafts):
        word = docx.Document(path)
        blocks = []
        for child in word.element.body.iterchildren():
            if child.tag == qn("w:p"):
                paragraph = Paragraph(child, word)
                level = {"Heading 1": 1, "Heading 2": 2}.get(paragraph.style.name)
                blocks.append(document_module.Block(paragraph.text, style_level=level))
            elif child.tag == qn("w:tbl"):
                blocks += [document_module.Block("\t".join(c.text for c in row.cells), table=True)
                           for row in Table(child, word).rows]
        document = document_module.build_document(blocks, path.name, "docx")
        found = {n.name: n.figure.value for n in named_module.named_figures(document)}
        expected = {"年初预算数": float(form["initial"]) * 1e4, "全年预算数": float(form["annual"]) * 1e4,
                    "全年执行数": float(form["executed"]) * 1e4, "执行率": float(form["rate"].rstrip("%")) / 100,
                    "自评得分": float(form["total"])}
        assert found.keys() == expected.keys(), form["sheet"]
        for name, value in expected.items():
            assert found[name] == pytest.approx(value), (form["sheet"], name)
