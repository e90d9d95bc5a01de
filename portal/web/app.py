"""The portal as a sub-application mounted at /portal of the `ziping serve` app.

Its own error pages (Chinese, with the status), security headers on every answer (a strict
Content-Security-Policy: scripts, styles and images from the portal only — there is no CDN and no
external font), static files (and the favicon, also at /favicon.ico of the server), and the
routers of each role.

An address the routes cannot take (a number that is not one, or too large for the database) is
answered like any other page: a visitor not signed in goes to the sign-in page first; then the
wrong role is refused (403), an id in the path is not found (404), a value in the query string is
a bad request (400). A failure nobody foresaw is a Chinese 500 page, and the connection stays open.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import FileResponse, RedirectResponse
from starlette.staticfiles import StaticFiles

from ..store.errors import DatabaseUnavailable
from . import auth, clerk, review, rules
from .access import require_area
from .common import current_visitor
from .context import PREFIX, Portal, PortalConfig
from .errors import NotFound, NotSignedIn, PortalRefusal
from .templating import base_url, render

log = logging.getLogger("ziping.portal")

STATIC = Path(__file__).resolve().parent / "static"

SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                                 b"base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


# Names of the query-string values the routes declare as numbers (common.QueryNumber), as the pages call them.
QUERY_NAMES = {"page": "页码", "size": "每页张数", "unit": "实施单位", "department": "主管部门"}
FAVICON = STATIC / "favicon.ico"


class CrashPage:
    """A request that fails unexpectedly gets the Chinese 500 page and its connection stays usable.

    (An exception handler for Exception would run in Starlette's ServerErrorMiddleware, which
    re-raises after answering: uvicorn then drops the kept-alive connection.)"""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception:
            if started:  # half an answer is out: nothing better to do than to end the connection
                raise
            request = Request(scope, receive)
            log.exception("portal request %s failed", request.url.path)
            response = await _error_page(request, 500, "服务器出错", "处理时出错，已记录日志，请联系管理员。")
            await response(scope, receive, send)


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every answer, and `Cache-Control: no-store` to all but static files
    (pages show a unit's data: never kept by a shared cache or the browser's history)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = "/static/" in scope["path"]

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def build_portal(portal: Portal) -> FastAPI:
    sub = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    sub.state.portal = portal
    sub.add_middleware(CrashPage)
    sub.add_middleware(SecurityHeaders)  # outermost: the crash page gets the headers too
    sub.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    sub.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    for module in (auth, clerk, review, rules):
        sub.include_router(module.router)

    @sub.exception_handler(PortalRefusal)
    async def refused(request: Request, exc: PortalRefusal):
        if isinstance(exc, NotSignedIn):
            return _to_sign_in(request)
        return await _error_page(request, exc.status, exc.title, exc.message)

    @sub.exception_handler(RequestValidationError)
    async def invalid_address(request: Request, exc: RequestValidationError):
        try:
            visitor = await run_in_threadpool(current_visitor, request)
        except DatabaseUnavailable as unavailable:
            return await no_database(request, unavailable)
        if visitor is None:
            return _to_sign_in(request)
        try:
            require_area(visitor.user, _portal_path(request))
        except PortalRefusal as refusal:
            return await _error_page(request, refusal.status, refusal.title, refusal.message, visitor)
        places = [error.get("loc") or ("",) for error in exc.errors()]
        if any(place[0] != "query" for place in places):  # the path (an id), or anything else
            return await _error_page(request, NotFound.status, NotFound.title, NotFound().message, visitor)
        names = [QUERY_NAMES.get(str(place[1]), "") if len(place) > 1 else "" for place in places]
        named = "、".join(f"“{name}”" for name in dict.fromkeys(names) if name)
        return await _error_page(request, 400, "网址有误",
                                 f"网址中的{named or '条件'}不正确（应为正整数），请返回上一页重新选择。", visitor)

    @sub.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            return await _error_page(request, 405, "不支持的操作", "此地址不支持这种请求方式。")
        return await _error_page(request, exc.status_code, "找不到页面", "找不到您要的内容：它不存在，或不属于您的单位。")

    @sub.exception_handler(DatabaseUnavailable)
    async def no_database(request: Request, exc: DatabaseUnavailable):
        log.error("%s", exc)
        return render(request, "error.html", status=503, title="暂时无法使用",
                      message="报送平台的数据库暂时无法连接，请稍后再试；如持续出现，请联系管理员。", status_code=503)

    return sub


def favicon():
    return FileResponse(FAVICON, media_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"})


def _portal_path(request: Request) -> str:
    return request.url.path.removeprefix(base_url(request)) or "/"


def _to_sign_in(request: Request) -> RedirectResponse:
    wanted = _portal_path(request) if request.method == "GET" else ""
    target = base_url(request) + "/login" + (f"?next={wanted}" if wanted and wanted != "/" else "")
    return RedirectResponse(target, status_code=303)


async def _error_page(request: Request, status: int, title: str, message: str, visitor=None):
    if visitor is None:
        try:
            visitor = await run_in_threadpool(current_visitor, request)
        except Exception:  # noqa: BLE001 - the error page must render even when the database does not answer
            visitor = None
    return render(request, "error.html", status=status, visitor=visitor, title=title, message=message,
                  status_code=status)


def mount(app: FastAPI, config: PortalConfig, lock) -> Portal:
    """Mount the portal on the server app (`ziping serve` has migrated the database); its
    connections are closed when the app shuts down."""
    config.uploads_dir.mkdir(parents=True, exist_ok=True)
    portal = Portal(config, lock)

    async def to_portal(request: Request):  # /portal without its slash
        return RedirectResponse(f"{request.scope.get('root_path', '')}{PREFIX}/", status_code=308)

    app.add_api_route(PREFIX, to_portal, methods=["GET"], include_in_schema=False)
    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    app.mount(PREFIX, build_portal(portal), name="portal")
    app.state.portal = portal
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application):
        async with previous(application) as state:
            yield state
        portal.close()

    app.router.lifespan_context = lifespan
    return portal
