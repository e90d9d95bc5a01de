"""自评报告 in the browser: uploaded with a workbook (or later, for it), checked against its forms,
kept beside the upload, shown on its page, sent with the forms when they are submitted; and the
draft of a form's report.

Checking: the report is read (reports.reading.read_report, under the name the clerk gave it),
matched to the form whose project it names (reports.checking.match_form) among the forms of the
workbooks uploaded with it, and checked against that form (check_document_against), as
`ziping report` does. A report that cannot be read (too large, a zip bomb, a password, a scan
without text…), names none of the forms, or fails otherwise is refused in one Chinese sentence
and leaves nothing behind; it never stops the workbook it came with.

Storing: <uploads>/<unit id>/<upload key>.report-<random><suffix> (moved into place with
os.replace), and an upload_reports row with the check as JSON (report_json), in one transaction;
if that fails the file goes again. One report per form of an upload: a newer report of the same
form replaces the older one, whose file is deleted once the replacement is committed.

Submitting: a form's report goes with its version (portal.store.version_reports.attach_report)
with the findings of this check, never checked again. Report errors do NOT block submitting:
like the form's warnings they are shown — prominently, in red, on the clerk's page before
submitting and on the reviewer's page — and the reviewer decides.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reports.checking import ReportCheck, match_form
from reports.checking.report_check import check_document_against
from reports.drafting import DraftError, draft_report, report_file_name
from reports.reading import MAX_REPORT_BYTES, SUPPORTED, read_report
from validation.errors import ZipingError
from validation.narrative.quantities import quantities
from workbooks.submission.export import sha256_of

from ..store.models import Upload, UploadReport, User
from ..store.version_reports import StagedReport
from .errors import BadUpload, NotFound
from .forms import Received
from .stored_files import check_stored_upload, replace_atomically

log = logging.getLogger("ziping.portal")

MAX_REPORTS = 20  # 自评报告 in one upload
ACCEPT = ",".join(SUPPORTED)  # the file inputs' accept attribute
KINDS = "、".join(SUPPORTED)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA = {".docx": DOCX, ".doc": "application/msword", ".wps": "application/vnd.ms-works", ".pdf": "application/pdf",
         ".txt": "text/plain; charset=utf-8", ".rtf": "application/rtf",
         ".odt": "application/vnd.oasis.opendocument.text"}


def report_limit(portal) -> int:
    """The largest report the portal takes: the server's limit per file, at most the reader's."""
    return min(portal.config.max_bytes, MAX_REPORT_BYTES)


@dataclass
class Target:
    """A stored upload reports may be matched to: its non-blank forms (validation Reports)."""

    upload_id: int
    key: str
    unit_id: int
    forms: list = field(default_factory=list)


@dataclass
class ReportNote:
    """A report kept: what the page announces."""

    name: str
    key: str  # of the upload it belongs to
    sheet: str
    project: str | None
    errors: int
    warnings: int
    replaced: bool = False

    def message(self) -> tuple[str, str]:
        """The flash message and its kind: error, warning, or ok."""
        form = f"{self.sheet} {self.project or ''}".strip()
        text = f"已核对自评报告“{self.name}”（对应 {form}）" + ("，替换了这张表原有的报告" if self.replaced else "")
        if self.errors:
            return "error", text + f"：{self.errors} 个错误" + (f"、{self.warnings} 个警告" if self.warnings else "") + \
                "。报告的错误不妨碍报送，但审核人会看到，请核对后改正。"
        if self.warnings:
            return "warning", text + f"：没有错误，{self.warnings} 个警告，请核对。"
        return "ok", text + "：没有错误和警告。"


def _finding(f) -> dict:
    text = f.message
    prefix = f"第{f.paragraph}段：" if f.paragraph else None
    if prefix and text.startswith(prefix):  # the paragraph has its own column
        text = text[len(prefix):]
    return {"rule": f.rule, "slug": f.slug, "severity": f.severity, "paragraph": f.paragraph, "quote": f.quote,
            "message": f.message, "text": text}


def report_json(check: ReportCheck, profile: str) -> dict:
    """What the pages show of a checked report (and what goes with the version when submitted)."""
    return {"profile": profile, "paragraphs": check.paragraphs, "figures": check.figures, "sheet": check.sheet,
            "project": check.project, "values": [v.to_dict() for v in check.values],
            "findings": [_finding(f) for f in check.findings]}


def _unreadable(name: str) -> BadUpload:
    return BadUpload(f"无法读取自评报告“{name}”：读取时出错（已记录日志），请在 Word 或 WPS 中另存为 .docx 后重新上传。")


def check_received(item: Received, targets: list[Target], profile) -> tuple[Target, ReportCheck]:
    """Read the report, match it to a form of `targets`, check it against that form's workbook;
    BadUpload (one sentence) when it cannot be."""
    try:
        document = read_report(item.temporary, item.name)
    except ZipingError as exc:  # ReportUnreadable: one Chinese sentence
        raise BadUpload(str(exc)) from None
    except Exception:  # noqa: BLE001 - a reader's failure nobody foresaw must not cost the workbook
        log.exception("reading the report %s failed", item.name)
        raise _unreadable(item.name) from None
    if not any(quantities(p.text) for p in document.paragraphs):
        raise BadUpload(f"“{item.name}”中没有任何带单位的数字（金额、比率、得分），无法核对；请确认选的是自评报告。")
    forms = [form for target in targets for form in target.forms]
    if not forms:
        raise BadUpload(f"工作簿中没有填写的自评表，无法核对自评报告“{item.name}”，未保存。")
    form, candidates = match_form(document, forms)
    if form is None:
        raise BadUpload(f"自评报告“{item.name}”中没有出现工作簿中任何项目的名称（{'、'.join(candidates[:9])}），"
                        "无法对应到自评表，未保存；请确认选对了文件。")
    target = next(t for t in targets if any(f is form for f in t.forms))
    try:
        check = check_document_against(document, item.name, profile, target.forms)
    except Exception:  # noqa: BLE001 - as above
        log.exception("checking the report %s failed", item.name)
        raise _unreadable(item.name) from None
    return target, check


def store_report(portal, user: User, item: Received, targets: list[Target]) -> ReportNote:
    """Check one received report and keep it with the upload of its form (see the module
    docstring); BadUpload when it is refused. Runs in a worker thread."""
    try:
        target, check = check_received(item, targets, portal.profile)
    except BadUpload:
        item.temporary.unlink(missing_ok=True)
        raise
    data = report_json(check, portal.profile.name)
    digest = sha256_of(item.temporary)
    relative = f"{target.unit_id}/{target.key}.report-{secrets.token_hex(6)}{item.suffix}"
    stored = portal.config.uploads_dir / relative
    replace_atomically(item.temporary, stored)
    replaced: list[str] = []
    try:
        with portal.db.write() as session:
            upload = session.scalar(select(Upload).where(Upload.id == target.upload_id).with_for_update())
            if upload is None or upload.unit_id != user.unit_id:
                raise BadUpload(f"这个工作簿已被删除，自评报告“{item.name}”未保存。")
            for old in session.scalars(select(UploadReport).where(UploadReport.upload_id == target.upload_id,
                                                                  UploadReport.sheet == check.sheet)):
                replaced.append(old.path)
                session.delete(old)
            session.flush()
            session.add(UploadReport(upload_id=target.upload_id, original_name=item.name[:255], path=relative,
                                     sha256=digest, size=item.size, profile=portal.profile.name,
                                     sheet=check.sheet[:255], project=(check.project or "")[:500] or None,
                                     errors=check.errors, warnings=check.warnings, infos=check.infos,
                                     result=json.dumps(data, ensure_ascii=False)))
    except IntegrityError:
        stored.unlink(missing_ok=True)
        raise BadUpload(f"同一张表的自评报告正在被同时上传，“{item.name}”未保存，请重试。") from None
    except BaseException:
        stored.unlink(missing_ok=True)
        raise
    for path in replaced:
        try:
            (portal.config.uploads_dir / path).unlink(missing_ok=True)
        except OSError:  # the row is gone: nothing lists the file any more
            log.warning("could not delete the replaced report %s", path)
    return ReportNote(item.name, target.key, check.sheet, check.project, check.errors, check.warnings, bool(replaced))


def store_reports(portal, user: User, items: list[Received], targets: list[Target]) -> tuple[list[ReportNote], list[str]]:
    """Every received report kept or refused: (kept, one sentence per refused). Runs in a worker thread."""
    kept, refused = [], []
    for item in items:
        if not targets:
            item.temporary.unlink(missing_ok=True)
            refused.append(f"自评报告“{item.name}”未保存：没有可以与它核对的工作簿。")
            continue
        try:
            kept.append(store_report(portal, user, item, targets))
        except BadUpload as problem:
            refused.append(problem.message)
    return kept, refused


def _checked_upload(portal, upload: Upload):
    """The stored upload checked again (from a private copy, after its checksum): a FileResult."""
    return check_stored_upload(portal, upload)


def target_of(portal, upload: Upload) -> Target:
    """An upload already stored, as a Target for reports added later (its workbook checked again)."""
    result = _checked_upload(portal, upload)
    return Target(upload.id, upload.key, upload.unit_id, [r for r in result.reports if not r.blank])


def reports_of(session, upload: Upload) -> dict[str, dict]:
    """The upload's reports by sheet, as the page shows them: the JSON of the check, with the file's name and time."""
    found = {}
    for row in session.scalars(select(UploadReport).where(UploadReport.upload_id == upload.id)
                               .order_by(UploadReport.id)):
        data = json.loads(row.result)
        data.update(id=row.id, name=row.original_name, errors=row.errors, warnings=row.warnings, infos=row.infos,
                    created_at=row.created_at)
        found[row.sheet] = data
    return found


def staged_reports(portal, upload: Upload) -> dict[str, StagedReport]:
    """The upload's reports by sheet, ready to go with the versions submitted from it."""
    staged = {}
    with portal.db.session() as session:
        for row in session.scalars(select(UploadReport).where(UploadReport.upload_id == upload.id)):
            data = json.loads(row.result)
            staged[row.sheet] = StagedReport(
                portal.config.uploads_dir / row.path, row.original_name, Path(row.path).suffix, row.sha256, row.size,
                row.profile, row.sheet, row.project,
                [{k: f.get(k) for k in ("rule", "slug", "severity", "paragraph", "quote", "message")}
                 for f in data["findings"]], data["values"], data["paragraphs"])
    return staged


def report_files(portal, upload: Upload, session) -> list[Path]:
    """The stored files of the upload's reports (for removing the upload)."""
    return [portal.config.uploads_dir / path for path in
            session.scalars(select(UploadReport.path).where(UploadReport.upload_id == upload.id))]


def draft_for(portal, upload: Upload, sheet: str) -> tuple[Path, str]:
    """The draft 自评报告 of one form of the upload (reports.drafting), in a temporary folder the
    caller removes, and the name it is downloaded under. Runs in a worker thread."""
    result = _checked_upload(portal, upload)
    report = next((r for r in result.reports if r.sheet == sheet and not r.blank), None)
    if report is None:
        raise NotFound("这个工作簿中没有这张自评表，或它是空白表。")
    folder = Path(tempfile.mkdtemp(prefix="ziping-draft-"))
    try:
        path = draft_report(report, folder / "draft.docx", profile=portal.profile)
    except DraftError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise BadUpload(f"无法起草自评报告：{exc}") from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path, report_file_name(report.project)
