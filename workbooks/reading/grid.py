"""A grid: the values of one sheet with their real 1-based coordinates.

Whatever produced it — python-calamine, openpyxl, xlwings' `used_range.value`, or an
xlwings server payload — a grid keeps where each value sits, so a record can name the
real cell. Empty strings count as empty.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from validation.findings import a1


@dataclass
class Grid:
    sheet: str
    rows: list[list]  # rows[i][j] is the cell at (top + i, left + j)
    top: int = 1
    left: int = 1
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1), 1-based
    uncached: frozenset[str] | None = frozenset()  # A1 refs of formulas without a cached value; None: not scanned yet
    hidden: bool = False
    probe: Callable[[], frozenset[str]] | None = field(default=None, repr=False, compare=False)
    percent_probe: Callable[[], frozenset[str]] | None = field(default=None, repr=False, compare=False)
    _percent: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def formulas_without_values(self) -> frozenset[str]:
        """Formula cells with no cached value. Scanning the file costs a second decompression of
        the sheet, so readers pass a probe and it runs only when a form needs it."""
        if self.uncached is None:
            self.uncached = self.probe() if self.probe is not None else frozenset()
        return self.uncached

    def percent_cells(self) -> frozenset[str]:
        """Number cells shown as percents. calamine gives 1 for a cell Excel shows as "100%";
        the reader asks only when a target or actual is a bare number."""
        if self._percent is None:
            self._percent = self.percent_probe() if self.percent_probe is not None else frozenset()
        return self._percent

    @property
    def bottom(self) -> int:
        return self.top + len(self.rows) - 1

    @cached_property
    def right(self) -> int:
        return self.left + max((len(r) for r in self.rows), default=0) - 1

    def value(self, row: int, column: int):
        i, j = row - self.top, column - self.left
        if i < 0 or j < 0:
            return None
        try:
            value = self.rows[i][j]
        except IndexError:
            return None
        if value == "" or value is None:
            return None
        if type(value) is str or type(value) is float:
            return value
        if isinstance(value, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
            return _temporal_text(value)
        return value

    def values(self, row: int, columns) -> list:
        """The values of several columns of one row, each as `value` gives it (one lookup of
        the row for a whole indicator line)."""
        i = row - self.top
        if i < 0 or i >= len(self.rows):
            return [None] * len(columns)
        cells, left = self.rows[i], self.left
        found = []
        for column in columns:
            j = column - left
            value = cells[j] if 0 <= j < len(cells) else None
            if value == "" or value is None:
                found.append(None)
            elif type(value) is str or type(value) is float:
                found.append(value)
            else:
                found.append(self.value(row, column))
        return found

    def merge_of(self, row: int, column: int) -> tuple[int, int, int, int] | None:
        """The merged range covering a cell, if any (a sheet has few merges: a scan is cheapest)."""
        for merge in self.merged:
            if merge[0] <= row <= merge[2] and merge[1] <= column <= merge[3]:
                return merge
        return None

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


def grid_from_values(sheet: str, values, top: int = 1, left: int = 1, merges=(), uncached=()) -> Grid:
    """A grid from a list of rows (xlwings `used_range.value`, a server payload, test data)."""
    if values is None:
        rows: list[list] = []
    elif not isinstance(values, list) or (values and not isinstance(values[0], list)):
        rows = [list(values) if isinstance(values, (list, tuple)) else [values]]
    else:
        rows = [list(r) for r in values]
    return Grid(sheet, rows, top, left, [tuple(m) for m in merges], frozenset(uncached))
