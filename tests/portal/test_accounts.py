"""Accounts on both databases: argon2id hashes, refusals that all look alike, lockout, disabling, new passwords."""

import threading
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from portal.store.accounts import (LOCK_MINUTES, MAX_FAILURES, REFUSED, authenticate, create_user, find_user,
                                   set_disabled, set_password)
from portal.store.errors import AccountError, LoginRefused
from portal.store.models import Department, Unit, User
from portal.store.timestamps import utcnow

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
UNIT = "北京市丰台区人力资源公共服务中心"
PASSWORD = "correct horse 1"


@pytest.fixture
def clerk(db):
    with db.write() as session:
        user, created = create_user(session, "ZhangSan", "clerk", PASSWORD, "张三", DEPARTMENT, UNIT)
    assert created == [f"主管部门“{DEPARTMENT}”", f"实施单位“{UNIT}”"]
    return user


def _refused(db, login, password, now=None):
    with pytest.raises(LoginRefused) as refused:
        authenticate(db, login, password, now=now)
    assert str(refused.value) == REFUSED


def _state(db, login="zhangsan"):
    with db.session() as session:
        user = find_user(session, login)
        return user.failed_logins, user.locked_until


def test_the_hash_is_argon2id_and_the_right_password_logs_in(db, clerk):
    assert clerk.login == "zhangsan" and clerk.password_hash.startswith("$argon2id$")
    assert PASSWORD not in clerk.password_hash
    user = authenticate(db, " ZHANGSAN ", PASSWORD)  # logins compare case-insensitively
    assert user.id == clerk.id and user.last_login_at is not None
    with db.session() as session:
        stored = session.scalar(select(User).where(User.id == clerk.id))
        assert (stored.department.name, stored.unit.name) == (DEPARTMENT, UNIT)


def test_wrong_password_and_unknown_login_are_refused_alike(db, clerk):
    _refused(db, "zhangsan", "wrong password")
    _refused(db, "nobody", PASSWORD)
    _refused(db, "", PASSWORD)
    assert _state(db) == (1, None)


def test_five_failures_lock_the_account_for_fifteen_minutes(db, clerk):
    now = utcnow()
    for attempt in range(MAX_FAILURES - 1):
        _refused(db, "zhangsan", f"wrong {attempt}", now)
    assert _state(db) == (MAX_FAILURES - 1, None)
    _refused(db, "zhangsan", "wrong again", now)
    failures, locked_until = _state(db)
    assert failures == 0 and locked_until == now + timedelta(minutes=LOCK_MINUTES)
    _refused(db, "zhangsan", PASSWORD, now + timedelta(minutes=LOCK_MINUTES - 1))  # locked: even the right password
    assert authenticate(db, "zhangsan", PASSWORD, now + timedelta(minutes=LOCK_MINUTES, seconds=1)).id == clerk.id
    assert _state(db) == (0, None)


def test_a_success_resets_the_failure_count(db, clerk):
    for _ in range(MAX_FAILURES - 1):
        _refused(db, "zhangsan", "wrong")
    authenticate(db, "zhangsan", PASSWORD)
    _refused(db, "zhangsan", "wrong")
    assert _state(db) == (1, None)


def test_concurrent_wrong_passwords_are_all_counted(db, clerk):
    barrier = threading.Barrier(MAX_FAILURES)

    def attempt():
        barrier.wait()
        with pytest.raises(LoginRefused):
            authenticate(db, "zhangsan", "wrong")

    threads = [threading.Thread(target=attempt) for _ in range(MAX_FAILURES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failures, locked_until = _state(db)
    assert failures == 0 and locked_until is not None


def test_a_disabled_account_is_refused_like_a_wrong_password(db, clerk):
    with db.write() as session:
        set_disabled(session, "zhangsan")
    _refused(db, "zhangsan", PASSWORD)
    with db.write() as session:
        set_disabled(session, "zhangsan", disabled=False)
    assert authenticate(db, "zhangsan", PASSWORD).id == clerk.id


def test_a_new_password_replaces_the_old_and_lifts_the_lock(db, clerk):
    for _ in range(MAX_FAILURES):
        _refused(db, "zhangsan", "wrong")
    assert _state(db)[1] is not None
    with db.write() as session:
        set_password(session, "zhangsan", "another secret 2")
    _refused(db, "zhangsan", PASSWORD)
    assert authenticate(db, "zhangsan", "another secret 2").id == clerk.id
    with pytest.raises(AccountError, match="至少 8 个字符"), db.write() as session:
        set_password(session, "zhangsan", "short")
    with pytest.raises(AccountError, match="没有登录名"), db.write() as session:
        set_password(session, "nobody", "long enough 3")


def test_an_old_hash_is_replaced_at_the_next_login(db, clerk):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    with db.write() as session:
        session.get(User, clerk.id).password_hash = weak
    user = authenticate(db, "zhangsan", PASSWORD)
    assert user.password_hash != weak and user.password_hash.startswith("$argon2id$v=19$m=65536")
    assert authenticate(db, "zhangsan", PASSWORD).password_hash == user.password_hash


def test_roles_are_bound_as_they_need(db):
    with db.write() as session:
        reviewer, _ = create_user(session, "li", "department_reviewer", PASSWORD, department=DEPARTMENT)
        admin, _ = create_user(session, "wang", "bureau_admin", PASSWORD)
    assert reviewer.unit_id is None and reviewer.department_id is not None
    assert admin.department_id is None and admin.unit_id is None
    for login, role, department, unit, message in [
            ("a", "clerk", DEPARTMENT, None, "须同时指定"), ("b", "department_reviewer", DEPARTMENT, UNIT, "不指定实施单位"),
            ("c", "bureau_admin", DEPARTMENT, None, "不绑定"), ("d", "auditor", None, None, "角色应为"),
            ("li", "bureau_admin", None, None, "已存在"), ("LI", "bureau_admin", None, None, "已存在"),
            ("e f", "bureau_admin", None, None, "空格")]:
        with pytest.raises(AccountError, match=message), db.write() as session:
            create_user(session, login, role, PASSWORD, department=department, unit=unit)
    with db.session() as session:
        assert [d.name for d in session.scalars(select(Department))] == [DEPARTMENT]
        assert session.scalars(select(Unit)).all() == []
