"""The reviewer's dashboard: per unit and department, forms by status, average score, grades,
budget-weighted 执行率 and errors — the figures of `ziping summary`'s 单位汇总 (see portal.store.review)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (GRADES, STATUSES, Department, Submission,
                      Unit)
from .scope import Viewer, current_forms, scope_filter, units_in_scope
from .common import V


@dataclass
class Totals:
    """The figures of a group of forms (a unit, a department, the whole scope)."""

    forms: int
    submitted: int
    returned: int
    approved: int
    budget: float | None  # Σ全年预算数（万元）, rounded to 0.01
    executed: float | None  # Σ全年执行数（万元）
    execution_rate: float | None  # Σ执行数 ÷ Σ预算数 over forms having both, to 4 places (0.9876 = 98.76%)
    average_score: float | None  # to 0.01
    grades: dict[str, int]  # 优 良 中 差
    errors: int  # findings of severity error, summed over the forms
    warnings: int
    forms_with_errors: int
    forms_with_warnings: int

    def summary_values(self) -> dict:
        """The figures under the column names of `ziping summary`'s 单位汇总 (workbooks.review.summary.UNIT_COLUMNS)."""
        return {"项目数": self.forms, "全年预算数（万元）": self.budget, "全年执行数（万元）": self.executed,
                "执行率（按预算加权）": self.execution_rate, "平均分": self.average_score, **self.grades,
                "错误": self.errors, "警告": self.warnings}


class _Tally:
    """Running figures of a group; the float sums are kept as lists and added once with math.fsum."""

    __slots__ = ("forms", "statuses", "grades", "budgets", "executeds", "both_budgets", "both_executeds", "scores",
                 "errors", "warnings", "with_errors", "with_warnings")

    def __init__(self) -> None:
        self.forms = self.errors = self.warnings = self.with_errors = self.with_warnings = 0
        self.statuses = dict.fromkeys(STATUSES, 0)
        self.grades = dict.fromkeys(GRADES, 0)
        self.budgets: list[float] = []
        self.executeds: list[float] = []
        self.both_budgets: list[float] = []
        self.both_executeds: list[float] = []
        self.scores: list[float] = []

    def add(self, status, grade, budget, executed, computed, reported, errors, warnings) -> None:
        # `x == x` is False for NaN only: a missing figure is None or NaN, as for pandas' dropna.
        self.forms += 1
        if status in self.statuses:
            self.statuses[status] += 1
        if grade in self.grades:
            self.grades[grade] += 1
        has_budget = budget is not None and budget == budget
        has_executed = executed is not None and executed == executed
        if has_budget:
            self.budgets.append(budget)
        if has_executed:
            self.executeds.append(executed)
        if has_budget and has_executed:
            self.both_budgets.append(budget)
            self.both_executeds.append(executed)
        if computed is not None and computed == computed:
            self.scores.append(computed)
        elif reported is not None and reported == reported:
            self.scores.append(reported)
        if errors:
            self.errors += errors
            self.with_errors += 1
        if warnings:
            self.warnings += warnings
            self.with_warnings += 1

    def merge(self, other: _Tally) -> None:
        self.forms += other.forms
        for key in self.statuses:
            self.statuses[key] += other.statuses[key]
        for key in self.grades:
            self.grades[key] += other.grades[key]
        for name in ("budgets", "executeds", "both_budgets", "both_executeds", "scores"):
            getattr(self, name).extend(getattr(other, name))
        self.errors += other.errors
        self.warnings += other.warnings
        self.with_errors += other.with_errors
        self.with_warnings += other.with_warnings

    def totals(self) -> Totals:
        both_budget = math.fsum(self.both_budgets)
        return Totals(
            forms=self.forms, submitted=self.statuses["submitted"], returned=self.statuses["returned"],
            approved=self.statuses["approved"],
            budget=round(math.fsum(self.budgets), 2) if self.budgets else None,
            executed=round(math.fsum(self.executeds), 2) if self.executeds else None,
            execution_rate=round(math.fsum(self.both_executeds) / both_budget, 4) if both_budget > 0 else None,
            average_score=round(math.fsum(self.scores) / len(self.scores), 2) if self.scores else None,
            grades=dict(self.grades), errors=int(self.errors), warnings=int(self.warnings),
            forms_with_errors=self.with_errors, forms_with_warnings=self.with_warnings)


