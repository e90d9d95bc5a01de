"""自评报告 through the portal over HTTP (a live server, SQLite and PostgreSQL): uploaded with the
workbook, matched to its forms by name, checked and shown to the clerk (findings with 第N段 and the
quoted sentence, the figures report and form both state); a draft report per form; sent with the
submitted versions and shown to the reviewer from what was stored; the report's errors in the forms
table and the review workbook; and bad reports refused in one sentence while the workbook goes on."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import docx
import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.store.models import ReportFinding, Upload, UploadReport, VersionReport
from portal.store.version_reports import FOLDER
from tests.portal.live import files_under, signed_in
from tests.portal.report_files import (EXECUTED, OTHER_PROJECT, OTHER_SHEET, PROJECT, SHEET, WRONG_EXECUTED,
                                       encrypted_docx, scanned_pdf, write_other_report, write_report, zip_bomb)
from tests.portal.web.test_chinese_pages import visible_text
from workbooks.writing.samples import sample_path

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLAIN = "2024 年房屋场所租赁类项目"  # 表3: submitted without a report


def count(live, model) -> int:
    with live.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def post_upload(client: httpx.Client, csrf: str, workbooks: list[Path], reports: list[tuple[str, bytes]]):
    files = [("files", (path.name, path.read_bytes(), XLSX)) for path in workbooks]
    files += [("reports", (name, data, "application/octet-stream")) for name, data in reports]
    return client.post("/clerk/uploads", data={"csrf": csrf}, files=files)


def page_of(client: httpx.Client, answer: httpx.Response) -> tuple[str, str]:
    """The page a 303 leads to (its flash messages shown once), and the upload's key."""
    assert answer.status_code == 303, answer.text[-800:]
    location = answer.headers["location"].removeprefix("/portal")
    page = client.get(location)
    assert page.status_code == 200
    return page.text, location.rsplit("/", 1)[-1]


def messages(html: str) -> list[str]:
    return [" ".join(unescape(re.sub(r"<[^>]+>", "", m)).split())
            for m in re.findall(r'<p class="message message-\w+"[^>]*>(.*?)</p>', html, re.S)]


def card(html: str, sheet: str) -> str:
    """The visible text of a form's card on the upload page."""
    found = re.search(rf'<section class="card form-card"[^>]*>\s*<h2[^>]*><span class="sheet">{sheet}</span>(.*?)</section>',
                      html, re.S)
    assert found, sheet
    return visible_text(found.group(1))


def uploads_kept(live) -> list[Path]:
    return [p for p in files_under(live.uploads_dir) if ".incoming" not in p.parts]


