"""The pages of 填报单位 (clerks): upload workbooks (and their 自评报告), see their findings and the
reports' findings, download the marked copy and a form's draft report, submit the forms without
errors (a report's errors do not stop a form: see report_uploads), remove an upload never
submitted, follow the unit's submissions (status, reviewers' comments).

Every handler starts with the visitor (signed in, role clerk) and reaches objects only through
access.get_visible / access.scope, so another unit's upload or submission is a 404 and never listed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.background import BackgroundTask
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from starlette.concurrency import run_in_threadpool

from workbooks.submission.safe_paths import UnsafePathError, inside

from ..store.models import (APPROVED, CLERK, EVENT_APPROVED, EVENT_RETURNED, RETURNED, STATUSES, ReviewEvent, Submission,
                      SubmissionVersion, Upload, VersionReport)
from . import csrf, sessions
from .access import get_visible, require_role, scope
from .common import MEDIA, PathId, download, need_visitor, portal_of, redirect
from .context import MAX_FILES
from .errors import BadUpload, NotFound, TooLarge
from .forms import megabytes, read_form, read_uploads
from .report_uploads import (ACCEPT as REPORT_ACCEPT, DOCX, KINDS as REPORT_KINDS, MAX_REPORTS, MEDIA as REPORT_MEDIA,
                             Target, draft_for, report_limit, reports_of, store_reports, target_of)
from .templating import base_url, render
from .uploads import (KEPT, XLS_NOT_MARKABLE, Stored, marked_copy, organisation_names, remove_upload, store_upload,
                      submit_upload, uploads_of, why_not_submittable)

router = APIRouter(prefix="/clerk")


def _clerk(request: Request):
    visitor = need_visitor(request)
    require_role(visitor.user, CLERK)
    return visitor


def _home_context(request: Request, visitor) -> dict:
    portal = portal_of(request)
    with portal.db.session() as session:
        department, unit = organisation_names(session, visitor.user)
        uploads = uploads_of(session, visitor.user)
        counts = dict(session.execute(select(Submission.status, func.count()).where(scope(visitor.user, Submission))
                                      .group_by(Submission.status)).all())
    return dict(department=department, unit=unit, uploads=uploads, counts={s: counts.get(s, 0) for s in STATUSES},
                max_mb=megabytes(portal.config.max_bytes), max_bytes=portal.config.max_bytes, max_files=MAX_FILES,
                **_report_limits(portal))


def _report_limits(portal) -> dict:
    return dict(report_accept=REPORT_ACCEPT, report_kinds=REPORT_KINDS, max_reports=MAX_REPORTS,
                report_mb=megabytes(report_limit(portal)))


async def _receive(request: Request, portal, visitor):
    return await read_uploads(request, portal.config.uploads_dir / ".incoming", portal.config.max_bytes, MAX_FILES,
                              visitor.csrf, max_reports=MAX_REPORTS, report_bytes=report_limit(portal))


@router.get("/")
def clerk_home(request: Request):
    visitor = _clerk(request)
    return render(request, "clerk/home.html", visitor=visitor, **_home_context(request, visitor))


@router.post("/uploads")
async def upload(request: Request):
    visitor = await run_in_threadpool(_clerk, request)
    portal = portal_of(request)
    try:
        received = await _receive(request, portal, visitor)
        if not received.files:
            received.discard()
            if received.reports or received.refused:
                raise BadUpload("请同时选择自评报告所属的自评表工作簿：报告要与工作簿中的表核对。")
            raise BadUpload("请先选择要上传的工作簿（.xlsx、.xlsm 或 .xls）。")
    except (BadUpload, TooLarge) as refused:  # shown above the upload form, to try again at once
        context = await run_in_threadpool(_home_context, request, visitor)
        return render(request, "clerk/home.html", status=refused.status, visitor=visitor, problems=[refused.message],
                      **context)
    stored, problems, kept = [], [], []
    report_problems = list(received.refused)
    try:
        for item in received.files:
            try:
                stored.append(await run_in_threadpool(store_upload, portal, visitor.user, item))
            except BadUpload as refused:
                problems.append(refused.message)
        if received.reports:
            targets = [Target(item.upload_id, item.key, item.unit_id, item.checked) for item in stored]
            kept, refused_reports = await run_in_threadpool(store_reports, portal, visitor.user, received.reports,
                                                            targets)
            report_problems += refused_reports
    finally:
        received.discard()  # whatever was not moved into place
    if not stored:
        context = await run_in_threadpool(_home_context, request, visitor)
        return render(request, "clerk/home.html", status=400, visitor=visitor, problems=problems + report_problems,
                      **context)
    for message in problems:
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, message, "error")
    for item in stored:
        kind, note = checked_note(item)
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, note, kind)
    await _announce_reports(portal, visitor, kept, report_problems)
    target = f"/clerk/uploads/{stored[0].key}" if len(stored) == 1 and not problems else "/clerk/"
    if request.headers.get("x-ziping-upload") == "1":
        # upload.js: it goes to the page itself (following a redirect would use up the messages above)
        return JSONResponse({"location": base_url(request) + target})
    return redirect(request, target)


async def _announce_reports(portal, visitor, kept, refused: list[str]) -> None:
    for note in kept:
        kind, text = note.message()
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, text, kind)
    for message in refused:
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, message, "error")


def checked_note(item: Stored) -> tuple[str, str]:
    """The message announcing a checked upload, and its kind: error, warning, or ok when clean."""
    note = f"已上传并校验“{item.name}”：{item.forms} 张自评表"
    if item.errors:
        return "error", note + f"，{item.errors} 个错误" + (f"、{item.warnings} 个警告" if item.warnings else "") + \
            "。有错误的表改正后才能报送。"
    if item.warnings:
        return "warning", note + f"，没有错误，{item.warnings} 个警告，请核对。"
    return "ok", note + "，没有错误和警告。"


def _upload(request: Request, visitor, key: str) -> Upload:
    with portal_of(request).db.session() as session:
        item = get_visible(session, visitor.user, Upload, key=key[:32])
        item.user.display_name  # loaded now, shown after the session has closed
        return item


@router.get("/uploads/{key}")
def upload_page(request: Request, key: str):
    visitor = _clerk(request)
    item = _upload(request, visitor, key)
    with portal_of(request).db.session() as session:
        department, unit = organisation_names(session, visitor.user)
        reports = reports_of(session, item)
    data = json.loads(item.result)
    for form in data["forms"]:
        form["why_not"] = why_not_submittable(form, department, unit)
        form["report"] = reports.get(form["sheet"])
    submittable = [f for f in data["forms"] if not f["why_not"]]
    markable = Path(item.path).suffix.lower() != ".xls"
    return render(request, "clerk/upload.html", visitor=visitor, upload=item, data=data, submittable=submittable,
                  department=department, unit=unit, markable=markable, xls_note=XLS_NOT_MARKABLE, kept=KEPT,
                  reports=reports, **_report_limits(portal_of(request)))


@router.post("/uploads/{key}/reports")
async def add_reports(request: Request, key: str):
    """自评报告 added to an upload after it (a newer one of a form replaces the older)."""
    visitor = await run_in_threadpool(_clerk, request)
    portal = portal_of(request)
    item = await run_in_threadpool(_upload, request, visitor, key)
    try:
        received = await _receive(request, portal, visitor)
    except TooLarge as refused:
        raise BadUpload(refused.message, title=refused.title) from None
    kept, refused = [], list(received.refused)
    try:
        if received.files:
            refused.append("这里只能添加自评报告；工作簿请在“上传与校验”页上传。")
        if received.reports:
            target = await run_in_threadpool(target_of, portal, item)
            kept, problems = await run_in_threadpool(store_reports, portal, visitor.user, received.reports, [target])
            refused += problems
        elif not refused:
            refused.append(f"请先选择要添加的自评报告（{REPORT_KINDS}）。")
    finally:
        received.discard()
    await _announce_reports(portal, visitor, kept, refused)
    return redirect(request, f"/clerk/uploads/{item.key}")


@router.get("/uploads/{key}/draft")
async def draft(request: Request, key: str):
    """The draft 自评报告 of one form of the upload (?sheet=表2), as a .docx."""
    visitor = await run_in_threadpool(_clerk, request)
    item = await run_in_threadpool(_upload, request, visitor, key)
    sheet = request.query_params.get("sheet", "")[:255]
    path, filename = await run_in_threadpool(draft_for, portal_of(request), item, sheet)
    response = download(path, filename, DOCX)
    response.background = BackgroundTask(shutil.rmtree, path.parent, ignore_errors=True)
    return response


@router.get("/uploads/{key}/delete")
def remove_page(request: Request, key: str):
    """The confirmation step of removing an upload (a page of its own: no script needed)."""
    visitor = _clerk(request)
    item = _upload(request, visitor, key)
    return render(request, "clerk/remove.html", visitor=visitor, upload=item, kept=KEPT)


@router.post("/uploads/{key}/delete")
async def remove(request: Request, key: str):
    visitor = await run_in_threadpool(_clerk, request)
    form = await read_form(request)
    csrf.check(visitor.csrf, form)
    portal = portal_of(request)
    name = await run_in_threadpool(remove_upload, portal, visitor.user, key)
    await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, f"已删除“{name}”及其校验结果。", "ok")
    return redirect(request, "/clerk/")


@router.get("/uploads/{key}/marked")
async def marked(request: Request, key: str):
    visitor = await run_in_threadpool(_clerk, request)
    item = await run_in_threadpool(_upload, request, visitor, key)
    path = await run_in_threadpool(marked_copy, portal_of(request), item)
    original = Path(item.original_name)
    suffix = path.suffix
    return download(path, f"{original.stem}（已校验）{suffix}", MEDIA.get(suffix))


@router.post("/uploads/{key}/submit")
async def submit(request: Request, key: str):
    visitor = await run_in_threadpool(_clerk, request)
    form = await read_form(request)
    csrf.check(visitor.csrf, form)
    item = await run_in_threadpool(_upload, request, visitor, key)
    sheets = form.get("sheets[]") or []
    if not sheets:
        raise BadUpload("请至少选择一张要报送的自评表。")
    portal = portal_of(request)
    outcome = await run_in_threadpool(submit_upload, portal, visitor.user, item, list(sheets))
    messages = []
    if outcome.new:
        messages.append(("ok", f"已报送 {len(outcome.new)} 张自评表：" +
                         "、".join(f"{project}（第 {number} 版）" for project, number in outcome.new) + "。"))
    if outcome.unchanged:
        messages.append(("info", f"{len(outcome.unchanged)} 张与上次报送的内容相同，未生成新版本：" + "、".join(outcome.unchanged) + "。"))
    for what, why in outcome.refused:
        messages.append(("error", f"{what}：{why}"))
    messages += outcome.reports
    if outcome.pdf_note and outcome.new:
        messages.append(("info", outcome.pdf_note))
    for kind, text in messages:
        await run_in_threadpool(sessions.flash, portal.db, visitor.session_id, text, kind)
    return redirect(request, "/clerk/submissions" if outcome.new or outcome.unchanged else f"/clerk/uploads/{item.key}")


def _comments(session, submission_ids: list[int]) -> dict[int, ReviewEvent]:
    """The latest reviewer's decision (退回 or 通过) of each submission."""
    if not submission_ids:
        return {}
    rows = session.execute(
        select(SubmissionVersion.submission_id, ReviewEvent)
        .join(ReviewEvent, ReviewEvent.version_id == SubmissionVersion.id)
        .where(SubmissionVersion.submission_id.in_(submission_ids),
               ReviewEvent.kind.in_((EVENT_RETURNED, EVENT_APPROVED)))
        .order_by(ReviewEvent.created_at, ReviewEvent.id)).all()
    return {submission_id: event for submission_id, event in rows}


