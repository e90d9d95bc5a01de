"""What the reviewer pages show: the dashboard, the table of forms, and one form in detail.

Every function takes the session, the user who asks, and what they ask for; every one reads
through review_scope (`current_forms`, `scope_filter`), so a 主管部门审核人 sees its own department
only, a 财政局管理员 everything, a 填报人 its own unit, and an object outside the scope is simply
not there (None, an empty list). Only the current version of each submission (the latest export)
counts in totals and lists; earlier versions appear in a form's history.

The figures are those of `ziping summary` (workbooks.summary.units_frame), to the same rounding:
平均分 is the mean of 总分（计算）, else 总分（填报）; 执行率 is Σ全年执行数 ÷ Σ全年预算数 over the forms
having both; sums are exact (math.fsum), so the order rows arrive in cannot change a figure.
Results are plain dataclasses (`jsonable` turns them into JSON-ready dicts), never ORM objects.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .errors import PortalError
from .models import (GRADES, STATUS_NAMES, STATUSES, SUBMITTED, Department, Finding, ReviewEvent, Submission,
                     SubmissionVersion, Unit, User)
from .review_scope import Viewer, current_forms, scope_filter, units_in_scope

V = SubmissionVersion

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
EVENT_NAMES = {"submitted": "报送", "resubmitted": "重新报送", "returned": "退回", "approved": "通过"}
MAX_PAGE_SIZE = 200
MAX_SEARCH = 100


class QueryError(PortalError):
    """A filter or sort the forms table does not know (a bad query string): the page shows the message."""


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def score_of(computed: float | None, reported: float | None) -> float | None:
    """总分（计算）, else 总分（填报） (as workbooks.summary does for 平均分)."""
    return computed if _present(computed) else (reported if _present(reported) else None)


# ---------------------------------------------------------------------------------------------
# Dashboard

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
        """The figures under the column names of `ziping summary`'s 单位汇总 (workbooks.summary.UNIT_COLUMNS)."""
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


# ---------------------------------------------------------------------------------------------
# The table of forms

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
        func.coalesce(User.display_name, V.submitted_by_label), year=year)
        .join(Department, Submission.department_id == Department.id)
        .join(Unit, Submission.unit_id == Unit.id)
        .outerjoin(User, V.submitted_by_user_id == User.id)
        .where(*conditions).order_by(*order).limit(page_size).offset((page - 1) * page_size))
    rows = []
    for (submission_id, version_id, number, year_, department_id, department, unit_id, unit, project, status, grade,
         computed, reported, rate, budget, executed, errors, warnings, infos, at, by) in session.execute(query):
        rows.append(FormLine(submission_id, version_id, number, year_, department_id, department, unit_id, unit,
                             project, status, STATUS_NAMES.get(status, status), grade, score_of(computed, reported),
                             computed, reported, rate, budget, executed, errors, warnings, infos, at, by))
    return FormsPage(rows, total, page, page_size, pages, sort or DEFAULT_SORT, filters)


# ---------------------------------------------------------------------------------------------
# One form

@dataclass
class FindingView:
    position: int
    rule: str
    slug: str
    severity: str
    severity_name: str
    sheet: str | None
    cell: str | None
    message: str


@dataclass
class EventView:
    event_id: int
    version_id: int
    number: int
    kind: str
    kind_name: str
    actor: str | None  # the user's name, or the token's / the rebuild's label
    user_id: int | None
    comment: str | None
    at: datetime


@dataclass
class VersionView:
    version_id: int
    number: int
    current: bool
    status: str
    status_name: str
    path: str
    sha256: str
    profile: str
    sheet: str
    source: str | None
    exported_at: datetime | None
    recorded_at: datetime
    submitted_by: str | None
    score: float | None
    total_computed: float | None
    total_reported: float | None
    grade: str | None
    execution_rate: float | None
    budget: float | None
    executed: float | None
    errors: int
    warnings: int
    infos: int
    reasons_needed: int
    findings: list[FindingView] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)


@dataclass
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass
class VersionChange:
    """What changed from version `before` to version `after` (consecutive numbers among those recorded)."""

    before: int
    after: int
    fields: list[FieldChange]  # only those that changed
    added: list[FindingView]  # findings of `after` whose (rule, cell) `before` did not have (as many times)
    removed: list[FindingView]

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.added or self.removed)


@dataclass
class FormDetail:
    submission_id: int
    year: int
    department_id: int
    department: str
    unit_id: int
    unit: str
    project: str
    stem: str
    status: str  # of the current version
    status_name: str
    current: VersionView
    versions: list[VersionView]  # oldest first
    changes: list[VersionChange]  # between consecutive versions, oldest first
    events: list[EventView]  # of every version: by version, then in the order they were recorded
    # (not by time: an export's time, which its 报送 event carries, is to the second only)
    can_review: bool  # the user may approve or return the current version now


