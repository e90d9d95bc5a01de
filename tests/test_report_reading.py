"""reports.reading: a 自评报告 read from .docx, .txt, .pdf and .doc into the same paragraphs, and
every file that cannot be read refused with one Chinese sentence, quickly and in little memory."""

from __future__ import annotations

import random
import re
import resource
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reports.reading import MAX_REPORT_BYTES, ReportUnreadable, read_report
from validation.narrative.document import HEADING, TABLE
from validation.narrative.quantities import MONEY, quantities
from workbooks.writing import office
from tests.helpers import scanned_pdf

MB = 1024 * 1024

TITLE = "某某区2023年度老年人关爱服务项目绩效自评报告"
FUNDS = [["资金来源", "预算数（万元）", "执行数（万元）"],
         ["资金总额", "31.28", "31.28"],
         ["其中：财政拨款", "31.28", "31.28"]]
# (how the .docx writes it, text): "h1"/"h2" a Heading style, "typed" a numbered heading in the
# Normal style, "body" a paragraph, "table" the funds table.
REPORT = [
    ("title", TITLE),
    ("h1", "一、项目基本情况"),
    ("body", ("为落实全区养老服务工作部署，区民政局于2023年组织实施老年人关爱服务项目，通过政府购买服务方式委托"
             "专业社会组织为辖区内独居、空巢及失能老年人提供上门探访、生活照料和精神慰藉等服务，项目实施周期为一年。")),
    ("h2", "项目决策情况"),
    ("body", ("项目立项依据充分，符合区委区政府关于加强养老服务体系建设的部署要求，绩效目标明确合理，"
             "与项目实施内容和预算资金相匹配，资金分配方式科学规范，前期调研和论证工作较为充分。")),
    ("typed", "（二）项目资金情况"),
    ("body", ("本项目年度预算资金 31.28 万元，全年执行 31.28 万元，预算执行率为 100%。资金全部来源于区级财政拨款，"
             "按照合同约定分两次拨付给承接服务的社会组织，未发现截留、挪用资金的情况。")),
    ("table", FUNDS),
    ("h1", "二、绩效目标完成情况"),
    ("body", ("全年共开展上门探访服务 1.9万人次，为 320 名失能老年人提供生活照料服务，组织各类文体活动 24 场，"
             "服务对象满意度调查结果为 98.5%，各项产出和效益指标均已达到或超过年初设定的目标值。")),
    ("h1", "三、存在的问题及改进措施"),
    ("body", ("部分社区服务站点的人员配备仍然不足，服务记录的规范性有待加强。下一步将完善服务标准和考核办法，"
             "加强对承接机构的日常监管和培训指导，进一步提升服务质量和资金使用效益。")),
]


def _expected_texts() -> list[str]:
    texts = []
    for kind, content in REPORT:
        if kind == "table":
            texts += ["\t".join(row) for row in content]  # a table row keeps its cells apart
        else:
            texts.append(content)
    return texts


def write_docx(path: Path, items=REPORT) -> Path:
    document = docx.Document()
    for kind, content in items:
        if kind == "title":
            document.add_paragraph().add_run(content).bold = True
        elif kind in ("h1", "h2"):
            document.add_heading(content, int(kind[1]))
        elif kind == "table":
            table = document.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            document.add_paragraph(content)
        document.add_paragraph("")  # empty paragraphs are skipped
    document.save(path)
    return path


def report_lines() -> list[str]:
    lines = []
    for kind, content in REPORT:
        if kind == "table":
            lines += ["\t".join(row) for row in content]
        else:
            lines.append(content)
    return lines


def wrapped_lines(width: int = 25) -> list[str]:
    """The report as a text layer breaks it: body paragraphs cut into lines of `width` characters."""
    lines = []
    for kind, content in REPORT:
        if kind == "table":
            lines += ["\t".join(row) for row in content]
        elif kind == "body":
            lines += [content[i:i + width] for i in range(0, len(content), width)]
        else:
            lines.append(content)
    return lines


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    return {"docx": write_docx(folder / "自评报告.docx"), "folder": folder}


