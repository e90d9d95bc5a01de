"""Who may use which page, over HTTP against a live portal holding the reviewer dataset, on both
databases: every reviewer and clerk route × every role × an object of another department or unit
gives 403 (the wrong role) or 404 (outside the scope), changes nothing, and nothing of that object
shows in any listing or downloaded workbook. In scope, the downloads are `ziping summary`'s and
`ziping review`'s workbooks of exactly the filtered forms.
"""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook
from sqlalchemy import select

from portal.store.models import Department, ReviewEvent, Submission, SubmissionVersion
from tests.portal.live import csrf_of
from tests.portal.review_data import (ADMIN, CLERKS, EDU, HR, HR_CENTRE, PASSWORD, REVIEWERS, REVISED, SCHOOL_1,
                                      review_data)  # noqa: F401
from tests.portal.web.stocked import PROFILE, current_files, stocked  # noqa: F401
from workbooks.checking.batch import check_file
from workbooks.review.folders import review, summarize

HR_FORM = REVISED  # 2 versions, 公共服务中心 of 人社局
EDU_FORM = "2024年校舍维修改造经费"  # 第一中学 of 教育委员会


def client_of(live, login: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=live.portal, timeout=120)
    page = client.get("/login")
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": login, "password": PASSWORD})
    assert answer.status_code == 303, login
    home = client.get(answer.headers["location"].removeprefix("/portal"))
    return client, csrf_of(home.text)


def ids(live, project: str) -> tuple[int, int, int]:
    """(submission, current version, unit) of a project of 2024."""
    with live.db.session() as session:
        submission = session.scalar(select(Submission).where(Submission.project == project, Submission.year == 2024))
        version = session.scalar(select(SubmissionVersion.id).where(
            SubmissionVersion.submission_id == submission.id, SubmissionVersion.number == submission.latest_number))
        return submission.id, version, submission.unit_id


def decisions(live) -> int:
    with live.db.session() as session:
        return len(session.scalars(select(ReviewEvent).where(ReviewEvent.kind.in_(("returned", "approved")))).all())


def files_listed(content: bytes, sheet: str = "汇总") -> list[str]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [row[0] for row in book[sheet].iter_rows(min_row=2, values_only=True) if row[0]]


def reviewer_routes(submission_id: int) -> list[tuple[str, str]]:
    return [("GET", f"/review/forms/{submission_id}"), ("GET", f"/review/forms/{submission_id}/versions/1/xlsx"),
            ("POST", f"/review/forms/{submission_id}/approve"), ("POST", f"/review/forms/{submission_id}/return")]


def clerk_routes(submission_id: int) -> list[tuple[str, str]]:
    return [("GET", f"/clerk/submissions/{submission_id}"),
            ("GET", f"/clerk/submissions/{submission_id}/versions/1/xlsx")]


def call(client, csrf, method, path, version=None):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf": csrf, "version": str(version or ""), "comment": "越权的意见"})