@router.get("/submissions")
def submissions(request: Request):
    visitor = _clerk(request)
    with portal_of(request).db.session() as session:
        department, unit = organisation_names(session, visitor.user)
        rows = list(session.scalars(select(Submission).where(scope(visitor.user, Submission))
                                    .options(selectinload(Submission.versions))
                                    .order_by(Submission.year.desc(), Submission.project)))
        comments = _comments(session, [s.id for s in rows])
    return render(request, "clerk/submissions.html", visitor=visitor, submissions=rows, comments=comments,
                  department=department, unit=unit, RETURNED=RETURNED, APPROVED=APPROVED)


def _submission(session, visitor, submission_id: int) -> Submission:
    return get_visible(session, visitor.user, Submission, id=submission_id)


@router.get("/submissions/{submission_id}")
def submission_page(request: Request, submission_id: PathId):
    visitor = _clerk(request)
    with portal_of(request).db.session() as session:
        item = _submission(session, visitor, submission_id)
        versions = list(session.scalars(select(SubmissionVersion).where(SubmissionVersion.submission_id == item.id)
                                        .options(selectinload(SubmissionVersion.findings),
                                                 selectinload(SubmissionVersion.report),
                                                 selectinload(SubmissionVersion.events).selectinload(ReviewEvent.user),
                                                 selectinload(SubmissionVersion.submitted_by))
                                        .order_by(SubmissionVersion.number.desc())))
        unit_name = item.unit.name
    latest = versions[0] if versions else None
    events = sorted((e for v in versions for e in v.events), key=lambda e: (e.created_at, e.id), reverse=True)
    return render(request, "clerk/submission.html", visitor=visitor, submission=item, versions=versions,
                  latest=latest, events=events, unit=unit_name, RETURNED=RETURNED)


