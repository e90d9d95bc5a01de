"""One submitted form in detail: its versions, their findings, events and 自评报告 (with the
report's findings as stored when it was submitted), and what changed from one version to the next."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (STATUS_NAMES, SUBMITTED, Department, Finding, ReportFinding, ReviewEvent, Submission,
                      Unit, User, VersionReport)
from .scope import Viewer, scope_filter
from .common import EVENT_NAMES, SEVERITY_NAMES, V, score_of


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
class ReportFindingView:
    position: int
    rule: str
    slug: str
    severity: str
    severity_name: str
    paragraph: int | None
    quote: str | None
    message: str

    @property
    def text(self) -> str:
        """The message without its leading "第N段：" (the paragraph has its own column)."""
        prefix = f"第{self.paragraph}段："
        return self.message[len(prefix):] if self.paragraph and self.message.startswith(prefix) else self.message


@dataclass
class ReportView:
    """The 自评报告 submitted with a version."""

    report_id: int
    version_id: int
    name: str  # the file's name as the clerk uploaded it
    path: str  # relative to the submission folder
    sha256: str
    size: int
    sheet: str | None
    project: str | None
    errors: int
    warnings: int
    infos: int
    paragraphs: int
    values: list[dict]  # reports.checking.ValueRow.to_dict(): the figures report and form both state
    findings: list[ReportFindingView] = field(default_factory=list)


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
    report: ReportView | None = None  # the 自评报告 submitted with it


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

    @property
    def report(self) -> ReportView | None:
        """The 自评报告 of the current version."""
        return self.current.report


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
    Four statements, however many versions and findings (five when a version has a 自评报告:
    its findings)."""
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
    reports: dict[int, ReportView] = {}
    R = VersionReport
    for row in session.execute(
            select(V.id, V.number, V.status, V.path, V.sha256, V.profile, V.sheet, V.source, V.exported_at,
                   V.created_at, func.coalesce(User.display_name, V.submitted_by_label), V.total_computed,
                   V.total_reported, V.grade, V.execution_rate, V.budget, V.executed, V.errors, V.warnings, V.infos,
                   V.reasons_needed, R.id, R.original_name, R.path, R.sha256, R.size, R.sheet, R.project, R.errors,
                   R.warnings, R.infos, R.paragraphs, R.value_rows)
            .outerjoin(User, V.submitted_by_user_id == User.id).outerjoin(R, R.version_id == V.id)
            .where(V.submission_id == sid).order_by(V.number)):
        (version_id, number, status, path, sha256, profile, sheet, source, exported_at, created_at, by, computed,
         reported, grade, rate, budget, executed, errors, warnings, infos, reasons, report_id, *report) = row
        versions[version_id] = VersionView(
            version_id, number, number == latest, status, STATUS_NAMES.get(status, status), path, sha256, profile,
            sheet, source, exported_at, created_at, by, score_of(computed, reported), computed, reported, grade, rate,
            budget, executed, errors, warnings, infos, reasons)
        if report_id is not None:
            reports[report_id] = versions[version_id].report = ReportView(report_id, version_id, *report[:-1],
                                                                          values=json.loads(report[-1]))
    for version_id, position, rule, slug, severity, sheet, cell, message in session.execute(
            select(Finding.version_id, Finding.position, Finding.rule, Finding.slug, Finding.severity, Finding.sheet,
                   Finding.cell, Finding.message)
            .join(V, Finding.version_id == V.id).where(V.submission_id == sid)
            .order_by(Finding.version_id, Finding.position)):
        versions[version_id].findings.append(FindingView(position, rule, slug, severity,
                                                         SEVERITY_NAMES.get(severity, severity), sheet, cell, message))
    if reports:
        for report_id, position, rule, slug, severity, paragraph, quote, message in session.execute(
                select(ReportFinding.report_id, ReportFinding.position, ReportFinding.rule, ReportFinding.slug,
                       ReportFinding.severity, ReportFinding.paragraph, ReportFinding.quote, ReportFinding.message)
                .where(ReportFinding.report_id.in_(list(reports))).order_by(ReportFinding.report_id,
                                                                             ReportFinding.position)):
            reports[report_id].findings.append(ReportFindingView(position, rule, slug, severity,
                                                                 SEVERITY_NAMES.get(severity, severity), paragraph,
                                                                 quote, message))
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
