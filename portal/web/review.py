"""The pages of reviewers (主管部门审核人: its own department's units; 财政局管理员: everything).

- /review/                     the dashboard of a year (units × status, average score, grades, execution rate)
- /review/forms                the forms table: filters, sorting and pages in the query string (a shareable URL)
- /review/forms/summary.xlsx   the summary workbook of exactly the filtered forms (as `ziping summary`)
- /review/forms/review.xlsx    the review workbook of them (as `ziping review`)
- /review/forms/{id}           one form in the official layout, findings beside their cells, versions, actions
- /review/forms/{id}/approve, /return   decisions (POST with the CSRF token)
- /review/forms/{id}/versions/{n}/xlsx  a version's stored file
- /review/forms/{id}/versions/{n}/report  the 自评报告 submitted with a version

Every handler starts with `_reviewer` (signed in, a reviewer role: clerks get 403) and reads only
through portal.store.review (queries and scope), which limit everything to the user's scope: an object
outside it is a 404, and it never appears in a list, a total or a download.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from validation.numbers import fmt, fmt_percent

from ..store.models import (BUREAU_ADMIN, DEPARTMENT_REVIEWER, GRADES, STATUSES, Department, Submission, Unit,
                            VersionReport)
from ..store.review.actions import ReviewError, ReviewNotFound, approve, return_with_comment
from ..store.review.common import QueryError
from ..store.review.dashboard import dashboard
from ..store.review.form_detail import form_detail
from ..store.review.forms_table import FormFilters, SORT_NAMES, forms_table
from ..store.review.scope import Viewer, scope_filter, units_in_scope
from . import csrf, sessions
from .access import require_role
from .common import MAX_ID, MEDIA, PathId, QueryNumber, download, need_visitor, portal_of, redirect
from .errors import BadUpload, NotFound
from .forms import read_form
from .review_files import filtered_forms, result_cache, stored_path, version_path, workbook_of
from .report_uploads import MEDIA as REPORT_MEDIA
from .review_form import form_layout
from .templating import amount, environment, render

router = APIRouter(prefix="/review")


def _changed(value, name: str) -> str:
    """A figure of a version in "what changed" (portal.store.review.form_detail.COMPARED), as the pages show it."""
    if value is None or value != value:
        return "—"
    if name == "execution_rate":
        return fmt_percent(value)
    if name in ("budget", "executed"):  # 万元, as the form writes them
        return amount(value)
    if isinstance(value, float):
        return fmt(value, 2)
    return str(value)


environment.filters["changed"] = _changed

PAGE_SIZE = 50
CHART_WIDTH = 420
YES_NO = {"yes": True, "no": False}


def _reviewer(request: Request):
    visitor = need_visitor(request)
    require_role(visitor.user, DEPARTMENT_REVIEWER, BUREAU_ADMIN)
    return visitor


def _int(value: str | None) -> int | None:
    """A positive whole number the database can hold, else None (only ASCII digits: "²" is a digit too)."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def _years(session, user) -> list[int]:
    """The years with forms in the user's scope, newest first."""
    return list(session.scalars(select(Submission.year).distinct().where(scope_filter(Viewer.of(user)))
                                .order_by(Submission.year.desc())))


def _year(request: Request, years: list[int]) -> int | None:
    """The year asked for ("all": every year), else the newest year with forms."""
    asked = request.query_params.get("year", "")
    if asked == "all":
        return None
    year = _int(asked)
    if year is not None:
        return year
    return years[0] if years else None


# ---------------------------------------------------------------------------------------------
# Dashboard

@dataclass
class Bar:
    label: str
    count: int
    width: float
    y: int


def grade_chart(grades: dict[str, int]) -> list[Bar]:
    """Bars of the grade distribution, drawn by the template as an inline SVG (no script)."""
    most = max(grades.values(), default=0) or 1
    return [Bar(grade, grades.get(grade, 0), round(grades.get(grade, 0) / most * (CHART_WIDTH - 120), 1), 8 + i * 40)
            for i, grade in enumerate(GRADES)]