@pytest.fixture(scope="module")
def converted(built):
    out = built["folder"] / "converted"
    return {"pdf": office.convert(built["docx"], "pdf", out), "doc": office.convert(built["docx"], "doc", out)}


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def refused(path, name=None, max_mb: float = 64, max_seconds: float = 20) -> str:
    """The sentence read_report refuses `path` with, checked to be one Chinese sentence for a
    clerk, reached within `max_seconds` and without Python allocating `max_mb`."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ReportUnreadable) as caught:
            read_report(path, name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    message = str(caught.value)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert "Traceback" not in message and not re.search(r"[A-Za-z]+(?:Error|Exception)\b|zipfile|lxml", message), message
    assert "\n" not in message and message.endswith("。") and message.count("。") == 1, message
    assert peak < max_mb * MB, f"{peak / MB:.0f} MB allocated"
    assert rss_growth_mb < 200, f"resident memory grew {rss_growth_mb:.0f} MB"
    assert elapsed < max_seconds, f"{elapsed:.1f} s"
    return message


def replace_member(source: Path, target: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, data if info.filename == member else old.read(info.filename))
    return target


# --- reading ---------------------------------------------------------------------------------------


def test_docx_paragraphs_tables_and_heading_paths(built):
    document = read_report(built["docx"])
    assert document.source == "docx" and document.name == "自评报告.docx"
    assert document.meta == {"tables": 1}
    assert texts(document) == _expected_texts()
    by_text = {p.text: p for p in document.paragraphs}
    assert [p.number for p in document.paragraphs] == list(range(1, len(document.paragraphs) + 1))
    assert by_text[TITLE].kind != HEADING and by_text[TITLE].path == ()
    first = by_text["一、项目基本情况"]
    assert (first.kind, first.level, first.path) == (HEADING, 1, ("一、项目基本情况",))
    typed = by_text["（二）项目资金情况"]  # numbered by hand in the Normal style
    assert (typed.kind, typed.level, typed.path) == (HEADING, 2, ("一、项目基本情况", "（二）项目资金情况"))
    rows = [p for p in document.paragraphs if p.kind == TABLE]
    assert [p.text for p in rows] == ["\t".join(row) for row in FUNDS]
    assert all(p.path == ("一、项目基本情况", "（二）项目资金情况") for p in rows)
    styled = by_text["项目决策情况"]  # a Heading 2 style without a number
    assert (styled.kind, styled.level, styled.path) == (HEADING, 2, ("一、项目基本情况", "项目决策情况"))
    after = document.paragraphs[styled.number]  # the paragraph below it (numbers are 1-based)
    assert after.path == ("一、项目基本情况", "项目决策情况")
    second = by_text["二、绩效目标完成情况"]
    assert second.path == ("二、绩效目标完成情况",)
    assert document.paragraphs[second.number].path == ("二、绩效目标完成情况",)
    money = [q for p in document.paragraphs for q in quantities(p.text) if q.kind == MONEY]
    assert any(q.text == "31.28 万元" and q.value == pytest.approx(312_800) for q in money)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_file_reads_as_the_docx(built, tmp_path, encoding):
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes("\r\n".join(report_lines()).encode(encoding))
    document = read_report(path)
    assert document.source == "txt"
    assert texts(document) == texts(read_report(built["docx"]))


def test_hard_wrapped_text_joins_back_into_paragraphs(built, tmp_path):
    lines = wrapped_lines(25)
    assert max(len(line) for line in lines) == 25 and len(lines) > len(REPORT) + 10
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(lines), "gb18030")
    # a space that fell at a line break is gone, as in any text layer: compare without spaces
    assert [_squash(t) for t in texts(read_report(path))] == [_squash(t) for t in texts(read_report(built["docx"]))]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_from_libreoffice(converted):
    document = read_report(converted["pdf"])
    assert document.source == "pdf" and document.meta["pages"] >= 1
    whole = _squash(document.text)
    for kind, text in REPORT:
        if kind == "body":
            for sentence in re.split(r"(?<=[。，])", text):
                assert _squash(sentence) in whole, sentence
    titles = [p.title for p in document.headings()]
    assert "一、项目基本情况" in titles and "二、绩效目标完成情况" in titles
    money = [q for p in document.paragraphs for q in quantities(p.text)]
    assert any(q.kind == MONEY and q.value == pytest.approx(312_800) for q in money)
    assert any(q.text.replace(" ", "") == "98.5%" for q in money)


def test_doc_from_libreoffice_reads_as_the_docx(converted, built):
    document = read_report(converted["doc"])
    original = read_report(built["docx"])
    assert document.source == "doc" and document.meta["converted_from"] == ".doc"
    assert texts(document) == texts(original)
    assert [(p.kind, p.path) for p in document.paragraphs] == [(p.kind, p.path) for p in original.paragraphs]


@pytest.mark.parametrize("fmt", ["rtf", "odt"])
def test_rtf_and_odt_read_through_libreoffice(built, tmp_path, fmt):
    path = office.convert(built["docx"], fmt, tmp_path)
    document = read_report(path)
    assert document.source == "doc" and document.meta["converted_from"] == f".{fmt}"
    assert texts(document) == texts(read_report(built["docx"]))


def test_wps_holding_a_word_97_document(converted, built, tmp_path):
    path = tmp_path / "自评报告.wps"
    path.write_bytes(converted["doc"].read_bytes())
    assert texts(read_report(path)) == texts(read_report(built["docx"]))


def test_docx_saved_with_a_doc_extension_is_read_directly(built, tmp_path, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)  # no conversion needed
    path = tmp_path / "renamed.doc"
    path.write_bytes(built["docx"].read_bytes())
    document = read_report(path)
    assert document.source == "docx" and texts(document) == texts(read_report(built["docx"]))


def test_pdf_encrypted_without_a_user_password_is_read(converted, tmp_path):
    import pypdf
    writer = pypdf.PdfWriter(clone_from=str(converted["pdf"]))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "permissions-only.pdf"
    writer.write(path)
    assert "一、项目基本情况" in [p.title for p in read_report(path).headings()]


def test_pdf_with_an_open_password_is_refused(converted, tmp_path):
    import pypdf
    writer = pypdf.PdfWriter(clone_from=str(converted["pdf"]))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert "密码" in refused(path)


def test_merged_cells_written_once_across_and_repeated_down(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "年度目标值"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "产出指标"
    for r, (name, value) in enumerate([("数量", "100"), ("质量", "98%")], start=1):
        table.cell(r, 1).text, table.cell(r, 2).text = name, value
    table.cell(3, 0).text, table.cell(3, 1).text, table.cell(3, 2).text = "合计", "31.28", "31.28"
    document.save(tmp_path / "merged.docx")
    rows = [p.text for p in read_report(tmp_path / "merged.docx").paragraphs if p.kind == TABLE]
    assert rows == ["指标\t年度目标值", "产出指标\t数量\t100", "产出指标\t质量\t98%", "合计\t31.28\t31.28"]


def _add_chinese_list(document) -> str:
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def test_automatic_list_numbers_are_rendered(tmp_path):
    document = docx.Document()
    num_id = _add_chinese_list(document)
    for text, level in [("项目概况", 0), ("资金情况", 1), ("组织实施", 1), ("绩效目标完成情况", 0), ("产出", 1)]:
        paragraph = document.add_paragraph(text, style=f"Heading {level + 1}")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
        document.add_paragraph("正文内容。")
    document.save(tmp_path / "numbered.docx")
    headings = read_report(tmp_path / "numbered.docx").headings()
    assert [p.text for p in headings] == ["一、项目概况", "（一）资金情况", "（二）组织实施", "二、绩效目标完成情况", "（一）产出"]
    assert headings[-1].path == ("二、绩效目标完成情况", "（一）产出")


def test_docx_without_styles_or_numbering_parts(built, tmp_path):
    path = tmp_path / "bare.docx"
    with zipfile.ZipFile(built["docx"]) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename in ("word/styles.xml", "word/numbering.xml"):
                continue
            if info.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship [^>]*Target="(?:styles|numbering)\.xml"/>', b"", data)
            new.writestr(info.filename, data)
    document = read_report(path)
    assert texts(document) == texts(read_report(built["docx"]))
    assert document.paragraphs[texts(document).index("项目决策情况")].kind != HEADING  # no style, no level


def test_tracked_changes_count_insertions_not_deletions(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">执行率为 </w:t></w:r>'))
    paragraph._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>90%</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>100%</w:t></w:r></w:ins>'))
    document.save(tmp_path / "tracked.docx")
    assert texts(read_report(tmp_path / "tracked.docx")) == ["执行率为 100%"]


def test_upload_named_by_the_clerk(built, tmp_path):
    upload = tmp_path / "upload-3f2a"
    upload.write_bytes(built["docx"].read_bytes())
    document = read_report(upload, name="某某项目自评报告.docx")
    assert document.name == "某某项目自评报告.docx" and document.source == "docx"
    message = refused(tmp_path / "missing.docx", name="某某项目自评报告.docx")
    assert "某某项目自评报告.docx" in message


def test_report_without_figures_is_read(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("一、项目概况\n项目按计划实施，群众反映良好。\n", "utf-8")
    assert texts(read_report(path)) == ["一、项目概况", "项目按计划实施，群众反映良好。"]


# --- refusals --------------------------------------------------------------------------------------


def test_scanned_pdf(tmp_path):
    message = refused(scanned_pdf(tmp_path / "扫描件.pdf"))
    assert "扫描件" in message and "没有文字层" in message and "扫描件.pdf" in message


def test_encrypted_docx_by_its_signature(tmp_path):
    path = tmp_path / "加密.docx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    assert "密码" in refused(path)


def test_encrypted_docx_made_by_office_encryption(built, tmp_path):
    from msoffcrypto.format import ooxml
    path = tmp_path / "password.docx"
    with built["docx"].open("rb") as source, path.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("1234", target)
    assert "密码" in refused(path)


def test_random_bytes_and_a_truncated_zip(built, tmp_path):
    noise = tmp_path / "noise.docx"
    noise.write_bytes(random.Random(7).randbytes(20_000))
    assert "不是有效的 Word 文件" in refused(noise)
    cut = tmp_path / "cut.docx"
    data = built["docx"].read_bytes()
    cut.write_bytes(data[:len(data) // 2])
    assert "不是有效的 Word 文件" in refused(cut)
    garbage_doc = tmp_path / "noise.doc"
    garbage_doc.write_bytes(random.Random(8).randbytes(20_000))
    assert "不是有效的 Word 文件" in refused(garbage_doc)
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "你好")
    assert "不是有效的 Word 文件" in refused(other)


def test_excel_saved_as_docx(tmp_path):
    path = tmp_path / "表.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in refused(path)


def write_zeros(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    chunk = bytes(MB)
    with archive.open(name, "w") as member:
        for _ in range(megabytes):
            member.write(chunk)


def test_zip_bomb_by_total_size(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        write_zeros(archive, "word/document.xml", 300)
    assert path.stat().st_size < 5 * MB
    message = refused(path)
    assert "解压炸弹" in message and "200 MB" in message


def test_zip_bomb_by_ratio(tmp_path):
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        write_zeros(archive, "word/media/image1.png", 20)
    assert "压缩比" in refused(path)


def test_too_many_members(tmp_path):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(5001):
            archive.writestr(f"word/media/{n}.bin", b"")
    assert "5001 个部件" in refused(path)


def test_document_xml_larger_than_its_header_says(built, tmp_path):
    """The directory promises 100 KB; the member inflates to 40 MB. Reading stops at the
    promise (and the checksum fails): nothing near 40 MB is ever held."""
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(built["docx"]) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != "word/document.xml":
                new.writestr(info.filename, old.read(info.filename))
        write_zeros(new, "word/document.xml", 40)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + size_at:start + size_at + 4] = struct.pack("<I", 100 * 1024)
            start += 4
    path.write_bytes(bytes(data))
    assert "不是有效的 Word 文件" in refused(path, max_mb=16)


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + f']>\n<w:document {nsdecls("w")}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
).encode()


def test_billion_laughs_in_document_xml(built, tmp_path):
    path = replace_member(built["docx"], tmp_path / "laughs.docx", "word/document.xml", BILLION_LAUGHS)
    message = refused(path, max_seconds=5)
    assert "实体声明" in message


def test_python_docx_parser_does_not_expand_entities():
    """Behind the guard: python-docx's own parser leaves entities unexpanded (resolve_entities=False)."""
    started = time.perf_counter()
    try:
        element = parse_xml(BILLION_LAUGHS)
    except Exception:  # noqa: BLE001 - lxml may also refuse the DTD outright; nothing is expanded either way
        element = None
    assert time.perf_counter() - started < 2
    if element is not None:
        from lxml import etree
        assert len(etree.tostring(element)) < 10_000
        assert "lol" * 100 not in "".join(element.itertext())


