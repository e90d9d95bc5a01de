"""The summary of many forms: one row per form, then unit totals (average score as in the
published 部门整体绩效评价 "平均分", grade distribution, budget-weighted 执行率)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

GRADES = ("优", "良", "中", "差")

# 填报 (as the unit filed it) beside 计算 (by the profile's rules): the reviewer sees both.
FORM_COLUMNS = ["文件", "工作表", "项目名称", "主管部门", "实施单位", "全年预算数（万元）", "全年执行数（万元）", "执行率",
                "总分（填报）", "各项得分合计（填报）", "总分（计算）", "等级（填报）", "等级（计算）", "与规则不同的得分",
                "错误", "警告", "需说明原因的行"]
# A filed score the rules give otherwise (a warning: the filer may have had reasons; see README).
DIFFERING_RULES = frozenset({"score-differs-from-rules", "execution-score-wrong"})
UNIT_COLUMNS = ["主管部门", "实施单位", "项目数", "全年预算数（万元）", "全年执行数（万元）", "执行率（按预算加权）", "平均分",
                *GRADES, "错误", "警告"]


@dataclass(frozen=True)
class FormRow:
    """What the summary needs of one form; small, so that workers can send it between processes."""

    file: str
    sheet: str
    project: str
    department: str
    unit: str
    budget: float | None
    executed: float | None
    rate: float | None
    total_reported: float | None
    total_computed: float | None
    grade: str | None  # of the computed total
    errors: int
    warnings: int
    reasons_needed: int
    scores_sum: float | None = None  # execution 得分 + Σ 得分 as filed
    grade_reported: str | None = None
    scores_differing: int = 0  # filed 得分 that the rules give otherwise

    @classmethod
    def of(cls, file: str, report) -> FormRow:
        funds = report.funds
        differing = sum(1 for f in report.findings if f.slug in DIFFERING_RULES)
        return cls(file, report.sheet, report.project, report.department or "", report.unit or "",
                   funds["annual_budget"], funds["executed"], funds["execution_rate"], report.total_reported,
                   report.total_computed, report.grade, report.errors, report.warnings, len(report.reasons_needed),
                   report.scores_reported_sum, report.grade_reported, differing)

    def values(self) -> list:
        return [self.file, self.sheet, self.project, self.department, self.unit, self.budget, self.executed, self.rate,
                self.total_reported, self.scores_sum, self.total_computed, self.grade_reported, self.grade,
                self.scores_differing, self.errors, self.warnings, self.reasons_needed]


def form_rows(file: str, reports) -> list[FormRow]:
    return [FormRow.of(file, r) for r in reports if not r.blank]


def forms_frame(rows: list[FormRow]) -> pd.DataFrame:
    return pd.DataFrame([r.values() for r in rows], columns=FORM_COLUMNS)


def _score(frame: pd.DataFrame) -> pd.Series:
    """The computed total, or the reported one where there is none."""
    computed, reported = frame["总分（计算）"].astype("float64"), frame["总分（填报）"].astype("float64")
    return computed.where(computed.notna(), reported)


def _money(values: pd.Series) -> float | None:
    values = values.dropna()
    return round(math.fsum(values), 2) if len(values) else None


def _totals(group: pd.DataFrame) -> dict:
    # Sums are exact (math.fsum), so the same forms give the same totals in any order: a
    # review adds them up one file at a time (UnitTotals) and must agree with this frame.
    both = group.dropna(subset=["全年预算数（万元）", "全年执行数（万元）"])
    budget = math.fsum(both["全年预算数（万元）"])
    scores = _score(group).dropna()
    grades = group["等级（计算）"].value_counts()
    return {
        "项目数": len(group),
        "全年预算数（万元）": _money(group["全年预算数（万元）"]),
        "全年执行数（万元）": _money(group["全年执行数（万元）"]),
        "执行率（按预算加权）": round(math.fsum(both["全年执行数（万元）"]) / budget, 4) if budget > 0 else None,
        "平均分": round(math.fsum(scores) / len(scores), 2) if len(scores) else None,
        **{grade: int(grades.get(grade, 0)) for grade in GRADES},
        "错误": int(group["错误"].sum()),
        "警告": int(group["警告"].sum()),
    }


def units_frame(forms: pd.DataFrame) -> pd.DataFrame:
    """One row per 主管部门/实施单位, then 合计."""
    rows = []
    if not forms.empty:
        for (department, unit), group in forms.groupby(["主管部门", "实施单位"], sort=True, dropna=False):
            rows.append({"主管部门": department, "实施单位": unit, **_totals(group)})
        rows.append({"主管部门": "合计", "实施单位": "", **_totals(forms)})
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


class ExactSum:
    """A running sum without rounding error (Shewchuk's partials, as math.fsum keeps them):
    `value` is math.fsum of everything added, whatever the order."""

    __slots__ = ("partials",)

    def __init__(self) -> None:
        self.partials: list[float] = []

    def add(self, x: float) -> None:
        partials, i = self.partials, 0
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            high = x + y
            low = y - (high - x)
            if low:
                partials[i] = low
                i += 1
            x = high
        partials[i:] = [x]

    @property
    def value(self) -> float:
        return math.fsum(self.partials)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


class _Group:
    """Running totals of one unit (or of all forms)."""

    __slots__ = ("forms", "budget", "budgets", "executed", "executeds", "both_budget", "both_executed", "score",
                 "scores", "grades", "errors", "warnings")

    def __init__(self) -> None:
        self.forms = self.budgets = self.executeds = self.scores = self.errors = self.warnings = 0
        self.budget, self.executed, self.score = ExactSum(), ExactSum(), ExactSum()
        self.both_budget, self.both_executed = ExactSum(), ExactSum()
        self.grades = dict.fromkeys(GRADES, 0)

    def add(self, row: FormRow) -> None:
        self.forms += 1
        budget, executed = row.budget, row.executed
        if not _missing(budget):
            self.budget.add(budget)
            self.budgets += 1
        if not _missing(executed):
            self.executed.add(executed)
            self.executeds += 1
        if not _missing(budget) and not _missing(executed):
            self.both_budget.add(budget)
            self.both_executed.add(executed)
        score = row.total_computed if not _missing(row.total_computed) else row.total_reported
        if not _missing(score):
            self.score.add(score)
            self.scores += 1
        if row.grade in self.grades:
            self.grades[row.grade] += 1
        self.errors += row.errors
        self.warnings += row.warnings

    def totals(self) -> dict:
        budget = self.both_budget.value
        return {
            "项目数": self.forms,
            "全年预算数（万元）": round(self.budget.value, 2) if self.budgets else None,
            "全年执行数（万元）": round(self.executed.value, 2) if self.executeds else None,
            "执行率（按预算加权）": round(self.both_executed.value / budget, 4) if budget > 0 else None,
            "平均分": round(self.score.value / self.scores, 2) if self.scores else None,
            **self.grades,
            "错误": int(self.errors),
            "警告": int(self.warnings),
        }


class UnitTotals:
    """units_frame, added up one form at a time: memory grows with the number of units, not
    of forms, so a review of any size can keep it while streaming the rows to disk."""

    def __init__(self) -> None:
        self.units: dict[tuple[str, str], _Group] = {}
        self.all = _Group()

    def add(self, row: FormRow) -> None:
        key = (row.department, row.unit)
        group = self.units.get(key)
        if group is None:
            group = self.units[key] = _Group()
        group.add(row)
        self.all.add(row)

    def frame(self) -> pd.DataFrame:
        rows = [{"主管部门": department, "实施单位": unit, **group.totals()}
                for (department, unit), group in sorted(self.units.items())]
        if rows:
            rows.append({"主管部门": "合计", "实施单位": "", **self.all.totals()})
        return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def score_bar(score: float | None) -> str:
    """An in-cell bar (one block per 5 points): a chart any client can draw."""
    if score is None or pd.isna(score):
        return ""
    return "█" * int(round(max(0.0, min(float(score), 100.0)) / 5)) + f" {score:g}"
