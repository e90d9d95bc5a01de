"""The portal over HTTP (a live server, both databases): cookies, CSRF, sign-in failures,
authorization per object, upload limits, hostile files, concurrent submissions, and the add-in's
endpoints beside it."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from portal.store.accounts import REFUSED
from portal.store.models import PortalSession, Submission, SubmissionVersion, Upload
from tests.hostile.hostile_files import KINDS
from tests.portal.forms import variant
from tests.portal.live import PASSWORD, TOKEN, csrf_of, files_under, signed_in, start
from tests.remote import payload
from workbooks.writing.samples import sample_path

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def count(live, model) -> int:
    with live.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def upload(client, csrf: str, path: Path, name: str | None = None) -> httpx.Response:
    return client.post("/clerk/uploads", data={"csrf": csrf}, files={"files": (name or path.name, path.read_bytes(), XLSX)})


def uploaded_key(answer: httpx.Response) -> str:
    assert answer.status_code == 303, answer.text[-800:]
    return answer.headers["location"].rsplit("/", 1)[-1]


def submit(client, csrf: str, key: str, sheets: list[str]) -> httpx.Response:
    return client.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf, "sheets[]": sheets})


def test_session_cookie_flags(live):
    client = httpx.Client(base_url=live.portal)
    page = client.get("/login")
    assert page.status_code == 200 and "登录名" in page.text and "密码" in page.text
    answer = client.post("/login", data={"csrf": csrf_of(page.text), "login": "zhangsan", "password": PASSWORD})
    assert answer.status_code == 303
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith("ziping_session="))
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "httponly" in flags and "samesite=strict" in flags and "path=/" in flags and "secure" not in flags
    assert not any(f.startswith(("max-age", "expires")) for f in flags)  # gone when the browser closes
    token = cookie.split(";")[0].split("=", 1)[1]
    with live.db.session() as session:  # the database keeps the token's digest only
        hashes = session.scalars(select(PortalSession.token_hash)).all()
    assert hashlib.sha256(token.encode()).hexdigest() in hashes and token not in hashes
    # Behind an https proxy (X-Forwarded-Proto from a trusted address: loopback) the cookie is Secure.
    proxied = httpx.Client(base_url=live.portal, headers={"X-Forwarded-Proto": "https"})
    page = proxied.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()
    login_cookie = page.headers["set-cookie"].split(";")[0]  # a Secure cookie: httpx keeps it off plain http
    answer = proxied.post("/login", data={"csrf": csrf_of(page.text), "login": "zhangsan", "password": PASSWORD},
                          headers={"Cookie": login_cookie})
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith("ziping_session="))
    assert "secure" in [part.strip().lower() for part in cookie.split(";")]
    headers = page.headers
    assert "default-src 'self'" in headers["content-security-policy"] and headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"


def test_every_sign_in_failure_gives_the_same_message_and_the_lock_holds(live):
    client = httpx.Client(base_url=live.portal)

    def attempt(login, password):
        page = client.get("/login")
        return client.post("/login", data={"csrf": csrf_of(page.text), "login": login, "password": password})

    answers = [attempt("zhangsan", "wrong password"), attempt("nobody", "wrong password"), attempt("", "x")]
    assert {a.status_code for a in answers} == {401}
    assert all(REFUSED in a.text for a in answers) and "ziping_session" not in str(answers[0].headers)
    for _ in range(5):
        attempt("lisi", "wrong password")
    locked = attempt("lisi", PASSWORD)  # the right password during the lock: refused, same message
    assert locked.status_code == 401 and REFUSED in locked.text


def test_posts_without_the_csrf_token_are_refused(live):
    client, csrf = signed_in(live, "zhangsan")
    key = uploaded_key(upload(client, csrf, sample_path()))
    uploads_before = files_under(live.uploads_dir)
    refused = [
        client.post("/clerk/uploads", files={"files": ("a.xlsx", sample_path().read_bytes(), XLSX)}),
        client.post("/clerk/uploads", data={"csrf": "wrong"}, files={"files": ("a.xlsx", sample_path().read_bytes(), XLSX)}),
        client.post(f"/clerk/uploads/{key}/submit", data={"sheets[]": ["表2"]}),
        client.post(f"/clerk/uploads/{key}/submit", data={"csrf": csrf + "x", "sheets[]": ["表2"]}),
        client.post("/logout", data={}),
    ]
    for answer in refused:
        assert answer.status_code == 403 and "请求已拒绝" in answer.text and "表单校验码" in answer.text
    assert files_under(live.uploads_dir) == uploads_before and count(live, Upload) == 1
    assert count(live, SubmissionVersion) == 0 and files_under(live.submission_dir) == []
    assert client.get("/clerk/").status_code == 200  # still signed in: the refused sign-out did nothing
    # The sign-in form has its own token (double submit): without it, no session.
    anonymous = httpx.Client(base_url=live.portal)
    answer = anonymous.post("/login", data={"login": "zhangsan", "password": PASSWORD})
    assert answer.status_code == 403 and "ziping_session" not in answer.headers.get("set-cookie", "")


def test_sign_out_ends_the_session(live):
    client, csrf = signed_in(live, "zhangsan")
    token = client.cookies["ziping_session"]
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    stale = httpx.Client(base_url=live.portal, cookies={"ziping_session": token})
    answer = stale.get("/clerk/")
    assert answer.status_code == 303 and answer.headers["location"].endswith("/portal/login?next=/clerk/")
    assert count(live, PortalSession) == 0


def test_another_unit_sees_nothing_of_the_first_units_objects(live):
    owner, csrf = signed_in(live, "zhangsan")
    key = uploaded_key(upload(owner, csrf, sample_path(), name="中心的工作簿.xlsx"))
    assert submit(owner, csrf, key, ["表2", "表3"]).status_code == 303
    with live.db.session() as session:
        submission_id = session.scalar(select(Submission.id).order_by(Submission.id))
    owned = [f"/clerk/uploads/{key}", f"/clerk/uploads/{key}/marked", f"/clerk/submissions/{submission_id}",
             f"/clerk/submissions/{submission_id}/versions/1/xlsx", f"/clerk/submissions/{submission_id}/versions/1/pdf"]
    for path in owned[:4]:
        assert owner.get(path).status_code == 200, path
    other, other_csrf = signed_in(live, "lisi")  # a clerk of another unit of the same department
    for path in owned:
        answer = other.get(path)
        assert answer.status_code == 404 and "不属于您的单位" in answer.text, path
        assert "中心的工作簿" not in answer.text and "窗口聘用" not in answer.text
    answer = submit(other, other_csrf, key, ["表1"])
    assert answer.status_code == 404 and count(live, SubmissionVersion) == 2
    for path in ("/clerk/", "/clerk/submissions"):
        page = other.get(path).text
        assert "中心的工作簿" not in page and "窗口聘用" not in page and "房屋场所" not in page
    # Reviewers are not clerks: the clerk pages refuse them.
    reviewer, _ = signed_in(live, "shenhe")
    assert reviewer.get("/clerk/").status_code == 403 and reviewer.get(owned[0]).status_code == 403
    assert reviewer.get("/review/").status_code == 200
    # Signed out: every page leads to the sign-in page, no download.
    anonymous = httpx.Client(base_url=live.portal)
    for path in owned:
        assert anonymous.get(path).status_code == 303


def test_uploads_over_the_limit_are_refused_while_streaming(db_url, tmp_path):
    live = start(db_url, tmp_path, max_bytes=200 * 1024)
    try:
        client, csrf = signed_in(live, "zhangsan")
        big = tmp_path / "大.xlsx"
        big.write_bytes(sample_path().read_bytes() + b"\0" * (300 * 1024))
        answer = upload(client, csrf, big)
        assert answer.status_code == 413 and "超过 0.2 MB 的上限" in answer.text

        def chunks():  # no Content-Length: the limit is enforced on the bytes as they arrive
            boundary = b"--b0undary\r\n"
            yield boundary + b'Content-Disposition: form-data; name="csrf"\r\n\r\n' + csrf.encode() + b"\r\n"
            yield boundary + b'Content-Disposition: form-data; name="files"; filename="x.xlsx"\r\n\r\n'
            for _ in range(100):
                yield b"\0" * (64 * 1024)
            yield b"\r\n--b0undary--\r\n"

        answer = client.post("/clerk/uploads", content=chunks(),
                             headers={"Content-Type": "multipart/form-data; boundary=b0undary"})
        assert answer.status_code == 413 and "上限" in answer.text
        assert [p for p in files_under(live.uploads_dir)] == [] and count(live, Upload) == 0
    finally:
        live.stop()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return {name: (builder(folder), phrase) for name, (builder, phrase) in KINDS.items()}


def test_hostile_uploads_get_one_clear_message_and_leave_nothing(live, hostile):
    from workbooks.checking.batch import check_file
    from validation import load_profile

    client, csrf = signed_in(live, "zhangsan")
    stored = 0
    for name, (path, phrase) in hostile.items():
        answer = upload(client, csrf, path)
        unreadable = path.suffix.lower() not in (".xlsx", ".xlsm", ".xls") or check_file(path, load_profile()).error
        if unreadable:
            assert answer.status_code == 400, name
            messages = answer.text.split('id="problems"', 1)[1].split("</div>", 1)[0]
            assert messages.count('class="message message-error"') == 1 and phrase in messages, name
            assert "Traceback" not in answer.text
        else:
            stored += 1
            page = client.get(answer.headers["location"].removeprefix("/portal"))
            assert page.status_code == 200, name
            assert phrase is None or phrase in page.text, name
            assert "<script>" not in page.text.split("</footer>")[0].split("<main")[1]  # text stays text
        assert count(live, Upload) == stored, name
        assert len([p for p in files_under(live.uploads_dir) if ".incoming" not in p.parts]) == stored, name
    assert [p for p in files_under(live.uploads_dir / ".incoming")] == []


def test_two_clerks_submitting_the_same_project_at_once_both_land_as_versions(live, tmp_path):
    clients = [signed_in(live, login) for login in ("zhangsan", "wangwu")]
    keys = [uploaded_key(upload(client, csrf, variant(tmp_path, f"（{i}）")))
            for i, (client, csrf) in enumerate(clients)]
    barrier, answers = threading.Barrier(2), [None, None]

    def run(i):
        client, csrf = clients[i]
        barrier.wait()
        answers[i] = submit(client, csrf, keys[i], ["表2"])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [303, 303]
    with live.db.session() as session:
        [submission] = session.scalars(select(Submission)).all()
        numbers = sorted(v.number for v in submission.versions)
        submitters = {v.submitted_by.login for v in submission.versions}
    assert numbers == [1, 2] and submission.latest_number == 2 and submitters == {"zhangsan", "wangwu"}
    listing = clients[0][0].get("/clerk/submissions").text
    assert "第 2 版" in listing and "已报送" in listing


def test_the_add_in_endpoints_work_beside_the_portal(live):
    assert httpx.get(f"{live.url}/").json()["name"] == "ziping"  # not a browser: the JSON as before
    browser = httpx.get(f"{live.url}/", headers={"Accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["location"] == "/portal/"
    assert httpx.get(f"{live.url}/health").json() == {"ok": True}
    answer = httpx.post(f"{live.url}/validate", json=payload(sample_path()), headers={"Authorization": TOKEN},
                        timeout=60)
    assert answer.status_code == 200 and answer.json()["actions"]
    assert httpx.post(f"{live.url}/validate", json={}, headers={"Authorization": "wrong-token-000000000"}).status_code == 401
    missing = httpx.get(f"{live.portal}/no/such/page")
    assert missing.status_code == 404 and "找不到页面" in missing.text


def test_a_database_that_is_down_gives_a_chinese_page_and_the_add_in_still_starts(tmp_path):
    import warnings

    from addin.server.settings import ServerSettings
    from ziping.server import build_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    settings = ServerSettings([], submission_dir=tmp_path / "报送",
                              extra={"database": "postgresql+psycopg://nobody:secret@127.0.0.1:9/none"})
    client = TestClient(build_app(settings))
    page = client.get("/portal/login")
    assert page.status_code == 200
    answer = client.post("/portal/login", data={"csrf": csrf_of(page.text), "login": "zhangsan", "password": PASSWORD})
    assert answer.status_code == 503 and "数据库暂时无法连接" in answer.text and "secret" not in answer.text
    assert client.get("/health").json() == {"ok": True}
