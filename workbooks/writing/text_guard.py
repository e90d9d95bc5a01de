"""Keep a clerk's text as text in every workbook ziping writes.

A project named '=HYPERLINK("http://…","点我领奖")' is text the clerk typed; written as it is
into a reviewer's workbook it would become a live formula under the reviewer's trust. Two
ways in, two guards:

- a writer that takes a string starting with "=" for a formula must store such text with the
  string type (xlsx_stream, writing.layout.put_value); control characters an .xlsx cannot hold,
  and lone surrogates, are dropped (`clean_text`).
- Excel (xlwings locally, the VBA client in server mode) reads a value set on a range as if
  typed: "=…", "+…", "-…" and "@…" become formulas. Text that starts so gets the apostrophe
  prefix Excel itself uses to mark text; Excel shows the text without it (`excel_text`).
"""

from __future__ import annotations

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@")


def excel_text(value):
    """A value to set through Excel: text that Excel would evaluate is marked as text."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def excel_rows(rows: list[list]) -> list[list]:
    return [[excel_text(v) for v in row] for row in rows]


# A lone surrogate (read from a cell holding "_xD800_") cannot be written as UTF-8 at all.
SURROGATES_RE = re.compile("[\ud800-\udfff]")


def clean_text(value):
    """Text without the control characters an .xlsx cannot hold (a pasted "\x07" would make the
    whole workbook unwritable) and without lone surrogates; other values unchanged."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if SURROGATES_RE.search(value):
            value = SURROGATES_RE.sub("", value)
    return value


def formula_string(text: str) -> str:
    """Text inside a formula we write ourselves ("=HYPERLINK(\"…\")"): quotes doubled."""
    return text.replace('"', '""')
