"""Turn a located form into a `Record`: each field read from the cell its label points to."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from validation.findings import split_a1
from validation.numbers import fmt
from validation.record import EMPTY, Cell, FundRow, Funds, HeaderProblem, IndicatorRow, Record, Total
from validation.scoretable.record import ScoreTable
from validation.text import compact
from validation.values.parse import operator_of, parse_value
from validation.values.units import parse_unit

from .grid import Grid
from .labels import label_of
from .locate import FUND_ROWS, PROJECT, Layout, find_layouts, level_rows, scan_labels, value_right_of
from .score_table import find_score_tables, read_score_tables

_PROJECT_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年")


def _cell(grid: Grid, row: int | None, column: int | None) -> Cell:
    if row is None or column is None:
        return Cell()
    return Cell(grid.value(row, column), grid.ref(row, column))


def _labelled(grid: Grid, layout: Layout, name: str) -> Cell:
    """The value right of the first `name` label in the region, stopping at the next label."""
    for (r, c), label in layout.labels.items():
        if label == name:
            stop = {col for col in layout.label_columns[r] if col > c}
            value, column = value_right_of(grid, r, c, stop)
            if column is None:
                return Cell(value, None)
            return Cell(value, grid.ref(r, column))
    return Cell()


def _funds(grid: Grid, layout: Layout) -> Funds:
    if layout.funds_header is None:
        return Funds()
    columns = layout.fund_columns
    first_value_column = min(columns.values())
    last_row = min(r for r in (layout.goals_row, layout.indicator_header, layout.last_row + 1) if r is not None) - 1
    found: dict[str, FundRow] = {}
    more: list[FundRow] = []
    for row in range(layout.funds_header + 1, last_row + 1):
        for column in range(grid.left, first_value_column):
            value = grid.value(row, column)
            name = FUND_ROWS.get(label_of(value)) if isinstance(value, str) else None
            if name and (name == "more" or name not in found):
                fund_row = FundRow(
                    label=Cell(value, grid.ref(row, column)),
                    **{c: _cell(grid, row, columns.get(c)) for c in ("initial", "annual", "executed", "weight", "rate", "score")},
                )
                if name == "more":
                    more.append(fund_row)
                else:
                    found[name] = fund_row
                break
    if "total" in found and "weight" not in columns:
        found["total"] = replace(found["total"], weight=_weight_in_funds_header(grid, layout))
    return Funds(**found, more=tuple(more))


_POINTS = re.compile(r"(\d+(?:\.\d+)?)分")


def _weight_in_funds_header(grid: Grid, layout: Layout) -> Cell:
    """A funds block without a 分值 column states its weight in a header: "预算执行情况（20分）",
    "得分（20分*执行率）"."""
    for (r, c), name in layout.labels.items():
        if r == layout.funds_header and name in ("funds", "score"):
            match = _POINTS.search(compact(str(grid.value(r, c))))
            if match:
                return Cell(float(match.group(1)), grid.ref(r, c))
    return Cell()


def _reason_block(grid: Grid, layout: Layout) -> Cell:
    """The 偏差原因 text of a form that has a block for it below the table instead of a column."""
    if layout.indicator_header is None or "reason" in layout.indicator_columns:
        return Cell()
    for (r, c), name in layout.labels.items():
        if name == "reason" and r > layout.indicator_header:
            value, column = value_right_of(grid, r, c)
            return Cell(value, grid.ref(r, column) if column else None)
    return Cell()


def _goals(grid: Grid, layout: Layout) -> tuple[Cell, Cell]:
    if layout.goals_row is None:
        return Cell(), Cell()
    end = (layout.indicator_header or layout.last_row + 1) - 1
    result = []
    for name in ("expected", "goal_actual"):
        spot = next(((r, c) for (r, c), label in layout.labels.items()
                     if label == name and layout.goals_row <= r <= end), None)
        if spot is None:
            result.append(Cell())
            continue
        r, c = spot
        merge = grid.merge_of(r, c)
        columns = range(c, (merge[3] if merge else c) + 1)
        below = merge[2] + 1 if merge else r + 1
        cell = Cell(None, grid.ref(below, c) if below <= end else None)
        for row in range(below, end + 1):
            value = next((grid.value(row, col) for col in columns if grid.value(row, col) is not None), None)
            if value is not None:
                col = next(col for col in columns if grid.value(row, col) is not None)
                cell = Cell(value, grid.ref(row, col))
                break
        result.append(cell)
    if result[0].ref is None and result[1].ref is None:
        return _labelled(grid, layout, "goals"), Cell()
    return result[0], result[1]


def _side_text(grid: Grid, row: int, columns: dict[str, int], name: str) -> str:
    column = columns.get(name)
    value = grid.value(row, column) if column is not None else None
    return compact(str(value)) if value is not None else ""


def _combined_target(grid: Grid, row: int, columns: dict[str, int], value_cell: Cell) -> Cell:
    """四川/云南-style split target: 指标性质 (an operator or 正向/反向) + 指标值 + 度量单位 in
    three columns, joined into the one cell text the national form writes ("≥95%")."""
    if value_cell.blank:
        return value_cell
    text = value_cell.text
    op = operator_of(_side_text(grid, row, columns, "nature"))
    if op is not None and parse_value(text).op is None:
        text = op + text
    return Cell(_with_unit(text, _side_text(grid, row, columns, "measure")), value_cell.ref)


def _with_unit(text: str, measure: str) -> str:
    """Append a 度量单位 to a bare number ("95" + "%"), not to text that has a unit already."""
    if not measure or not text or measure in ("/", "-", "—", "无"):
        return text
    bare = compact(text).lstrip("<>=≥≤")
    try:
        float(bare)
    except ValueError:
        return text
    return text + measure


_UNIT_IN_NAME = re.compile(r"\(([^()]{1,6})\)$")


def unit_in_name(name: str) -> str:
    """The unit a 三级 name ends with, "扶持新型农业经营主体（个）" -> "个"; "" when there is none."""
    if not name or name.rstrip()[-1:] not in ")）":
        return ""
    match = _UNIT_IN_NAME.search(compact(name))
    if not match or parse_unit(match.group(1)).kind == "other":
        return ""
    return match.group(1)


def _with_name_unit(name: Cell, target: Cell, actual: Cell) -> tuple[Cell, Cell]:
    """Bare numbers under a name that carries the unit ("满意度（%）": 90 / 100) take that unit."""
    unit = unit_in_name(name.text)
    if not unit:
        return target, actual
    cells = []
    for cell in (target, actual):
        text = _with_unit(cell.text, unit) if not cell.blank else cell.text
        cells.append(cell if cell.blank or text == cell.text else Cell(text, cell.ref))
    return cells[0], cells[1]


def _with_measure(grid: Grid, row: int, columns: dict[str, int], cell: Cell) -> Cell:
    if "measure" not in columns or cell.blank:
        return cell
    text = _with_unit(cell.text, _side_text(grid, row, columns, "measure"))
    return cell if text == cell.text else Cell(text, cell.ref)


def _as_shown(grid: Grid, cell: Cell) -> Cell:
    """A number formatted as a percent reads as Excel shows it: 1 with "0%" is "100%"."""
    value = cell.value
    if type(value) not in (int, float) or not -2 <= value <= 2 or cell.ref is None:  # 870 is never "87000%"
        return cell
    if cell.ref not in grid.percent_cells():
        return cell
    return Cell(f"{fmt(value * 100, 6)}%", cell.ref)


def _indicators(grid: Grid, layout: Layout) -> tuple[IndicatorRow, ...]:
    if layout.indicator_header is None:
        return ()
    columns = layout.indicator_columns
    end = (layout.total_row or layout.last_row + 1) - 1
    rows = []
    names = ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason")
    wanted = [(n, columns[n]) for n in names if n in columns]
    next_form = min((r for (r, _), n in layout.labels.items() if n == "project" and r >= layout.first_indicator_row),
                    default=end + 1)
    wanted_columns = [c for _, c in wanted]
    for row in range(layout.first_indicator_row, min(end, next_form - 1) + 1):
        values = grid.values(row, wanted_columns)
        if all(v is None for v in values):
            continue
        cells = dict.fromkeys(names, EMPTY)
        cells.update({n: Cell(v, grid.ref(row, c)) for (n, c), v in zip(wanted, values)})
        target, actual = _as_shown(grid, cells["target"]), _as_shown(grid, cells["actual"])
        if "nature" in columns or "measure" in columns:
            target, actual = _combined_target(grid, row, columns, target), _with_measure(grid, row, columns, actual)
        target, actual = _with_name_unit(cells["level3"], target, actual)
        rows.append(
            IndicatorRow(
                row=row,
                level1=cells["level1"],
                level2=cells["level2"],
                name=cells["level3"],
                target=target,
                actual=actual,
                weight=cells["weight"],
                score=cells["score"],
                reason=cells["reason"],
            )
        )
    return tuple(rows)


_SCORE_TEXT = re.compile(r"^\d+(?:\.\d+)?分?$")


def _numeric(value) -> bool:
    """A number, or text that is one ("99.55分")."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(_SCORE_TEXT.match(compact(value)))


