"""The HTTP server for clerks without Python: one endpoint per ribbon action.

The xlwings VBA client (RunServerPython) POSTs the workbook's values; the server builds
`xw.Book(json=payload)`, runs the same action as the local ribbon, and returns
`book.json()` — the list of changes the client applies in Excel. Any refusal is a short
plain-text Chinese message, which the client shows in a message box.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse

from validation import __version__
from validation.errors import ZipingError
from workbooks.extract import records_in

from ..actions import ACTIONS, ActionContext
from ..actions.common import SKIPPED
from ..excel import Surface
from ..xlwings_env import xw
from .payload import PayloadError, parse
from .tokens import Token, find_token

log = logging.getLogger("ziping.server")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ServerSettings:
    tokens: list[Token]
    max_bytes: int = DEFAULT_MAX_BYTES
    submission_dir: Path | None = None
    extra: dict = field(default_factory=dict)


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


def create_app(settings: ServerSettings) -> FastAPI:
    app = FastAPI(title="ziping 绩效自评助手", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    lock = threading.Lock()  # xlwings keeps its books in a process-wide list

    def handle(action: str, data: dict, token: Token) -> dict:
        with lock, xw.Book(json=data) as book:
            surface = Surface(book)
            check_unit(surface, token)
            context = ActionContext.from_book(surface, mode="server", allow_profile_files=False)
            context.extra = {"token": token, "settings": settings}
            message = ACTIONS[action](surface, context)
            if message:
                surface.alert(message)
            return book.json()

    @app.get("/")
    async def index():
        return {"name": "ziping", "version": __version__, "xlwings": xw.__version__, "actions": sorted(ACTIONS)}

    @app.get("/health")
    async def health():
        return {"ok": True}

    @app.post("/{action}")
    async def run(action: str, request: Request):
        try:
            if action not in ACTIONS:
                raise Refusal(404, f"没有名为“{action[:40]}”的操作。")
            token = find_token(settings.tokens, request.headers.get("authorization"))
            if token is None:
                raise Refusal(401, "令牌无效或缺失：请在工作簿的 ziping.conf 中填写服务器管理员分配的 AUTH 令牌。")
            data = parse(await _body(request, settings.max_bytes), xw.__version__)
            result = await run_in_threadpool(handle, action, data, token)
        except Refusal as refusal:
            return _text(refusal.status, refusal.message)
        except PayloadError as exc:
            return _text(exc.status, str(exc))
        except ZipingError as exc:
            return _text(422, str(exc))
        except Exception as exc:  # noqa: BLE001 - the clerk gets a message, the log the details
            log.exception("action %s failed", action)
            return _text(500, f"服务器处理时出错（{type(exc).__name__}），已记录日志，请联系管理员。")
        return AsciiJSONResponse(result)

    return app
