"""Find 自评表 forms in a grid by their labels, never by fixed cells.

A form starts at a "项目名称" label and runs to the next one; inside it the funds header,
the 年度总体目标 row, the indicator header and the 总分 row are found by label, and every
value is read from the column its header names. A region with neither a funds header nor
an indicator header is not a form (a summary table also has a "项目名称" column).

Headers on published forms run over up to three rows: "年度指标值" merged over
"指标性质 / 指标值 / 度量单位", or a label wrapped into the row below. The rows right under a
header that hold only labels belong to it; the indicator rows start after them. A header
cell the reader does not know, over a column that holds values, is recorded so that the
form can say which column it did not read, once, instead of misreading every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from validation.text import compact

from .grid import Grid
from .labels import FIRST_CHARS, label_of, money_unit_in, other_form_kind, year_in

FUND_COLUMNS = ("initial", "adjustment", "annual", "executed", "weight", "rate", "score")
FUND_ROWS = {"funds_total": "total", "fiscal": "fiscal", "carryover": "carryover", "other": "other", "other_source": "more"}
INDICATOR_COLUMNS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason", "nature", "measure")
REQUIRED_INDICATOR_COLUMNS = ("level3", "target", "actual", "weight", "score")
MAX_HEADER_ROWS = 3
PROJECT, DEPARTMENT_OVERALL = "project", "department_overall"


@dataclass
class Layout:
    """Where the parts of one form are: rows and columns, 1-based."""

    anchor: tuple[int, int]  # the 项目名称 label (or the first header cell)
    first_row: int
    last_row: int
    kind: str = PROJECT
    title: tuple[int, int, str] | None = None  # (row, column, text) of the form's title, when found
    labels: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> label, inside the region, in reading order
    year: tuple[int, int, int] | None = None  # (row, column, year)
    funds_header: int | None = None
    fund_columns: dict[str, int] = field(default_factory=dict)
    money_unit: str = "万元"  # the unit the funds header states
    goals_row: int | None = None
    indicator_header: int | None = None
    indicator_header_last: int | None = None  # the last row of a header that runs over several rows
    indicator_columns: dict[str, int] = field(default_factory=dict)
    unread_columns: list[tuple[int, int, str]] = field(default_factory=list)  # header cells not understood
    missing_columns: list[str] = field(default_factory=list)  # required columns without a header
    total_row: int | None = None
    total_column: int | None = None

    @cached_property
    def label_columns(self) -> dict[int, list[int]]:
        """row -> the columns of its labels."""
        columns: dict[int, list[int]] = {}
        for r, c in self.labels:
            columns.setdefault(r, []).append(c)
        return columns

    @property
    def first_indicator_row(self) -> int | None:
        if self.indicator_header is None:
            return None
        return (self.indicator_header_last or self.indicator_header) + 1

    def in_row(self, row: int) -> dict[str, int]:
        """label -> column for the labels of one row (first occurrence wins)."""
        found: dict[str, int] = {}
        for (r, c), name in self.labels.items():
            if r == row and name not in found:
                found[name] = c
        return found


@dataclass
class Scan:
    labels: dict[tuple[int, int], str] = field(default_factory=dict)
    years: list[tuple[int, int, int]] = field(default_factory=list)
    titles: list[tuple[int, int, str, str]] = field(default_factory=list)  # (row, column, kind, text)


def scan_labels(grid: Grid) -> Scan:
    scan = Scan()
    for i, cells in enumerate(grid.rows):
        row = grid.top + i
        for j, value in enumerate(cells):
            if type(value) is not str or not value:
                continue
            if value[0] in FIRST_CHARS or value[0].isspace():
                name = label_of(value)
                if name is not None:
                    scan.labels[(row, grid.left + j)] = name
                    if name == "title":
                        scan.titles.append((row, grid.left + j, PROJECT, value))
            if "自评" in value:
                kind = other_form_kind(value)
                if kind is not None:
                    scan.titles.append((row, grid.left + j, kind, value))
            if "年度" in value and len(value) <= 60:
                year = year_in(value)
                if year is not None:
                    scan.years.append((row, grid.left + j, year))
    return scan


def _rows_of(labels: dict[tuple[int, int], str], first: int, last: int) -> dict[int, dict[str, int]]:
    rows: dict[int, dict[str, int]] = {}
    for (r, c), name in labels.items():  # in reading order: scan_labels goes row by row
        if first <= r <= last:
            rows.setdefault(r, {}).setdefault(name, c)
    return rows


def _is_fund_header(names: dict[str, int]) -> bool:
    return sum(1 for n in FUND_COLUMNS if n in names) >= 3 and ("annual" in names or "executed" in names)


def _is_indicator_header(names: dict[str, int]) -> bool:
    core = sum(1 for n in ("level1", "level2", "level3", "target", "actual") if n in names)
    return core >= 2 and ("target" in names or "actual" in names or "level3" in names)


# A header's second line that only annotates the one above: "（A）", "(B)", "（分）", "(万元)".
_ANNOTATION = re.compile(r"^\([^()]{1,8}\)$")


def _is_label_row(grid: Grid, labels: dict, row: int, first_column: int) -> bool:
    """Does a row under a header hold only labels (a second or third header row)?"""
    cells = [(c, v) for c, v in grid.row_values(row) if c >= first_column]
    unknown = 0
    for column, value in cells:
        if not isinstance(value, str):
            return False  # an indicator row: its 分值 and 得分 are numbers
        if (row, column) in labels or (value.lstrip()[:1] in "(（" and _ANNOTATION.match(compact(value))):
            continue
        unknown += 1
        if unknown * 2 > len(cells):
            return False
    return len(cells) > unknown


def _header_columns(grid: Grid, rows: dict[int, dict[str, int]], layout: Layout, header: int) -> None:
    """Columns of the indicator header, merged with the label rows right under it."""
    names = rows[header]
    columns: dict[str, int] = {n: c for n, c in names.items() if n in INDICATOR_COLUMNS}
    if "actual" not in columns and "goal_actual" in names:  # "实际完成情况" heading the actual column
        columns["actual"] = names["goal_actual"]
    first_column = min(names.values())
    last = header
    for row in range(header + 1, min(header + MAX_HEADER_ROWS, layout.last_row + 1)):
        if not _is_label_row(grid, layout.labels, row, first_column):
            break
        last = row
        for name, column in rows.get(row, {}).items():
            if name in INDICATOR_COLUMNS:
                columns[name] = column  # the sub-header names the column the values sit in
    layout.indicator_header, layout.indicator_header_last = header, last
    layout.indicator_columns = columns
    known = {c for r in range(header, last + 1) for c in rows.get(r, {}).values()}
    _check_header(grid, layout, first_column, known)


def _check_header(grid: Grid, layout: Layout, first_column: int, known: set[int]) -> None:
    """Record header cells the reader did not understand over columns that hold values, and
    the required columns it did not find."""
    header, last = layout.indicator_header, layout.indicator_header_last
    read = set(layout.indicator_columns.values())
    labels = layout.labels
    data_end = min(layout.last_row, last + 60)
    for row in range(header, last + 1):
        for column, value in grid.row_values(row):
            if column < first_column or column in read or column in known or not isinstance(value, str):
                continue
            if not compact(value):
                continue
            merge = grid.merge_of(row, column)
            if merge and any(c in read or c in known for c in range(column + 1, merge[3] + 1)):
                continue  # a parent heading over columns its sub-headers name
            if any(grid.value(r, column) is not None for r in range(last + 1, data_end + 1)
                   if (r, column) not in labels):
                layout.unread_columns.append((row, column, value))
    layout.missing_columns = [n for n in REQUIRED_INDICATOR_COLUMNS if n not in layout.indicator_columns]


def _layout(grid: Grid, scan: Scan, anchor: tuple[int, int], last_row: int) -> Layout | None:
    first_row = anchor[0]
    layout = Layout(anchor, first_row, last_row)
    labels = scan.labels
    layout.labels = {k: v for k, v in labels.items() if first_row <= k[0] <= last_row}
    rows = _rows_of(labels, first_row, last_row)
    for row in sorted(rows):
        names = rows[row]
        if layout.indicator_header is not None and row <= layout.indicator_header_last:
            continue
        if layout.indicator_header is None and _is_indicator_header(names):
            _header_columns(grid, rows, layout, row)
        elif layout.funds_header is None and layout.indicator_header is None and _is_fund_header(names):
            layout.funds_header = row
            layout.fund_columns = {n: c for n, c in names.items() if n in FUND_COLUMNS}
            layout.money_unit = _money_unit(grid, rows, row) or layout.money_unit
        if layout.goals_row is None and "goals" in names:
            layout.goals_row = row
        if layout.indicator_header is not None and row > layout.indicator_header_last and "total" in names:
            layout.total_row, layout.total_column = row, names["total"]
            break
    if layout.funds_header is None and layout.indicator_header is None:
        return None
    above = [y for y in scan.years if y[0] <= first_row]
    if above:
        layout.year = max(above)
    return layout


def _money_unit(grid: Grid, rows: dict[int, dict[str, int]], header: int) -> str | None:
    """"项目资金（元）", "年初预算数（元）" or "单位：元" near the funds header."""
    for r in (header - 1, header):
        for name, c in rows.get(r, {}).items():
            if name in ("funds", "initial", "annual", "executed"):
                unit = money_unit_in(grid.value(r, c))
                if unit:
                    return unit
    for r in (header - 1, header - 2):
        for _, value in grid.row_values(r):
            unit = money_unit_in(value) if isinstance(value, str) and "单位" in value else None
            if unit:
                return unit
    return None


def _title_of(scan: Scan, first_row: int, previous_row: int) -> tuple[int, int, str, str] | None:
    """The title closest above a form's first row (and below the previous form)."""
    above = [t for t in scan.titles if previous_row < t[0] <= first_row]
    return max(above) if above else None


