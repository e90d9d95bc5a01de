"""Every page of the portal speaks Chinese: each route, for each role (a clerk, a department
reviewer, the bureau's administrator, and a visitor not signed in), including the error pages
(400, 403, 404, 405, 413, 500, 503, the refused CSRF token), the rule pages, a submitted form of
the reviewer dataset and the result page of an upload (with a 自评报告), rendered by a live portal; the visible text
(tags, scripts, styles and attributes stripped) holds no Latin word beyond a short allow-list:
rule codes, file names and their extensions, product names and units.

A GET route of the portal that no page below visits fails the test too, so a new page is checked
as soon as it exists.
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser

import httpx
import pytest
from sqlalchemy import select

from portal.store.errors import DatabaseUnavailable
from portal.store.models import SubmissionVersion, VersionReport
from portal.web import rules as rules_module
from tests.portal.live import PASSWORD as LIVE_PASSWORD
from tests.portal.live import csrf_of, portal_routes
from tests.portal.review_data import (ADMIN, CLERKS, EDU, HR, HR_CENTRE, PASSWORD, REVIEWERS, REVISED,  # noqa: F401
                                      review_data)
from tests.portal.web.stocked import stocked  # noqa: F401
from tests.portal.report_files import WRONG_EXECUTED, write_report
from tests.portal.web.test_security import upload
from validation.rules import registry
from workbooks.writing.samples import sample_path

LATIN = re.compile(r"[A-Za-z]{2,}")
# What may stay Latin in a Chinese page, removed from the text before LATIN looks at it.
ALLOWED = [
    # What the rule explanations (validation/rules) quote as it is typed: a placeholder name, a
    # formula, and configuration (a file of the program, a setting and its value).
    re.compile(r"“XX指标”|“min\(执行率, 100%\) × 分值”|workbooks/data/labels\.json|“ziping\.conf”中把 PROFILE 设为对应口径（如 hubei）"
               r"|scoring\.rounded_scores = reject"),
    re.compile(r"ZP\d+"),  # rule codes
    re.compile(r"[^\s“”（）()、，：:]*\.(?:xlsx|xlsm|xls|pdf|docx|doc|wps|txt|rtf|odt)(?![A-Za-z])",
               re.IGNORECASE),  # file names (workbooks, 自评报告) and kinds (.docx、.pdf)
    re.compile(r"(?<![A-Za-z])(?:xlsx|xlsm|xls|pdf)(?![A-Za-z])"),  # file kinds (下载 xlsx, 下载汇总（xlsx）)
    re.compile(r"(?<![A-Za-z])(?:ziping|Excel|WPS|PDF|LibreOffice)(?![A-Za-z])"),  # product names
    re.compile(r"\d\s?(?:MB|KB)(?![A-Za-z])"),  # units
]
EDU_FORM = "2024年校舍维修改造经费"
WITH_ERRORS = "2024 年服务大厅公共设施维修费"


class _Text(HTMLParser):
    """The text a reader of the page gets: element contents (the title too), outside scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(unescape(" ".join(parser.parts)).split())


def latin_words(html: str) -> list[str]:
    text = visible_text(html)
    for allowed in ALLOWED:
        text = allowed.sub(" ", text)
    return LATIN.findall(text)


class Pages:
    """The pages visited, the Latin words found in each, and the route templates they covered."""

    def __init__(self, portal_routes: list[str]):
        self.routes = portal_routes
        self.visited: set[str] = set()
        self.found: dict[str, list[str]] = {}
        self.count = 0

    def check(self, who: str, answer: httpx.Response, status: int | None = None, html: bool = True) -> httpx.Response:
        path = answer.request.url.path.removeprefix("/portal")
        if status is not None:
            assert answer.status_code == status, (who, str(answer.request.url), answer.status_code, answer.text[-400:])
        for template in self.routes:
            if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path):
                self.visited.add(template)
        if html:
            assert answer.headers["content-type"].startswith("text/html"), (who, path, answer.headers["content-type"])
            words = latin_words(answer.text)
            self.count += len(words)
            if words:
                self.found[f"{who} {answer.request.method} {answer.request.url.path}?{answer.request.url.query.decode()}"
                           f" → {answer.status_code}"] = words
            assert "<html" in answer.text
        return answer


