"""Signing in and out.

Sign-in uses portal.store.accounts.authenticate: argon2id, the lock after repeated failures, and one
and the same message for every failure (unknown login, wrong password, disabled, locked).
A successful sign-in always starts a new session (the previous one of this browser ends).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ..store.accounts import authenticate
from ..store.errors import LoginRefused
from . import csrf, sessions
from .access import home_of
from .common import current_visitor, portal_of, redirect
from .forms import read_form
from .templating import render

router = APIRouter()


def _safe_next(value: str | None) -> str | None:
    """A path inside the portal to go on to after signing in; anything else is ignored."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 300:
        return None
    return value if all(ch.isprintable() and not ch.isspace() for ch in value) else None


def _login_page(request: Request, status: int = 200, problem: str | None = None, login: str = "", next_path: str = ""):
    token = csrf.login_token(request)
    response = render(request, "login.html", status=status, csrf=token, problem=problem, login=login,
                      next_path=next_path)
    csrf.set_login_cookie(response, request, token)
    return response


@router.get("/")
def home(request: Request):
    visitor = current_visitor(request)
    if visitor is None:
        return _login_page(request)
    return redirect(request, home_of(visitor.user))


@router.get("/login")
def login_page(request: Request, next: str | None = None):
    visitor = current_visitor(request)
    if visitor is not None:
        return redirect(request, _safe_next(next) or home_of(visitor.user))
    return _login_page(request, next_path=_safe_next(next) or "")


@router.post("/login")
async def login(request: Request):
    form = await read_form(request)
    csrf.check(request.cookies.get(csrf.LOGIN_COOKIE), form)
    login_name = str(form.get("login", ""))[:200]
    password = str(form.get("password", ""))[:1024]
    next_path = _safe_next(str(form.get("next", "")))
    portal = portal_of(request)
    try:
        user = await run_in_threadpool(authenticate, portal.db, login_name, password)
    except LoginRefused as refused:
        return _login_page(request, status=401, problem=str(refused), login=login_name, next_path=next_path or "")
    token = await run_in_threadpool(sessions.start, portal.db, user.id, request.cookies.get(sessions.COOKIE))
    response = redirect(request, next_path or home_of(user))
    sessions.set_cookie(response, request, token)
    response.delete_cookie(csrf.LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request):
    form = await read_form(request)
    visitor = await run_in_threadpool(current_visitor, request)
    if visitor is not None:
        csrf.check(visitor.csrf, form)
        await run_in_threadpool(sessions.end, portal_of(request).db, request.cookies.get(sessions.COOKIE))
    response = redirect(request, "/login")
    sessions.clear_cookie(response, request)
    return response
