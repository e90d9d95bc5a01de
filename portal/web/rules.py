"""A rule's explanation (what it checks, why, an example, how to fix it), as `ziping rule CODE` shows it."""

from __future__ import annotations

from fastapi import APIRouter, Request

from validation.rules import get_rule

from .common import need_visitor
from .errors import NotFound
from .templating import render

router = APIRouter(prefix="/rules")


@router.get("/{code}")
def rule_page(request: Request, code: str):
    visitor = need_visitor(request)
    rule = get_rule(code[:100])
    if rule is None:
        raise NotFound(f"没有编号为“{code[:20]}”的规则。")
    return render(request, "rule.html", visitor=visitor, rule=rule)