LEVEL_LABELS = frozenset({"level1", "level2", "level3"})


def level_rows(scan: Scan) -> set[int]:
    """Rows that name an indicator level: where any table of indicators has its header."""
    return {r for (r, _), name in scan.labels.items() if name in LEVEL_LABELS}


def find_layouts(grid: Grid, scan: Scan | None = None) -> list[Layout]:
    scan = scan if scan is not None else scan_labels(grid)
    labels = scan.labels
    anchors = sorted(cell for cell, name in labels.items() if name == "project")
    # Keep one anchor per row (a second 项目名称 on the same row is a value, not a new form).
    anchors = [a for i, a in enumerate(anchors) if i == 0 or anchors[i - 1][0] != a[0]]
    if not anchors:
        header_rows = _rows_of(labels, grid.top, grid.bottom)
        for row in sorted(header_rows):
            names = header_rows[row]
            if _is_fund_header(names) or _is_indicator_header(names):
                anchors = [(row, min(names.values()))]
                break
    others = [t for t in scan.titles if t[2] != PROJECT]
    if not anchors and others:
        row, column, _, _ = others[0]
        anchors = [(row, column)]
    layouts: list[Layout] = []
    previous = grid.top - 1
    for i, anchor in enumerate(anchors):
        last_row = anchors[i + 1][0] - 1 if i + 1 < len(anchors) else grid.bottom
        title = _title_of(scan, anchor[0], previous)
        if title is not None and title[2] != PROJECT:
            layout = Layout(anchor, anchor[0], last_row, kind=title[2])
        else:
            layout = _layout(grid, scan, anchor, last_row)
        previous = anchor[0]
        if layout is not None:
            layout.title = title[:2] + (title[3],) if title else None
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
