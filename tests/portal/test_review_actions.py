"""Review decisions on both databases: approve, return with a comment, the clerk's new export
making the form 已报送 again, the events each step records, and decisions that must be refused
(not the current version, not 已报送, no comment), also when two happen at once."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from portal.store import index as index_module
from portal.store.index import record_export
from portal.store.models import ReviewEvent, Submission, SubmissionVersion
from portal.store.review.actions import (MAX_COMMENT, ReviewRefused, approve, return_with_comment)
from portal.store.review.dashboard import dashboard
from portal.store.review.form_detail import form_detail
from portal.store.review.forms_table import FormFilters, forms_table
from portal.store.review.scope import Viewer
from tests.portal.forms import export_file, variant
from tests.portal.review_data import (ADMIN, CLERKS, HR, HR_CENTRE, REVIEWERS, REVISED, fresh,
                                      review_data)  # noqa: F401 - fixtures

TABLE_1 = "2024年常住外来劳动力失业登记人员就业服务工作经费"


def statuses(loaded, project):
    with loaded.db.session() as session:
        submission = session.scalar(select(Submission).where(Submission.project == project))
        return submission.status, [(v.number, v.status) for v in submission.versions]


def resubmit(loaded, tmp_path, note: str):
    """The clerk of 公共服务中心 exports 表2 again, changed, and the export is recorded."""
    result = export_file(variant(tmp_path, note), loaded.root)
    [recorded] = record_export(loaded.db, loaded.root, result, user=loaded.users[CLERKS[HR_CENTRE]].user_id)
    assert recorded.created
    return recorded


def test_approve_records_who_when_and_sets_the_status(fresh):
    reviewer = fresh.users[REVIEWERS[HR]]
    version_id = fresh.current_version_id(TABLE_1)
    with fresh.db.write() as session:
        outcome = approve(session, reviewer, version_id, comment="  同意。 ")
    assert (outcome.version_id, outcome.number, outcome.status, outcome.status_name) == (version_id, 1, "approved", "已通过")
    assert (outcome.event.kind, outcome.event.actor, outcome.event.comment) == ("approved", f"{HR}审核人", "同意。")
    assert statuses(fresh, TABLE_1) == ("approved", [(1, "approved")])
    with fresh.db.session() as session:
        detail = form_detail(session, reviewer, fresh.submission_id(TABLE_1))
        board = dashboard(session, reviewer, 2024)
        approved = forms_table(session, reviewer, 2024, FormFilters(status="approved"))
    assert [(e.kind, e.actor, e.comment) for e in detail.events] == [
        ("submitted", "丰台人社局令牌", None), ("approved", f"{HR}审核人", "同意。")]
    assert detail.events[1].at == outcome.event.at and detail.events[1].user_id == reviewer.user_id
    assert detail.status == "approved" and not detail.can_review
    assert (board.total.approved, board.total.submitted) == (1, board.total.forms - 1)
    assert [r.project for r in approved.rows] == [TABLE_1]
    with fresh.db.write() as session, pytest.raises(ReviewRefused, match="状态为“已通过”，只能审核状态为“已报送”的版本"):
        return_with_comment(session, fresh.users[ADMIN], version_id, "再看看")


def test_return_resubmit_approve(fresh, tmp_path):
    reviewer, admin = fresh.users[REVIEWERS[HR]], fresh.users[ADMIN]
    submission_id = fresh.submission_id(REVISED)
    second = fresh.current_version_id(REVISED)
    with fresh.db.write() as session:
        for empty in ("", "   ", None):
            with pytest.raises(ReviewRefused, match="退回时须填写退回意见"):
                return_with_comment(session, reviewer, second, empty)
        with pytest.raises(ReviewRefused, match="审核意见过长"):
            return_with_comment(session, reviewer, second, "长" * (MAX_COMMENT + 1))
    assert statuses(fresh, REVISED) == ("submitted", [(1, "submitted"), (2, "submitted")])
    with fresh.db.write() as session:
        returned = return_with_comment(session, reviewer, second, "预算执行率偏低，请补充偏差原因。")
    assert returned.status == "returned" and statuses(fresh, REVISED)[0] == "returned"
    with fresh.db.session() as session:
        assert forms_table(session, reviewer, 2024, FormFilters(status="returned")).total == 1
        assert dashboard(session, reviewer, 2024).total.returned == 1

    third = resubmit(fresh, tmp_path, "（已补充偏差原因）")
    assert third.number == 3
    assert statuses(fresh, REVISED) == ("submitted", [(1, "submitted"), (2, "returned"), (3, "submitted")])
    with fresh.db.write() as session:
        with pytest.raises(ReviewRefused, match="第 2 版已不是当前版本（填报单位已报送第 3 版）"):
            approve(session, admin, second)
        approved = approve(session, admin, third.version_id)
    assert approved.number == 3
    with fresh.db.session() as session:
        detail = form_detail(session, reviewer, submission_id)
    assert [(e.number, e.kind, e.actor, e.comment) for e in detail.events] == [
        (1, "submitted", "丰台人社局令牌", None),
        (2, "resubmitted", f"{HR_CENTRE}填报人", None),
        (2, "returned", f"{HR}审核人", "预算执行率偏低，请补充偏差原因。"),
        (3, "resubmitted", f"{HR_CENTRE}填报人", None),
        (3, "approved", "财政局管理员", None)]
    assert [v.status for v in detail.versions] == ["submitted", "returned", "approved"]
    assert detail.current.number == 3 and len(detail.changes) == 2 and not detail.can_review


def test_an_approved_form_exported_again_is_submitted_again(fresh, tmp_path):
    reviewer = fresh.users[REVIEWERS[HR]]
    with fresh.db.write() as session:
        approve(session, reviewer, fresh.current_version_id(REVISED))
    resubmit(fresh, tmp_path, "（通过后又修改）")
    assert statuses(fresh, REVISED) == ("submitted", [(1, "submitted"), (2, "approved"), (3, "submitted")])
    with fresh.db.session() as session:
        board = dashboard(session, reviewer, 2024)
        detail = form_detail(session, reviewer, fresh.submission_id(REVISED))
    assert board.total.approved == 0 and detail.can_review


def test_a_decision_is_all_or_nothing(fresh):
    """A decision whose event cannot be written (an actor that is no user) leaves the status as it was."""
    version_id = fresh.current_version_id(TABLE_1)
    ghost = Viewer(user_id=10**6, role="bureau_admin")
    with pytest.raises(Exception) as failed:
        with fresh.db.write() as session:
            approve(session, ghost, version_id)
    assert not isinstance(failed.value, ReviewRefused)  # the database refused the event, after the status changed
    assert statuses(fresh, TABLE_1) == ("submitted", [(1, "submitted")])
    with fresh.db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReviewEvent).where(ReviewEvent.kind == "approved")) == 0


def test_two_decisions_at_once_one_wins(fresh):
    version_id = fresh.current_version_id(TABLE_1)
    barrier = threading.Barrier(2)
    outcomes, refusals = [], []

    def decide(user, act):
        barrier.wait(timeout=30)
        try:
            with fresh.db.write() as session:
                outcomes.append(act(session, user, version_id))
        except ReviewRefused as refused:
            refusals.append(str(refused))

    threads = [threading.Thread(target=decide, args=(fresh.users[ADMIN], approve)),
               threading.Thread(target=decide, args=(fresh.users[REVIEWERS[HR]],
                                                     lambda s, u, v: return_with_comment(s, u, v, "退回")))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 1 and len(refusals) == 1 and "只能审核状态为“已报送”的版本" in refusals[0]
    status, versions = statuses(fresh, TABLE_1)
    assert status == outcomes[0].status and versions == [(1, outcomes[0].status)]
    with fresh.db.session() as session:
        assert session.scalar(select(func.count()).select_from(ReviewEvent)
                              .where(ReviewEvent.kind.in_(("approved", "returned")))) == 1


def test_a_decision_while_the_clerk_submits_a_new_version(fresh, tmp_path, monkeypatch):
    """The index has read the submission and is writing version 3 when a reviewer approves
    version 2. Either the approval comes first and version 3 makes the form 已报送 again, or the
    approval waits and is refused; the form never ends up 已通过 with an unreviewed version."""
    reviewer = fresh.users[REVIEWERS[HR]]
    second = fresh.current_version_id(REVISED)
    original = index_module._add_findings
    decided = []

    def approve_meanwhile():
        try:
            with fresh.db.write() as session:
                decided.append(approve(session, reviewer, second).status)
        except ReviewRefused as refused:
            decided.append(str(refused))

    def add_findings_slowly(session, version, checked):
        original(session, version, checked)
        session.flush()
        thread = threading.Thread(target=approve_meanwhile)
        thread.start()
        time.sleep(1.5)  # on PostgreSQL the approval commits meanwhile, unless it waits for this transaction
        add_findings_slowly.thread = thread

    monkeypatch.setattr(index_module, "_add_findings", add_findings_slowly)
    third = resubmit(fresh, tmp_path, "（审核时又报送）")
    add_findings_slowly.thread.join(timeout=60)
    monkeypatch.setattr(index_module, "_add_findings", original)
    assert len(decided) == 1
    status, versions = statuses(fresh, REVISED)
    assert versions[-1] == (3, "submitted") and status == "submitted", (decided, versions, status)
    with fresh.db.session() as session:
        assert forms_table(session, reviewer, 2024, FormFilters(status="submitted", text="窗口聘用")).total == 1
        version = session.get(SubmissionVersion, third.version_id)
        assert version.submission.latest_number == 3
