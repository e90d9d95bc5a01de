"""The portal's tables, as SQLAlchemy 2 typed models.

departments (主管部门) ─< units (实施单位) ─< submissions (one per 年度 × 单位 × 项目) ─< submission_versions
                                                   (one per export: file, checksum, figures, status) ─< findings
                                                                                                        ─< review_events
                                                                                                        ─ version_reports
                                                   (the 自评报告 submitted with a version, at most one) ─< report_findings
users: clerks bound to a unit, department reviewers bound to a department, bureau administrators bound to neither.
uploads (a clerk's workbook in the browser) ─< upload_reports (自评报告 uploaded with it, before submitting).

A unit always belongs to one department; rows that name both (users, submissions) carry a composite
foreign key (unit_id, department_id) → units(id, department_id), so the two can never disagree.
Enumerations are strings with CHECK constraints (no PostgreSQL ENUM types to migrate).
The migrations in migrations/versions/ create exactly these tables; change both together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (Boolean, CheckConstraint, Double, ForeignKey, ForeignKeyConstraint, Index, Integer, MetaData,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .timestamps import UTCDateTime, utcnow

# Role of a user; what each is bound to is enforced by ck_users_role_binding.
CLERK, DEPARTMENT_REVIEWER, BUREAU_ADMIN = "clerk", "department_reviewer", "bureau_admin"
ROLES = (CLERK, DEPARTMENT_REVIEWER, BUREAU_ADMIN)
ROLE_NAMES = {CLERK: "填报人", DEPARTMENT_REVIEWER: "主管部门审核人", BUREAU_ADMIN: "财政局管理员"}

# Status of a version (and, copied, of its submission: the status of the latest version).
SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"
STATUSES = (SUBMITTED, RETURNED, APPROVED)
STATUS_NAMES = {SUBMITTED: "已报送", RETURNED: "已退回", APPROVED: "已通过"}

# What happened to a version.
EVENT_SUBMITTED, EVENT_RETURNED, EVENT_APPROVED, EVENT_RESUBMITTED = "submitted", "returned", "approved", "resubmitted"
EVENT_KINDS = (EVENT_SUBMITTED, EVENT_RETURNED, EVENT_APPROVED, EVENT_RESUBMITTED)

SEVERITIES = ("error", "warning", "info")
GRADES = ("优", "良", "中", "差")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Department(Base):
    """主管部门."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    units: Mapped[list[Unit]] = relationship(back_populates="department", order_by="Unit.name")

    def __repr__(self) -> str:
        return f"Department({self.name!r})"