@router.get("/submissions/{submission_id}/versions/{number}/{kind}")
def version_file(request: Request, submission_id: PathId, number: PathId, kind: str):
    visitor = _clerk(request)
    if kind not in ("xlsx", "pdf", "report"):
        raise NotFound()
    portal = portal_of(request)
    with portal.db.session() as session:
        item = _submission(session, visitor, submission_id)
        version = session.scalar(select(SubmissionVersion).where(SubmissionVersion.submission_id == item.id,
                                                                 SubmissionVersion.number == number))
        if version is None:
            raise NotFound()
        if kind == "report":
            report = session.scalar(select(VersionReport).where(VersionReport.version_id == version.id))
            if report is None:
                raise NotFound(f"第 {number} 版未附自评报告。")
            relative = report.path
        else:
            relative = version.path if kind == "xlsx" else str(Path(version.path).with_suffix(".pdf").as_posix())
    try:
        path = inside(portal.config.submission_dir, *relative.split("/"))
    except UnsafePathError:
        raise NotFound() from None
    if not path.is_file():
        raise NotFound("该版本的文件不在报送文件夹中（可能尚未生成 PDF，或已被移走）。")
    if kind == "report":
        return download(path, f"{item.stem}（第{number}版）自评报告{path.suffix}", REPORT_MEDIA.get(path.suffix))
    return download(path, f"{item.stem}（第{number}版）{path.suffix}", MEDIA.get(path.suffix))


