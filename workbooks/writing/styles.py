"""Cell styles of the official-looking form: fonts, borders, fills, number formats."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT_NAME = "宋体"  # the font of the published forms; Excel and WPS substitute where missing

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=11)
LABEL_FONT = Font(name=FONT_NAME, size=10, bold=True)
TEXT_FONT = Font(name=FONT_NAME, size=10)
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")  # protected labels, faintly grey on screen
COMPUTED_FILL = PatternFill("solid", fgColor="EAF1FB")  # cells the form computes

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)

LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

AMOUNT = "#,##0.00"  # 万元, two decimals
RATE = "0.00%"
SCORE = "0.00"
TEXT = "@"  # keeps "12月9日" and "=3672.2平方米" as written

COLUMN_WIDTHS = {"A": 10, "B": 10, "C": 16, "D": 24, "E": 15, "F": 18, "G": 7, "H": 9, "I": 26}


def label(cell) -> None:
    cell.font, cell.alignment, cell.border, cell.fill, cell.protection = LABEL_FONT, CENTER, BORDER, LABEL_FILL, LOCKED


def entry(cell, alignment=CENTER, number_format: str | None = None) -> None:
    cell.font, cell.alignment, cell.border, cell.protection = TEXT_FONT, alignment, BORDER, UNLOCKED
    if number_format:
        cell.number_format = number_format


def computed(cell, number_format: str) -> None:
    cell.font, cell.alignment, cell.border, cell.fill, cell.protection = TEXT_FONT, CENTER, BORDER, COMPUTED_FILL, LOCKED
    cell.number_format = number_format


def fixed(cell, number_format: str | None = None) -> None:
    """A value the rules fix (the execution 分值): bordered, locked, not grey."""
    cell.font, cell.alignment, cell.border, cell.protection = TEXT_FONT, CENTER, BORDER, LOCKED
    if number_format:
        cell.number_format = number_format
