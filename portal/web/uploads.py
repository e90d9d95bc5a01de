"""Uploaded workbooks: checked, stored, shown, marked, and their forms submitted.

An upload is checked (workbooks.checking.batch.check_file, as `ziping check`) from its temporary file; an
unreadable or hostile file is refused with the checker's Chinese message and leaves nothing behind.
A readable one is moved into place with os.replace (<uploads>/<unit id>/<key><suffix>), and its row
(with the check's result as JSON) is written in one transaction; if that fails the file goes again.
The stored file is never changed: the marked copy is another file, the export reads it.

A clerk may remove an upload none of whose forms was submitted (uploads.submitted_at is set, in
its own transaction, before the first export of its forms): the files are first moved aside,
then the row is deleted; if that fails they are moved back, and once it is committed they are
deleted. A failure therefore leaves the upload as it was (row and files), never a row without its
file; at worst a file moved aside stays behind, under a hidden name nothing lists.

Submitting exports the chosen forms exactly as `ziping export` does (workbooks.submission.export.export_reports
into the submission folder, under the unit folder's lock) and then records them in the index
(portal.store.index.record_export: each version in one transaction with its findings and event).
Only forms without errors, with a year, and of the clerk's own 主管部门 and 实施单位 can be submitted.
The 自评报告 uploaded for a submitted form goes with its version (report_uploads, and
portal.store.version_reports.attach_report); a report's errors do not stop the form.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from validation.errors import ZipingError
from workbooks.checking.batch import FileResult, check_file
from workbooks.submission.export import export_reports, sha256_of

from ..store.errors import IndexingError
from ..store.index import record_export
from ..store.version_reports import DIFFERENT, StagedReport, attach_report
from ..store.models import Department, Unit, Upload, User
from ..store.organisations import clean_name
from ..store.timestamps import utcnow
from .errors import BadUpload, NotFound, UploadKept
from .forms import Received
from .report_uploads import report_files, staged_reports
from .stored_files import check_stored_upload, marked_file, replace_atomically as _replace_atomically, upload_file

log = logging.getLogger("ziping.portal")


def _finding(f) -> dict:
    text = f.message
    if f.cell and text.startswith(f.cell + "："):  # as `ziping check` shows it: the cell has its own column
        text = text[len(f.cell) + 1:]
    return {"rule": f.rule, "slug": f.slug, "severity": f.severity, "sheet": f.sheet, "cell": f.cell,
            "message": f.message, "text": text}


def result_json(result: FileResult, profile: str) -> dict:
    """What the findings page shows of a checked workbook."""
    forms = []
    for r in result.reports:
        forms.append({
            "sheet": r.sheet, "project": r.project, "year": r.year, "department": r.department, "unit": r.unit,
            "blank": r.blank, "errors": r.errors, "warnings": r.warnings, "infos": r.infos, "grade": r.grade,
            "total_reported": r.total_reported, "total_computed": r.total_computed,
            "execution_rate": r.funds.get("execution_rate"), "execution_score": r.funds.get("execution_score"),
            "findings": [_finding(f) for f in r.findings],
        })
    tables = [{"sheet": t.sheet, "title": t.title or t.project, "blank": t.blank, "errors": t.errors,
               "warnings": t.warnings, "infos": t.infos, "grade": t.grade, "total_reported": t.total_reported,
               "total_computed": t.total_computed, "findings": [_finding(f) for f in t.findings]}
              for t in result.score_tables]
    return {"profile": profile, "file_findings": [_finding(f) for f in result.findings], "forms": forms,
            "score_tables": tables}


def why_not_submittable(form: dict, department: str, unit: str) -> str | None:
    """Why this form (an item of result_json's forms) cannot be submitted by a clerk of this unit."""
    if form["blank"]:
        return "空白表，不报送。"
    if form["errors"]:
        return f"有 {form['errors']} 个错误，改正后才能报送。"
    if not form["year"]:
        return "未填写年度，无法报送。"
    if not form["unit"]:
        return "未填写实施单位，无法报送。"
    if not form["department"] or clean_name(form["department"], "主管部门") != department:
        return f"主管部门为“{form['department'] or '（未填写）'}”，不是您的主管部门“{department}”，不能由您报送。"
    if clean_name(form["unit"], "实施单位") != unit:
        return f"实施单位为“{form['unit']}”，不是您的单位“{unit}”，不能由您报送。"
    return None


@dataclass
class Stored:
    key: str
    name: str
    forms: int
    errors: int
    warnings: int = 0
    upload_id: int | None = None
    unit_id: int | None = None
    checked: list = field(default_factory=list, repr=False)  # the non-blank forms (validation Reports)


def store_upload(portal, user: User, item: Received) -> Stored:
    """Check one received file and keep it (see the module docstring); BadUpload when unreadable.
    Runs in a worker thread."""
    result = check_file(item.temporary, portal.profile)
    if result.error:
        item.temporary.unlink(missing_ok=True)
        raise BadUpload(f"“{item.name}”无法读取：{result.error}")
    data = result_json(result, portal.profile.name)
    key = secrets.token_urlsafe(12)
    relative = f"{user.unit_id}/{key}{item.suffix}"
    target = portal.config.uploads_dir / relative
    digest = sha256_of(item.temporary)
    _replace_atomically(item.temporary, target)
    try:
        with portal.db.write() as session:
            row = Upload(key=key, department_id=user.department_id, unit_id=user.unit_id, user_id=user.id,
                         original_name=item.name[:255], path=relative, sha256=digest, size=item.size,
                         profile=portal.profile.name, forms=sum(1 for f in data["forms"] if not f["blank"]),
                         errors=result.errors, warnings=result.warnings, result=json.dumps(data, ensure_ascii=False))
            session.add(row)
            session.flush()
            upload_id = row.id
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Stored(key, item.name, sum(1 for f in data["forms"] if not f["blank"]), result.errors, result.warnings,
                  upload_id, user.unit_id, [r for r in result.reports if not r.blank])


KEPT = "这个工作簿中已有表报送，不能删除：报送的版本要能追溯到它。报送的表见“报送记录”。"


def remove_upload(portal, user: User, key: str) -> str:
    """Remove an upload of the user's unit that was never submitted: its row, its file and its
    marked copy (see the module docstring). Returns its name; NotFound outside the user's unit,
    UploadKept once forms of it were submitted. Runs in a worker thread."""
    from .access import visible

    moved: list[tuple[Path, Path]] = []
    try:
        with portal.db.write() as session:
            item = session.scalar(select(Upload).where(Upload.key == key[:32]).with_for_update())
            if not visible(user, item):
                raise NotFound()
            if item.submitted_at is not None:
                raise UploadKept(KEPT)
            name = item.original_name
            stored = upload_file(portal, item)
            for path in (stored, marked_file(stored), *report_files(portal, item, session)):
                aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}.removed")
                try:
                    os.replace(path, aside)
                except FileNotFoundError:
                    continue
                moved.append((path, aside))
            session.delete(item)
            session.flush()
    except BaseException:
        for path, aside in reversed(moved):
            try:
                os.replace(aside, path)
            except OSError:  # pragma: no cover - the folder itself went away
                log.exception("could not put back %s", path)
        raise
    for _, aside in moved:
        try:
            aside.unlink()
        except OSError:  # the row is gone: nothing lists the file any more
            log.warning("could not delete the removed upload's file %s", aside)
    return name


