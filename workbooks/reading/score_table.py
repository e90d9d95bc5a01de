"""Find 评分表 (项目支出绩效评价指标体系及评分表) in a grid and read each into a `ScoreTable`.

A table is found by its header, never by fixed cells: a row (or two, when "指标" is merged
over 一级/二级/三级 in the row below) naming 一级 and at least one more level, a 分值 and an
评价得分 column, and none of the 自评表's value columns. Its rows run down to the 合计 row.
The header words are data: `data/score_table_labels.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from validation.record import EMPTY, Cell
from validation.scoretable.record import LEVELS, ScoreRow, ScoreTable
from validation.text import compact

from .grid import Grid
from .labels import label_of

LEVEL_NAMES = ("level1", "level2", "level3", "level4")
MAX_BLANK_ROWS = 5  # a longer run of empty rows ends a table that has no 合计
SUBTOTALS = frozenset({"小计", "分项小计", "小计得分"})  # a group's subtotal row: not an indicator, never added twice


@lru_cache(maxsize=1)
def _words() -> dict:
    data = json.loads(resources.files("workbooks").joinpath("data/score_table_labels.json").read_text("utf-8"))
    columns = {compact(word).strip(":"): role for role, words in data["columns"].items() for word in words}
    return {"columns": columns, "titles": tuple(data["titles"]), "total": frozenset(data["total"]),
            "grade": frozenset(data["grade"])}


def _key(value) -> str:
    return compact(value).strip(":") if isinstance(value, str) else ""


# What the 自评表 reader takes for a target or an actual ("年度指标值(A)", "全年实际值(B)") marks
# a 自评表 header too, however its brackets are written.
SELF_EVALUATION_VALUES = frozenset({"target", "actual"})


def _roles(grid: Grid, row: int) -> dict[str, int]:
    """role -> column for the header words of one row (first occurrence wins)."""
    columns = _words()["columns"]
    found: dict[str, int] = {}
    for column, value in grid.row_values(row):
        role = columns.get(_key(value))
        if role is None and isinstance(value, str) and label_of(value) in SELF_EVALUATION_VALUES:
            role = "target_or_actual"
        if role is not None and role not in found:
            found[role] = column
    return found


def _is_header(roles: dict[str, int]) -> bool:
    levels = sum(1 for name in LEVEL_NAMES if name in roles)
    return "level1" in roles and levels >= 2 and "weight" in roles and "score" in roles and "target_or_actual" not in roles


@dataclass
class TableLayout:
    header: int  # the header's first row
    header_last: int
    columns: dict[str, int] = field(default_factory=dict)

    @property
    def first_column(self) -> int:
        return min(self.columns.values())


def find_score_tables(grid: Grid, candidates: set[int] | None = None) -> list[TableLayout]:
    """`candidates`: the rows that name an indicator level (`locate.level_rows`), when the
    caller has scanned the labels already; the header has one of them."""
    if candidates is None:
        from .locate import level_rows, scan_labels

        candidates = level_rows(scan_labels(grid))
    layouts: list[TableLayout] = []
    for row in sorted(candidates):
        roles = _roles(grid, row)
        if _is_header(roles):
            layouts.append(TableLayout(row, row, roles))
        elif row > grid.top and (above := _roles(grid, row - 1)):
            merged = {**above, **roles}  # "指标" over 一级/二级/三级; 分值 and 得分 merged down from above
            if _is_header(merged) and not (layouts and layouts[-1].header_last >= row - 1):
                layouts.append(TableLayout(row - 1, row, merged))
    return layouts


def _cell(grid: Grid, row: int, column: int | None) -> Cell:
    if column is None:
        return EMPTY
    return Cell(grid.value(row, column), grid.ref(row, column))


def _title(grid: Grid, layout: TableLayout) -> Cell:
    titles = _words()["titles"]
    for row in range(layout.header - 1, max(grid.top, layout.header - 4) - 1, -1):
        for column, value in grid.row_values(row):
            if isinstance(value, str) and len(value) <= 80 and any(t in compact(value) for t in titles):
                return Cell(value, grid.ref(row, column))
    return EMPTY


def _project(grid: Grid, layout: TableLayout) -> Cell:
    for row in range(layout.header - 1, max(grid.top, layout.header - 4) - 1, -1):
        cells = list(grid.row_values(row))
        for i, (column, value) in enumerate(cells):
            if _key(value) in ("项目名称", "评价项目", "项目") and i + 1 < len(cells):
                return Cell(cells[i + 1][1], grid.ref(row, cells[i + 1][0]))
    return EMPTY


def _is_total(grid: Grid, row: int, layout: TableLayout) -> Cell | None:
    totals = _words()["total"]
    last_level = max(layout.columns.get(n, 0) for n in LEVEL_NAMES)
    for column in range(grid.left, last_level + 1):
        value = grid.value(row, column)
        if _key(value) in totals:
            return Cell(value, grid.ref(row, column))
    return None


def _grade(grid: Grid, row: int, layout: TableLayout) -> Cell:
    """A grade printed in the 合计 row or in the two rows below ("评价等级 | 优")."""
    grades = _words()["grade"]
    for r in range(row, min(row + 2, grid.bottom) + 1):
        cells = list(grid.row_values(r))
        for i, (column, value) in enumerate(cells):
            if _key(value) in grades and i + 1 < len(cells):
                return Cell(cells[i + 1][1], grid.ref(r, cells[i + 1][0]))
    return EMPTY


def read_score_table(grid: Grid, layout: TableLayout, end: int) -> ScoreTable:
    columns = layout.columns
    level_columns = [columns.get(name) for name in LEVEL_NAMES]
    rows: list[ScoreRow] = []
    total_label, total_row, blank_run = None, None, 0
    for row in range(layout.header_last + 1, end + 1):
        total_label = _is_total(grid, row, layout)
        if total_label is not None:
            total_row = row
            break
        cells = [_cell(grid, row, c) for c in level_columns]
        if any(_key(c.value) in SUBTOTALS for c in cells):
            continue
        weight, score, comment = (_cell(grid, row, columns.get(n)) for n in ("weight", "score", "comment"))
        if all(c.blank for c in (*cells, weight, score, comment)):
            blank_run += 1
            if blank_run >= MAX_BLANK_ROWS:
                break
            continue
        blank_run = 0
        rows.append(ScoreRow(row, tuple(cells) + (EMPTY,) * (LEVELS - len(cells)), weight, score, comment))
    table = ScoreTable(
        sheet=grid.sheet, origin=grid.ref(layout.header, layout.first_column), title=_title(grid, layout),
        project=_project(grid, layout), rows=tuple(rows),
        level_columns=max(i + 1 for i, c in enumerate(level_columns) if c is not None),
    )
    if total_row is not None:
        table.total_label = total_label
        table.total_weight = _cell(grid, total_row, columns.get("weight"))
        table.total_score = _cell(grid, total_row, columns.get("score"))
        table.grade = _grade(grid, total_row, layout)
    return table


def read_score_tables(grid: Grid, layouts: list[TableLayout]) -> list[ScoreTable]:
    """The tables `find_score_tables` found, each read down to the next one's header."""
    return [read_score_table(grid, layout, layouts[i + 1].header - 1 if i + 1 < len(layouts) else grid.bottom)
            for i, layout in enumerate(layouts)]