@router.get("/")
def review_home(request: Request):
    visitor = _reviewer(request)
    with portal_of(request).db.session() as session:
        years = _years(session, visitor.user)
        year = _year(request, years)
        board = dashboard(session, visitor.user, year)
    return render(request, "review/home.html", visitor=visitor, board=board, year=year, years=years,
                  chart=grade_chart(board.total.grades), chart_width=CHART_WIDTH, GRADES=GRADES,
                  admin=visitor.user.role == BUREAU_ADMIN)


# ---------------------------------------------------------------------------------------------
# The forms table

@dataclass
class Query:
    """The forms table's query string, read and checked."""

    year: int | None
    filters: FormFilters
    sort: str
    page: int
    params: dict[str, str]  # what was given (for the form's fields and the links)
    size: int = PAGE_SIZE  # forms a page (?size=10…200)

    def link(self, **changes) -> str:
        params = {**self.params, **{k: v for k, v in changes.items()}}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _query(request: Request, years: list[int], admin: bool) -> Query:
    q = request.query_params
    params = {name: (q.get(name) or "").strip()[:100] for name in
              ("year", "department", "unit", "status", "grade", "rule", "errors", "warnings", "q", "sort", "page")}
    year = _year(request, years)
    params["year"] = "all" if year is None else str(year)
    filters = FormFilters(
        department_id=_int(params["department"]) if admin else None,
        unit_id=_int(params["unit"]),
        status=params["status"] or None, grade=params["grade"] or None, rule=params["rule"] or None,
        has_errors=YES_NO.get(params["errors"]), has_warnings=YES_NO.get(params["warnings"]),
        text=params["q"] or None)
    size = _int(q.get("size"))
    if size is not None:
        params["size"] = str(max(10, min(size, 200)))
    return Query(year, filters, params["sort"] or "-submitted", _int(params["page"]) or 1, params,
                 int(params.get("size") or PAGE_SIZE))


def _choices(session, user) -> tuple[list, list]:
    """The departments and units the user may filter by (its scope only)."""
    units = session.execute(select(Unit.id, Unit.name, Department.id, Department.name)
                            .join(Department, Unit.department_id == Department.id)
                            .where(units_in_scope(Viewer.of(user))).order_by(Department.name, Unit.name)).all()
    departments = sorted({(d_id, d_name) for _, _, d_id, d_name in units}, key=lambda d: d[1])
    return departments, units


# The numbers of the forms table's query string are declared (common.QueryNumber) so that FastAPI
# checks them before the handler runs (a value that is not one is a 400 page, see app.py); the
# handler then reads the whole query string itself (_query).
@router.get("/forms")
def forms_page(request: Request, unit: QueryNumber = None, department: QueryNumber = None, page: QueryNumber = None,
               size: QueryNumber = None):
    visitor = _reviewer(request)
    admin = visitor.user.role == BUREAU_ADMIN
    problem = None
    with portal_of(request).db.session() as session:
        years = _years(session, visitor.user)
        query = _query(request, years, admin)
        departments, units = _choices(session, visitor.user)
        try:
            table = forms_table(session, visitor.user, query.year, query.filters, query.sort, query.page, query.size)
        except QueryError as refused:
            problem = str(refused)
            table = None
    return render(request, "review/forms.html", status=400 if problem else 200, visitor=visitor, query=query,
                  table=table, problem=problem, years=years, departments=departments, units=units, admin=admin,
                  GRADES=GRADES, STATUSES=STATUSES, SORT_NAMES=SORT_NAMES)


async def _filtered_workbook(request: Request, kind: str, filename: str):
    visitor = await run_in_threadpool(_reviewer, request)
    portal = portal_of(request)
    admin = visitor.user.role == BUREAU_ADMIN

    def paths():
        with portal.db.session() as session:
            query = _query(request, _years(session, visitor.user), admin)
            try:
                return filtered_forms(session, visitor.user, query.year, query.filters, portal.config.submission_dir)
            except QueryError as refused:
                raise BadUpload(str(refused), title="筛选条件有误") from None

    found = await run_in_threadpool(paths)
    if not found:  # the page offers no download then; an address typed or kept from before gets this
        raise BadUpload("没有符合筛选条件的表，未生成工作簿。请放宽筛选条件。", title="无法生成")
    return await run_in_threadpool(workbook_of, kind, found, portal.profile, filename,
                                   result_cache(portal.config.submission_dir))


