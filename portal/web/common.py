"""What the pages of every role share: the signed-in visitor, redirects, downloads, and the types
of the numbers in addresses.

A number in an address (a form's id, a version number, a page) is declared with one of the types
below: anything else, or a number beyond what the database holds, is a validation error that
app.py answers with a Chinese page (404 in the path, 400 in the query) and never reaches the
database.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Path, Query
from pydantic import BeforeValidator, Field
from starlette.responses import FileResponse, RedirectResponse

from . import sessions
from .errors import NotSignedIn
from .templating import base_url


def portal_of(request):
    return request.app.state.portal


def current_visitor(request):
    """The signed-in visitor, or None. Runs in a worker thread (database)."""
    token = request.cookies.get(sessions.COOKIE)
    return sessions.visitor(portal_of(request).db, token) if token else None


def need_visitor(request):
    found = current_visitor(request)
    if found is None:
        raise NotSignedIn("请先登录。")
    return found


def redirect(request, path: str) -> RedirectResponse:
    """303 to a path of the portal (after a POST the browser then GETs it)."""
    return RedirectResponse(base_url(request) + path, status_code=303)


def download(path, filename: str, media_type: str | None = None) -> FileResponse:
    """A file as an attachment; the Chinese name in RFC 5987 form, an ASCII fallback beside it."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in filename) or "download"
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    response = FileResponse(path, media_type=media_type or "application/octet-stream")
    response.headers["Content-Disposition"] = disposition
    return response


MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
         ".xls": "application/vnd.ms-excel", ".pdf": "application/pdf"}


MAX_ID = 2 ** 31 - 1  # the largest INTEGER of PostgreSQL (ids and version numbers are INTEGER columns)


def _blank_is_none(value):
    return None if isinstance(value, str) and not value.strip() else value


# An id or number in the path: a positive whole number the database can hold.
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
# An optional number of the same kind in the query string ("" as from a form's "全部" is none).
QueryNumber = Annotated[Annotated[int, Field(ge=1, le=MAX_ID)] | None, BeforeValidator(_blank_is_none), Query()]
