"""The index: one exported form version → one row of submission_versions, in one transaction.

`record_export` records what `workbooks.submission.export.export_reports` just wrote; `record_version` records
any version the submission folder holds (reindex uses it too). The figures and findings come from
checking the version's file (submission_folder.check_version), outside the transaction; the
transaction then writes the department, unit, submission, version, its findings and its
"submitted"/"resubmitted" event together, or nothing.

Two clerks submitting the same project at once: both transactions may try to create the same
department, unit or submission row; the loser of that race gets a unique-constraint violation,
and the whole transaction is retried (it then finds the row the winner committed). Version
numbers are those of the export (manifest.json), which the unit folder's lock already keeps
apart, so both versions land.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from validation.profile import Profile
from workbooks.submission.export import ExportResult

from .database import Database
from .errors import IndexingError
from .models import (EVENT_RESUBMITTED, EVENT_SUBMITTED, SUBMITTED, Finding, ReviewEvent, Submission,
                     SubmissionVersion, User)
from .organisations import department_named, unit_named
from .submission_folder import CheckedVersion, StoredVersion, check_version, locate
from .timestamps import utcnow

ATTEMPTS = 8


@dataclass(frozen=True)
class Submitter:
    """Who submitted: a user, or (a token, a rebuild of the index) a label."""

    user_id: int | None = None
    label: str | None = None

    @classmethod
    def of(cls, user: User | int | None = None, label: str | None = None) -> Submitter:
        user_id = user.id if isinstance(user, User) else user
        if user_id is None and not label:
            raise ValueError("a submission needs a user or a label")
        return cls(user_id, label[:200] if label else None)


@dataclass(frozen=True)
class Recorded:
    submission_id: int
    version_id: int
    number: int
    path: str
    created: bool  # False: the version was indexed already
    updated: bool = False  # an indexed version whose path, figures or findings changed
    attempts: int = 1


def in_transaction(db: Database, work, attempts: int = ATTEMPTS):
    """Run `work(session)` in one write transaction; retried when a unique constraint shows that
    a concurrent transaction created the same row first (or SQLite stayed busy). Returns
    (result, attempts used)."""
    for attempt in range(1, attempts + 1):
        try:
            with db.write() as session:
                return work(session), attempt
        except IntegrityError as exc:
            if attempt == attempts:
                raise IndexingError(f"登记报送记录时数据库多次发生冲突，未能登记：{' '.join(str(exc.orig).split())[:200]}") from None
        except OperationalError as exc:
            if db.dialect != "sqlite" or "locked" not in str(exc.orig) or attempt == attempts:
                raise
        time.sleep(0.02 * attempt)
    raise AssertionError("unreachable")


def _figures(checked: CheckedVersion) -> dict:
    row = checked.row
    return dict(sheet=row.sheet, execution_rate=row.rate, budget=row.budget, executed=row.executed,
                total_reported=row.total_reported, total_computed=row.total_computed, grade=row.grade,
                errors=row.errors, warnings=row.warnings, infos=checked.infos, reasons_needed=row.reasons_needed,
                profile=checked.profile)


def _add_findings(session: Session, version: SubmissionVersion, checked: CheckedVersion) -> None:
    for position, finding in enumerate(checked.findings):
        session.add(Finding(version_id=version.id, position=position, rule=finding.rule, slug=finding.slug,
                            severity=finding.severity, sheet=finding.sheet, cell=finding.cell, message=finding.message))


def _store(session: Session, stored: StoredVersion, checked: CheckedVersion, submitter: Submitter,
           refresh: bool) -> tuple[SubmissionVersion, bool, bool]:
    department, _ = department_named(session, stored.department)
    unit, _ = unit_named(session, department, stored.unit)
    submission = session.scalar(select(Submission).where(
        Submission.year == stored.year, Submission.department_id == department.id, Submission.unit_id == unit.id,
        Submission.stem == stored.stem).with_for_update())  # a review decision waits for this version
    if submission is None:
        submission = Submission(year=stored.year, department_id=department.id, unit_id=unit.id, stem=stored.stem,
                                project=stored.project[:500], latest_number=stored.number, status=SUBMITTED,
                                grade=checked.row.grade)
        session.add(submission)
        session.flush()
    version = session.scalar(select(SubmissionVersion).where(SubmissionVersion.submission_id == submission.id,
                                                             SubmissionVersion.number == stored.number))
    created = updated = False
    if version is not None:
        if version.sha256 != stored.sha256:
            raise IndexingError(f"{stored.relative}：数据库中已有第 {stored.number} 版，但文件不同"
                                "（报送文件夹可能被清空后重新导出），未登记。")
        if version.path != stored.relative:
            version.path, updated = stored.relative, True
        if refresh:
            updated = _refresh(session, version, checked) or updated
    else:
        version = SubmissionVersion(submission_id=submission.id, number=stored.number, path=stored.relative,
                                    sha256=stored.sha256, source=stored.source, status=SUBMITTED,
                                    submitted_by_user_id=submitter.user_id, submitted_by_label=submitter.label,
                                    exported_at=stored.exported_at, **_figures(checked))
        session.add(version)
        session.flush()
        _add_findings(session, version, checked)
        session.add(ReviewEvent(version_id=version.id, kind=EVENT_RESUBMITTED if stored.number > 1 else EVENT_SUBMITTED,
                                user_id=submitter.user_id, actor_label=submitter.label,
                                created_at=stored.exported_at or utcnow()))
        created = True
    if stored.number >= submission.latest_number and (created or updated):
        submission.latest_number = stored.number
        submission.project = stored.project[:500]
        submission.grade = version.grade
        if created:
            submission.status = SUBMITTED
    # Versions exported before this one have moved to 历史版本 since they were indexed.
    for number, path in stored.archived.items():
        session.execute(update(SubmissionVersion)
                        .where(SubmissionVersion.submission_id == submission.id, SubmissionVersion.number == number,
                               SubmissionVersion.path != path)
                        .values(path=path))
    session.flush()
    return version, created, updated


def _refresh(session: Session, version: SubmissionVersion, checked: CheckedVersion) -> bool:
    """Bring an indexed version's figures and findings up to what checking its file gives now."""
    changed = False
    for name, value in _figures(checked).items():
        if getattr(version, name) != value:
            setattr(version, name, value)
            changed = True
    old = [(f.rule, f.slug, f.severity, f.sheet, f.cell, f.message) for f in version.findings]
    new = [(f.rule, f.slug, f.severity, f.sheet, f.cell, f.message) for f in checked.findings]
    if old != new:
        for finding in list(version.findings):
            session.delete(finding)
        session.flush()
        session.expire(version, ["findings"])
        _add_findings(session, version, checked)
        changed = True
    return changed