def _total(grid: Grid, layout: Layout) -> Total:
    if layout.total_row is None:
        return Total()
    row, columns = layout.total_row, layout.indicator_columns
    label = _cell(grid, row, layout.total_column)
    weight, score = _cell(grid, row, columns.get("weight")), _cell(grid, row, columns.get("score"))
    if not _numeric(weight.value) and not _numeric(score.value):
        # The figures sit elsewhere in the row ("总分(100分) | 100 | 自评等级 | 优"): the numbers after
        # the label are 分值 then 得分, or only 得分 when the table has no 分值 column.
        numbers = [(c, v) for c, v in grid.row_values(row) if c > layout.total_column and _numeric(v)]
        if "weight" not in columns and len(numbers) == 1:
            weight, score = Cell(), Cell(numbers[0][1], grid.ref(row, numbers[0][0]))
        elif numbers:
            weight = Cell(numbers[0][1], grid.ref(row, numbers[0][0]))
            score = Cell(numbers[1][1], grid.ref(row, numbers[1][0])) if len(numbers) > 1 else Cell()
    grade = Cell()
    after = split_a1(score.ref)[1] if score.ref else (columns.get("score") or layout.total_column)
    for column, value in grid.row_values(row):
        if column <= after:
            continue
        if isinstance(value, str) and label_of(value) == "grade":
            value, col = value_right_of(grid, row, column)
            grade = Cell(value, grid.ref(row, col) if col else None)
            break
        grade = Cell(value, grid.ref(row, column))
        break
    if grade.ref is None and "reason" in columns and columns["reason"] > after:
        grade = _cell(grid, row, columns["reason"])
    return Total(label=label, weight=weight, score=score, grade=grade)


