"""A grid: the values of one sheet with their real 1-based coordinates.

Whatever produced it — python-calamine, openpyxl, xlwings' `used_range.value`, or an
xlwings server payload — a grid keeps where each value sits, so a record can name the
real cell. Empty strings count as empty.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from validation.findings import a1


@dataclass
class Grid:
    sheet: str
    rows: list[list]  # rows[i][j] is the cell at (top + i, left + j)
    top: int = 1
    left: int = 1
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    uncached: frozenset[str] = frozenset()  # A1 refs of formulas without a cached value
    hidden: bool = False

    @property
    def bottom(self) -> int:
        return self.top + len(self.rows) - 1

    @property
    def right(self) -> int:
        return self.left + max((len(r) for r in self.rows), default=0) - 1

    def value(self, row: int, column: int):
        i, j = row - self.top, column - self.left
        if i < 0 or j < 0 or i >= len(self.rows):
            return None
        cells = self.rows[i]
        if j >= len(cells):
            return None
        value = cells[j]
        if value == "" or value is None:
            return None
        if isinstance(value, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
            return _temporal_text(value)
        return value

    def merge_of(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        return self.merged.get((row, column))

    def ref(self, row: int, column: int) -> str:
        return a1(row, column)

    def row_values(self, row: int):
        """(column, value) for the non-empty cells of a row."""
        i = row - self.top
        if i < 0 or i >= len(self.rows):
            return
        for j, value in enumerate(self.rows[i]):
            if value != "" and value is not None:
                yield self.left + j, self.value(row, self.left + j)


def _temporal_text(value) -> str:
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, _dt.timedelta):
        hours = value.total_seconds() / 3600
        return f"{hours:g}小时"
    return value.isoformat()


def expand_merges(ranges) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Map every cell covered by a merged range (1-based r0, c0, r1, c1) to that range."""
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r0, c0, r1, c1 in ranges:
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 10000:  # a hostile or absurd merge: keep its corner only
            covered[(r0, c0)] = (r0, c0, r1, c1)
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                covered[(r, c)] = (r0, c0, r1, c1)
    return covered


def grid_from_values(sheet: str, values, top: int = 1, left: int = 1, merges=(), uncached=()) -> Grid:
    """A grid from a list of rows (xlwings `used_range.value`, a server payload, test data)."""
    if values is None:
        rows: list[list] = []
    elif not isinstance(values, list) or (values and not isinstance(values[0], list)):
        rows = [list(values) if isinstance(values, (list, tuple)) else [values]]
    else:
        rows = [list(r) for r in values]
    return Grid(sheet, rows, top, left, expand_merges(merges), frozenset(uncached))
