"""Who may see what. Every page, action and download asks here, per object.

- a clerk (填报人): the uploads and submissions of its own unit;
- a department reviewer (主管部门审核人): the submissions of its department's units;
- a bureau administrator (财政局管理员): every submission.

An object outside the user's scope is answered exactly like one that does not exist (404), and
lists are filtered in the query, so nothing of another unit shows anywhere.
"""

from __future__ import annotations

from sqlalchemy import false, true
from sqlalchemy.orm import Session

from ..store.models import BUREAU_ADMIN, CLERK, DEPARTMENT_REVIEWER, Submission, Upload, User
from .errors import Forbidden, NotFound

HOMES = {CLERK: "/clerk/", DEPARTMENT_REVIEWER: "/review/", BUREAU_ADMIN: "/review/"}


def home_of(user: User) -> str:
    """Where a user lands after signing in (relative to the portal)."""
    return HOMES[user.role]


# The pages under each prefix (relative to the portal) and the roles that may use them.
AREAS = {"/clerk/": (CLERK,), "/review/": (DEPARTMENT_REVIEWER, BUREAU_ADMIN)}


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden("您的账号不能使用此页面。")


def require_area(user: User, path: str) -> None:
    """Forbidden when the page at `path` (relative to the portal) belongs to another role's area."""
    for prefix, roles in AREAS.items():
        if path.startswith(prefix):
            require_role(user, *roles)


def scope(user: User, model):
    """A WHERE clause limiting `model` (Submission or Upload) to what the user may see."""
    if model is Upload:  # an upload is its unit's working copy: reviewers see submissions only
        return model.unit_id == user.unit_id if user.role == CLERK else false()
    if user.role == CLERK:
        return model.unit_id == user.unit_id
    if user.role == DEPARTMENT_REVIEWER:
        return model.department_id == user.department_id
    return true() if user.role == BUREAU_ADMIN else false()


def visible(user: User, obj) -> bool:
    if obj is None:
        return False
    if user.role == CLERK:
        return obj.unit_id == user.unit_id
    if user.role == DEPARTMENT_REVIEWER:
        return not isinstance(obj, Upload) and obj.department_id == user.department_id
    return user.role == BUREAU_ADMIN and isinstance(obj, Submission)


def get_visible(session: Session, user: User, model, **where):
    """The one object of `model` matching `where` that the user may see, else NotFound."""
    obj = session.query(model).filter_by(**where).one_or_none()
    if not visible(user, obj):
        raise NotFound()
    return obj