def _year(grid: Grid, layout: Layout, project: Cell) -> Cell:
    if layout.year is not None:
        row, column, year = layout.year
        return Cell(year, grid.ref(row, column))
    match = _PROJECT_YEAR.match(project.text)
    if match:
        return Cell(int(match.group(1)), project.ref)
    return Cell()


def _numbers_missing(funds: Funds, indicators, total: Total) -> bool:
    """Is a cell that should hold a number blank? Only then can an uncalculated formula matter."""
    cells = [total.weight, total.score]
    if funds.total is not None:
        row = funds.total
        cells += [row.initial, row.annual, row.executed, row.weight, row.rate, row.score]
    for indicator in indicators:
        if indicator.filled:
            cells += [indicator.target, indicator.actual, indicator.weight, indicator.score]
    return any(c.ref is not None and c.value is None for c in cells)


def _header_problems(grid: Grid, layout: Layout) -> tuple[HeaderProblem, ...]:
    problems = [HeaderProblem("unread", grid.ref(r, c), compact(text)) for r, c, text in layout.unread_columns]
    if layout.indicator_header is not None:
        at = grid.ref(layout.indicator_header, min(layout.indicator_columns.values(), default=layout.anchor[1]))
        problems += [HeaderProblem("missing", at, name) for name in layout.missing_columns]
    return tuple(problems)


def extract(grid: Grid, layout: Layout) -> Record:
    project = _labelled(grid, layout, "project")
    expected, actual = _goals(grid, layout)
    funds, indicators, total = _funds(grid, layout), _indicators(grid, layout), _total(grid, layout)
    uncached = frozenset()
    if _numbers_missing(funds, indicators, total):
        uncached = frozenset(ref for ref in grid.formulas_without_values()
                             if layout.first_row <= (split_a1(ref)[0] or 0) <= layout.last_row)
    return Record(
        sheet=grid.sheet,
        origin=grid.ref(*layout.anchor),
        year=_year(grid, layout, project),
        project=project,
        department=_labelled(grid, layout, "department"),
        unit=_labelled(grid, layout, "unit"),
        funds=funds,
        goal_expected=expected,
        goal_actual=actual,
        indicators=indicators,
        total=total,
        uncached_formulas=uncached,
        money_unit=layout.money_unit,
        header_problems=_header_problems(grid, layout),
        reason_block=_reason_block(grid, layout),
    )


@dataclass(frozen=True)
class OtherForm:
    """A form of another kind (a 部门整体支出绩效自评表): recognised, named, not scored."""

    kind: str
    sheet: str
    cell: str | None
    title: str


def forms_in(grid: Grid) -> tuple[list[Record], list[OtherForm], list[ScoreTable]]:
    """Every 自评表 in a sheet as a record, top to bottom; the forms of other kinds; and the
    评分表 (whose header a 自评表 reader would otherwise take for an indicator header)."""
    records, others = [], []
    scan = scan_labels(grid)
    layouts = find_score_tables(grid, level_rows(scan))
    score_headers = {r for t in layouts for r in range(t.header, t.header_last + 1)}
    for layout in find_layouts(grid, scan):
        if layout.kind == PROJECT:
            if layout.funds_header is None and layout.indicator_header in score_headers:
                continue
            records.append(extract(grid, layout))
        else:
            title = layout.title
            others.append(OtherForm(layout.kind, grid.sheet, grid.ref(*title[:2]) if title else None,
                                    compact(title[2]) if title else ""))
    return records, others, read_score_tables(grid, layouts)


def records_in(grid: Grid) -> list[Record]:
    """Every 自评表 in a sheet, top to bottom (forms of other kinds left out)."""
    return forms_in(grid)[0]
