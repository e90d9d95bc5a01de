"""Jinja2 pages (portal/templates), autoescaped; every page gets the visitor, its CSRF token
and the portal's URL prefix (behind a proxy's sub-path too: the ASGI root_path)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

import math
from functools import lru_cache

from validation import __version__
from validation.findings import SEVERITY_NAMES
from validation.numbers import fmt, fmt_percent, round_half_up
from validation.profile import load_profile
from validation.rules import get_rule

from ..store.models import ROLE_NAMES, STATUS_NAMES

TEMPLATES = Path(__file__).resolve().parent / "templates"

EVENT_NAMES = {"submitted": "报送", "resubmitted": "重新报送", "returned": "退回", "approved": "通过"}

environment = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                          trim_blocks=True, lstrip_blocks=True)


def _time(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"


def _number(value, decimals: int = 2) -> str:
    return "—" if value is None else fmt(value, decimals)


def _percent(value) -> str:
    return "—" if value is None else fmt_percent(value)


def amount(value) -> str:
    """An amount in 万元 as the form writes it (number format #,##0.00): 153.80, 1,234.50."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "—" if value is None else str(value)
    text = f"{round_half_up(float(value), 2):,.2f}"
    return "0.00" if text == "-0.00" else text


def _who(user) -> str:
    """A user as the pages show one: the name, and the role unless the name already says it
    (“北京市丰台区人力资源公共服务中心填报人”, not “……填报人（填报人）”)."""
    if user is None:
        return ""
    role = ROLE_NAMES.get(user.role, "")
    return user.display_name if not role or role in user.display_name else f"{user.display_name}（{role}）"


@lru_cache(maxsize=64)
def profile_title(name: str | None) -> str:
    """The Chinese title of a 评分口径 (“全国通用（财预〔2020〕10号）”), by its key."""
    if not name:
        return "—"
    try:
        return load_profile(name).title or name
    except Exception:  # noqa: BLE001 - a profile no longer installed: its key is all there is
        return name


def rule_title(code: str | None) -> str:
    """The Chinese title of a rule (“缺少实际完成值”), by its code."""
    rule = get_rule(code) if code else None
    return rule.title if rule is not None else ""


def _finding_text(finding) -> str:
    """A finding's message as `ziping check` shows it: without the leading "H12：" (the cell has its own column)."""
    get = finding.get if isinstance(finding, dict) else lambda name: getattr(finding, name)
    message, cell = get("message") or "", get("cell")
    return message[len(cell) + 1:] if cell and message.startswith(cell + "：") else message


environment.filters.update(time=_time, number=_number, percent=_percent, amount=amount, finding_text=_finding_text,
                           who=_who, profile_title=profile_title, rule_title=rule_title)
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
