"""The clerk's flow in a real browser (Debian's Chromium through Playwright) against a live portal,
on SQLite and on PostgreSQL: sign in, upload the nine-form sample, read the findings of 表5 and
表9, download the marked copy, submit the rest, follow the status and a reviewer's comment,
resubmit, print, sign out; the page without JavaScript and with the keyboard only.

Screenshots of each page go to <tmp>/screenshots; with ZIPING_UPDATE_SCREENSHOTS=1 those of the
SQLite run also replace the committed ones in docs/portal-screenshots/ (01–19: the clerk's pages).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from addin.marks import RESULT_SHEET
from tests.portal.forms import variant
from tests.portal.live import BUREAU, CENTRE, PASSWORD, files_under
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.writing.samples import sample_path

DOCS = Path(__file__).resolve().parents[3] / "docs" / "portal-screenshots"
UPDATE_SCREENSHOTS = "ZIPING_UPDATE_SCREENSHOTS"  # =1: the tests write the committed screenshots
VIEWPORT = {"width": 1200, "height": 820}


def publish(request, taken: list[Path], pattern: str) -> None:
    """Replace the committed screenshots matching `pattern` by those `taken`: only when
    ZIPING_UPDATE_SCREENSHOTS=1, and from the SQLite run (a test run leaves the checkout as it was)."""
    if os.environ.get(UPDATE_SCREENSHOTS) != "1" or request.node.callspec.params["db_url"] != "sqlite":
        return
    DOCS.mkdir(parents=True, exist_ok=True)
    for old in DOCS.glob(pattern):
        old.unlink()
    for shot in taken:
        shutil.copyfile(shot, DOCS / shot.name)


@pytest.fixture
def context(browser, live):
    context = browser.new_context(base_url=live.url, accept_downloads=True, locale="zh-CN", viewport=VIEWPORT)
    yield context
    context.close()


class Shots:
    def __init__(self, folder: Path, page):
        self.folder, self.page, self.taken = folder, page, []
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str, full_page: bool = False) -> None:
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.taken.append(path)


def sign_in(page, login: str, password: str = PASSWORD) -> None:
    page.goto("/portal/login")
    page.get_by_label("登录名").fill(login)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def expected_findings(sheet: str) -> list[tuple[str, str, str]]:
    """(severity, cell, rule) of a sample form's errors and warnings, as `ziping check` reports them."""
    report = next(r for r in check_file(sample_path(), load_profile()).reports if r.sheet == sheet)
    return [(f.severity, f.cell or "—", f.rule) for f in report.findings if f.severity != "info"]


def shown_findings(card) -> list[tuple[str, str, str]]:
    rows = card.locator("table.findings").first.locator("tbody tr")
    found = []
    for i in range(rows.count()):
        row = rows.nth(i)
        severity = row.get_attribute("class").split("finding-")[1]
        found.append((severity, row.locator("td.cell").inner_text(), row.locator("a.rule-code").inner_text()))
    return found