def _mark_submitted(portal, upload: Upload) -> bool:
    """Mark the upload as submitted before its forms are exported (so that it can no longer be
    removed); True when this is its first submission. BadUpload when it was removed meanwhile."""
    with portal.db.write() as session:
        row = session.scalar(select(Upload).where(Upload.id == upload.id).with_for_update())
        if row is None:
            raise BadUpload("这个工作簿已被删除，未报送。请重新上传。")
        first = row.submitted_at is None
        if first:
            row.submitted_at = utcnow()
    return first


def _unmark_submitted(portal, upload: Upload) -> None:
    with portal.db.write() as session:
        row = session.get(Upload, upload.id)
        if row is not None:
            row.submitted_at = None


def organisation_names(session, user: User) -> tuple[str, str]:
    department = session.get(Department, user.department_id)
    unit = session.get(Unit, user.unit_id)
    return department.name, unit.name


@dataclass
class Submitted:
    new: list[tuple[str, int]] = field(default_factory=list)  # (project, version)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (sheet or project, why)
    pdf_note: str | None = None
    reports: list[tuple[str, str]] = field(default_factory=list)  # (kind, message) of the 自评报告 sent along


def submit_upload(portal, user: User, upload: Upload, sheets: list[str]) -> Submitted:
    """Export the chosen forms of an upload to the submission folder and index them. Runs in a worker thread."""
    with portal.db.session() as session:
        department, unit = organisation_names(session, user)
    result = check_stored_upload(portal, upload, "上传的工作簿在服务器上已被改动，不能报送，请重新上传。")
    outcome = Submitted()
    chosen = []
    wanted = set(sheets)
    for report, form in zip(result.reports, result_json(result, portal.profile.name)["forms"]):
        if report.sheet not in wanted:
            continue
        why = why_not_submittable(form, department, unit)
        if why:
            outcome.refused.append((f"{report.sheet} {report.project}".strip(), why))
        else:
            chosen.append(report)
    if not chosen:
        return outcome
    first = _mark_submitted(portal, upload)
    try:
        exported = export_reports(chosen, upload.original_name, portal.config.submission_dir, portal.profile,
                                  pdf=portal.config.pdf)
    except BaseException as exc:
        if first:  # nothing was submitted: it may be removed again
            _unmark_submitted(portal, upload)
        if isinstance(exc, (ZipingError, OSError)):
            raise BadUpload(f"写入报送文件夹时出错，未报送：{exc}") from None
        raise
    for item in exported.refused:  # not expected: the forms were checked above
        outcome.refused.append((item.project or item.sheet, "；".join(item.reasons[:3])))
    recorded = record_export(portal.db, portal.config.submission_dir, exported, user=user.id)
    staged = staged_reports(portal, upload)
    for item, done in zip(exported.exported, recorded):
        if item.unchanged and not done.created:
            outcome.unchanged.append(item.project or item.sheet)
        else:
            outcome.new.append((item.project or item.sheet, done.number))
        if item.sheet in staged:
            outcome.reports.append(_send_report(portal, staged[item.sheet], item.project or item.sheet, done))
    outcome.pdf_note = exported.pdf_note
    return outcome


