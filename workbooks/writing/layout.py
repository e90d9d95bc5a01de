"""The national layout of the 自评表 (DOMAIN §1): where each label and value goes.

Rows are relative to the form's top-left cell, so a form can be written anywhere in a
sheet. Label styles reproduce what real sheets carry: the official labels, labels wrapped
across lines ("年初预\\n算数", "分 值"), and the truncated reason header.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text_guard import clean_text

WIDTH = 9  # columns A..I of the official form

LABELS = {
    "clean": {
        "initial": "年初预算数", "annual": "全年预算数", "executed": "全年执行数", "weight": "分值",
        "rate": "执行率", "score": "得分", "fiscal": "其中：当年财政拨款", "carryover": "上年结转资金",
        "target": "年度指标值", "actual": "实际完成值", "reason": "偏差原因分析及改进措施",
        "funds": "项目资金（万元）",
    },
    "wrapped": {
        "initial": "年初预\n算数", "annual": "全年预\n算数", "executed": "全年\n执行数", "weight": "分 值",
        "rate": "执行\n率", "score": "得 分", "fiscal": "其中：当年财政\n拨款", "carryover": "上年结转\n资金",
        "target": "年度\n指标值", "actual": "实际\n完成值", "reason": "偏差原\n因分析\n及改进\n措施",
        "funds": "项目资金\n(万元)",
    },
    "truncated": {"reason": "偏差原因分析及改进"},
}


def labels_for(style: str) -> dict[str, str]:
    labels = dict(LABELS["clean"])
    labels.update(LABELS.get(style, {}))
    return labels


@dataclass(frozen=True)
class Rows:
    """Row offsets (0-based from the form's top) of the parts of a form with n indicators."""

    n: int

    title = 0
    year = 1
    project = 2
    department = 3
    funds_header = 4
    funds_total = 5
    funds_fiscal = 6
    funds_carryover = 7
    funds_other = 8
    goals_header = 9
    goals_text = 10
    indicator_header = 11
    first_indicator = 12

    @property
    def total(self) -> int:
        return self.first_indicator + self.n

    @property
    def height(self) -> int:
        return self.total + 1


def _value(v):
    return None if v is None or v == "" else v


def form_cells(form: dict, style: str = "clean", year: int | None = None) -> tuple[dict, list]:
    """The cells of one form: {(row_offset, col_offset): value} and merged ranges as offsets.

    `form` is one entry of a samples JSON ("project", "funds", "goals", "indicators", "total").
    """
    labels = labels_for(form.get("labels", style) if style == "clean" else style)
    rows = Rows(len(form["indicators"]))
    cells: dict[tuple[int, int], object] = {}
    merges: list[tuple[int, int, int, int]] = []

    def put(r, c, v, to_r=None, to_c=None):
        cells[(r, c)] = _value(v)
        if (to_r is not None and to_r != r) or (to_c is not None and to_c != c):
            merges.append((r, c, to_r if to_r is not None else r, to_c if to_c is not None else c))

    put(rows.title, 0, "项目支出绩效自评表", to_c=WIDTH - 1)
    put(rows.year, 0, f"（{year or form.get('year') or 2024}年度）", to_c=WIDTH - 1)
    put(rows.project, 0, "项目名称", to_c=1)
    put(rows.project, 2, form.get("project"), to_c=WIDTH - 1)
    put(rows.department, 0, "主管部门", to_c=1)
    put(rows.department, 2, form.get("department"), to_c=4)
    put(rows.department, 5, "实施单位")
    put(rows.department, 6, form.get("unit"), to_c=WIDTH - 1)
    put(rows.funds_header, 0, labels["funds"], to_r=rows.funds_other, to_c=1)
    for c, key in enumerate(("initial", "annual", "executed", "weight", "rate", "score"), start=3):
        put(rows.funds_header, c, labels[key])
    fund_rows = (("total", "年度资金总额"), ("fiscal", labels["fiscal"]), ("carryover", labels["carryover"]), ("other", "其他资金"))
    for offset, (key, label) in enumerate(fund_rows):
        r = rows.funds_total + offset
        put(r, 2, label)
        values = form["funds"].get(key) or {}
        for c, column in enumerate(("initial", "annual", "executed", "weight", "rate", "score"), start=3):
            put(r, c, values.get(column))
    put(rows.goals_header, 0, "年度总体目标", to_r=rows.goals_text)
    put(rows.goals_header, 1, "预期目标", to_c=4)
    put(rows.goals_header, 5, "实际完成情况", to_c=WIDTH - 1)
    put(rows.goals_text, 1, form["goals"].get("expected"), to_c=4)
    put(rows.goals_text, 5, form["goals"].get("actual"), to_c=WIDTH - 1)
    header = ("一级指标", "二级指标", "三级指标", labels["target"], labels["actual"], labels["weight"], labels["score"], labels["reason"])
    put(rows.indicator_header, 0, "绩效指标", to_r=rows.total - 1)
    for c, text in enumerate(header, start=1):
        put(rows.indicator_header, c, text)
    keys = ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")
    for i, indicator in enumerate(form["indicators"]):
        r = rows.first_indicator + i
        for c, key in enumerate(keys, start=1):
            put(r, c, indicator.get(key))
    merges.extend(_level_merges(form["indicators"], rows.first_indicator))
    put(rows.total, 0, "总分", to_c=5)
    put(rows.total, 6, form["total"].get("weight"))
    put(rows.total, 7, form["total"].get("score"))
    put(rows.total, 8, form["total"].get("grade"))
    return cells, merges


def _level_merges(indicators: list[dict], first_row: int) -> list[tuple[int, int, int, int]]:
    """一级/二级 cells merged downward over the rows that leave them blank."""
    merges = []
    for column, key in ((1, "level1"), (2, "level2")):
        start = None
        for i, indicator in enumerate(indicators + [{"level1": "end", "level2": "end"}]):
            if indicator.get(key) is not None or (key == "level2" and indicator.get("level1") is not None):
                if start is not None and i - 1 > start:
                    merges.append((first_row + start, column, first_row + i - 1, column))
                start = i
    return merges


def write_form(ws, form: dict, top: int = 1, left: int = 1, style: str = "clean", year: int | None = None) -> int:
    """Write one form into an openpyxl worksheet with its top-left at (top, left).

    Returns the row after the form. Values only (with merges); styling is the template's job.
    """
    cells, merges = form_cells(form, style, year)
    for (r, c), value in cells.items():
        if value is not None:
            put_value(ws.cell(row=top + r, column=left + c), value)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=top + r0, start_column=left + c0, end_row=top + r1, end_column=left + c1)
    return top + Rows(len(form["indicators"])).height


def put_value(cell, value) -> None:
    """Set a value; text that starts with "=" (a target like "=3672.2平方米") stays text, and
    control characters an .xlsx cannot hold are dropped."""
    value = clean_text(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
