"""One submitted form in the official 自评表 layout, with each finding beside its cell.

The version's stored file is checked again (workbooks.checking.batch.check_file, as `ziping check` does):
the Report gives the texts and computed figures, its evaluation the cell of every value, so a
finding on "H12" marks the cell H12 of the layout and its message is shown under that row.
Findings on cells the layout does not show are listed under the row of their sheet row, or
above the table when no row of the layout is theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from validation.findings import ERROR, WARNING
from validation.numbers import fmt, fmt_percent
from validation.profile import load_profile
from workbooks.checking.batch import check_file

from .templating import amount

ROW_OF = re.compile(r"^\$?[A-Z]{1,3}\$?(\d+)$")
RANK = {ERROR: 2, WARNING: 1}


@dataclass
class ShownCell:
    text: str
    ref: str | None = None
    mark: str | None = None  # error / warning: the worst finding on this cell (提示 do not colour a cell)
    note: str | None = None  # a computed figure shown beside the written one

    @property
    def css(self) -> str:
        return f"mark-{self.mark}" if self.mark else ""


@dataclass
class ShownRow:
    cells: list[ShownCell]
    findings: list = field(default_factory=list)  # messages shown under the row


@dataclass
class Layout:
    sheet: str
    project: ShownCell
    department: ShownCell
    unit: ShownCell
    year: int | None
    funds: list[ShownRow]
    execution_rate: float | None
    execution_score: float | None
    indicators: list[ShownRow]
    total: ShownRow
    total_computed: float | None
    grade: str | None
    general: list  # findings of no cell, or of a row the layout does not show
    total_reported: float | None = None
    scores_sum: float | None = None  # execution 得分 + Σ 得分 as filed


def _row_number(ref: str | None) -> int | None:
    match = ROW_OF.match(ref or "")
    return int(match.group(1)) if match else None


def _cell(cell, text: str | None = None) -> ShownCell:
    return ShownCell(cell.text if text is None else text, cell.ref)


def _number(value, decimals: int = 2) -> str:
    return "" if value is None else fmt(value, decimals)


class _Placer:
    """Hands each finding to the row showing its cell (or its sheet row), once."""

    def __init__(self, findings: list):
        self.left = list(findings)

    def place(self, row: ShownRow, sheet_rows: set[int]) -> None:
        refs = {c.ref for c in row.cells if c.ref}
        mine = [f for f in self.left if f.cell and (f.cell in refs or _row_number(f.cell) in sheet_rows)]
        for finding in mine:
            self.left.remove(finding)
            row.findings.append(finding)
            for cell in row.cells:
                if cell.ref == finding.cell and RANK.get(finding.severity, 0) > RANK.get(cell.mark, 0):
                    cell.mark = finding.severity


def layout(report, findings: list) -> Layout:
    """The layout of `report` (a Report with its evaluation), with `findings` placed."""
    ev = report.evaluation
    record = ev.record
    placer = _Placer([f for f in findings if f.cell])
    head = [_cell(record.project), _cell(record.department), _cell(record.unit)]
    head_row = ShownRow(head)
    placer.place(head_row, {n for n in (_row_number(c.ref) for c in head) if n})

    funds_rows = []
    for name, amounts in ev.funds.rows.items():
        label = ev.funds.labels.get(name, name)
        cells = [ShownCell(label, None)] + [_cell(amounts[c].cell) for c in
                                            ("initial", "annual", "executed", "weight", "rate", "score")]
        for column, shown in zip(("initial", "annual", "executed"), cells[1:4]):
            read = amounts[column]
            if read.value is not None and isinstance(read.cell.value, (int, float)):
                shown.text = amount(read.value)  # 万元 with two decimals, as the form writes them
        rate = amounts["rate"]
        if rate.value is not None:  # 1 in a cell formatted as a percentage is shown as Excel shows it: 100%
            cells[5].text = fmt_percent(rate.value)
        if name == "total":
            cells[5].note = None if report.funds["execution_rate"] is None else fmt_percent(report.funds["execution_rate"])
            cells[6].note = _number(report.funds["execution_score"])
        row = ShownRow(cells)
        funds_rows.append(row)
    for row in funds_rows:
        placer.place(row, {n for n in (_row_number(c.ref) for c in row.cells) if n})

    by_row = {item.row: item for item in record.indicators}
    indicator_rows = []
    for item in report.indicators:
        source = by_row.get(item.row)
        cells = [ShownCell(item.level1, source.level1.ref if source else None),
                 ShownCell(item.level2, source.level2.ref if source else None),
                 ShownCell(item.name, source.name.ref if source else None),
                 ShownCell(item.target, source.target.ref if source else None),
                 ShownCell(item.actual, source.actual.ref if source else None),
                 ShownCell(_number(item.weight), source.weight.ref if source else None),
                 ShownCell(_number(item.score_reported), item.score_cell,
                           note=_number(item.score_computed) if item.score_computed is not None else None),
                 ShownCell(item.reason, item.reason_cell)]
        indicator_rows.append(ShownRow(cells))
    for item, row in zip(report.indicators, indicator_rows):
        placer.place(row, {item.row})

    total = record.total
    total_row = ShownRow([_cell(total.weight), ShownCell(_number(report.total_reported), total.score.ref,
                                                          note=_number(report.total_computed)),
                          ShownCell(total.grade.text, total.grade.ref, note=report.grade or "")])
    placer.place(total_row, {n for n in (_row_number(c.ref) for c in total_row.cells) if n})
    general = [f for f in findings if not f.cell] + placer.left
    for finding in head_row.findings:  # the heading's findings go above the table, its cells stay marked
        general.append(finding)
    return Layout(report.sheet, head[0], head[1], head[2], report.year, funds_rows, report.funds["execution_rate"],
                  report.funds["execution_score"], indicator_rows, total_row, report.total_computed, report.grade,
                  general, report.total_reported, report.scores_reported_sum)


def form_layout(path: Path, sheet: str, profile_name: str, default_profile) -> tuple[Layout | None, str | None]:
    """The layout of the form `sheet` of the stored file `path`, checked as `ziping check` checks it
    (under the profile the version was recorded with); or None and why not."""
    if not path.is_file():
        return None, "该版本的文件不在报送文件夹中，无法按原表显示；下面列出报送时的校验结果。"
    try:
        profile = default_profile if default_profile.name == profile_name else load_profile(profile_name)
    except Exception:  # noqa: BLE001 - a profile no longer installed: the server's own
        profile = default_profile
    result = check_file(path, profile)
    if result.error:
        return None, f"无法读取该版本的文件：{result.error}"
    reports = [r for r in result.reports if r.sheet == sheet] or result.reports
    if not reports or reports[0].evaluation is None:
        return None, "该版本的文件中找不到自评表。"
    report = reports[0]
    return layout(report, list(report.findings)), None