def test_clerk_flow(live, context, tmp_path, request):
    page = context.new_page()
    shots = Shots(tmp_path / "screenshots", page)

    # A browser opening the server's address gets the Chinese sign-in page.
    page.goto("/")
    expect(page).to_have_url(f"{live.url}/portal/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    shots("sign-in")
    sign_in(page, "zhangsan", "wrong password")
    expect(page.locator("#login-problem")).to_contain_text("登录名或密码不正确")
    sign_in(page, "zhangsan")
    expect(page).to_have_url(f"{live.url}/portal/clerk/")
    expect(page.get_by_role("heading", name="上传与校验")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text(CENTRE)
    shots("clerk-home")

    # Upload the nine-form sample (with JavaScript: the progress bar, then the findings page).
    page.get_by_label("选择自评表工作簿（可多选）").set_input_files(str(sample_path()))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_role("heading", name="校验结果：fengtai-2024.xlsx")).to_be_visible(timeout=60_000)
    announced = page.locator(".messages .message", has_text="已上传并校验“fengtai-2024.xlsx”：9 张自评表，3 个错误")
    expect(announced).to_have_class("message message-error")  # errors look like errors
    expect(announced).to_have_attribute("role", "alert")
    shots("checked")
    for sheet in ("表5", "表9"):
        card = page.locator("section.form-card", has=page.locator("h2 .sheet", has_text=sheet)).first
        expect(card.locator(".status-refused")).to_contain_text("个错误，改正后才能报送")
        assert shown_findings(card) == expected_findings(sheet)
    card5 = page.locator("section.form-card", has=page.locator("h2 .sheet", has_text="表5")).first
    card1 = page.locator("section.form-card", has=page.locator("h2 .sheet", has_text="表1")).first
    expect(card1.locator(".status-refused")).to_contain_text(f"实施单位为“{BUREAU}”，不是您的单位")
    card5.scroll_into_view_if_needed()
    shots("findings")

    # A rule code leads to its explanation.
    rule = card5.locator("a.rule-code").first.inner_text()
    card5.locator("a.rule-code").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(rule)
    for title in ("检查什么", "为什么", "示例", "如何改正"):
        expect(page.locator("dl.rule dt", has_text=title)).to_be_visible()
    shots("rule")
    page.go_back()

    # The marked copy: a new workbook with the 校验结果 sheet; the stored upload is unchanged.
    stored = [p for p in files_under(live.uploads_dir) if ".incoming" not in p.parts]
    assert len(stored) == 1 and stored[0].read_bytes() == sample_path().read_bytes()
    with page.expect_download() as waiting:
        page.get_by_role("link", name="下载带校验标记的工作簿").click()
    download = waiting.value
    assert download.suggested_filename == "fengtai-2024（已校验）.xlsx"
    marked = tmp_path / "marked.xlsx"
    download.save_as(marked)
    assert RESULT_SHEET in load_workbook(marked).sheetnames
    assert hashlib.sha256(stored[0].read_bytes()).hexdigest() == hashlib.sha256(sample_path().read_bytes()).hexdigest()

    # Print: the print stylesheet leaves the header, navigation and buttons out.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#submit-form")).to_be_hidden()
    page.pdf(path=str(tmp_path / "findings.pdf"))
    assert (tmp_path / "findings.pdf").stat().st_size > 10_000
    page.emulate_media(media="screen")

    # Submit the forms without errors that belong to the unit: 表2–4 and 表6–8.
    submit_form = page.locator("#submit-form")
    choices = submit_form.locator("input[type=checkbox]")
    assert [choices.nth(i).get_attribute("value") for i in range(choices.count())] == ["表2", "表3", "表4", "表6", "表7", "表8"]
    submit_form.get_by_role("button").click()
    expect(page).to_have_url(f"{live.url}/portal/clerk/submissions", timeout=60_000)
    expect(page.locator(".messages")).to_contain_text("已报送 6 张自评表")
    rows = page.locator("#submissions tbody tr")
    expect(rows).to_have_count(6)
    for i in range(6):
        expect(rows.nth(i).locator(".status")).to_have_text("已报送")
    shots("submissions")

    # The department's reviewer, in a browser of their own, returns one of them with a comment.
    comment = "执行率偏低的原因写得不具体，请补充说明后重新报送。"
    reviewer = context.browser.new_context(base_url=live.url, locale="zh-CN", viewport=VIEWPORT)
    try:
        review_page = reviewer.new_page()
        sign_in(review_page, "shenhe")
        review_page.goto("/portal/review/forms?q=窗口聘用")
        review_page.locator("#forms tbody a", has_text="2024年窗口聘用人员经费").click()
        review_page.get_by_label("退回意见（必填：需要修改什么）").fill(comment)
        review_page.get_by_role("button", name="退回修改").click()
        expect(review_page.locator("#form-status")).to_have_text("已退回")
        submission_id = int(review_page.url.split("/forms/")[1].split("?")[0])
    finally:
        reviewer.close()
    page.reload()
    row = page.locator("#submissions tbody tr", has_text="2024年窗口聘用人员经费")
    expect(row.locator(".status")).to_have_text("已退回")
    expect(row.locator(".comment")).to_have_text(comment)
    row.get_by_role("link").click()
    expect(page.locator(".timeline")).to_contain_text(comment)
    expect(page.locator(".message-error")).to_contain_text("此表已被退回")
    shots("returned")

    # Resubmit after the return: a corrected workbook gives version 2, submitted again.
    page.goto("/portal/clerk/")
    page.get_by_label("选择自评表工作簿（可多选）").set_input_files(str(variant(tmp_path, "（已补充说明）")))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator("#submit-form")).to_be_visible(timeout=60_000)
    page.locator("#submit-form").get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("2024年窗口聘用人员经费（第 2 版）")
    row = page.locator("#submissions tbody tr", has_text="2024年窗口聘用人员经费")
    expect(row.locator(".status")).to_have_text("已报送")
    expect(row).to_contain_text("第 2 版")
    page.goto(f"/portal/clerk/submissions/{submission_id}")
    expect(page.locator(".timeline li").first).to_contain_text("重新报送")
    with page.expect_download() as waiting:
        page.locator("table").get_by_role("link", name="下载 xlsx").first.click()
    assert waiting.value.suggested_filename.endswith("（第2版）.xlsx")
    shots("resubmitted")

    # The same workbook uploaded again by mistake: removed again (a confirmation page, then the button).
    page.goto("/portal/clerk/")
    page.get_by_label("选择自评表工作簿（可多选）").set_input_files(str(sample_path()))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_role("heading", name="校验结果：fengtai-2024.xlsx")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="删除这个工作簿").click()
    expect(page.get_by_role("heading", name="删除上传的工作簿")).to_be_visible()
    expect(page.locator("#remove-warning")).to_contain_text("无法恢复")
    shots("remove-upload")
    page.get_by_role("button", name="确定删除").click()
    expect(page).to_have_url(f"{live.url}/portal/clerk/")
    expect(page.locator(".messages")).to_contain_text("已删除“fengtai-2024.xlsx”及其校验结果。")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)  # the two uploads whose forms were submitted: kept
    for i in range(2):
        expect(rows.nth(i).locator("td").last).to_have_text("已报送")
    shots("removed")

    # Sign out: the clerk pages lead back to the sign-in page.
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.goto("/portal/clerk/submissions")
    expect(page).to_have_url(f"{live.url}/portal/login?next=/clerk/submissions")

    # Another unit's clerk signs in and sees none of it.
    sign_in(page, "lisi")
    page.goto("/portal/clerk/submissions")
    expect(page.locator(".empty")).to_contain_text("还没有报送过")
    page.goto(f"/portal/clerk/submissions/{submission_id}")
    expect(page.get_by_role("heading", name="找不到页面")).to_be_visible()
    shots("not-found")

    publish(request, shots.taken, "[01][0-9]-*.png")  # the clerk's pages (the reviewer's are 20-… onwards)


