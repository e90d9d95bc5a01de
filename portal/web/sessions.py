"""Sign-in sessions: a random token in an HttpOnly cookie; the database keeps only its SHA-256.

A session ends when the user signs out, after IDLE_MINUTES without a request, or at the latest
ABSOLUTE_HOURS after signing in; a disabled user's sessions end at their next request. The cookie
is SameSite=Strict (a link or form of another site never carries it), Secure when the request came
over https (directly or, behind a trusted proxy, as X-Forwarded-Proto says), and has no Max-Age:
it is gone when the browser closes.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from ..store.database import Database
from ..store.models import PortalSession, User
from ..store.timestamps import utcnow

COOKIE = "ziping_session"
IDLE_MINUTES = 120
ABSOLUTE_HOURS = 12
TOUCH_SECONDS = 60  # last_seen_at is written at most once a minute, not on every request


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@dataclass
class Visitor:
    """Who made a request: the signed-in user, and the session's id and CSRF token."""

    user: User
    session_id: int
    csrf: str
    flash: list[dict]


def start(db: Database, user_id: int, replacing: str | None = None) -> str:
    """A new session for the user (the one named by `replacing`, if any, ends: no fixation);
    returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with db.write() as session:
        session.execute(delete(PortalSession).where(PortalSession.expires_at < now))
        if replacing:
            session.execute(delete(PortalSession).where(PortalSession.token_hash == _digest(replacing)))
        session.add(PortalSession(token_hash=_digest(token), user_id=user_id, csrf_token=secrets.token_urlsafe(32),
                                  created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=ABSOLUTE_HOURS)))
    return token


def end(db: Database, token: str | None) -> None:
    if token:
        with db.write() as session:
            session.execute(delete(PortalSession).where(PortalSession.token_hash == _digest(token)))


def visitor(db: Database, token: str | None) -> Visitor | None:
    """The visitor named by the cookie's token, or None (no cookie, unknown, expired, idle too long,
    user disabled). Pending flash messages are taken off the session."""
    if not token or len(token) > 200:
        return None
    now = utcnow()
    with db.session() as session:
        row = session.scalar(select(PortalSession).options(selectinload(PortalSession.user))
                             .where(PortalSession.token_hash == _digest(token)))
        if row is None:
            return None
        user = row.user
        stale = (row.expires_at <= now or row.last_seen_at + timedelta(minutes=IDLE_MINUTES) <= now or user.disabled)
        touch = (now - row.last_seen_at).total_seconds() >= TOUCH_SECONDS
        found = Visitor(user, row.id, row.csrf_token, json.loads(row.flash) if row.flash else [])
    if stale:
        end(db, token)
        return None
    if touch or found.flash:
        with db.write() as session:
            row = session.get(PortalSession, found.session_id)
            if row is not None:
                row.last_seen_at = now if touch else row.last_seen_at
                row.flash = None
    return found


def flash(db: Database, session_id: int, text: str, kind: str = "info") -> None:
    """A message for the next page this session sees (after a redirect)."""
    with db.write() as session:
        row = session.get(PortalSession, session_id)
        if row is not None:
            messages = json.loads(row.flash) if row.flash else []
            messages.append({"text": text, "kind": kind})
            row.flash = json.dumps(messages[-10:], ensure_ascii=False)


def set_cookie(response, request, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")


def clear_cookie(response, request) -> None:
    response.delete_cookie(COOKIE, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/")

