"""The table of forms: filters, sorts and pages over the current versions in the user's scope."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..models import (GRADES, STATUS_NAMES, STATUSES, Department, Finding, Submission,
                      Unit, User, VersionReport)
from .scope import Viewer, current_forms
from .common import MAX_PAGE_SIZE, MAX_SEARCH, V, QueryError, score_of


@dataclass(frozen=True)
class FormFilters:
    """What the forms table is limited to; None means "any"."""

    department_id: int | None = None
    unit_id: int | None = None
    status: str | None = None  # submitted / returned / approved
    grade: str | None = None  # 优 良 中 差
    rule: str | None = None  # a rule code among the current version's findings, e.g. ZP203
    has_errors: bool | None = None
    has_warnings: bool | None = None
    text: str | None = None  # part of the project name

    def conditions(self) -> list:
        conditions = []
        if self.department_id is not None:
            conditions.append(Submission.department_id == self.department_id)
        if self.unit_id is not None:
            conditions.append(Submission.unit_id == self.unit_id)
        if self.status is not None:
            if self.status not in STATUSES:
                raise QueryError(f"状态应为 {'、'.join(STATUS_NAMES[s] for s in STATUSES)} 之一，而不是“{self.status}”。")
            conditions.append(V.status == self.status)
        if self.grade is not None:
            if self.grade not in GRADES:
                raise QueryError(f"等级应为 {'、'.join(GRADES)} 之一，而不是“{self.grade}”。")
            conditions.append(V.grade == self.grade)
        if self.rule is not None and self.rule.strip():
            rule = self.rule.strip().upper()
            # IN, not a correlated EXISTS: the versions having the rule come from ix_findings_rule
            # once, instead of one search of the rule's findings per candidate version.
            conditions.append(V.id.in_(select(Finding.version_id).where(Finding.rule == rule)))
        if self.has_errors is not None:
            conditions.append(V.errors > 0 if self.has_errors else V.errors == 0)
        if self.has_warnings is not None:
            conditions.append(V.warnings > 0 if self.has_warnings else V.warnings == 0)
        text = " ".join((self.text or "").split())
        if text:
            if len(text) > MAX_SEARCH:
                raise QueryError(f"搜索文字过长（超过 {MAX_SEARCH} 个字符）。")
            conditions.append(Submission.project.icontains(text, autoescape=True))
        return conditions


SCORE = func.coalesce(V.total_computed, V.total_reported)
SUBMITTED_AT = func.coalesce(V.exported_at, V.created_at)
GRADE_RANK = case({grade: rank for rank, grade in enumerate(GRADES)}, value=V.grade, else_=len(GRADES))
STATUS_RANK = case({status: rank for rank, status in enumerate(STATUSES)}, value=V.status, else_=len(STATUSES))

# sort key → the columns ordered by (ascending; "-key" reverses them). Ties go by submission id.
SORTS = {
    "project": (Submission.project,),
    "unit": (Unit.name, Submission.project),
    "department": (Department.name, Unit.name, Submission.project),
    "score": (SCORE,),
    "grade": (GRADE_RANK,),  # 优 first
    "status": (STATUS_RANK,),  # 已报送 first
    "submitted": (SUBMITTED_AT,),
    "errors": (V.errors,),
    "warnings": (V.warnings,),
}
SORT_NAMES = {"project": "项目名称", "unit": "实施单位", "department": "主管部门", "score": "总分", "grade": "等级",
              "status": "状态", "submitted": "报送时间", "errors": "错误数", "warnings": "警告数"}
DEFAULT_SORT = "-submitted"


@dataclass
class FormLine:
    """One row of the forms table: a submission and the figures of its current version."""

    submission_id: int
    version_id: int
    number: int  # current version
    year: int
    department_id: int
    department: str
    unit_id: int
    unit: str
    project: str
    status: str
    status_name: str
    grade: str | None
    score: float | None
    total_computed: float | None
    total_reported: float | None
    execution_rate: float | None
    budget: float | None
    executed: float | None
    errors: int
    warnings: int
    infos: int
    submitted_at: datetime | None
    submitted_by: str | None
    has_report: bool = False  # a 自评报告 was submitted with the current version
    report_errors: int | None = None  # its errors (None: no report)


@dataclass
class FormsPage:
    rows: list[FormLine]
    total: int  # forms matching the filters (all pages)
    page: int  # 1-based, clamped to [1, pages]
    page_size: int
    pages: int
    sort: str
    filters: FormFilters


def _order_by(sort: str | None) -> list:
    sort = (sort or DEFAULT_SORT).strip()
    descending = sort.startswith("-")
    key = sort.lstrip("-+")
    if key not in SORTS:
        raise QueryError(f"无法按“{key}”排序；请点列标题排序（可按{'、'.join(SORT_NAMES.values())}排序）。")
    columns = [*SORTS[key], Submission.id]
    return [(c.desc() if descending else c.asc()).nulls_last() for c in columns]


def forms_table(session: Session, user, year: int | None, filters: FormFilters | None = None,
                sort: str | None = DEFAULT_SORT, page: int = 1, page_size: int = 50) -> FormsPage:
    """One page of the forms in scope matching `filters`, sorted by `sort` ("score", "-score", …,
    see SORTS), with the number of all matching forms. Two statements: the count, then the page."""
    viewer = Viewer.of(user)
    filters = filters or FormFilters()
    conditions = filters.conditions()
    order = _order_by(sort)
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    total = session.scalar(current_forms(viewer, func.count(), year=year).where(*conditions))
    pages = max(1, math.ceil(total / page_size))
    page = max(1, min(int(page), pages))
    query = (current_forms(
        viewer, Submission.id, V.id, V.number, Submission.year, Submission.department_id, Department.name,
        Submission.unit_id, Unit.name, Submission.project, V.status, V.grade, V.total_computed, V.total_reported,
        V.execution_rate, V.budget, V.executed, V.errors, V.warnings, V.infos, SUBMITTED_AT,
        func.coalesce(User.display_name, V.submitted_by_label), VersionReport.id, VersionReport.errors, year=year)
        .join(Department, Submission.department_id == Department.id)
        .join(Unit, Submission.unit_id == Unit.id)
        .outerjoin(User, V.submitted_by_user_id == User.id)
        .outerjoin(VersionReport, VersionReport.version_id == V.id)
        .where(*conditions).order_by(*order).limit(page_size).offset((page - 1) * page_size))
    rows = []
    for (submission_id, version_id, number, year_, department_id, department, unit_id, unit, project, status, grade,
         computed, reported, rate, budget, executed, errors, warnings, infos, at, by, report_id,
         report_errors) in session.execute(query):
        rows.append(FormLine(submission_id, version_id, number, year_, department_id, department, unit_id, unit,
                             project, status, STATUS_NAMES.get(status, status), grade, score_of(computed, reported),
                             computed, reported, rate, budget, executed, errors, warnings, infos, at, by,
                             report_id is not None, report_errors))
    return FormsPage(rows, total, page, page_size, pages, sort or DEFAULT_SORT, filters)