def test_reports_are_checked_shown_submitted_and_reviewed(live, tmp_path):
    clerk, csrf = signed_in(live, "zhangsan")
    wrong = write_report(tmp_path / "窗口聘用人员经费自评报告.docx", WRONG_EXECUTED)
    clean = write_other_report(tmp_path / "档案数字化自评报告.docx")
    html, key = page_of(clerk, post_upload(clerk, csrf, [sample_path()],
                                           [(wrong.name, wrong.read_bytes()), (clean.name, clean.read_bytes())]))

    # Each report is announced, matched to its form by the project it names.
    said = messages(html)
    assert any(m.startswith(f"已核对自评报告“{wrong.name}”（对应 {SHEET} {PROJECT}）：2 个错误") for m in said), said
    assert f"已核对自评报告“{clean.name}”（对应 {OTHER_SHEET} {OTHER_PROJECT}）：没有错误和警告。" in said
    # Beside the form's findings: the report's, with rule, 第N段, message and the quoted sentence.
    text = card(html, SHEET)
    assert "自评报告有 2 个错误" in text and "ZP960" in text and "第4段" in text
    assert f"报告写全年执行数 {WRONG_EXECUTED}万元，自评表为 {EXECUTED} 万元。" in text
    assert f"全年执行数{WRONG_EXECUTED}万元，预算执行率100.00%。" in text  # the quote
    assert "报告与自评表中的数" in text and f"全年执行数 {WRONG_EXECUTED}万元 第4段 {EXECUTED} 万元 不一致" in text
    assert "可以报送。" in text  # the report's errors do not stop the form
    assert "报告没有错误和警告。" in card(html, OTHER_SHEET)
    assert "未附自评报告。" in card(html, "表3") and "下载自评报告草稿" in card(html, "表3")
    submittable = re.findall(r'name="sheets\[\]" value="([^"]+)"', html)
    assert submittable == ["表2", "表3", "表4", "表6", "表7", "表8"]
    with live.db.session() as session:
        rows = session.scalars(select(UploadReport).order_by(UploadReport.sheet)).all()
    assert [(r.sheet, r.original_name, r.errors) for r in rows] == [(SHEET, wrong.name, 2), (OTHER_SHEET, clean.name, 0)]
    assert {p.read_bytes() for p in uploads_kept(live) if p.suffix == ".docx"} == {wrong.read_bytes(), clean.read_bytes()}

    # The draft of a form's report: a .docx named after the project (RFC 5987), with the form's figures.
    answer = clerk.get(f"/clerk/uploads/{key}/draft", params={"sheet": SHEET})
    assert answer.status_code == 200 and answer.headers["content-type"] == DOCX
    filename = f"{PROJECT}绩效自评报告.docx"
    assert f"filename*=UTF-8''{quote(filename)}" in answer.headers["content-disposition"]
    drafted = "\n".join(p.text for p in docx.Document(io.BytesIO(answer.content)).paragraphs)
    assert PROJECT in drafted and f"全年执行数{EXECUTED}万元" in drafted
    assert clerk.get(f"/clerk/uploads/{key}/draft", params={"sheet": "表99"}).status_code == 404

    # Submitted: each report goes with its form's version, file and findings as checked at upload.
    answer = clerk.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": [SHEET, "表3", OTHER_SHEET]})
    html, _ = page_of(clerk, answer)
    said = messages(html)
    assert f"{PROJECT}：自评报告“{wrong.name}”已随第 1 版报送。" in said, said
    assert f"{OTHER_PROJECT}：自评报告“{clean.name}”已随第 1 版报送。" in said
    with live.db.session() as session:
        stored = {r.sheet: r for r in session.scalars(select(VersionReport))}
        finding = session.scalar(select(ReportFinding).where(ReportFinding.rule == "ZP960"))
    assert set(stored) == {SHEET, OTHER_SHEET} and stored[SHEET].errors == 2 and stored[OTHER_SHEET].errors == 0
    assert finding.paragraph == 4 and WRONG_EXECUTED in finding.quote
    reports_folder = live.submission_dir / Path(stored[SHEET].path).parent
    assert reports_folder.name == FOLDER
    assert (live.submission_dir / stored[SHEET].path).read_bytes() == wrong.read_bytes()
    assert sorted(p.name for p in reports_folder.glob("*.docx")) == sorted(
        [f"{PROJECT}.v1.docx", f"{OTHER_PROJECT}.v1.docx"])

    # The clerk's record of the submission names the report and gives it back.
    submissions = clerk.get("/clerk/submissions").text
    submission_id = int(re.search(rf'/clerk/submissions/(\d+)">{PROJECT}<', submissions).group(1))
    mine = clerk.get(f"/clerk/submissions/{submission_id}").text
    assert wrong.name in visible_text(mine) and "2 个错误" in visible_text(mine)
    answer = clerk.get(f"/clerk/submissions/{submission_id}/versions/1/report")
    assert answer.status_code == 200 and answer.content == wrong.read_bytes()

    # The reviewer: the forms table shows each form's report errors, or that it has none.
    reviewer, _ = signed_in(live, "shenhe")
    table = reviewer.get("/review/forms", params={"year": "2024"}).text
    rows = {visible_text(row).split(" ")[0]: visible_text(row)
            for row in re.findall(r"<tr>\s*<td><a href=\"[^\"]*/review/forms/\d+.*?</tr>", table, re.S)}
    assert rows[PROJECT].split(" ")[-3] == "2"
    assert "未附报告" in rows[PLAIN.split(" ")[0]]
    assert rows[OTHER_PROJECT].split(" ")[-3] == "0"
    # Its page shows the report beside the form (from the database), and lets them download it.
    page = visible_text(reviewer.get(f"/review/forms/{submission_id}").text)
    assert "自评报告有 2 个错误" in page and "ZP960" in page and "第4段" in page
    assert f"全年执行数 {WRONG_EXECUTED}万元 第4段 {EXECUTED} 万元 不一致" in page
    answer = reviewer.get(f"/review/forms/{submission_id}/versions/1/report")
    assert answer.status_code == 200 and answer.content == wrong.read_bytes()
    assert f"filename*=UTF-8''{quote(f'{PROJECT}（第1版）自评报告.docx')}" in answer.headers["content-disposition"]
    plain_id = int(re.search(rf'/review/forms/(\d+)\?[^"]*">{PLAIN}<', table).group(1))
    assert "第 1 版未附自评报告。" in visible_text(reviewer.get(f"/review/forms/{plain_id}").text)
    assert reviewer.get(f"/review/forms/{plain_id}/versions/1/report").status_code == 404

    # The review workbook: 报告错误数 per form, empty without a report.
    answer = reviewer.get("/review/forms/review.xlsx", params={"year": "2024"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content))["汇总"]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "报告错误数"
    errors = {row[header.index("项目名称")]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert errors == {PROJECT: 2, OTHER_PROJECT: 0, PLAIN: None}


def test_bad_reports_are_refused_in_one_sentence_and_the_workbook_goes_on(live, tmp_path):
    clerk, csrf = signed_in(live, "zhangsan")
    clean = write_report(tmp_path / "clean.docx")
    bad = [
        ("超大.docx", b"PK\x03\x04" + b"\0" * (21 * 1024 * 1024)),  # over the server's 20 MB
        ("炸弹.docx", zip_bomb(tmp_path / "bomb.docx").read_bytes()),
        ("加密.docx", encrypted_docx(clean, tmp_path / "encrypted.docx").read_bytes()),
        ("扫描件.pdf", scanned_pdf(tmp_path / "scan.pdf").read_bytes()),
        ("照片.png", b"\x89PNG\r\n\x1a\n"),
        ("别的项目.docx", write_report(tmp_path / "other.docx", project="2099年不存在的项目").read_bytes()),
    ]
    html, key = page_of(clerk, post_upload(clerk, csrf, [sample_path()], bad))
    said = messages(html)
    assert said[0].startswith("已上传并校验“fengtai-2024.xlsx”：9 张自评表")  # the workbook went on
    expected = {
        "超大.docx": "自评报告“超大.docx”超过 20 MB 的上限，未上传；",
        "炸弹.docx": "报告文件“炸弹.docx”解压后共 300 MB，超过 200 MB 的上限，可能是恶意构造的文件（解压炸弹），已拒绝读取。",
        "加密.docx": "报告文件“加密.docx”设置了打开密码，无法读取；",
        "扫描件.pdf": "报告文件“扫描件.pdf”是扫描件，没有文字层，无法核对；",
        "照片.png": "“照片.png”未上传：不支持的文件类型“.png”，自评报告只能是",
        "别的项目.docx": "自评报告“别的项目.docx”中没有出现工作簿中任何项目的名称（",
    }
    for name, start in expected.items():
        found = [m for m in said if name in m]
        assert len(found) == 1 and found[0].startswith(start), (name, found)
        assert "\n" not in found[0] and found[0].endswith("。")
    assert "未附自评报告。" in card(html, SHEET)
    # Nothing of them was kept, half-way or whole: no row, no file, no temporary file.
    assert count(live, UploadReport) == 0
    assert [p.suffix for p in uploads_kept(live)] == [".xlsx"]
    assert files_under(live.uploads_dir / ".incoming") == []
    with live.db.session() as session:
        assert session.scalar(select(Upload.forms).where(Upload.key == key)) == 9
    # The form is submitted as usual.
    html, _ = page_of(clerk, clerk.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": [SHEET]}))
    assert any(m.startswith("已报送 1 张自评表") for m in messages(html))
    assert count(live, VersionReport) == 0

    # Reports without a workbook: one sentence above the form, nothing stored.
    answer = post_upload(clerk, csrf, [], [("clean.docx", clean.read_bytes())])
    assert answer.status_code == 400
    assert "请同时选择自评报告所属的自评表工作簿" in visible_text(answer.text)
    assert count(live, UploadReport) == 0 and files_under(live.uploads_dir / ".incoming") == []


def test_reports_added_later_replace_the_form_s_report_and_a_version_keeps_its_own(live, tmp_path):
    clerk, csrf = signed_in(live, "zhangsan")
    wrong = write_report(tmp_path / "初稿.docx", WRONG_EXECUTED)
    clean = write_report(tmp_path / "定稿.docx")
    html, key = page_of(clerk, post_upload(clerk, csrf, [sample_path()], []))
    assert "还没有附自评报告。" in visible_text(html)

    def add(reports, workbooks=()):
        files = [("reports", (name, data, "application/octet-stream")) for name, data in reports]
        files += [("reports", (p.name, p.read_bytes(), XLSX)) for p in workbooks]
        return page_of(clerk, clerk.post(f"/clerk/uploads/{key}/reports", data={"csrf": csrf}, files=files))[0]

    html = add([(wrong.name, wrong.read_bytes())])
    assert "自评报告有 2 个错误" in card(html, SHEET)
    first_file = [p for p in uploads_kept(live) if p.suffix == ".docx"]
    html = add([(clean.name, clean.read_bytes())])
    assert any("替换了这张表原有的报告" in m for m in messages(html))
    assert "报告没有错误和警告。" in card(html, SHEET)
    with live.db.session() as session:
        rows = session.scalars(select(UploadReport)).all()
    assert [(r.sheet, r.original_name) for r in rows] == [(SHEET, clean.name)]
    assert not first_file[0].exists()  # the replaced report's file went with its row
    html = add([], [sample_path()])
    assert "这里只能添加自评报告；工作簿请在“上传与校验”页上传。" in messages(html)
    assert count(live, Upload) == 1

    # Submitted with the clean report; the same form again, unchanged, with another report: the
    # version keeps the report it was submitted with, and the clerk is told.
    page_of(clerk, clerk.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": [SHEET]}))
    html, again = page_of(clerk, post_upload(clerk, csrf, [sample_path()], [(wrong.name, wrong.read_bytes())]))
    html, _ = page_of(clerk, clerk.post(f"/clerk/uploads/{again}/submit", data={"csrf": csrf, "sheets[]": [SHEET]}))
    said = messages(html)
    assert any("未生成新版本" in m and f"“{wrong.name}”未替换它" in m for m in said), said
    with live.db.session() as session:
        versions = session.scalars(select(VersionReport)).all()
    assert [(v.original_name, v.errors) for v in versions] == [(clean.name, 0)]

    # An upload never submitted is removed with its reports.
    html, spare = page_of(clerk, post_upload(clerk, csrf, [sample_path()], [(wrong.name, wrong.read_bytes())]))
    with live.db.session() as session:
        spare_reports = session.scalars(select(UploadReport.path).join(Upload).where(Upload.key == spare)).all()
    assert len(spare_reports) == 1 and (live.uploads_dir / spare_reports[0]).is_file()
    answer = clerk.post(f"/clerk/uploads/{spare}/delete", data={"csrf": csrf})
    assert answer.status_code == 303
    assert not (live.uploads_dir / spare_reports[0]).exists()
    with live.db.session() as session:
        assert session.scalar(select(func.count()).select_from(UploadReport).join(Upload)
                              .where(Upload.key == spare)) == 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_another_unit_cannot_reach_the_reports(live, tmp_path):
    clerk, csrf = signed_in(live, "zhangsan")
    wrong = write_report(tmp_path / "报告.docx", WRONG_EXECUTED)
    _, key = page_of(clerk, post_upload(clerk, csrf, [sample_path()], [(wrong.name, wrong.read_bytes())]))
    other, other_csrf = signed_in(live, "lisi")
    assert other.get(f"/clerk/uploads/{key}/draft", params={"sheet": SHEET}).status_code == 404
    answer = other.post(f"/clerk/uploads/{key}/reports", data={"csrf": other_csrf},
                        files=[("reports", (wrong.name, wrong.read_bytes(), DOCX))])
    assert answer.status_code == 404
    assert count(live, UploadReport) == 1