def record_version(db: Database, stored: StoredVersion, checked: CheckedVersion | None = None,
                   user: User | int | None = None, label: str | None = None, profile: Profile | None = None,
                   refresh: bool = False) -> Recorded:
    """Record one version in one transaction (retried on a concurrent insert of the same rows).

    An indexed version with the same checksum is left as it is (its path follows the file into
    历史版本), or with `refresh` brought up to date with a new check; review status and events
    are never touched.
    """
    submitter = Submitter.of(user, label)
    checked = checked if checked is not None else check_version(stored, profile)

    def work(session: Session):
        version, created, updated = _store(session, stored, checked, submitter, refresh)
        return version.submission_id, version.id, created, updated

    (submission_id, version_id, created, updated), attempts = in_transaction(db, work)
    return Recorded(submission_id, version_id, stored.number, stored.relative, created, updated, attempts)


def record_export(db: Database, root: str | Path, result: ExportResult, user: User | int | None = None,
                  label: str | None = None, profile: Profile | None = None) -> list[Recorded]:
    """Record every form an export wrote (or found unchanged) under the submission folder `root`."""
    root = Path(root)
    return [record_version(db, locate(root, item.file, item.version), user=user, label=label, profile=profile)
            for item in result.exported]


def addin_export_recorder(url: str):
    """What `ziping serve` tells of each export the Excel add-in's 导出报送 wrote (server mode):
    record it in the index at `url`, the submitter named by the token."""

    def record(target, result: ExportResult, token, profile: Profile | None) -> str:
        from .shared import database_for

        record_export(database_for(url), target, result, label=f"加载项令牌：{token.label}" if token else "加载项",
                      profile=profile)
        return "\n已登记到报送平台。"

    return record