@dataclass
class UnitRef:
    department_id: int
    department: str
    unit_id: int
    unit: str


@dataclass
class UnitLine:
    department_id: int
    department: str
    unit_id: int
    unit: str
    totals: Totals


@dataclass
class DepartmentLine:
    department_id: int
    department: str
    units: int  # units with forms this year
    totals: Totals


@dataclass
class Dashboard:
    year: int | None
    role: str
    scope: str  # what the user sees, for the page's heading
    units: list[UnitLine]  # units with forms, by 主管部门 then 实施单位 (the order of `ziping summary`)
    departments: list[DepartmentLine]
    total: Totals  # the whole scope (the 合计 row)
    idle_units: list[UnitRef]  # units in scope with no form this year
    years: list[int]  # years with forms in scope, newest first


def _scope_label(session: Session, viewer: Viewer) -> str:
    if not viewer.active:
        return "无"
    if viewer.role == "bureau_admin":
        return "全部主管部门"
    if viewer.role == "department_reviewer":
        return session.scalar(select(Department.name).where(Department.id == viewer.department_id)) or ""
    return session.scalar(select(Unit.name).where(Unit.id == viewer.unit_id)) or ""


def dashboard(session: Session, user, year: int | None) -> Dashboard:
    """Per unit (and per department, and for the whole scope): forms by status, average score,
    grades, budget-weighted execution rate, errors. `year` None: every year together."""
    viewer = Viewer.of(user)
    figures = session.execute(current_forms(
        viewer, Submission.unit_id, V.status, V.grade, V.budget, V.executed, V.total_computed, V.total_reported,
        V.errors, V.warnings, year=year)).all()
    units = {row.unit_id: row for row in session.execute(
        select(Unit.id.label("unit_id"), Unit.name.label("unit"), Department.id.label("department_id"),
               Department.name.label("department"))
        .join(Department, Unit.department_id == Department.id).where(units_in_scope(viewer))).all()}
    years_query = select(Submission.year).distinct().where(scope_filter(viewer)).order_by(Submission.year.desc())
    years = list(session.scalars(years_query))

    tallies: dict[int, _Tally] = {}
    for unit_id, *values in figures:
        tally = tallies.get(unit_id)
        if tally is None:
            tally = tallies[unit_id] = _Tally()
        tally.add(*values)

    order = sorted(tallies, key=lambda unit_id: (units[unit_id].department, units[unit_id].unit))
    unit_lines, by_department, total = [], {}, _Tally()
    for unit_id in order:
        ref, tally = units[unit_id], tallies[unit_id]
        unit_lines.append(UnitLine(ref.department_id, ref.department, unit_id, ref.unit, tally.totals()))
        department = by_department.setdefault(ref.department_id, (ref.department, [], _Tally()))
        department[1].append(unit_id)
        department[2].merge(tally)
        total.merge(tally)
    departments = [DepartmentLine(department_id, name, len(unit_ids), tally.totals())
                   for department_id, (name, unit_ids, tally) in sorted(by_department.items(), key=lambda kv: kv[1][0])]
    idle = [UnitRef(ref.department_id, ref.department, ref.unit_id, ref.unit)
            for ref in sorted(units.values(), key=lambda r: (r.department, r.unit)) if ref.unit_id not in tallies]
    return Dashboard(year, viewer.role, _scope_label(session, viewer), unit_lines, departments, total.totals(), idle,
                     years)
