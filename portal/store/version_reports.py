"""The 自评报告 submitted with a form version: a copy of the clerk's file under the submission
folder, beside the form (<unit folder>/自评报告/<stem>.v<N><suffix>), and one row (version_reports)
with its findings (report_findings).

`attach_report` runs after the version is recorded (index.record_export). Under a lock on the
自评报告 folder it copies the file into place (a temporary file, checked against the checksum the
upload recorded, then os.replace) and writes the rows in one transaction; if that fails the copy
is deleted again: a version has its report entirely, or not at all.

A version keeps the report it was submitted with: submitting the same form again unchanged (no
new version) does not replace it — a reviewer never finds the report changed under a decision.

The findings and figures are those of the check made when the report was uploaded
(`StagedReport`, from the upload's JSON), stored as they were and shown from the database, never
recomputed: the version is the same form the report was checked against.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workbooks.submission.export import sha256_of
from workbooks.submission.locks import exclusive
from workbooks.submission.safe_paths import UnsafePathError, inside

from .database import Database
from .errors import IndexingError
from .models import ReportFinding, Submission, SubmissionVersion, VersionReport

FOLDER = "自评报告"  # in the unit folder, beside the forms
HISTORY = "历史版本"  # where the export archives earlier versions (workbooks.submission.export)
LOCK = ".reports.lock"

ATTACHED, KEPT, DIFFERENT = "attached", "kept", "different"


@dataclass(frozen=True)
class StagedReport:
    """A checked report, ready to go with a version: its file and what checking it gave."""

    file: Path
    original_name: str
    suffix: str
    sha256: str
    size: int
    profile: str
    sheet: str | None
    project: str | None
    findings: list[dict] = field(default_factory=list)  # rule slug severity paragraph quote message
    values: list[dict] = field(default_factory=list)  # reports.checking.ValueRow.to_dict()
    paragraphs: int = 0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f["severity"] == severity)


def report_relative(version_path: str, stem: str, number: int, suffix: str) -> str:
    """Where the report of version `number` goes, relative to the submission folder, with "/":
    the 自评报告 folder of the version's unit folder (also when the version has been archived)."""
    parts = version_path.split("/")[:-1]
    if parts and parts[-1] == HISTORY:
        parts = parts[:-1]
    return "/".join([*parts, FOLDER, f"{stem}.v{number}{suffix.lower()}"])


def _copy(source: Path, target: Path, sha256: str) -> None:
    """Copy `source` onto `target` through a temporary file, refusing a source whose bytes are no
    longer those recorded."""
    scratch = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with open(source, "rb") as reading, open(scratch, "wb") as writing:
            shutil.copyfileobj(reading, writing, 1 << 20)
            writing.flush()
            os.fsync(writing.fileno())
        if sha256_of(scratch) != sha256:
            raise IndexingError("上传的自评报告在服务器上已被改动，未随表报送；请重新上传报告。")
        os.replace(scratch, target)
    finally:
        scratch.unlink(missing_ok=True)


def attach_report(db: Database, submission_dir: Path, version_id: int, staged: StagedReport) -> str:
    """Give the version its report (see the module docstring). Returns ATTACHED; KEPT when the
    version has this very report already; DIFFERENT when it has another one (which stays).
    IndexingError when the file cannot be put in place."""
    with db.session() as session:
        version = session.get(SubmissionVersion, version_id)
        if version is None:
            raise IndexingError("找不到要附上自评报告的报送版本。")
        stem, number, version_path = version.submission.stem, version.number, version.path
    relative = report_relative(version_path, stem, number, staged.suffix)
    try:
        target = inside(submission_dir, *relative.split("/"))
    except UnsafePathError:
        raise IndexingError("自评报告的保存位置超出报送文件夹，未保存。") from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexingError(f"无法在报送文件夹中创建“{FOLDER}”文件夹：{exc.strerror or exc}") from None
    with exclusive(target.parent / LOCK):
        existing = _existing(db, version_id)
        if existing is not None:
            return KEPT if existing == staged.sha256 else DIFFERENT
        try:
            _copy(staged.file, target, staged.sha256)
        except FileNotFoundError:
            raise IndexingError("上传的自评报告已不在服务器上，未随表报送；请重新上传报告。") from None
        except OSError as exc:
            raise IndexingError(f"无法把自评报告写入报送文件夹：{exc.strerror or exc}") from None
        try:
            with db.write() as session:
                _add(session, version_id, relative, staged)
        except IntegrityError:  # not expected under the lock: another process gave it a report first
            target.unlink(missing_ok=True)
            existing = _existing(db, version_id)
            return KEPT if existing == staged.sha256 else DIFFERENT
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    return ATTACHED


