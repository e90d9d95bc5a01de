"""自评报告 in a real browser (Debian's Chromium through Playwright) against a live portal, on SQLite
and on PostgreSQL: the clerk uploads the workbook with a report that gets one figure wrong (through
the page's script, with its progress bar), reads the report's findings and figures beside the
form's, downloads the draft of another form's report, submits; the reviewer sees each form's
report errors in the table of forms, the report beside the form, and downloads it."""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import expect

from tests.portal.report_files import EXECUTED, PROJECT, SHEET, WRONG_EXECUTED, write_report
from tests.portal.web.test_browser import VIEWPORT, sign_in
from workbooks.writing.samples import sample_path


@pytest.fixture
def context(browser, live):
    context = browser.new_context(base_url=live.url, accept_downloads=True, locale="zh-CN", viewport=VIEWPORT)
    yield context
    context.close()


def test_reports_in_the_browser(live, context, tmp_path):
    wrong = write_report(tmp_path / "窗口聘用人员经费自评报告.docx", WRONG_EXECUTED)
    page = context.new_page()
    sign_in(page, "zhangsan")
    page.get_by_label("选择自评表工作簿（可多选）").set_input_files(str(sample_path()))
    page.get_by_label("选择项目的自评报告（可不选，可多选）").set_input_files(str(wrong))
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_role("heading", name="校验结果：fengtai-2024.xlsx")).to_be_visible(timeout=60_000)
    announced = page.locator(".messages .message", has_text=f"已核对自评报告“{wrong.name}”")
    expect(announced).to_contain_text(f"（对应 {SHEET} {PROJECT}）：2 个错误")
    expect(announced).to_have_class("message message-error")

    # Beside the form's findings: the report's, and the figures both state.
    card = page.locator("section.form-card", has=page.locator("h2 .sheet", has_text=SHEET)).first
    expect(card.locator(".status-ok")).to_have_text("可以报送。")  # report errors do not block the form
    report = card.locator(".report-check")
    expect(report.locator(".report-alert")).to_contain_text("自评报告有 2 个错误")
    row = report.locator("table.report-findings tbody tr", has=page.locator("a.rule-code", has_text="ZP960"))
    expect(row.locator("td.paragraph")).to_have_text("第4段")
    expect(row.locator("td.text")).to_have_text(f"报告写全年执行数 {WRONG_EXECUTED}万元，自评表为 {EXECUTED} 万元。")
    expect(row.locator("td.quote q")).to_contain_text(f"全年执行数{WRONG_EXECUTED}万元")
    values = report.locator("table.report-values")
    expect(values.locator("caption")).to_have_text("报告与自评表中的数")
    differing = values.locator("tbody tr.differs")
    expect(differing).to_have_count(1)
    expect(differing).to_contain_text("全年执行数")
    expect(differing).to_contain_text("不一致")
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "report-findings.png"))

    # The draft of another form's report, under the project's name.
    card3 = page.locator("section.form-card", has=page.locator("h2 .sheet", has_text="表3")).first
    expect(card3.locator(".report-missing")).to_have_text("未附自评报告。")
    with page.expect_download() as waiting:
        card3.get_by_role("link", name="下载自评报告草稿").click()
    assert waiting.value.suggested_filename == "2024 年房屋场所租赁类项目绩效自评报告.docx"
    waiting.value.save_as(tmp_path / "draft.docx")
    assert "2024 年房屋场所租赁类项目" in docx.Document(tmp_path / "draft.docx").paragraphs[0].text

    # Submit all six forms of the unit: 表2 goes with its report.
    page.locator("#submit-form").get_by_role("button").click()
    expect(page).to_have_url(f"{live.url}/portal/clerk/submissions", timeout=60_000)
    expect(page.locator(".messages")).to_contain_text(f"{PROJECT}：自评报告“{wrong.name}”已随第 1 版报送。")

    # The reviewer, in a browser of their own.
    reviewer = context.browser.new_context(base_url=live.url, accept_downloads=True, locale="zh-CN",
                                           viewport=VIEWPORT)
    try:
        review = reviewer.new_page()
        sign_in(review, "shenhe")
        review.goto("/portal/review/forms?year=2024")
        rows = review.locator("#forms tbody tr")
        expect(rows).to_have_count(6)
        expect(rows.filter(has_text=PROJECT).locator("td.report-column")).to_have_text("2")
        expect(rows.filter(has_text="2024 年房屋场所租赁类项目").locator("td.report-column")).to_have_text("未附报告")
        rows.filter(has_text=PROJECT).get_by_role("link", name=PROJECT).click()
        section = review.locator("#report")
        expect(section.locator(".report-alert")).to_contain_text("自评报告有 2 个错误")
        expect(section.locator("table.report-findings")).to_contain_text("ZP960")
        expect(section.locator("table.report-values tr.differs")).to_contain_text("不一致")
        with review.expect_download() as waiting:
            review.locator("#report-download").click()
        assert waiting.value.suggested_filename == f"{PROJECT}（第1版）自评报告.docx"
        waiting.value.save_as(tmp_path / "downloaded.docx")
        assert (tmp_path / "downloaded.docx").read_bytes() == wrong.read_bytes()
        assert re.search(r"/review/forms/\d+", review.url)
        review.screenshot(path=str(tmp_path / "review-report.png"), full_page=True)
    finally:
        reviewer.close()
