"""Review decisions: a reviewer approves the current version of a form, or returns it with a comment.

Only a 主管部门审核人 (its own department's forms) or a 财政局管理员 (any form) decides; only on the
current version of a submission; only while that version is 已报送. The decision sets the status
of the version and of its submission and records a review event (who, when, comment) in the
caller's transaction: call inside `with db.write() as session:` so that both land or neither.

Two decisions on one version at once: the submission's row is locked (SELECT … FOR NO KEY UPDATE
on PostgreSQL, which does not wait for a transaction merely adding a version to it; on SQLite the
write transaction is exclusive) before its status is read, so the second decision sees the first
and is refused. A clerk's new export meanwhile (index.record_version) makes
a new current version with status 已报送 and a 重新报送 event; a decision on the old one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import PortalError
from ..models import (APPROVED, CLERK, EVENT_APPROVED, EVENT_RETURNED, RETURNED, STATUS_NAMES, SUBMITTED, ReviewEvent,
                     Submission, SubmissionVersion)
from .common import EVENT_NAMES
from .form_detail import EventView
from .scope import Viewer, scope_filter
from ..timestamps import utcnow

MAX_COMMENT = 2000


class ReviewError(PortalError):
    """A review decision that cannot be made; the message says why, for the reviewer."""


class ReviewNotFound(ReviewError):
    """No such version in the reviewer's scope (shown as "not found": its existence is not revealed)."""


class ReviewRefused(ReviewError):
    """The version exists and is in scope, but this decision cannot be made (not current, not 已报送, no right)."""


NOT_FOUND = "找不到该报送版本，或它不在您的审核范围内。"


@dataclass
class ReviewOutcome:
    submission_id: int
    version_id: int
    number: int
    status: str
    status_name: str
    event: EventView


def _comment(comment: str | None, required: bool) -> str | None:
    text = (comment or "").strip()
    if required and not text:
        raise ReviewRefused("退回时须填写退回意见，说明需要修改的地方。")
    if len(text) > MAX_COMMENT:
        raise ReviewRefused(f"审核意见过长（{len(text)} 个字符，最多 {MAX_COMMENT} 个）。")
    return text or None


def _decide(session: Session, user, version_id: int, kind: str, status: str, comment: str | None) -> ReviewOutcome:
    viewer = Viewer.of(user)
    if not viewer.reviews:
        if viewer.disabled:
            raise ReviewRefused("账号已停用，不能审核。")
        if viewer.role == CLERK:
            raise ReviewRefused("填报人不能审核报送的表，审核由主管部门或财政局进行。")
        raise ReviewRefused("您没有审核权限。")
    found = session.execute(
        select(SubmissionVersion, Submission).join(Submission, SubmissionVersion.submission_id == Submission.id)
        .where(SubmissionVersion.id == version_id, scope_filter(viewer))
        .with_for_update(of=Submission, key_share=True)  # FOR NO KEY UPDATE OF submissions
        .execution_options(populate_existing=True)).one_or_none()
    if found is None:
        raise ReviewNotFound(NOT_FOUND)
    version, submission = found
    if version.number != submission.latest_number:
        raise ReviewRefused(f"第 {version.number} 版已不是当前版本（填报单位已报送第 {submission.latest_number} 版），"
                            "请审核当前版本。")
    if version.status != SUBMITTED:
        raise ReviewRefused(f"第 {version.number} 版的状态为“{STATUS_NAMES.get(version.status, version.status)}”，"
                            f"只能审核状态为“{STATUS_NAMES[SUBMITTED]}”的版本。")
    now = utcnow()
    version.status = submission.status = status
    event = ReviewEvent(version_id=version.id, kind=kind, user_id=viewer.user_id,
                        actor_label=None if viewer.user_id is not None else (viewer.name or viewer.role_name)[:200],
                        comment=comment, created_at=now)
    session.add(event)
    session.flush()
    return ReviewOutcome(submission.id, version.id, version.number, status, STATUS_NAMES[status],
                         EventView(event.id, version.id, version.number, kind, EVENT_NAMES[kind],
                                   viewer.name or None, viewer.user_id, comment, now))


def approve(session: Session, user, version_id: int, comment: str | None = None) -> ReviewOutcome:
    """审核通过 the current version `version_id` (optionally with a comment)."""
    return _decide(session, user, version_id, EVENT_APPROVED, APPROVED, _comment(comment, required=False))


def return_with_comment(session: Session, user, version_id: int, comment: str) -> ReviewOutcome:
    """退回 the current version `version_id` to its unit, saying what to change (required)."""
    return _decide(session, user, version_id, EVENT_RETURNED, RETURNED, _comment(comment, required=True))


__all__ = ["MAX_COMMENT", "ReviewError", "ReviewNotFound", "ReviewOutcome", "ReviewRefused", "approve",
           "return_with_comment"]