def client_of(live, login: str, password: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=live.portal, timeout=120)
    page = client.get("/login")
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": login, "password": password})
    assert answer.status_code == 303, login
    home = client.get(answer.headers["location"].removeprefix("/portal"))
    return client, csrf_of(home.text)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_page_is_in_chinese(live, stocked, monkeypatch, tmp_path):
    pages = Pages([path for method, path in portal_routes(live) if method == "GET"])
    hr_form = stocked.submission_id(REVISED)
    errors_form = stocked.submission_id(WITH_ERRORS)
    edu_form = stocked.submission_id(EDU_FORM)

    # Not signed in: the sign-in page (also after a failed attempt), and every other page leads to it.
    anonymous = httpx.Client(base_url=live.portal, timeout=120, follow_redirects=True)
    pages.check("访客", anonymous.get("/"), 200)
    login = pages.check("访客", anonymous.get("/login?next=/clerk/"), 200)
    pages.check("访客", anonymous.post("/login", data={"csrf": csrf_of(login.text), "login": "zhangsan",
                                                       "password": "wrong password"}), 401)
    pages.check("访客", anonymous.post("/login", data={"login": "zhangsan", "password": LIVE_PASSWORD}), 403)
    for path in ("/clerk/", "/clerk/submissions", f"/clerk/submissions/{hr_form}", "/review/", "/review/forms",
                 f"/review/forms/{hr_form}", "/rules/ZP104", "/review/forms/abc", "/review/forms?page=x"):
        answer = pages.check("访客", anonymous.get(path), 200)
        assert "/portal/login" in str(answer.url), path
    pages.check("访客", anonymous.get("/no-such-page"), 404)

    # A clerk of 公共服务中心: home, an upload and its result page, the unit's submissions, a returned form.
    clerk, clerk_csrf = client_of(live, "zhangsan", LIVE_PASSWORD)
    answer = upload(clerk, clerk_csrf, sample_path())
    assert answer.status_code == 303
    upload_path = answer.headers["location"].removeprefix("/portal")
    key = upload_path.rsplit("/", 1)[-1]
    # A 自评报告 of 表2 with a wrong figure (its findings, quotes and figures are shown on the upload's page).
    report = write_report(tmp_path / "自评报告.docx", WRONG_EXECUTED)
    pages.check("填报人", clerk.post(f"/clerk/uploads/{key}/reports", data={"csrf": clerk_csrf}, follow_redirects=True,
                                    files={"reports": (report.name, report.read_bytes(), "application/octet-stream")}),
                200)

    # A reviewer returns one form and approves another, so that the clerk's pages show both.
    reviewer, reviewer_csrf = client_of(live, REVIEWERS[HR], PASSWORD)
    pages.check("部门审核人", reviewer.post(f"/review/forms/{hr_form}/return", follow_redirects=True, data={
        "csrf": reviewer_csrf, "version": str(stocked.current_version_id(REVISED)), "comment": "请补充偏差原因。"}), 200)

    pages.check("填报人", clerk.get("/clerk/"), 200)
    pages.check("填报人", clerk.get(upload_path), 200)
    pages.check("填报人", clerk.get(f"/clerk/uploads/{key}/delete"))
    pages.check("填报人", clerk.get("/clerk/submissions"), 200)
    pages.check("填报人", clerk.get(f"/clerk/submissions/{hr_form}"), 200)
    pages.check("填报人", clerk.get(f"/clerk/submissions/{errors_form}"), 200)
    pages.check("填报人", clerk.get(f"/clerk/uploads/{key}/marked"), 200, html=False)
    pages.check("填报人", clerk.get(f"/clerk/uploads/{key}/draft?sheet=表2"), 200, html=False)
    pages.check("填报人", clerk.get(f"/clerk/uploads/{key}/draft?sheet=表99"), 404)
    pages.check("填报人", clerk.get(f"/clerk/submissions/{hr_form}/versions/1/xlsx"), 200, html=False)
    # The clerk's error pages: another unit's object, a reviewer page, bad and too large IDs, a wrong method.
    pages.check("填报人", clerk.get(f"/clerk/submissions/{edu_form}"), 404)
    pages.check("填报人", clerk.get(f"/clerk/submissions/{hr_form}/versions/1/pdf"), 404)
    pages.check("填报人", clerk.get("/clerk/uploads/no-such-upload"), 404)
    pages.check("填报人", clerk.get("/clerk/submissions/abc"), 404)
    pages.check("填报人", clerk.get(f"/clerk/submissions/{2 ** 63}"), 404)
    pages.check("填报人", clerk.get("/review/"), 403)
    pages.check("填报人", clerk.get(f"/review/forms/{hr_form}"), 403)
    pages.check("填报人", clerk.get("/logout"), 405)
    pages.check("填报人", clerk.post(f"/clerk/uploads/{key}/submit", data={"csrf": "wrong"}), 403)
    pages.check("填报人", clerk.post(f"/clerk/uploads/{key}/submit", data={"csrf": clerk_csrf}), 400)
    pages.check("填报人", clerk.post("/clerk/uploads", data={"csrf": clerk_csrf},
                                    files={"files": ("说明.xlsx", b"not a workbook", "application/octet-stream")}), 400)
    pages.check("填报人", clerk.post("/clerk/uploads", data={"csrf": clerk_csrf},
                                    files={"files": ("大.xlsx", b"\0" * (21 * 1024 * 1024), "application/octet-stream")}), 413)
    pages.check("填报人", clerk.post(f"/clerk/uploads/{key}/submit", follow_redirects=True,
                                    data={"csrf": clerk_csrf, "sheets[]": ["表2", "表5"]}), 200)
    pages.check("填报人", clerk.get(upload_path), 200)  # submitted now: it can no longer be removed
    with live.db.session() as session:  # 表2 went as a new version of the dataset's 表2, with its report
        report_version = session.scalar(select(SubmissionVersion.number).join(VersionReport)
                                        .where(SubmissionVersion.submission_id == hr_form))
    pages.check("填报人", clerk.get(f"/clerk/submissions/{hr_form}"), 200)
    pages.check("填报人", clerk.get(f"/clerk/submissions/{hr_form}/versions/{report_version}/report"), 200, html=False)
    pages.check("填报人", clerk.post(f"/clerk/uploads/{key}/delete", data={"csrf": clerk_csrf}))
    pages.check("填报人", clerk.get("/clerk/"), 200)

    # Every rule's page.
    for rule in registry().values():
        pages.check("填报人", clerk.get(f"/rules/{rule.code}"), 200)
    pages.check("填报人", clerk.get("/rules/ZP000"), 404)

    # The department's reviewer: the dashboard of each year, the forms table, forms with and without errors.
    for path in ("/review/", "/review/?year=all", "/review/?year=2023", "/review/?year=x", "/review/forms",
                 "/review/forms?year=2024&errors=yes&sort=score", "/review/forms?year=2024&size=10&page=2",
                 "/review/forms?year=2024&status=未知", "/review/forms?year=2024&sort=名称", "/review/forms?page=x",
                 f"/review/forms/{hr_form}", f"/review/forms/{errors_form}", f"/review/forms/{hr_form}?back=forms"):
        pages.check("部门审核人", reviewer.get(path))
    pages.check("部门审核人", reviewer.get(f"/review/forms/{hr_form}/versions/1/xlsx"), 200, html=False)
    pages.check("部门审核人", reviewer.get(f"/review/forms/{hr_form}/versions/{report_version}/report"), 200,
                html=False)
    pages.check("部门审核人", reviewer.get(f"/review/forms/{hr_form}/versions/1/report"), 404)
    pages.check("部门审核人", reviewer.get("/review/forms/summary.xlsx?year=2024&errors=yes"), 200, html=False)
    pages.check("部门审核人", reviewer.get("/review/forms/review.xlsx?year=2024&errors=yes"), 200, html=False)
    pages.check("部门审核人", reviewer.get("/review/forms/summary.xlsx?year=2024&status=未知"), 400)
    pages.check("部门审核人", reviewer.get(f"/review/forms/{edu_form}"), 404)
    pages.check("部门审核人", reviewer.get("/review/forms/abc"), 404)
    pages.check("部门审核人", reviewer.get("/review/forms/99999999999999999999"), 404)
    pages.check("部门审核人", reviewer.get("/clerk/"), 403)
    pages.check("部门审核人", reviewer.post(f"/review/forms/{errors_form}/approve", follow_redirects=True,
                                         data={"csrf": reviewer_csrf, "version": "0"}), 200)
    for rule in ("ZP104", "ZP203"):
        pages.check("部门审核人", reviewer.get(f"/rules/{rule}"), 200)

    # The bureau's administrator: both departments.
    admin, _ = client_of(live, ADMIN, PASSWORD)
    for path in ("/review/", "/review/forms", "/review/forms?year=2024&department=1", f"/review/forms/{edu_form}",
                 f"/review/forms/{hr_form}", "/rules/ZP203"):
        pages.check("财政局管理员", admin.get(path), 200)
    pages.check("财政局管理员", admin.get("/clerk/submissions"), 403)

    # A page that fails (500) and a database that does not answer (503).
    def broken(code):
        raise RuntimeError("boom")

    def unavailable(code):
        raise DatabaseUnavailable("数据库暂时无法连接")

    monkeypatch.setattr(rules_module, "get_rule", broken)
    pages.check("财政局管理员", admin.get("/rules/ZP203"), 500)
    assert admin.get("/review/").status_code == 200  # the same connection goes on
    monkeypatch.setattr(rules_module, "get_rule", unavailable)
    pages.check("财政局管理员", admin.get("/rules/ZP203"), 503)
    monkeypatch.undo()

    # Signing out, then the favicon.
    pages.check("财政局管理员", admin.post("/logout", data={"csrf": csrf_of(admin.get("/review/").text)},
                                       follow_redirects=True), 200)
    pages.check("访客", anonymous.get("/favicon.ico"), 200, html=False)

    found = Counter(word for words in pages.found.values() for word in words)
    print(f"\nLatin words in the visible text: {pages.count} ({dict(found.most_common())})")
    unvisited = [route for route in pages.routes if route not in pages.visited]
    assert not unvisited, f"GET routes no page of this test visits: {unvisited}"
    assert not pages.found, "\n".join(f"{page}: {' '.join(words)}" for page, words in pages.found.items())