@router.get("/forms/summary.xlsx")
async def summary_download(request: Request, unit: QueryNumber = None, department: QueryNumber = None):
    return await _filtered_workbook(request, "summary", "汇总.xlsx")


@router.get("/forms/review.xlsx")
async def review_download(request: Request, unit: QueryNumber = None, department: QueryNumber = None):
    return await _filtered_workbook(request, "review", "审核结果.xlsx")


# ---------------------------------------------------------------------------------------------
# One form

def _detail(request: Request, visitor, submission_id: int):
    with portal_of(request).db.session() as session:
        detail = form_detail(session, visitor.user, submission_id)
    if detail is None:
        raise NotFound()
    return detail


@router.get("/forms/{submission_id}")
def form_page(request: Request, submission_id: PathId):
    visitor = _reviewer(request)
    detail = _detail(request, visitor, submission_id)
    portal = portal_of(request)
    current = detail.current
    shown, why = form_layout(stored_path(portal.config.submission_dir, current.path), current.sheet, current.profile,
                             portal.profile)
    back = request.query_params.get("back", "")
    back = back if back.startswith("forms?") or back == "forms" else "forms"
    return render(request, "review/form.html", visitor=visitor, detail=detail, form=shown, why=why, back=back,
                  changes={change.after: change for change in detail.changes})


async def _decide(request: Request, submission_id: int, decision):
    visitor = await run_in_threadpool(_reviewer, request)
    form = await read_form(request)
    csrf.check(visitor.csrf, form)
    portal = portal_of(request)
    version_id = _int(form.get("version") if isinstance(form.get("version"), str) else None)
    comment = form.get("comment") if isinstance(form.get("comment"), str) else ""
    await run_in_threadpool(_detail, request, visitor, submission_id)  # 404 outside the scope, before anything

    def decide():
        with portal.db.write() as session:
            outcome = decision(session, visitor.user, version_id or 0, comment)
            if outcome.submission_id != submission_id:
                raise ReviewNotFound("找不到该报送版本。")
            return outcome

    try:
        outcome = await run_in_threadpool(decide)
    except ReviewError as refused:
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, str(refused), "error")
    else:
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id,
                                f"第 {outcome.number} 版{outcome.status_name}" +
                                ("，退回意见已告知填报单位。" if outcome.status == "returned" else "。"), "ok")
    return redirect(request, f"/review/forms/{submission_id}")


@router.post("/forms/{submission_id}/approve")
async def approve_form(request: Request, submission_id: PathId):
    return await _decide(request, submission_id, approve)


@router.post("/forms/{submission_id}/return")
async def return_form(request: Request, submission_id: PathId):
    return await _decide(request, submission_id, return_with_comment)


@router.get("/forms/{submission_id}/versions/{number}/xlsx")
def version_file(request: Request, submission_id: PathId, number: PathId):
    visitor = _reviewer(request)
    portal = portal_of(request)
    with portal.db.session() as session:
        submission, version = version_path(session, visitor.user, submission_id, number)
        stem, relative = submission.stem, version.path
    path = stored_path(portal.config.submission_dir, relative)
    if not path.is_file():
        raise NotFound("该版本的文件不在报送文件夹中（可能已被移走）。")
    return download(path, f"{stem}（第{number}版）{path.suffix}", MEDIA.get(path.suffix))


@router.get("/forms/{submission_id}/versions/{number}/report")
def version_report(request: Request, submission_id: PathId, number: PathId):
    """The 自评报告 submitted with a version, as the clerk uploaded it."""
    visitor = _reviewer(request)
    portal = portal_of(request)
    with portal.db.session() as session:
        submission, version = version_path(session, visitor.user, submission_id, number)
        relative = session.scalar(select(VersionReport.path).where(VersionReport.version_id == version.id))
        stem = submission.stem
    if relative is None:
        raise NotFound(f"第 {number} 版未附自评报告。")
    path = stored_path(portal.config.submission_dir, relative)
    if not path.is_file():
        raise NotFound("该版本的自评报告不在报送文件夹中（可能已被移走）。")
    return download(path, f"{stem}（第{number}版）自评报告{path.suffix}", REPORT_MEDIA.get(path.suffix))


__all__ = ["router"]
