"""The reviewer's flow in a real browser (Debian's Chromium through Playwright) against a live
portal holding the reviewer dataset, on SQLite and on PostgreSQL: the dashboard (its figures are
`ziping summary`'s over the same stored files), the forms table (filters, sorting, pages), a form
in the official layout with its findings beside their cells, returning it with a comment; the
clerk sees the comment, uploads a corrected workbook and submits it again; the reviewer approves.

Screenshots of each reviewer page go to <tmp>/screenshots; with ZIPING_UPDATE_SCREENSHOTS=1 those of
the SQLite run also replace the committed ones in docs/portal-screenshots/ (20-… onwards).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.portal.forms import variant
from tests.portal.live import PASSWORD as CLERK_PASSWORD
from tests.portal.review_data import (EDU, HR, HR_CENTRE, PASSWORD, REVISED, REVIEWERS, review_data)  # noqa: F401
from tests.portal.web.stocked import PROFILE, current_files, stocked, summary_units  # noqa: F401
from tests.portal.web.test_browser import VIEWPORT, publish, sign_in
from validation.numbers import fmt, fmt_percent
from workbooks.checking.batch import check_file

WITH_ERRORS = "2024 年服务大厅公共设施维修费"  # 表5 of the sample, placed with its errors


def shown_number(value, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return fmt_percent(value) if percent else fmt(float(value), 2)


class Shots:
    def __init__(self, folder: Path, page, first: int = 20):
        self.folder, self.page, self.number, self.taken = folder, page, first, []
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str, full_page: bool = True) -> None:
        path = self.folder / f"{self.number:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        self.taken.append(path)
        self.number += 1


@pytest.fixture
def context(browser, live):
    context = browser.new_context(base_url=live.url, accept_downloads=True, locale="zh-CN", viewport=VIEWPORT)
    yield context
    context.close()


def dashboard_figures(page) -> dict[str, dict[str, str]]:
    figures = {}
    rows = page.locator("#units tr[data-unit]")
    for i in range(rows.count()):
        row = rows.nth(i)
        cells = row.locator("td[data-col]")
        figures[row.get_attribute("data-unit")] = {cells.nth(j).get_attribute("data-col"): cells.nth(j).inner_text()
                                                   for j in range(cells.count())}
    return figures


def expected_figures(frame) -> dict[str, dict[str, str]]:
    expected = {}
    for record in frame.to_dict("records"):
        name = "合计" if record["主管部门"] == "合计" else record["实施单位"]
        expected[name] = {"项目数": str(record["项目数"]), "平均分": shown_number(record["平均分"]),
                          **{g: str(record[g]) for g in ("优", "良", "中", "差")},
                          "执行率（按预算加权）": shown_number(record["执行率（按预算加权）"], percent=True),
                          "错误": str(record["错误"])}
    return expected


def test_reviewer_flow(live, stocked, context, tmp_path, request):
    page = context.new_page()
    shots = Shots(tmp_path / "screenshots", page)
    reviewer = REVIEWERS[HR]

    # The department reviewer lands on the dashboard of the newest year: the figures of `ziping summary`.
    sign_in(page, reviewer, PASSWORD)
    expect(page).to_have_url(f"{live.url}/portal/review/")
    expect(page.get_by_role("heading", name="汇总面板")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text(f"{HR} · 2024 年度")
    frame = summary_units(current_files(live, 2024, HR))
    assert dashboard_figures(page) == expected_figures(frame)
    assert EDU not in page.content() and "第一中学" not in page.content()
    total = frame[frame["主管部门"] == "合计"].iloc[0]
    expect(page.locator("[data-figure=forms]")).to_have_text(str(total["项目数"]))
    expect(page.locator("[data-figure=average]")).to_have_text(shown_number(total["平均分"]))
    expect(page.locator("[data-figure=rate]")).to_have_text(shown_number(total["执行率（按预算加权）"], percent=True))
    checked = [check_file(path, PROFILE) for path in current_files(live, 2024, HR)]
    with_errors = sum(1 for result in checked if result.errors)
    expect(page.locator("[data-figure=with-errors]")).to_have_text(str(with_errors))
    for grade in ("优", "良", "中", "差"):  # the chart's text table
        expect(page.locator(f"#grades td[data-grade='{grade}']")).to_have_text(str(total[grade]))
    expect(page.locator("svg.bar-chart rect.bar")).to_have_count(4)
    shots("review-dashboard")

    # The year selector (every year together), and a year without forms.
    page.get_by_label("年度", exact=True).select_option("all")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(f"{live.url}/portal/review/?year=all")
    expect(page.locator(".lead")).to_contain_text("全部年度")
    page.goto("/portal/review/?year=2023")
    expect(page.locator(".empty")).to_contain_text("2023 年度还没有报送的自评表")
    page.get_by_label("年度", exact=True).select_option("2024")
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".lead")).to_contain_text("2024 年度")

    # The forms table: filter by errors, then by text; sort by a header; the URL says it all.
    page.get_by_role("link", name="查看全部表格").click()
    expect(page.locator("#count")).to_contain_text(f"共 {int(total['项目数'])} 张表")
    page.get_by_label("错误", exact=True).select_option("yes")
    page.get_by_role("button", name="筛选").click()
    assert "errors=yes" in page.url
    rows = page.locator("#forms tbody tr")
    expect(rows).to_have_count(with_errors)
    names = {rows.nth(i).locator("td a").first.inner_text() for i in range(rows.count())}
    assert names == {r.reports[0].project for r in checked if r.errors}
    shared = page.url
    other = context.new_page()  # the address alone gives the same table
    other.goto(shared)
    expect(other.locator("#forms tbody tr")).to_have_count(with_errors)
    other.close()
    page.goto("/portal/review/forms?year=2024")
    page.locator("#forms thead").get_by_role("link", name="总分").click()
    expect(page.locator("#forms thead th[aria-sort=ascending]")).to_contain_text("总分")
    scores = [float(t.replace(",", "")) for t in page.locator("#forms tbody td.num:nth-child(5)").all_inner_texts()
              if t != "—"]
    assert scores == sorted(scores) and len(scores) >= 5
    page.locator("#forms thead").get_by_role("link", name="总分").click()
    expect(page.locator("#forms thead th[aria-sort=descending]")).to_contain_text("总分")
    shots("review-forms")
    page.goto("/portal/review/forms?year=2024&size=10")
    expect(page.locator("#count")).to_contain_text("第 1 / 2 页")
    page.get_by_role("link", name="下一页").click()
    expect(page.locator("#forms tbody tr")).to_have_count(int(total["项目数"]) - 10)
    page.get_by_label("项目名称包含").fill("公共设施维修")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#forms tbody tr")).to_have_count(1)

    # The downloads of the filtered set: the summary of exactly these forms.
    with page.expect_download() as waiting:
        page.get_by_role("link", name="下载汇总（xlsx）").click()
    summary = tmp_path / "汇总.xlsx"
    waiting.value.save_as(summary)
    sheet = load_workbook(summary, read_only=True)["汇总"]
    listed = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    path = next(p for p in current_files(live, 2024, HR) if check_file(p, PROFILE).reports[0].project == WITH_ERRORS)
    assert listed == [str(path.resolve())]

    # A form with errors: the official layout, each finding beside its cell, rule codes linking to the rule.
    page.locator("#forms tbody a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WITH_ERRORS)
    report = check_file(path, PROFILE).reports[0]
    expect(page.locator("#official")).to_contain_text(report.project)
    expect(page.locator("#official")).to_contain_text(report.department)
    expect(page.locator("#official")).to_contain_text(report.unit)
    expect(page.locator("#total-computed")).to_have_text(fmt(report.total_computed, 2))
    expect(page.locator("#total-reported")).to_have_text(fmt(report.total_reported, 2))
    # filed beside computed: every filed 得分 the rules give otherwise is marked, with the computed one under it
    compared = [i for i in report.indicators if i.score_reported is not None and i.score_computed is not None]
    assert any(fmt(i.score_reported, 2) != fmt(i.score_computed, 2) for i in compared)
    for item in compared:
        cell = page.locator(f"section.official td[data-cell='{item.score_cell}']").first
        differs = fmt(item.score_reported, 2) != fmt(item.score_computed, 2)
        assert ("differs" in cell.get_attribute("class").split()) == differs, item.name
        if differs:
            expect(cell).to_contain_text(f"计算：{fmt(item.score_computed, 2)}")
    expect(page.locator("#execution-rate")).to_have_text(fmt_percent(report.funds["execution_rate"]))
    listed = page.locator("section.official li.finding")
    shown = sorted((listed.nth(i).get_attribute("class").split("finding-")[1], listed.nth(i).locator(".cell").inner_text(),
                    listed.nth(i).locator(".rule-code").inner_text()) for i in range(listed.count()))
    assert shown == sorted((f.severity, f.cell or "—", f.rule) for f in report.findings)
    marked = [f for f in report.findings if f.severity == "error" and f.cell
              and page.locator(f"section.official td[data-cell='{f.cell}']").count()]
    assert marked, "an error on a cell of the layout"
    for finding in marked:
        assert "mark-error" in page.locator(f"section.official td[data-cell='{finding.cell}']").first.get_attribute("class")
    shots("review-form-findings")
    rule = marked[0].rule
    page.locator("section.official a.rule-code", has_text=rule).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(rule)
    page.go_back()

    # Print: the layout and history only.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#official")).to_be_visible()
    page.pdf(path=str(tmp_path / "form.pdf"))
    page.emulate_media(media="screen")

    # The revised form (two versions): what changed; return it with a comment.
    page.goto("/portal/review/forms?year=2024&q=" + REVISED)
    page.locator("#forms tbody a", has_text=REVISED).click()
    expect(page.locator("#versions")).to_contain_text("与第 1 版相比")
    expect(page.locator("#versions tbody tr").first).to_contain_text("第 2 版")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="下载报送的文件").click()
    assert waiting.value.suggested_filename.endswith("（第2版）.xlsx")
    page.get_by_role("button", name="退回修改").click()  # without a comment: the browser asks for one
    expect(page.locator("#form-status")).to_have_text("已报送")
    comment = "“聘用人员数量”实际完成值偏低，偏差原因写得不具体，请补充说明后重新报送。"
    page.get_by_label("退回意见（必填：需要修改什么）").fill(comment)
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator(".messages")).to_contain_text("第 2 版已退回")
    expect(page.locator("#form-status")).to_have_text("已退回")
    expect(page.locator("#events li").first).to_contain_text(comment)
    expect(page.locator("#decide-title")).to_have_count(0)
    shots("review-returned")
    form_url = page.url

    # The clerk sees the comment, uploads the corrected workbook and submits it: version 3.
    clerk = context.browser.new_context(base_url=live.url, locale="zh-CN", viewport=VIEWPORT)
    try:
        clerk_page = clerk.new_page()
        sign_in(clerk_page, "zhangsan", CLERK_PASSWORD)
        clerk_page.goto("/portal/clerk/submissions")
        row = clerk_page.locator("#submissions tbody tr", has_text=REVISED)
        expect(row.locator(".status")).to_have_text("已退回")
        expect(row.locator(".comment")).to_have_text(comment)
        clerk_page.goto("/portal/clerk/")
        clerk_page.get_by_label("选择自评表工作簿（可多选）").set_input_files(str(variant(tmp_path, "（已补充偏差原因）")))
        clerk_page.get_by_role("button", name="上传并校验").click()
        expect(clerk_page.locator("#submit-form")).to_be_visible(timeout=60_000)
        clerk_page.locator("#submit-form").get_by_role("button").click()
        expect(clerk_page.locator(".messages")).to_contain_text(f"{REVISED}（第 3 版）")

        # The reviewer sees version 3, submitted again, and approves it.
        page.goto(form_url)
        expect(page.locator("#form-status")).to_have_text("已报送")
        expect(page.locator("#versions")).to_contain_text("与第 2 版相比")
        expect(page.locator("#events li").first).to_contain_text("重新报送")
        page.get_by_label("审核意见（可不填）").fill("已补充，同意。")
        page.get_by_role("button", name="审核通过").click()
        expect(page.locator(".messages")).to_contain_text("第 3 版已通过")
        expect(page.locator("#form-status")).to_have_text("已通过")
        shots("review-approved")

        clerk_page.goto("/portal/clerk/submissions")
        row = clerk_page.locator("#submissions tbody tr", has_text=REVISED)
        expect(row.locator(".status")).to_have_text("已通过")
        expect(row.locator(".comment")).to_have_text("已补充，同意。")
    finally:
        clerk.close()

    # The bureau's administrator sees both departments, with the department filter.
    page.get_by_role("button", name="退出登录").click()
    sign_in(page, "admin", PASSWORD)
    expect(page.locator("#units")).to_contain_text("第一中学")
    frame = summary_units(current_files(live, 2024))
    assert dashboard_figures(page) == expected_figures(frame)
    page.goto("/portal/review/forms?year=2024")
    page.get_by_label("主管部门").select_option(label=EDU)
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#forms tbody tr").first).to_be_visible()
    assert "department=" in page.url
    units = set(page.locator("#forms tbody td:nth-child(3)").all_inner_texts())
    assert units and all(name.startswith("北京市丰台区") for name in units) and HR_CENTRE not in units
    shots("review-admin-forms")

    publish(request, shots.taken, "[23][0-9]-*.png")


def test_reviewer_pages_with_the_keyboard(live, stocked, context):
    page = context.new_page()
    sign_in(page, REVIEWERS[HR], PASSWORD)
    page.goto("/portal/review/forms?year=2024")
    header = page.locator("#forms thead").get_by_role("link", name="总分")
    header.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#forms thead th[aria-sort=ascending]")).to_contain_text("总分")
    page.locator("#forms tbody a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#official")).to_be_visible()
    page.get_by_label("退回意见（必填：需要修改什么）").focus()
    page.keyboard.type("请补充。")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="退回修改")).to_be_focused()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#form-status")).to_have_text("已退回")
