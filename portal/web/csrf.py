"""CSRF: every form carries a token in a hidden field `csrf`, checked on every POST.

A signed-in session has its own random token (portal_sessions.csrf_token). The sign-in form,
before any session exists, uses a double-submit token: a random value in a SameSite=Strict,
HttpOnly cookie that the form must repeat. A missing or wrong token is refused (403) before
anything is done.
"""

from __future__ import annotations

import hmac
import secrets

from .errors import CsrfRefused

FIELD = "csrf"
LOGIN_COOKIE = "ziping_login_csrf"


def same(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8", "replace"), given.encode("utf-8", "replace"))


def check(expected: str | None, form: dict) -> None:
    if not same(expected, form.get(FIELD)):
        raise CsrfRefused()


def login_token(request) -> str:
    """The sign-in form's token: the cookie's, or a new one (the caller sets the cookie)."""
    value = request.cookies.get(LOGIN_COOKIE)
    return value if value and 20 <= len(value) <= 100 else secrets.token_urlsafe(24)


def set_login_cookie(response, request, token: str) -> None:
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https",
                        path="/")