def test_sparse_file_over_the_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.docx"
    with path.open("wb") as handle:
        handle.truncate(200 * MB)
    assert path.stat().st_size > MAX_REPORT_BYTES
    message = refused(path, max_mb=1, max_seconds=1)
    assert "200 MB" in message and "50 MB" in message


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".txt", ".doc"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert "空的" in refused(path)


def test_missing_file_folder_and_lock_file(tmp_path):
    assert "找不到" in refused(tmp_path / "nowhere.docx")
    folder = tmp_path / "报告.docx"
    folder.mkdir()
    assert "文件夹" in refused(folder)
    lock = tmp_path / "~$自评报告.docx"
    lock.write_bytes(b"\x05owner" + b"\0" * 150)
    assert "临时文件" in refused(lock)


@pytest.mark.parametrize("name", ["报告.xlsx", "报告.jpg", "报告"])
def test_unknown_extension_lists_the_supported_ones(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"x")
    message = refused(path)
    assert all(ext in message for ext in (".docx", ".doc", ".wps", ".pdf", ".txt", ".rtf", ".odt"))


def test_document_without_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    document.save(tmp_path / "blank.docx")
    assert "没有文字内容" in refused(tmp_path / "blank.docx")
    blank_txt = tmp_path / "blank.txt"
    blank_txt.write_text("\n \n\t\n", "utf-8")
    assert "没有文字内容" in refused(blank_txt)


def test_binary_saved_as_txt(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(200))
    assert "不是文本文件" in refused(path)


def test_pdf_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"hello, not a pdf")
    assert "不是有效的 PDF 文件" in refused(path)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + random.Random(3).randbytes(5000))
    assert "PDF" in refused(broken)


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    assert "LibreOffice" in refused(path)


def test_doc_that_libreoffice_cannot_convert(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    assert "未能转换" in refused(path, max_seconds=60)