def test_authorization_matrix(live, stocked):
    hr_id, hr_version, hr_unit = ids(live, HR_FORM)
    edu_id, edu_version, edu_unit = ids(live, EDU_FORM)
    with live.db.session() as session:
        hr_department = session.scalar(select(Department.id).where(Department.name == HR))
    roles = {login: client_of(live, login) for login in
             (ADMIN, REVIEWERS[HR], REVIEWERS[EDU], CLERKS[HR_CENTRE], CLERKS[SCHOOL_1])}
    # (login, object) → what each route must answer: "ok", 403 or 404.
    expected = {
        (ADMIN, "hr"): ("ok", 403), (ADMIN, "edu"): ("ok", 403),
        (REVIEWERS[HR], "hr"): ("ok", 403), (REVIEWERS[HR], "edu"): (404, 403),
        (REVIEWERS[EDU], "hr"): (404, 403), (REVIEWERS[EDU], "edu"): ("ok", 403),
        (CLERKS[HR_CENTRE], "hr"): (403, "ok"), (CLERKS[HR_CENTRE], "edu"): (403, 404),
        (CLERKS[SCHOOL_1], "hr"): (403, 404), (CLERKS[SCHOOL_1], "edu"): (403, "ok"),
    }
    objects = {"hr": (hr_id, hr_version, HR_FORM), "edu": (edu_id, edu_version, EDU_FORM)}
    before = decisions(live)
    for (login, which), (on_review, on_clerk) in expected.items():
        client, csrf = roles[login]
        submission_id, version_id, project = objects[which]
        for routes, outcome in ((reviewer_routes(submission_id), on_review), (clerk_routes(submission_id), on_clerk)):
            for method, path in routes:
                if outcome == "ok" and method == "POST":
                    continue  # decisions in scope are the flow's (test_review_browser)
                answer = call(client, csrf, method, path, version_id)
                where = (login, which, method, path)
                if outcome == "ok":
                    assert answer.status_code == 200, where
                else:
                    assert answer.status_code == outcome, where
                    assert project not in answer.text, where
                    if outcome == 404:
                        assert "找不到" in answer.text, where
        # The version id of one object posted to the other's address: refused as not found.
        if login in (REVIEWERS[HR], REVIEWERS[EDU]):
            own = hr_id if login == REVIEWERS[HR] else edu_id
            other_version = edu_version if login == REVIEWERS[HR] else hr_version
            answer = client.post(f"/review/forms/{own}/return", data={"csrf": csrf, "version": str(other_version),
                                                                       "comment": "越权"}, follow_redirects=True)
            assert answer.status_code == 200 and "找不到该报送版本" in answer.text
    assert decisions(live) == before  # nothing was decided
    with live.db.session() as session:
        assert {s.status for s in session.scalars(select(Submission))} == {"submitted"}

    # Listings: the other department's units and forms appear nowhere, whatever the query asks.
    client, _ = roles[REVIEWERS[EDU]]
    hr_projects = [row.project for _, row, _ in stocked.data.current if row.department == HR]
    for path in ("/review/", "/review/?year=all", "/review/forms?year=all", f"/review/forms?year=all&unit={hr_unit}",
                 f"/review/forms?year=all&department={hr_department}", "/review/forms?year=all&q=窗口聘用",
                 "/review/forms?year=all&rule=ZP404", "/review/forms?year=all&size=200"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert HR not in page.text and HR_CENTRE not in page.text, path
        assert not [p for p in hr_projects if p in page.text], path
    page = client.get(f"/review/forms?year=all&unit={hr_unit}")
    assert "没有符合条件的表" in page.text and "下载汇总" not in page.text

    # Downloads: the other department's files are never in them.
    edu_files = [str(p.resolve()) for p in current_files(live, 2024, EDU)]
    for kind, sheet in (("summary", "汇总"), ("review", "汇总")):
        mine = client.get(f"/review/forms/{kind}.xlsx?year=2024")
        assert mine.status_code == 200 and mine.headers["content-disposition"].startswith("attachment")
        assert sorted(files_listed(mine.content, sheet)) == sorted(edu_files)
        for foreign in (client.get(f"/review/forms/{kind}.xlsx?year=2024&unit={hr_unit}"),
                        client.get(f"/review/forms/{kind}.xlsx?year=all&department={hr_department}&q=窗口聘用")):
            # nothing of theirs matches: no workbook at all, one Chinese sentence, nothing of the other department
            assert foreign.status_code == 400 and "没有符合筛选条件的表" in foreign.text
            assert HR not in foreign.text and not [p for p in hr_projects if p in foreign.text]
    for login in (CLERKS[HR_CENTRE], CLERKS[SCHOOL_1]):  # clerks do not download the reviewers' workbooks
        clerk, _ = roles[login]
        for path in ("/review/", "/review/forms", "/review/forms/summary.xlsx", "/review/forms/review.xlsx"):
            assert clerk.get(path).status_code == 403, (login, path)
    anonymous = httpx.Client(base_url=live.portal)
    for path in ("/review/", "/review/forms", "/review/forms/summary.xlsx", f"/review/forms/{hr_id}"):
        answer = anonymous.get(path)
        assert answer.status_code == 303 and "/login" in answer.headers["location"], path


def test_downloads_are_the_workbooks_of_ziping_summary_and_review(live, stocked, tmp_path):
    admin, _ = client_of(live, ADMIN)
    query = "year=2024&warnings=yes&sort=score&page=3"  # sorting and the page do not change what is downloaded
    page = admin.get(f"/review/forms?{query}")
    shown = int(page.text.split('id="count"')[1].split("<strong>")[1].split("</strong>")[0])
    paths = sorted(str(p.resolve()) for p in current_files(live, 2024))
    with_warnings = [p for p in paths if any(r.warnings for r in check_file(p, PROFILE).reports)]
    assert len(with_warnings) == shown > 0

    downloaded = admin.get(f"/review/forms/summary.xlsx?{query}")
    expected = tmp_path / "汇总.xlsx"
    summarize(with_warnings, expected, PROFILE, jobs=1)
    assert downloaded.content == expected.read_bytes()  # the summary workbook is byte for byte the same
    expected_summary = downloaded.content

    downloaded = admin.get(f"/review/forms/review.xlsx?{query}")
    expected = tmp_path / "审核结果.xlsx"
    review(with_warnings, expected, PROFILE, jobs=1)
    got, want = load_workbook(io.BytesIO(downloaded.content)), load_workbook(expected)
    assert got.sheetnames == want.sheetnames
    for name in want.sheetnames:
        rows = [list(r) for r in got[name].iter_rows(values_only=True)]
        if name == "汇总":  # the portal's one column more: the errors of each form's 自评报告 (none here)
            assert [r[-1] for r in rows] == ["报告错误数"] + [None] * (len(rows) - 1)
            rows = [r[:-1] for r in rows]
        assert rows == [list(r) for r in want[name].iter_rows(values_only=True)], name
    assert len(files_listed(downloaded.content, "汇总")) == shown
    # the stored versions' results are kept: a second download checks nothing and gives the same workbooks
    cached = sorted(live.submission_dir.joinpath(".ziping", "result-cache").glob("*/*/*.json"))
    assert len(cached) == 2 * shown  # summary rows and review rows of each file
    written = {path: path.stat().st_mtime_ns for path in cached}
    assert admin.get(f"/review/forms/summary.xlsx?{query}").content == expected_summary
    again = load_workbook(io.BytesIO(admin.get(f"/review/forms/review.xlsx?{query}").content))
    for name in got.sheetnames:
        assert [list(r) for r in again[name].iter_rows(values_only=True)] == \
            [list(r) for r in got[name].iter_rows(values_only=True)], name
    assert {path: path.stat().st_mtime_ns for path in cached} == written  # read, not written again

    bad = admin.get("/review/forms/summary.xlsx?year=2024&status=lost")
    assert bad.status_code == 400 and "状态应为" in bad.text
    assert admin.get("/review/forms?year=2024&sort=password").status_code == 400