class Unit(Base):
    """实施单位, within one 主管部门."""

    __tablename__ = "units"
    __table_args__ = (
        UniqueConstraint("department_id", "name"),
        UniqueConstraint("id", "department_id"),  # target of the composite foreign keys
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    department: Mapped[Department] = relationship(back_populates="units")

    def __repr__(self) -> str:
        return f"Unit({self.name!r})"


class User(Base):
    """A person who logs in to the portal."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_one_of("role", ROLES), name="role"),
        CheckConstraint(
            "(role = 'clerk' AND department_id IS NOT NULL AND unit_id IS NOT NULL)"
            " OR (role = 'department_reviewer' AND department_id IS NOT NULL AND unit_id IS NULL)"
            " OR (role = 'bureau_admin' AND department_id IS NULL AND unit_id IS NULL)",
            name="role_binding"),
        CheckConstraint("failed_logins >= 0", name="failed_logins"),
        ForeignKeyConstraint(["unit_id", "department_id"], ["units.id", "units.department_id"], ondelete="RESTRICT"),
        Index(None, "department_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="RESTRICT"))
    unit_id: Mapped[int | None] = mapped_column()
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    department: Mapped[Department | None] = relationship(foreign_keys=[department_id])
    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id], primaryjoin="User.unit_id == Unit.id",
                                             viewonly=True)

    def __repr__(self) -> str:
        return f"User({self.login!r}, {self.role!r})"


class Submission(Base):
    """One project of one unit in one year; its versions are the successive exports of it.

    `stem` is the file name in the unit folder without .xlsx (the export makes it from the project
    name, unique within the folder), `project` the name as filled in. `latest_number`, `status`
    and `grade` repeat those of the latest version so that lists filter without a join.
    """

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("year", "department_id", "unit_id", "stem"),
        ForeignKeyConstraint(["unit_id", "department_id"], ["units.id", "units.department_id"], ondelete="RESTRICT"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(f"grade IS NULL OR {_one_of('grade', GRADES)}", name="grade"),
        Index(None, "department_id", "year"),
        Index(None, "unit_id", "year"),
        Index(None, "year", "status"),
        Index(None, "year", "grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column()
    stem: Mapped[str] = mapped_column(String(255))
    project: Mapped[str] = mapped_column(String(500))
    latest_number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default=SUBMITTED)
    grade: Mapped[str | None] = mapped_column(String(4))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    department: Mapped[Department] = relationship(foreign_keys=[department_id])
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id], primaryjoin="Submission.unit_id == Unit.id", viewonly=True)
    versions: Mapped[list[SubmissionVersion]] = relationship(back_populates="submission",
                                                             order_by="SubmissionVersion.number",
                                                             cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"Submission({self.year}, {self.stem!r})"


class SubmissionVersion(Base):
    """One exported file of a submission: where it is, its checksum, and what checking it gave."""

    __tablename__ = "submission_versions"
    __table_args__ = (
        UniqueConstraint("submission_id", "number"),
        CheckConstraint("number >= 1", name="number"),
        CheckConstraint(_one_of("status", STATUSES), name="status"),
        CheckConstraint(f"grade IS NULL OR {_one_of('grade', GRADES)}", name="grade"),
        CheckConstraint("submitted_by_user_id IS NOT NULL OR submitted_by_label IS NOT NULL", name="submitted_by"),
        Index(None, "status"),
        Index(None, "grade"),
        Index(None, "sha256"),
        Index(None, "submitted_by_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(String(1000))  # relative to the submission folder, with "/"
    sha256: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str] = mapped_column(String(255))
    source: Mapped[str | None] = mapped_column(String(1000))  # the clerk's workbook and sheet, as the manifest says
    execution_rate: Mapped[float | None] = mapped_column(Double)
    budget: Mapped[float | None] = mapped_column(Double)  # 全年预算数（万元）
    executed: Mapped[float | None] = mapped_column(Double)  # 全年执行数（万元）
    total_reported: Mapped[float | None] = mapped_column(Double)
    total_computed: Mapped[float | None] = mapped_column(Double)
    grade: Mapped[str | None] = mapped_column(String(4))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    reasons_needed: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default=SUBMITTED)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    submitted_by_label: Mapped[str | None] = mapped_column(String(200))  # a token's label, or who rebuilt the index
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="versions")
    submitted_by: Mapped[User | None] = relationship()
    findings: Mapped[list[Finding]] = relationship(back_populates="version", order_by="Finding.position",
                                                   cascade="all, delete-orphan", passive_deletes=True)
    events: Mapped[list[ReviewEvent]] = relationship(back_populates="version", order_by="ReviewEvent.id",
                                                     cascade="all, delete-orphan", passive_deletes=True)
    report: Mapped[VersionReport | None] = relationship(back_populates="version", cascade="all, delete-orphan",
                                                        passive_deletes=True)

    def __repr__(self) -> str:
        return f"SubmissionVersion({self.path!r}, v{self.number})"


class Finding(Base):
    """One finding of checking a version's file."""

    __tablename__ = "findings"
    __table_args__ = (
        CheckConstraint(_one_of("severity", SEVERITIES), name="severity"),
        UniqueConstraint("version_id", "position"),
        Index(None, "rule"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("submission_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order of the checker's report
    rule: Mapped[str] = mapped_column(String(16))  # ZP203
    slug: Mapped[str] = mapped_column(String(100))  # total-does-not-add-up
    severity: Mapped[str] = mapped_column(String(8))
    sheet: Mapped[str | None] = mapped_column(String(255))
    cell: Mapped[str | None] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)

    version: Mapped[SubmissionVersion] = relationship(back_populates="findings")


class ReviewEvent(Base):
    """Something that happened to a version: submitted, resubmitted, returned, approved."""

    __tablename__ = "review_events"
    __table_args__ = (
        CheckConstraint(_one_of("kind", EVENT_KINDS), name="kind"),
        Index(None, "version_id", "created_at"),
        Index(None, "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("submission_versions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    actor_label: Mapped[str | None] = mapped_column(String(200))  # when no user acted (a token, the reindex)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[SubmissionVersion] = relationship(back_populates="events")
    user: Mapped[User | None] = relationship()


class PortalSession(Base):
    """A signed-in browser: the SHA-256 of the random token in its cookie (never the token itself),
    the CSRF token of its forms, and when it ends. Revision 0002."""

    __tablename__ = "portal_sessions"
    __table_args__ = (
        Index(None, "user_id"),
        Index(None, "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    flash: Mapped[str | None] = mapped_column(Text)  # JSON list of messages shown on the next page

    user: Mapped[User] = relationship()


class Upload(Base):
    """A workbook a clerk uploaded in the browser: stored as received (never changed), with what
    checking it gave (JSON, as the findings page shows it). Revision 0002.

    `submitted_at` is set when forms of it are first submitted (revision 0003): from then on the
    upload is kept, as what the submitted versions came from; before, the clerk may remove it."""

    __tablename__ = "uploads"
    __table_args__ = (
        ForeignKeyConstraint(["unit_id", "department_id"], ["units.id", "units.department_id"], ondelete="RESTRICT"),
        CheckConstraint("size >= 0", name="size"),
        Index(None, "unit_id", "created_at"),
        Index(None, "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)  # in URLs: random, not guessable
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="RESTRICT"))
    unit_id: Mapped[int] = mapped_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    original_name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(1000))  # relative to the uploads folder, with "/"
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    profile: Mapped[str] = mapped_column(String(64))
    forms: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str] = mapped_column(Text)  # JSON: see portal.web.uploads.result_json
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id], primaryjoin="Upload.unit_id == Unit.id", viewonly=True)
    reports: Mapped[list[UploadReport]] = relationship(back_populates="upload", order_by="UploadReport.id",
                                                       cascade="all, delete-orphan", passive_deletes=True)


class UploadReport(Base):
    """A 自评报告 a clerk uploaded with a workbook (or later, for it), before submitting: stored as
    received beside the upload (never changed), with what checking it against the upload's forms
    gave (JSON: findings with paragraph and quote, and the figures report and form both state).
    `sheet` and `project` name the form it was matched to: one report per form of the upload (a
    newer one replaces it). Revision 0004."""

    __tablename__ = "upload_reports"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size"),
        UniqueConstraint("upload_id", "sheet"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id", ondelete="CASCADE"))
    original_name: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(1000))  # relative to the uploads folder, with "/"
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    profile: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str] = mapped_column(String(255))
    project: Mapped[str | None] = mapped_column(String(500))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str] = mapped_column(Text)  # JSON: see portal.web.report_files.report_json
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    upload: Mapped[Upload] = relationship(back_populates="reports")


class VersionReport(Base):
    """The 自评报告 submitted with a version: a copy of the clerk's file under the submission
    folder, its checksum, the form it was matched to, the counts and the figures both state
    (JSON), and its findings (report_findings) — those of the check made when it was uploaded,
    kept as they were, never recomputed. Revision 0004."""

    __tablename__ = "version_reports"
    __table_args__ = (
        CheckConstraint("size >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("submission_versions.id", ondelete="CASCADE"), unique=True)
    path: Mapped[str] = mapped_column(String(1000))  # relative to the submission folder, with "/"
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255))
    profile: Mapped[str] = mapped_column(String(64))
    sheet: Mapped[str | None] = mapped_column(String(255))
    project: Mapped[str | None] = mapped_column(String(500))
    errors: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    paragraphs: Mapped[int] = mapped_column(Integer, default=0)
    value_rows: Mapped[str] = mapped_column(Text)  # JSON list of reports.checking.ValueRow.to_dict()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[SubmissionVersion] = relationship(back_populates="report")
    findings: Mapped[list[ReportFinding]] = relationship(back_populates="report", order_by="ReportFinding.position",
                                                         cascade="all, delete-orphan", passive_deletes=True)


class ReportFinding(Base):
    """One finding of checking a version's 自评报告: the paragraph it is in and the sentence it quotes."""

    __tablename__ = "report_findings"
    __table_args__ = (
        CheckConstraint(_one_of("severity", SEVERITIES), name="severity"),
        UniqueConstraint("report_id", "position"),
        Index(None, "rule"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("version_reports.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(16))  # ZP960
    slug: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(8))
    paragraph: Mapped[int | None] = mapped_column(Integer)  # 第N段, from 1
    quote: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)

    report: Mapped[VersionReport] = relationship(back_populates="findings")
