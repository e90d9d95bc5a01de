"""ziping's marks in a workbook: fill colours on flagged cells, and the sheets that list them.

The list sheets double as the record of what was marked, with each cell's original fill,
so that 清除标记 can undo exactly what 校验 and 偏差分析 did and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbooks.writing.styles import COMPUTED_FILL
from workbooks.writing.text_guard import excel_rows

RESULT_SHEET = "校验结果"
DEVIATION_SHEET = "偏差分析"
MARK_SHEETS = (RESULT_SHEET, DEVIATION_SHEET)

ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
REASON_FILL = "#F8CBAD"
HEADER_FILL = "#D9E1F2"
ORIGINAL_HEADER = "原底色（清除标记时恢复）"

RESULT_HEADER = ["级别", "工作表", "单元格", "规则", "说明", ORIGINAL_HEADER]
DEVIATION_HEADER = ["工作表", "单元格", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "需要说明的原因", ORIGINAL_HEADER]

# Template cells the form computes keep a light fill; their names say where they are.
_COMPUTED_NAMES = ("ZP_RATE", "ZP_EXEC_SCORE", "ZP_TOTAL", "ZP_TOTAL_WEIGHT", "ZP_GRADE")
_COMPUTED_COLOR = "#" + COMPUTED_FILL.fgColor.rgb[-6:]


@dataclass(frozen=True)
class Mark:
    sheet: str
    cell: str
    original: str | None  # "#RRGGBB", or None for no fill


def _split_ref(refers_to: str) -> tuple[str, str] | None:
    text = refers_to.lstrip("=")
    if "!" not in text:
        return None
    sheet, ref = text.rsplit("!", 1)
    sheet = sheet.strip("'").replace("''", "'")
    return sheet, ref.replace("$", "")


def computed_cells(names: dict[str, str]) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> fill of the template's computed cells, found through their names, on the
    sheets marked ZP_FORMULAS (a filled sample carries the same names on plain entry cells)."""
    located = [(name.rsplit("!", 1)[-1], _split_ref(refers_to or "")) for name, refers_to in names.items()]
    with_formulas = {where[0] for short, where in located if short == "ZP_FORMULAS" and where}
    return {where: _COMPUTED_COLOR for short, where in located
            if short in _COMPUTED_NAMES and where and where[0] in with_formulas}


def original_fill(surface, sheet: str, cell: str, computed: dict[tuple[str, str], str]) -> str | None:
    """The fill a cell had before ziping marked it: read where Excel lets us, else the template's."""
    color = surface.color(sheet, cell)
    if color is None:
        color = computed.get((sheet, cell))
    return None if color in (None, "#FFFFFF") else color


NO_FILL = "无底色"  # written for a marked cell that had no fill; an empty value means "not marked"


def read_marks(surface, sheets: tuple[str, ...] = MARK_SHEETS) -> list[Mark]:
    """Every marked cell listed on the mark sheets, with the fill to restore."""
    marks: list[Mark] = []
    for name in sheets:
        if not surface.has_sheet(name):
            continue
        rows, top, left = surface.values(name)
        if top != 1 or left != 1 or not rows:
            continue
        header = [str(h or "") for h in rows[0]]
        try:
            sheet_col, cell_col = header.index("工作表"), header.index("单元格")
        except ValueError:
            continue
        if ORIGINAL_HEADER not in header:
            continue
        original_col = header.index(ORIGINAL_HEADER)
        for row in rows[1:]:
            if len(row) <= max(sheet_col, cell_col, original_col):
                continue
            sheet, cell, original = row[sheet_col], row[cell_col], row[original_col]
            if not sheet or not cell or not original:
                continue
            marks.append(Mark(str(sheet), str(cell), None if original == NO_FILL else str(original)))
    return marks


def restore(surface, marks: list[Mark]) -> int:
    """Put back the original fills; returns the number of cells restored."""
    sheets = set(surface.sheet_names())
    done: set[tuple[str, str]] = set()
    to_clear: dict[str, list[str]] = {}
    for mark in marks:
        key = (mark.sheet, mark.cell)
        if key in done or mark.sheet not in sheets:
            continue
        done.add(key)
        if mark.original:
            surface.set_fill(mark.sheet, mark.cell, mark.original)
        else:
            to_clear.setdefault(mark.sheet, []).append(mark.cell)
    for sheet, refs in to_clear.items():
        surface.clear_fills(sheet, refs)
    return len(done)


def write_list(surface, name: str, header: list[str], rows: list[list], links: list[tuple[int, str, str]]) -> None:
    """(Re)write a list sheet: header, rows, and hyperlinks (row index, sheet, cell) in column B/C."""
    if surface.has_sheet(name):
        surface.clear_sheet(name)
    else:
        surface.add_sheet(name)
    surface.set_values(name, "A1", excel_rows([header] + rows))
    last = chr(ord("A") + len(header) - 1)
    surface.set_fill(name, f"A1:{last}1", HEADER_FILL)
    link_column = chr(ord("A") + header.index("单元格"))
    for index, sheet, cell in links:
        surface.add_link(name, f"{link_column}{index + 2}", sheet, cell, cell)
    surface.activate(name)
