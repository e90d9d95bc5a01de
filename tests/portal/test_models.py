"""The models round-trip on both databases, and the database itself refuses inconsistent rows."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.store.models import (Department, Finding, ReviewEvent, Submission, SubmissionVersion, Unit, User)


def _organisation(session):
    department = Department(name="北京市丰台区人力资源和社会保障局")
    session.add(department)
    session.flush()
    unit = Unit(department_id=department.id, name="北京市丰台区人力资源公共服务中心")
    other = Department(name="北京市丰台区财政局")
    session.add_all([unit, other])
    session.flush()
    return department, unit, other


def test_every_model_round_trips(db):
    locked = datetime(2025, 3, 1, 8, 30, tzinfo=timezone(timedelta(hours=8)))
    with db.write() as session:
        department, unit, _ = _organisation(session)
        clerk = User(login="zhangsan", display_name="张三", role="clerk", department_id=department.id, unit_id=unit.id,
                     password_hash="$argon2id$x", locked_until=locked)
        session.add(clerk)
        session.flush()
        submission = Submission(year=2024, department_id=department.id, unit_id=unit.id, stem="2024年窗口聘用人员经费",
                                project="2024年窗口聘用人员经费", latest_number=1, status="submitted", grade="优")
        session.add(submission)
        session.flush()
        version = SubmissionVersion(submission_id=submission.id, number=1, path="2024/部门/单位/项目.xlsx", sha256="ab" * 32,
                                    profile="national", sheet="自评表", execution_rate=0.9876, budget=506.55,
                                    executed=500.3, total_reported=98.5, total_computed=99.74, grade="优", errors=0,
                                    warnings=2, infos=3, reasons_needed=1, status="submitted",
                                    submitted_by_user_id=clerk.id)
        session.add(version)
        session.flush()
        session.add_all([
            Finding(version_id=version.id, position=0, rule="ZP202", slug="rate", severity="warning", sheet="自评表",
                    cell="H6", message="执行率低于 90%，须说明原因。"),
            ReviewEvent(version_id=version.id, kind="submitted", user_id=clerk.id, comment="请审核"),
        ])
    with db.session() as session:
        user = session.scalar(select(User).where(User.login == "zhangsan"))
        assert (user.display_name, user.role, user.disabled, user.failed_logins) == ("张三", "clerk", False, 0)
        assert user.department.name == "北京市丰台区人力资源和社会保障局" and user.unit.name == "北京市丰台区人力资源公共服务中心"
        assert user.locked_until == locked and user.locked_until.tzinfo == timezone.utc
        assert user.created_at.tzinfo == timezone.utc and abs(datetime.now(timezone.utc) - user.created_at) < timedelta(minutes=5)
        submission = session.scalar(select(Submission))
        assert submission.unit.name == "北京市丰台区人力资源公共服务中心"
        [version] = submission.versions
        assert (version.execution_rate, version.budget, version.executed, version.total_reported, version.total_computed) \
            == (0.9876, 506.55, 500.3, 98.5, 99.74)
        assert (version.errors, version.warnings, version.infos, version.reasons_needed, version.grade) == (0, 2, 3, 1, "优")
        assert version.submitted_by.login == "zhangsan"
        assert [(f.rule, f.cell, f.message) for f in version.findings] == [("ZP202", "H6", "执行率低于 90%，须说明原因。")]
        assert [(e.kind, e.user.login, e.comment) for e in version.events] == [("submitted", "zhangsan", "请审核")]


@pytest.mark.parametrize("role,bound", [("clerk", "department"), ("department_reviewer", "both"),
                                        ("bureau_admin", "department"), ("auditor", "none")])
def test_a_role_bound_to_the_wrong_things_is_refused_by_the_database(db, role, bound):
    with pytest.raises(IntegrityError):
        with db.write() as session:
            department, unit, _ = _organisation(session)
            session.add(User(login="x", display_name="x", role=role, password_hash="h",
                             department_id=department.id if bound in ("department", "both") else None,
                             unit_id=unit.id if bound == "both" else None))
    with db.session() as session:
        assert session.scalars(select(Department)).all() == []  # the whole transaction is gone


def test_a_unit_of_another_department_is_refused(db):
    with pytest.raises(IntegrityError):
        with db.write() as session:
            _, unit, other = _organisation(session)
            session.add(Submission(year=2024, department_id=other.id, unit_id=unit.id, stem="p", project="p",
                                   latest_number=1, status="submitted"))


def test_one_submission_per_year_unit_and_project(db):
    with db.write() as session:
        department, unit, _ = _organisation(session)
        key = dict(department_id=department.id, unit_id=unit.id, stem="p", project="p", latest_number=1, status="submitted")
        session.add(Submission(year=2024, **key))
        session.add(Submission(year=2025, **key))
    with pytest.raises(IntegrityError):
        with db.write() as session:
            session.add(Submission(year=2024, **key))


def test_version_values_are_checked(db):
    with db.write() as session:
        department, unit, _ = _organisation(session)
        submission = Submission(year=2024, department_id=department.id, unit_id=unit.id, stem="p", project="p",
                                latest_number=1, status="submitted")
        session.add(submission)
    base = dict(submission_id=submission.id, path="p.xlsx", sha256="0" * 64, profile="national", sheet="自评表",
                submitted_by_label="令牌")
    for bad in (dict(number=0), dict(number=1, status="draft"), dict(number=1, grade="A"),
                dict(number=1, submitted_by_label=None)):
        with pytest.raises(IntegrityError):
            with db.write() as session:
                session.add(SubmissionVersion(**{**base, **bad}))
