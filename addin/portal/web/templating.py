"""Jinja2 pages (addin/portal/templates), autoescaped; every page gets the visitor, its CSRF token
and the portal's URL prefix (behind a proxy's sub-path too: the ASGI root_path)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

from validation import __version__
from validation.findings import SEVERITY_NAMES
from validation.numbers import fmt, fmt_percent

from ..models import ROLE_NAMES, STATUS_NAMES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

EVENT_NAMES = {"submitted": "报送", "resubmitted": "重新报送", "returned": "退回", "approved": "通过"}

environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                          trim_blocks=True, lstrip_blocks=True)


def _time(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def _number(value, decimals: int = 2) -> str:
    return "—" if value is None else fmt(value, decimals)


def _percent(value) -> str:
    return "—" if value is None else fmt_percent(value)


def _finding_text(finding) -> str:
    """A finding's message as `ziping check` shows it: without the leading "H12：" (the cell has its own column)."""
    get = finding.get if isinstance(finding, dict) else lambda name: getattr(finding, name)
    message, cell = get("message") or "", get("cell")
    return message[len(cell) + 1:] if cell and message.startswith(cell + "：") else message


environment.filters.update(time=_time, number=_number, percent=_percent, finding_text=_finding_text)
environment.globals.update(SEVERITY_NAMES=SEVERITY_NAMES, STATUS_NAMES=STATUS_NAMES, ROLE_NAMES=ROLE_NAMES,
                           EVENT_NAMES=EVENT_NAMES, version=__version__)


def base_url(request) -> str:
    """The portal's URL prefix as the browser sees it (the mount's root_path)."""
    return request.scope.get("root_path", "").rstrip("/")


def render(request, template: str, status: int = 200, visitor=None, **context) -> HTMLResponse:
    page = environment.get_template(template).render(
        base=base_url(request), visitor=visitor, user=visitor.user if visitor else None,
        csrf=visitor.csrf if visitor else context.pop("csrf", ""), flash=visitor.flash if visitor else [],
        **context)
    return HTMLResponse(page, status_code=status)
