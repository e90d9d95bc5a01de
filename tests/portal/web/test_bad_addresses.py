"""Addresses the routes cannot take, over HTTP against a live portal (both databases): an id that
is not a number or is too large for the database (beyond SQLite's and PostgreSQL's integers), in
every route of the portal, is a Chinese 404 page; a query value that is not a number is a Chinese
400 page; either only after the sign-in check (a visitor not signed in goes to the sign-in page)
and the role check. None of them, nor an unexpected failure (500), drops the kept-alive
connection. And the favicon, at /favicon.ico and in the portal.
"""

from __future__ import annotations

import http.client
import re
from urllib.parse import quote

import pytest
from portal.web import rules as rules_module
from portal.web.common import MAX_ID
from tests.portal.live import portal_routes, signed_in

BAD_IDS = ["abc", "-1", "0", "1.5", "²", str(MAX_ID + 1), str(2 ** 63), "99999999999999999999"]
TOO_LARGE = [str(MAX_ID + 1), str(2 ** 63), "99999999999999999999"]


class Connection:
    """One kept-alive HTTP connection to the live server, with a session's cookie: every answer
    must leave it open (the same socket serves the next request)."""

    def __init__(self, live, cookie: str | None = None):
        host, port = live.url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=120)
        self.cookie = cookie
        self.socket = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, quote("/portal" + path, safe="/?=&"), body=body, headers=headers)
        answer = self.connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        assert not answer.will_close, (method, path, answer.status, "the server closed the connection")
        if self.socket is None:
            self.socket = self.connection.sock
        assert self.connection.sock is self.socket, (method, path, "a new connection was needed")
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, text

    def get(self, path: str):
        return self.request("GET", path)


def session_of(live, login: str) -> tuple[Connection, str]:
    client, csrf = signed_in(live, login)
    return Connection(live, f"ziping_session={client.cookies['ziping_session']}"), csrf


def routes_with_parameters(live) -> list[tuple[str, str]]:
    """(method, path template) of every route of the portal with a parameter in its path."""
    return [(method, path) for method, path in portal_routes(live) if "{" in path]


def chinese_page(status: int, headers: dict, text: str, expected: int, words: str) -> None:
    assert status == expected, (status, text[-400:])
    assert headers["content-type"].startswith("text/html"), headers["content-type"]
    assert words in text and '<html lang="zh-CN">' in text


def test_ids_that_are_not_numbers_or_too_large_are_chinese_404_pages_in_every_route(live):
    routes = routes_with_parameters(live)
    assert ("GET", "/review/forms/{submission_id}") in routes and ("GET", "/clerk/submissions/{submission_id}") in routes
    for login in ("zhangsan", "shenhe", "caizheng"):
        connection, csrf = session_of(live, login)
        clerk = login == "zhangsan"
        for method, template in routes:
            if template.startswith("/review/" if clerk else "/clerk/"):
                continue  # the other role's pages: 403, below
            for bad in BAD_IDS:
                path = re.sub(r"\{[^}]+\}", bad, template)
                status, headers, text = connection.request(method, path, f"csrf={csrf}" if method == "POST" else None)
                chinese_page(status, headers, text, 404, "找不到")
    # The other role's pages are refused as such, whatever the id.
    clerk, _ = session_of(live, "zhangsan")
    reviewer, _ = session_of(live, "shenhe")
    for bad in ("abc", "99999999999999999999"):
        chinese_page(*clerk.get(f"/review/forms/{bad}"), 403, "无权访问")
        chinese_page(*reviewer.get(f"/clerk/submissions/{bad}"), 403, "无权访问")
    # And in range, an id of nothing is not found either: the same page.
    chinese_page(*reviewer.get(f"/review/forms/{MAX_ID}"), 404, "找不到")
    chinese_page(*clerk.get(f"/clerk/submissions/{MAX_ID}/versions/{MAX_ID}/xlsx"), 404, "找不到")


def test_bad_query_values_are_a_chinese_400_page(live):
    reviewer, _ = session_of(live, "caizheng")
    for query, named in (("page=x", "页码"), ("page=99999999999999999999", "页码"), ("page=²", "页码"),
                         ("unit=abc", "实施单位"), ("department=-3", "主管部门"), ("size=1e3", "每页张数")):
        for path in ("/review/forms", "/review/forms/summary.xlsx", "/review/forms/review.xlsx"):
            if path != "/review/forms" and query.split("=")[0] in ("page", "size"):
                continue  # the downloads have no pages
            status, headers, text = reviewer.get(f"{path}?year=2024&{query}")
            chinese_page(status, headers, text, 400, "网址有误")
            assert f"“{named}”" in text
    # Empty values are "全部", as the filter form sends them.
    status, _, text = reviewer.get("/review/forms?year=2024&unit=&department=&page=")
    assert status == 200 and "共 <strong>0</strong> 张表" in text
    # Years stay lenient: a year that is not one shows the newest.
    assert reviewer.get("/review/?year=²")[0] == 200


def test_bad_addresses_go_to_the_sign_in_page_first(live):
    visitor = Connection(live)
    for path in ("/review/forms/abc", "/review/forms/99999999999999999999", "/clerk/submissions/abc",
                 "/review/forms?page=x", "/clerk/submissions/1/versions/abc/xlsx"):
        status, headers, _ = visitor.get(path)
        assert status == 303, path
        assert headers["location"] == "/portal/login?next=" + path.split("?")[0]
    status, headers, _ = visitor.request("POST", "/review/forms/abc/approve", "csrf=x")
    assert status == 303 and headers["location"] == "/portal/login"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_unexpected_failure_is_a_chinese_500_page_and_keeps_the_connection(live, monkeypatch):
    def broken(code):
        raise RuntimeError("boom")

    connection, _ = session_of(live, "zhangsan")
    monkeypatch.setattr(rules_module, "get_rule", broken)
    status, headers, text = connection.get("/rules/ZP104")
    chinese_page(status, headers, text, 500, "服务器出错")
    assert "RuntimeError" not in text and headers["content-security-policy"].startswith("default-src 'self'")
    monkeypatch.undo()
    status, _, text = connection.get("/rules/ZP104")
    assert status == 200 and "缺少实际完成值" in text


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_favicon(live):
    visitor = Connection(live)
    for path in ("/favicon.ico", "/portal/favicon.ico"):
        visitor.connection.request("GET", path)
        answer = visitor.connection.getresponse()
        body = answer.read()
        assert answer.status == 200 and answer.getheader("content-type") == "image/x-icon"
        assert body[:4] == b"\0\0\1\0" and len(body) < 10_000
    status, headers, text = visitor.get("/login")
    assert '<link rel="icon" href="/portal/static/favicon.svg" type="image/svg+xml">' in text
    assert "img-src 'self'" in headers["content-security-policy"]  # the icons are the portal's own files
    status, headers, svg = visitor.get("/static/favicon.svg")
    assert status == 200 and headers["content-type"].startswith("image/svg+xml") and svg.startswith("<svg")
    assert "<script" not in svg and "href" not in svg  # nothing the CSP would have to allow
