"""Ribbon actions: each is `action(book, context) -> str` (the message shown to the clerk).

The ribbon button ids in addin/ribbon.xml are the keys of ACTIONS; macros.bas passes the id
to Python unchanged, so a new button needs only a ribbon entry and a function here.
"""

from __future__ import annotations

from .context import ActionContext, ActionError
from .clear_marks import clear_marks
from .deviations import deviations
from .draft_report import draft_report
from .export import export
from .new_sheet import new_sheet
from .score import score
from .summary import summary
from .validate import validate

ACTIONS = {
    "validate": validate,
    "score": score,
    "deviations": deviations,
    "clear_marks": clear_marks,
    "new_sheet": new_sheet,
    "summary": summary,
    "export": export,
    "draft_report": draft_report,
}

__all__ = ["ACTIONS", "ActionContext", "ActionError", "run_action"]


def run_action(name: str, book, context: ActionContext | None = None) -> str:
    """Run one action on a workbook and show its outcome to the clerk as an alert."""
    from ..excel import Surface

    surface = Surface(book)
    if name not in ACTIONS:
        raise ActionError(f"没有名为“{name}”的操作。")
    context = context or ActionContext.from_book(surface)
    message = ACTIONS[name](surface, context)
    if message:
        surface.alert(message)
    return message
