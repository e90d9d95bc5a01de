"""The summary of many forms: one row per form, then unit totals (average score as in the
published 部门整体绩效评价 "平均分", grade distribution, budget-weighted 执行率)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

GRADES = ("优", "良", "中", "差")

FORM_COLUMNS = ["文件", "工作表", "项目名称", "主管部门", "实施单位", "全年预算数（万元）", "全年执行数（万元）", "执行率",
                "总分（填报）", "总分（计算）", "等级", "错误", "警告", "需说明原因的行"]
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
    grade: str | None
    errors: int
    warnings: int
    reasons_needed: int

    @classmethod
    def of(cls, file: str, report) -> FormRow:
        funds = report.funds
        return cls(file, report.sheet, report.project, report.department or "", report.unit or "",
                   funds["annual_budget"], funds["executed"], funds["execution_rate"], report.total_reported,
                   report.total_computed, report.grade, report.errors, report.warnings, len(report.reasons_needed))

    def values(self) -> list:
        return [self.file, self.sheet, self.project, self.department, self.unit, self.budget, self.executed, self.rate,
                self.total_reported, self.total_computed, self.grade, self.errors, self.warnings, self.reasons_needed]


def form_rows(file: str, reports) -> list[FormRow]:
    return [FormRow.of(file, r) for r in reports if not r.blank]


def forms_frame(rows: list[FormRow]) -> pd.DataFrame:
    return pd.DataFrame([r.values() for r in rows], columns=FORM_COLUMNS)


def _score(frame: pd.DataFrame) -> pd.Series:
    return frame["总分（计算）"].fillna(frame["总分（填报）"])


def _totals(group: pd.DataFrame) -> dict:
    both = group.dropna(subset=["全年预算数（万元）", "全年执行数（万元）"])
    budget = both["全年预算数（万元）"].sum()
    scores = _score(group).dropna()
    grades = group["等级"].value_counts()
    return {
        "项目数": len(group),
        "全年预算数（万元）": round(float(group["全年预算数（万元）"].sum(min_count=1)), 2) if group["全年预算数（万元）"].notna().any() else None,
        "全年执行数（万元）": round(float(group["全年执行数（万元）"].sum(min_count=1)), 2) if group["全年执行数（万元）"].notna().any() else None,
        "执行率（按预算加权）": round(float(both["全年执行数（万元）"].sum() / budget), 4) if budget > 0 else None,
        "平均分": round(float(scores.mean()), 2) if len(scores) else None,
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


def score_bar(score: float | None) -> str:
    """An in-cell bar (one block per 5 points): a chart any client can draw."""
    if score is None or pd.isna(score):
        return ""
    return "█" * int(round(max(0.0, min(float(score), 100.0)) / 5)) + f" {score:g}"