def _send_report(portal, report: StagedReport, project: str, done) -> tuple[str, str]:
    """Give the version just recorded the form's 自评报告: (kind, message) for the clerk."""
    try:
        result = attach_report(portal.db, portal.config.submission_dir, done.version_id, report)
    except IndexingError as exc:
        return "error", f"{project}：自评报告“{report.original_name}”未能随表报送：{exc}"
    if result == DIFFERENT:
        return "warning", (f"{project}：表的内容与第 {done.number} 版相同，未生成新版本；该版本已有报送的自评报告，"
                           f"“{report.original_name}”未替换它。如需更换报告，请修改表后重新报送。")
    return "ok", f"{project}：自评报告“{report.original_name}”已随第 {done.number} 版报送。"


def uploads_of(session, user: User, limit: int = 50) -> list[Upload]:
    from .access import scope

    from sqlalchemy.orm import selectinload

    return list(session.scalars(select(Upload).where(scope(user, Upload)).options(selectinload(Upload.user))
                                .order_by(Upload.created_at.desc(), Upload.id.desc()).limit(limit)))


XLS_NOT_MARKABLE = ("旧版 .xls 工作簿无法生成带标记的副本（颜色和“校验结果”工作表只能写入 .xlsx、.xlsm），"
                    "请在 Excel 中另存为 .xlsx 后重新上传。校验结果见本页。")


def marked_copy(portal, upload: Upload) -> Path:
    """The upload with the 校验 marks applied (addin.filebook.run_on_file("validate")), made once
    and kept beside it; the upload itself is only read. Runs in a worker thread."""
    from addin.filebook import run_on_file
    from addin.xlwings_env import forget_sheet_values

    source = upload_file(portal, upload)
    suffix = source.suffix.lower()
    if suffix == ".xls":
        raise BadUpload(XLS_NOT_MARKABLE)
    target = marked_file(source)
    if target.is_file():
        return target
    if not source.is_file() or sha256_of(source) != upload.sha256:
        raise BadUpload("上传的工作簿已不在服务器上或已被改动，请重新上传。")
    scratch = source.with_name(f".{source.stem}.{secrets.token_hex(4)}.part{suffix}")
    try:
        with portal.lock:  # the xlwings engine is shared with the add-in's endpoints: one at a time
            try:
                run_on_file("validate", source, scratch)
            finally:
                forget_sheet_values()
        _replace_atomically(scratch, target)
    except ZipingError as exc:
        raise BadUpload(f"无法生成带标记的副本：{exc}") from None
    finally:
        scratch.unlink(missing_ok=True)
    return target
