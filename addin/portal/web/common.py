"""What the pages of every role share: the signed-in visitor, redirects, downloads."""

from __future__ import annotations

from urllib.parse import quote

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