def staged_from_check(check, path: Path, original_name: str, profile_name: str) -> StagedReport:
    """A checked report (reports.checking.ReportCheck) as the rows store it."""
    return StagedReport(path, original_name, path.suffix, sha256_of(path), path.stat().st_size, profile_name,
                        check.sheet, check.project,
                        [{"rule": f.rule, "slug": f.slug, "severity": f.severity, "paragraph": f.paragraph,
                          "quote": f.quote, "message": f.message} for f in check.findings],
                        [v.to_dict() for v in check.values], check.paragraphs)


def _profile(name: str):
    """The profile a version was checked with, or the default one when it is no longer shipped."""
    from validation.profile import load_profile
    from validation.errors import ZipingError

    try:
        return load_profile(name)
    except ZipingError:
        return load_profile()


def reindex_reports(db: Database, root: Path, profile=None) -> tuple[int, list[tuple[str, str]]]:
    """Give every version without a report row the report file the folder holds for it
    (<unit folder>/自评报告/<stem>.v<N><suffix>), checked again against the version's own file:
    a database rebuilt from the submission folder keeps its reports. Returns (added, skipped)."""
    from reports.checking import check_report
    from reports.reading import SUPPORTED
    from workbooks.checking.batch import check_file

    with db.session() as session:
        rows = session.execute(
            select(SubmissionVersion.id, SubmissionVersion.path, SubmissionVersion.number, Submission.stem,
                   SubmissionVersion.profile, SubmissionVersion.sheet)
            .join(Submission, Submission.id == SubmissionVersion.submission_id)
            .outerjoin(VersionReport, VersionReport.version_id == SubmissionVersion.id)
            .where(VersionReport.id.is_(None))).all()
    added, skipped = 0, []
    for version_id, version_path, number, stem, profile_name, sheet in rows:
        for suffix in SUPPORTED:
            relative = report_relative(version_path, stem, number, suffix)
            try:
                path = inside(root, *relative.split("/"))
            except UnsafePathError:
                continue
            if not path.is_file():
                continue
            chosen = profile if profile is not None else _profile(profile_name)
            result = check_file(root / version_path, chosen)
            forms = [r for r in result.reports if not r.blank]
            check = check_report(path, chosen, forms) if result.error is None else None
            if check is None or check.error is not None or check.sheet is None:
                skipped.append((relative, check.error if check is not None and check.error else "无法与报送的表核对"))
                break
            try:
                with db.write() as session:
                    staged = replace(staged_from_check(check, path, path.name, chosen.name), sheet=sheet)  # as uploaded
                    _add(session, version_id, relative, staged)
                added += 1
            except IntegrityError:  # given a report meanwhile
                pass
            break
    return added, skipped


def _existing(db: Database, version_id: int) -> str | None:
    """The checksum of the version's report, if it has one."""
    with db.session() as session:
        return session.scalar(select(VersionReport.sha256).where(VersionReport.version_id == version_id))


def _add(session, version_id: int, relative: str, staged: StagedReport) -> VersionReport:
    report = VersionReport(version_id=version_id, path=relative, sha256=staged.sha256, size=staged.size,
                           original_name=staged.original_name[:255], profile=staged.profile,
                           sheet=staged.sheet[:255] if staged.sheet else None,
                           project=staged.project[:500] if staged.project else None,
                           errors=staged.count("error"), warnings=staged.count("warning"),
                           infos=staged.count("info"), paragraphs=staged.paragraphs,
                           value_rows=json.dumps(staged.values, ensure_ascii=False))
    session.add(report)
    session.flush()
    for position, finding in enumerate(staged.findings):
        session.add(ReportFinding(report_id=report.id, position=position, rule=finding["rule"][:16],
                                  slug=finding["slug"][:100], severity=finding["severity"],
                                  paragraph=finding.get("paragraph"), quote=finding.get("quote"),
                                  message=finding["message"]))
    session.flush()
    return report