COMPARED = (("total_computed", "总分（计算）"), ("total_reported", "总分（填报）"), ("grade", "等级"),
            ("execution_rate", "执行率"), ("budget", "全年预算数（万元）"), ("executed", "全年执行数（万元）"),
            ("errors", "错误数"), ("warnings", "警告数"))


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def diff_versions(before: VersionView, after: VersionView) -> VersionChange:
    fields = [FieldChange(name, label, getattr(before, name), getattr(after, name)) for name, label in COMPARED
              if not _same(getattr(before, name), getattr(after, name))]

    def extra(mine: list[FindingView], theirs: list[FindingView]) -> list[FindingView]:
        left = Counter((f.rule, f.cell) for f in theirs)
        found = []
        for finding in mine:
            key = (finding.rule, finding.cell)
            if left[key]:
                left[key] -= 1
            else:
                found.append(finding)
        return found

    return VersionChange(before.number, after.number, fields, extra(after.findings, before.findings),
                         extra(before.findings, after.findings))


def form_detail(session: Session, user, submission_id: int) -> FormDetail | None:
    """A submission in scope with every version, its findings, events and the changes between
    versions; None when there is no such submission or it is outside the user's scope.
    Four statements, however many versions and findings."""
    viewer = Viewer.of(user)
    head = session.execute(
        select(Submission.id, Submission.year, Submission.department_id, Department.name, Submission.unit_id,
               Unit.name, Submission.project, Submission.stem, Submission.latest_number)
        .join(Department, Submission.department_id == Department.id).join(Unit, Submission.unit_id == Unit.id)
        .where(Submission.id == submission_id, scope_filter(viewer))).one_or_none()
    if head is None:
        return None
    sid, year, department_id, department, unit_id, unit, project, stem, latest = head
    versions: dict[int, VersionView] = {}
    for row in session.execute(
            select(V.id, V.number, V.status, V.path, V.sha256, V.profile, V.sheet, V.source, V.exported_at,
                   V.created_at, func.coalesce(User.display_name, V.submitted_by_label), V.total_computed,
                   V.total_reported, V.grade, V.execution_rate, V.budget, V.executed, V.errors, V.warnings, V.infos,
                   V.reasons_needed)
            .outerjoin(User, V.submitted_by_user_id == User.id).where(V.submission_id == sid).order_by(V.number)):
        (version_id, number, status, path, sha256, profile, sheet, source, exported_at, created_at, by, computed,
         reported, grade, rate, budget, executed, errors, warnings, infos, reasons) = row
        versions[version_id] = VersionView(
            version_id, number, number == latest, status, STATUS_NAMES.get(status, status), path, sha256, profile,
            sheet, source, exported_at, created_at, by, score_of(computed, reported), computed, reported, grade, rate,
            budget, executed, errors, warnings, infos, reasons)
    for version_id, position, rule, slug, severity, sheet, cell, message in session.execute(
            select(Finding.version_id, Finding.position, Finding.rule, Finding.slug, Finding.severity, Finding.sheet,
                   Finding.cell, Finding.message)
            .join(V, Finding.version_id == V.id).where(V.submission_id == sid)
            .order_by(Finding.version_id, Finding.position)):
        versions[version_id].findings.append(FindingView(position, rule, slug, severity,
                                                         SEVERITY_NAMES.get(severity, severity), sheet, cell, message))
    events = []
    for event_id, version_id, kind, user_id, name, label, comment, at in session.execute(
            select(ReviewEvent.id, ReviewEvent.version_id, ReviewEvent.kind, ReviewEvent.user_id, User.display_name,
                   ReviewEvent.actor_label, ReviewEvent.comment, ReviewEvent.created_at)
            .join(V, ReviewEvent.version_id == V.id).outerjoin(User, ReviewEvent.user_id == User.id)
            .where(V.submission_id == sid).order_by(V.number, ReviewEvent.id)):
        version = versions[version_id]
        event = EventView(event_id, version_id, version.number, kind, EVENT_NAMES.get(kind, kind), name or label,
                          user_id, comment, at)
        version.events.append(event)
        events.append(event)
    ordered = list(versions.values())
    current = next((v for v in ordered if v.current), ordered[-1])
    changes = [diff_versions(a, b) for a, b in zip(ordered, ordered[1:])]
    return FormDetail(sid, year, department_id, department, unit_id, unit, project, stem, current.status,
                      current.status_name, current, ordered, changes, events,
                      can_review=viewer.reviews and current.status == SUBMITTED)


# ---------------------------------------------------------------------------------------------

def jsonable(value):
    """A result of this module (or of review_actions) as JSON-ready dicts, lists and strings."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


__all__ = ["Dashboard", "DepartmentLine", "EventView", "FieldChange", "FindingView", "FormDetail", "FormFilters",
           "FormLine", "FormsPage", "QueryError", "SORTS", "Totals", "UnitLine", "UnitRef", "VersionChange",
           "VersionView", "dashboard", "diff_versions", "form_detail", "forms_table", "jsonable", "score_of"]
