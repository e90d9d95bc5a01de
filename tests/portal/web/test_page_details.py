"""Details of what the portal's pages say and how (live portal; both databases where the database
matters): a new password ends the user's sessions; a checked upload is announced in the style of
what checking found; a user's role is shown once; the sign-in page speaks to clerks, not to
administrators; amounts in 万元 have two decimals, as the form writes them; profiles by their
Chinese titles.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import httpx
import pytest
from sqlalchemy import func, select

from portal.store.accounts import create_user
from portal.store.models import PortalSession
from portal.web.clerk import checked_note
from portal.web.templating import _who, amount, profile_title
from portal.web.uploads import Stored
from tests.portal.forms import variant
from tests.portal.live import DEPARTMENT, CENTRE, PASSWORD, csrf_of, signed_in
from tests.portal.review_data import HR, PASSWORD as DATASET_PASSWORD, REVIEWERS, REVISED, review_data  # noqa: F401
from tests.portal.test_users_cli import ziping
from tests.portal.web.stocked import stocked  # noqa: F401
from tests.portal.web.test_security import upload
from validation import load_profile
from workbooks.writing.samples import sample_path


def sessions_of(live, login: str) -> int:
    from portal.store.models import User

    with live.db.session() as session:
        return session.scalar(select(func.count()).select_from(PortalSession).join(User)
                              .where(User.login == login))


def test_a_new_password_ends_the_users_sessions(live):
    first, _ = signed_in(live, "zhangsan")
    second, _ = signed_in(live, "zhangsan")
    colleague, _ = signed_in(live, "wangwu")
    assert sessions_of(live, "zhangsan") == 2
    url = live.db.url.render_as_string(hide_password=False)
    done = ziping("users", "passwd", "zhangsan", "--password-stdin", "--db", url, stdin="a brand new secret\n")
    assert done.returncode == 0, done.stderr
    assert sessions_of(live, "zhangsan") == 0
    for client in (first, second):  # the next request of an old session: the sign-in page
        answer = client.get("/clerk/")
        assert answer.status_code == 303 and answer.headers["location"] == "/portal/login?next=/clerk/"
    assert colleague.get("/clerk/").status_code == 200  # another user's session goes on
    signed_in(live, "zhangsan", "a brand new secret")
    # Disabling an account ends its sessions too.
    assert ziping("users", "disable", "wangwu", "--db", url).returncode == 0
    assert sessions_of(live, "wangwu") == 0 and colleague.get("/clerk/").status_code == 303


def test_checked_uploads_are_announced_in_the_style_of_what_was_found(live):
    client, csrf = signed_in(live, "zhangsan")
    cases = ((sample_path(), "error", "3 个错误"), (variant(live.uploads_dir.parent, "（无错误）"), "warning", "没有错误，2 个警告"))
    for path, kind, words in cases:
        answer = upload(client, csrf, path)
        page = client.get(answer.headers["location"].removeprefix("/portal")).text
        (message,) = re.findall(r'<p class="message message-(\w+)" role="(\w+)">(已上传并校验[^<]*)</p>', page)
        assert message[0] == kind and words in message[2], message
        assert message[1] == ("alert" if kind == "error" else "status")
    assert checked_note(Stored("k", "a.xlsx", 1, 0, 0)) == ("ok", "已上传并校验“a.xlsx”：1 张自评表，没有错误和警告。")
    assert checked_note(Stored("k", "a.xlsx", 2, 1, 3))[0] == "error"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_role_is_shown_once(live):
    with live.db.write() as session:
        create_user(session, "zhongxin", "clerk", PASSWORD, f"{CENTRE}填报人", DEPARTMENT, CENTRE)
    for login, home, shown in (("zhongxin", "/clerk/", f"{CENTRE}填报人"), ("zhangsan", "/clerk/", "张三（填报人）"),
                               ("shenhe", "/review/", "审核人（主管部门审核人）")):
        client, _ = signed_in(live, login)
        page = client.get(home).text
        assert re.search(r'<span class="who">([^<]*)</span>', page).group(1) == shown
        assert "填报人（填报人）" not in page
    for role, name in (("clerk", "某中心填报人"), ("department_reviewer", "主管部门审核人"), ("bureau_admin", "财政局管理员")):
        assert _who(SimpleNamespace(display_name=name, role=role)) == name


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_sign_in_page_sends_clerks_to_their_administrator(live):
    page = httpx.get(f"{live.portal}/login").text
    assert "请联系本单位的报送平台管理员" in page and "ziping users" not in page and "passwd" not in page


def test_amounts_have_two_decimals_and_profiles_their_titles(live, stocked):
    assert [amount(v) for v in (153.8, 1234.5, 0, 9.825, None)] == ["153.80", "1,234.50", "0.00", "9.83", "—"]
    assert profile_title("national") == load_profile("national").title
    reviewer = httpx.Client(base_url=live.portal, timeout=120)
    login = reviewer.get("/login")
    reviewer.post("/login", data={"csrf": csrf_of(login.text), "login": REVIEWERS[HR], "password": DATASET_PASSWORD})
    # 表8 of the sample: 153.8 and 151.8 万元 in the workbook, 153.80 and 151.80 on the page.
    page = reviewer.get(f"/review/forms/{stocked.submission_id('2024年流动人员人事档案数字化加工费')}").text
    funds = page.split('id="funds"', 1)[1].split("</table>", 1)[0]
    shown = re.findall(r'data-cell="[DEF][6-9]">([^<]*)<', funds)
    assert "153.80" in shown and "151.80" in shown and all(re.fullmatch(r"[\d,]+\.\d\d", s) for s in shown if s)
    # The versions' changes show amounts the same way.
    page = reviewer.get(f"/review/forms/{stocked.submission_id(REVISED)}").text
    changed = re.findall(r"全年(?:预算|执行)数（万元）：([^<]*)</li>", page)
    assert changed and all(re.fullmatch(r"[\d,]+\.\d\d → [\d,]+\.\d\d", c) for c in changed), changed
    # An upload's page names its profile by the profile's title.
    client, csrf = signed_in(live, "zhangsan")
    answer = upload(client, csrf, sample_path())
    page = client.get(answer.headers["location"].removeprefix("/portal")).text
    assert f"评分口径：{load_profile().title}" in page and "national" not in page