def test_upload_works_without_javascript(browser, live):
    context = browser.new_context(base_url=live.url, java_script_enabled=False, locale="zh-CN", viewport=VIEWPORT)
    try:
        page = context.new_page()
        sign_in(page, "zhangsan")
        page.get_by_label("选择自评表工作簿（可多选）").set_input_files(str(sample_path()))
        page.get_by_role("button", name="上传并校验").click()
        expect(page.get_by_role("heading", name="校验结果：fengtai-2024.xlsx")).to_be_visible()
        # A file that is not a workbook: one Chinese message above the form, on the same page.
        page.goto("/portal/clerk/")
        page.get_by_label("选择自评表工作簿（可多选）").set_input_files(
            files=[{"name": "报表.xlsx", "mimeType": "application/octet-stream", "buffer": b"name,value\n1,2\n"}])
        page.get_by_role("button", name="上传并校验").click()
        expect(page.locator("#problems .message")).to_have_count(1)
        expect(page.locator("#problems")).to_contain_text("不是有效的 Excel 工作簿")
    finally:
        context.close()


def test_the_javascript_upload_shows_problems_and_refuses_too_large_files(context, live):
    page = context.new_page()
    sign_in(page, "zhangsan")
    page.get_by_label("选择自评表工作簿（可多选）").set_input_files(
        files=[{"name": "坏.xlsx", "mimeType": "application/octet-stream", "buffer": b"%PDF-1.4 not a workbook"}])
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator("#problems")).to_contain_text("不是有效的 Excel 工作簿")
    expect(page.get_by_role("button", name="上传并校验")).to_be_enabled()
    big = b"\0" * (21 * 1024 * 1024)
    page.get_by_label("选择自评表工作簿（可多选）").set_input_files(
        files=[{"name": "大.xlsx", "mimeType": "application/octet-stream", "buffer": big}])
    page.get_by_role("button", name="上传并校验").click()
    expect(page.locator("#problems")).to_contain_text("“大.xlsx”超过 20 MB 的上限，未上传。")
    assert [p for p in files_under(live.uploads_dir) if ".incoming" not in p.parts] == []


def test_keyboard_only(context, live):
    page = context.new_page()
    page.goto("/portal/login")
    expect(page.get_by_label("登录名")).to_be_focused()  # the sign-in page starts in its first field
    page.keyboard.type("zhangsan")
    page.keyboard.press("Tab")
    expect(page.get_by_label("密码")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live.url}/portal/clerk/")
    page.keyboard.press("Tab")  # the first stop of every page: the skip link, shown when focused
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link's target: into the page's own links and fields
    assert page.evaluate("document.activeElement.closest('main') !== null")
    expect(page.get_by_label("选择自评表工作簿（可多选）")).to_be_visible()
