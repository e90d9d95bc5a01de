"""Accounts: creating users, argon2id passwords, logging in with attempt limiting, disabling.

A login is refused with one and the same message whether the login does not exist, the password
is wrong, the account is disabled or it is locked, and the refusal costs the same time (a password
hash is verified in every case): nobody learns from the answer which logins exist. After
MAX_FAILURES wrong passwords in a row an account is locked for LOCK_MINUTES; a correct password
during the lock is refused too. Hashes made with older parameters are replaced at the next login.
A new password, or disabling the account, ends the user's sign-in sessions in the portal.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .database import Database
from .errors import AccountError, LoginRefused
from .models import BUREAU_ADMIN, CLERK, DEPARTMENT_REVIEWER, ROLE_NAMES, ROLES, PortalSession, User
from .organisations import department_named, find_department, find_unit, unit_named
from .timestamps import utcnow

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_LOGIN = 64
REFUSED = f"登录名或密码不正确（连续输错 {MAX_FAILURES} 次将锁定 {LOCK_MINUTES} 分钟）。"

HASHER = PasswordHasher()  # argon2id with the library's recommended (RFC 9106 low-memory) parameters


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return HASHER.hash("ziping: a password nobody has")


def hash_password(password: str) -> str:
    check_password(password)
    return HASHER.hash(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符。")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"密码过长（超过 {MAX_PASSWORD} 个字符）。")
    if password != password.strip() or not password.isprintable():
        raise AccountError("密码首尾不能有空格，也不能含换行等控制字符。")


def normalize_login(login: str) -> str:
    """Logins compare in NFKC and case-insensitively: "ZhangSan", "ｚｈａｎｇｓａｎ" and "zhangsan" are one login."""
    text = unicodedata.normalize("NFKC", str(login)).strip().casefold()
    if not text:
        raise AccountError("登录名不能为空。")
    if len(text) > MAX_LOGIN:
        raise AccountError(f"登录名过长（超过 {MAX_LOGIN} 个字符）。")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise AccountError("登录名不能含空格或控制字符。")
    return text


def find_user(session: Session, login: str) -> User | None:
    return session.scalar(select(User).where(User.login == normalize_login(login)))


def get_user(session: Session, login: str) -> User:
    user = find_user(session, login)
    if user is None:
        raise AccountError(f"没有登录名为“{login}”的用户。")
    return user


def check_binding(role: str, department: str | None, unit: str | None) -> tuple[str | None, str | None]:
    """The department and unit a user of `role` is bound to, or AccountError if they do not fit the role."""
    if role not in ROLES:
        raise AccountError(f"角色应为 {'、'.join(f'{r}（{ROLE_NAMES[r]}）' for r in ROLES)} 之一，而不是“{role}”。")
    department = (department or "").strip() or None
    unit = (unit or "").strip() or None
    if role == CLERK and not (department and unit):
        raise AccountError("填报人（clerk）须同时指定 --department 主管部门和 --unit 实施单位。")
    if role == DEPARTMENT_REVIEWER and (not department or unit):
        raise AccountError("主管部门审核人（department_reviewer）须指定 --department 主管部门，不指定实施单位。")
    if role == BUREAU_ADMIN and (department or unit):
        raise AccountError("财政局管理员（bureau_admin）不绑定主管部门和实施单位。")
    return department, unit


def create_user(session: Session, login: str, role: str, password: str, display_name: str | None = None,
                department: str | None = None, unit: str | None = None) -> tuple[User, list[str]]:
    """Add a user (flushed, committed with the caller's transaction). Departments and units named
    for the first time are created; the second value lists what was created, for the message."""
    key = normalize_login(login)
    department, unit = check_binding(role, department, unit)
    if find_user(session, key) is not None:
        raise AccountError(f"登录名“{key}”已存在。")
    password_hash = hash_password(password)
    created: list[str] = []
    department_id = unit_id = None
    if department:
        found, new = department_named(session, department)
        department_id = found.id
        if new:
            created.append(f"主管部门“{found.name}”")
        if unit:
            found_unit, new = unit_named(session, found, unit)
            unit_id = found_unit.id
            if new:
                created.append(f"实施单位“{found_unit.name}”")
    name = " ".join((display_name or "").split()) or key
    user = User(login=key, display_name=name[:100], role=role, department_id=department_id, unit_id=unit_id,
                password_hash=password_hash)
    session.add(user)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise AccountError(f"登录名“{key}”已存在。") from None
    return user, created


def end_sessions(session: Session, user: User, keep: int | None = None) -> int:
    """End the user's sign-in sessions in the portal (all, or all but the session `keep`): their
    next request goes to the sign-in page. Returns how many ended."""
    query = delete(PortalSession).where(PortalSession.user_id == user.id)
    if keep is not None:
        query = query.where(PortalSession.id != keep)
    return session.execute(query).rowcount or 0


def set_password(session: Session, login: str, password: str, keep_session: int | None = None) -> User:
    """A new password; also lifts a lock and clears the failure count, and ends the user's other
    sessions (every one, unless the change is made from the session `keep_session`)."""
    user = get_user(session, login)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.failed_logins = 0
    user.locked_until = None
    end_sessions(session, user, keep=keep_session)
    return user


def set_disabled(session: Session, login: str, disabled: bool = True) -> User:
    user = get_user(session, login)
    user.disabled = disabled
    if disabled:
        end_sessions(session, user)
    else:
        user.failed_logins = 0
        user.locked_until = None
    return user


def locked(user: User, now: datetime | None = None) -> bool:
    return user.locked_until is not None and user.locked_until > (now or utcnow())


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.login)))


def authenticate(db: Database, login: str, password: str, now: datetime | None = None) -> User:
    """The user with this login and password, or LoginRefused(REFUSED).

    The failure count and lock are committed even when the login is refused. On PostgreSQL the
    user's row is locked (SELECT … FOR UPDATE) for the attempt, on SQLite the write transaction
    is exclusive, so concurrent wrong passwords are all counted.
    """
    now = now or utcnow()
    try:
        key = normalize_login(login)
    except AccountError:
        _verify(_dummy_hash(), password)
        raise LoginRefused(REFUSED) from None
    accepted = None
    with db.write() as session:
        user = session.scalar(select(User).where(User.login == key).with_for_update())
        if user is None or user.disabled or locked(user, now):
            _verify(_dummy_hash(), password)  # the same work as for a real account
        elif not _verify(user.password_hash, password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.failed_logins = 0
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        else:
            user.failed_logins = 0
            user.locked_until = None
            user.last_login_at = now
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = HASHER.hash(password)
            accepted = user
    if accepted is None:
        raise LoginRefused(REFUSED)
    return accepted


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def describe_user(user: User, now: datetime | None = None) -> str:
    """状态 column of `ziping users list`."""
    if user.disabled:
        return "已停用"
    if locked(user, now):
        return f"锁定至 {user.locked_until.astimezone():%Y-%m-%d %H:%M}"
    return "正常"


__all__ = ["MAX_FAILURES", "LOCK_MINUTES", "REFUSED", "HASHER", "authenticate", "check_binding", "create_user", "describe_user",
           "end_sessions", "find_department", "find_unit", "find_user", "get_user", "hash_password", "list_users", "locked",
           "normalize_login", "set_disabled", "set_password"]
