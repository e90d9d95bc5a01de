"""The xlwings VBA client, as far as tests need it: payloads and action application come from
the product's file adapter (addin.filebook); this adds what only tests look at."""

from __future__ import annotations

import re
from pathlib import Path

from addin.filebook import apply, payload
from addin.xlwings_env import xw

XLWINGS_ADDIN = Path(xw.__file__).parent / "addin"

__all__ = ["apply", "payload", "remote_bas_subs", "fill"]


def remote_bas_subs() -> set[str]:
    """The action Subs of the installed Remote.bas: what a VBA client can apply."""
    source = (XLWINGS_ADDIN / "Remote.bas").read_text("ascii")
    return set(re.findall(r"^\s*Sub\s+(\w+)\s*\(wb As Workbook, action As Dictionary\)", source, flags=re.M))


def fill(ws, ref) -> str | None:
    cell = ws[ref]
    if cell.fill is None or cell.fill.fill_type is None:
        return None
    return "#" + str(cell.fill.fgColor.rgb)[-6:].upper()


def with_settings(data: dict, **settings: str) -> dict:
    """`data` (a payload) with ziping.conf settings set: a key the sheet has gets its value, another
    a new row at the top (inside the block of settings xlwings reads, down to the first empty row)."""
    conf = next((s for s in data["sheets"] if s["name"] == "ziping.conf"), None)
    rows = conf["values"] if conf else []
    for row in rows:
        if row and row[0] in settings:
            row[1] = settings.pop(row[0])
    width = len(rows[0]) if rows else 2
    for key, value in settings.items():
        rows.insert(0, [key, value] + [None] * (width - 2))
    return data
