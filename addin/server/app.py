"""The HTTP server for clerks without Python: one endpoint per ribbon action.

The xlwings VBA client (RunServerPython) POSTs the workbook's values; the server builds
`xw.Book(json=payload)`, runs the same action as the local ribbon, and returns
`book.json()` — the list of changes the client applies in Excel. Any refusal is a short
plain-text Chinese message, which the client shows in a message box.

A process runs one action at a time (see create_app for why); `ziping serve --workers N` runs
N processes, each building its app (ziping.server) from the settings the command line checked.
The app knows nothing of the portal: ziping.server adds it, with the same action lock.
"""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

from validation import __version__
from validation.errors import ZipingError
from workbooks.reading.extract import records_in

from ..actions import ACTIONS, ActionContext
from ..actions.common import SKIPPED
from ..excel import Surface
from ..xlwings_env import forget_sheet_values, server_engine
from .payload import PayloadError, parse
from .settings import DEFAULT_MAX_BYTES, SETTINGS_ENV, ServerSettings
from .tokens import Token, find_token

xw = server_engine()

__all__ = ["DEFAULT_MAX_BYTES", "SETTINGS_ENV", "ServerSettings", "create_app"]

log = logging.getLogger("ziping.server")


class Refusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class AsciiJSONResponse(JSONResponse):
    """JSON with non-ASCII escaped: whatever encoding a client assumes, it decodes the same text."""

    def render(self, content) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _text(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message, status_code=status, media_type="text/plain; charset=utf-8")


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Refusal(413, f"工作簿数据过大（{int(declared) / 1024 / 1024:.1f} MB），超过服务器上限 {limit / 1024 / 1024:.0f} MB。")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refusal(413, f"工作簿数据过大，超过服务器上限 {limit / 1024 / 1024:.0f} MB。")
        chunks.append(chunk)
    return b"".join(chunks)


def check_unit(surface: Surface, token: Token) -> None:
    """A token acts only on forms of its own 主管部门/实施单位 (blank forms are anyone's)."""
    for grid in surface.grids(skip=SKIPPED):
        for record in records_in(grid):
            department, unit = record.department.text or None, record.unit.text or None
            if not token.allows(department, unit):
                raise Refusal(403, f"令牌属于“{token.label}”，不能处理其他单位的自评表"
                                   f"（工作表“{record.sheet}”的实施单位为“{unit or department}”）。")


class FairLock:
    """A lock taken in the order it was asked for (threading.Lock wakes waiters in any order,
    which under load leaves a few clerks waiting far longer than the rest)."""

    def __init__(self):
        self._condition = threading.Condition(threading.Lock())
        self._next_ticket = 0
        self._serving = 0

    def __enter__(self):
        with self._condition:
            ticket = self._next_ticket
            self._next_ticket += 1
            while ticket != self._serving:
                self._condition.wait()
        return self

    def __exit__(self, *exc):
        with self._condition:
            self._serving += 1
            self._condition.notify_all()
        return False


def create_app(settings: ServerSettings) -> FastAPI:
    app = FastAPI(title="ziping 绩效自评助手", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    # One action at a time per process. The xlwings server engine is not thread-safe: every
    # xw.Book(json=...) joins the one process-wide Books of xlwings.pro._xlremote.engine, whose
    # `active` book is whichever was opened last, and App.alert / App.run (runMacro, used to
    # clear fills) append their action to that active book — to another request's response when
    # two run at once. The actions are pure Python, so threads would not run them in parallel
    # anyway (GIL): for more throughput run several processes, `ziping serve --workers N`.
    lock = FairLock()

    def handle(action: str, body: bytes, token: Token) -> AsciiJSONResponse:
        with lock:
            # parsed only now: however many requests wait, one parsed workbook per process in memory
            data = parse(body, xw.__version__)
            try:
                with xw.Book(json=data) as book:
                    surface = Surface(book)
                    check_unit(surface, token)
                    context = ActionContext.from_book(surface, mode="server", allow_profile_files=False)
                    context.extra = {"token": token, "settings": settings}
                    message = ACTIONS[action](surface, context)
                    if message:
                        surface.alert(message)
                    result = book.json()
            finally:
                forget_sheet_values()
        return AsciiJSONResponse(result)  # rendered outside the lock and off the event loop

    app.state.action_lock = lock  # whatever else runs actions in this process takes the same lock
    app.state.browser_home = None  # a page for a browser asking for / (set by whoever adds pages)

    @app.get("/")
    async def index(request: Request):
        home = app.state.browser_home
        if home and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse(f"{request.scope.get('root_path', '')}{home}", status_code=303)
        return {"name": "ziping", "version": __version__, "xlwings": xw.__version__, "actions": sorted(ACTIONS)}

    @app.get("/health")
    async def health():
        return {"ok": True}

    # With several workers a kept-alive connection would stay with the worker that accepted it (and
    # asyncio accepts a burst of connections at once), so a proxy or client that keeps connections
    # open could queue everyone on one worker while the others idle: close after each action, and
    # the next request goes to whichever worker accepts it first. Excel's client connects anew anyway.
    close_after_action = settings.workers > 1

    @app.post("/{action}")
    async def run(action: str, request: Request):
        response = await _run(action, request)
        if close_after_action:
            response.headers["Connection"] = "close"
        return response

    async def _run(action: str, request: Request):
        try:
            if action not in ACTIONS:
                raise Refusal(404, f"没有名为“{action[:40]}”的操作。")
            token = find_token(settings.tokens, request.headers.get("authorization"))
            if token is None:
                raise Refusal(401, "令牌无效或缺失：请在工作簿的 ziping.conf 中填写服务器管理员分配的 AUTH 令牌。")
            body = await _body(request, settings.max_bytes)
            return await run_in_threadpool(handle, action, body, token)
        except Refusal as refusal:
            return _text(refusal.status, refusal.message)
        except PayloadError as exc:
            return _text(exc.status, str(exc))
        except ZipingError as exc:
            return _text(422, str(exc))
        except Exception as exc:  # noqa: BLE001 - the clerk gets a message, the log the details
            log.exception("action %s failed", action)
            return _text(500, f"服务器处理时出错（{type(exc).__name__}），已记录日志，请联系管理员。")

    return app
