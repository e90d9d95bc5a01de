"""Find 自评表 forms in a grid by their labels, never by fixed cells.

A form starts at a "项目名称" label and runs to the next one; inside it the funds header,
the 年度总体目标 row, the indicator header and the 总分 row are found by label, and every
value is read from the column its header names. A region with neither a funds header nor
an indicator header is not a form (a summary table also has a "项目名称" column).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from validation.text import compact

from .grid import Grid
from .labels import FIRST_CHARS, label_of, year_in

FUND_COLUMNS = ("initial", "annual", "executed", "weight", "rate", "score")
FUND_ROWS = {"funds_total": "total", "fiscal": "fiscal", "carryover": "carryover", "other": "other"}
INDICATOR_COLUMNS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason", "nature", "measure")


@dataclass
class Layout:
    """Where the parts of one form are: rows and columns, 1-based."""

    anchor: tuple[int, int]  # the 项目名称 label (or the first header cell)
    first_row: int
    last_row: int
    labels: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> label, inside the region
    year: tuple[int, int, int] | None = None  # (row, column, year)
    funds_header: int | None = None
    fund_columns: dict[str, int] = field(default_factory=dict)
    goals_row: int | None = None
    indicator_header: int | None = None
    indicator_columns: dict[str, int] = field(default_factory=dict)
    total_row: int | None = None
    total_column: int | None = None

    def in_row(self, row: int) -> dict[str, int]:
        """label -> column for the labels of one row (first occurrence wins)."""
        found: dict[str, int] = {}
        for (r, c), name in sorted(self.labels.items()):
            if r == row and name not in found:
                found[name] = c
        return found


def scan_labels(grid: Grid) -> tuple[dict[tuple[int, int], str], list[tuple[int, int, int]]]:
    labels: dict[tuple[int, int], str] = {}
    years: list[tuple[int, int, int]] = []
    for i, cells in enumerate(grid.rows):
        row = grid.top + i
        for j, value in enumerate(cells):
            if type(value) is not str or not value:
                continue
            if value[0] in FIRST_CHARS or value[0].isspace():
                name = label_of(value)
                if name is not None:
                    labels[(row, grid.left + j)] = name
            if "年度" in value and len(value) <= 60:
                year = year_in(value)
                if year is not None:
                    years.append((row, grid.left + j, year))
    return labels, years


def _rows_of(labels: dict[tuple[int, int], str], first: int, last: int) -> dict[int, dict[str, int]]:
    rows: dict[int, dict[str, int]] = {}
    for (r, c), name in sorted(labels.items()):
        if first <= r <= last:
            rows.setdefault(r, {}).setdefault(name, c)
    return rows


def _is_fund_header(names: dict[str, int]) -> bool:
    return sum(1 for n in FUND_COLUMNS if n in names) >= 3 and ("annual" in names or "executed" in names)


def _is_indicator_header(names: dict[str, int]) -> bool:
    core = sum(1 for n in ("level1", "level2", "level3", "target", "actual") if n in names)
    return core >= 2 and ("target" in names or "actual" in names or "level3" in names)


def _layout(grid: Grid, labels, years, anchor: tuple[int, int], last_row: int) -> Layout | None:
    first_row = anchor[0]
    layout = Layout(anchor, first_row, last_row)
    layout.labels = {k: v for k, v in labels.items() if first_row <= k[0] <= last_row}
    rows = _rows_of(labels, first_row, last_row)
    for row in sorted(rows):
        names = rows[row]
        if layout.indicator_header is None and _is_indicator_header(names):
            layout.indicator_header = row
            layout.indicator_columns = {n: c for n, c in names.items() if n in INDICATOR_COLUMNS}
        elif layout.funds_header is None and layout.indicator_header is None and _is_fund_header(names):
            layout.funds_header = row
            layout.fund_columns = {n: c for n, c in names.items() if n in FUND_COLUMNS}
        if layout.goals_row is None and "goals" in names:
            layout.goals_row = row
        if layout.indicator_header is not None and row > layout.indicator_header and "total" in names:
            layout.total_row, layout.total_column = row, names["total"]
            break
    if layout.funds_header is None and layout.indicator_header is None:
        return None
    above = [y for y in years if y[0] <= first_row]
    if above:
        layout.year = max(above)
    return layout


def find_layouts(grid: Grid) -> list[Layout]:
    labels, years = scan_labels(grid)
    anchors = sorted(cell for cell, name in labels.items() if name == "project")
    # Keep one anchor per row (a second 项目名称 on the same row is a value, not a new form).
    anchors = [a for i, a in enumerate(anchors) if i == 0 or anchors[i - 1][0] != a[0]]
    layouts: list[Layout] = []
    if not anchors:
        header_rows = _rows_of(labels, grid.top, grid.bottom)
        for row in sorted(header_rows):
            names = header_rows[row]
            if _is_fund_header(names) or _is_indicator_header(names):
                anchors = [(row, min(names.values()))]
                break
    for i, anchor in enumerate(anchors):
        last_row = anchors[i + 1][0] - 1 if i + 1 < len(anchors) else grid.bottom
        layout = _layout(grid, labels, years, anchor, last_row)
        if layout is not None:
            layouts.append(layout)
    return layouts


def value_right_of(grid: Grid, row: int, column: int, stop: set[int] = frozenset()):
    """The first non-empty value right of a label (skipping the label's own merged cells).

    Returns (value, column); when the row is empty there, (None, the first column a clerk
    would type in), or (None, None) when there is no such column in the grid.
    """
    merge = grid.merge_of(row, column)
    start = merge[3] + 1 if merge else column + 1
    for col in range(start, grid.right + 1):
        if col in stop:
            break
        value = grid.value(row, col)
        if value is not None:
            if isinstance(value, str) and not compact(value):
                continue
            return value, col
    if start <= grid.right and start not in stop:
        return None, start
    return None, None
