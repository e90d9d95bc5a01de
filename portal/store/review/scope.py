"""Who may see and review what: the one place that turns a user into a database filter.

- 财政局管理员 (bureau_admin): every department and unit;
- 主管部门审核人 (department_reviewer): the units of its own department;
- 填报人 (clerk): its own unit only;
- a disabled user, or one whose binding does not fit its role: nothing.

Every reviewer query (dashboard, forms_table, form_detail) and action (actions) starts from `scope_filter`, and
the forms they read come from `current_forms`, which applies it: a query that forgot the scope
would have to build its own join, which none does. Objects outside the scope are not found rather
than refused, so that their existence is not revealed either.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, false, select, true

from ..models import BUREAU_ADMIN, CLERK, DEPARTMENT_REVIEWER, ROLE_NAMES, Submission, SubmissionVersion, Unit

REVIEWER_ROLES = (DEPARTMENT_REVIEWER, BUREAU_ADMIN)


@dataclass(frozen=True)
class Viewer:
    """What the scope rules need of a user; built from a models.User or anything with the same attributes."""

    user_id: int | None
    role: str
    department_id: int | None = None
    unit_id: int | None = None
    disabled: bool = False
    name: str = ""

    @classmethod
    def of(cls, user) -> Viewer:
        if isinstance(user, Viewer):
            return user
        return cls(user_id=getattr(user, "id", None), role=getattr(user, "role", None),
                   department_id=getattr(user, "department_id", None), unit_id=getattr(user, "unit_id", None),
                   disabled=bool(getattr(user, "disabled", False)),
                   name=getattr(user, "display_name", None) or getattr(user, "login", None) or "")

    @property
    def bound(self) -> bool:
        """Whether the binding fits the role (the database's ck_users_role_binding, checked again here
        so that a hand-made Viewer cannot widen its own scope)."""
        if self.role == BUREAU_ADMIN:
            return self.department_id is None and self.unit_id is None
        if self.role == DEPARTMENT_REVIEWER:
            return self.department_id is not None and self.unit_id is None
        if self.role == CLERK:
            return self.department_id is not None and self.unit_id is not None
        return False

    @property
    def active(self) -> bool:
        return not self.disabled and self.bound

    @property
    def reviews(self) -> bool:
        """Whether this user reviews (approves, returns) the forms of its scope."""
        return self.active and self.role in REVIEWER_ROLES

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role or "")


def scope_filter(user, department_column=Submission.department_id, unit_column=Submission.unit_id) -> ColumnElement[bool]:
    """The rows `user` may see, as a WHERE clause over a department and a unit column (by default
    those of submissions; pass Unit.department_id, Unit.id to filter units)."""
    viewer = Viewer.of(user)
    if not viewer.active:
        return false()
    if viewer.role == BUREAU_ADMIN:
        return true()
    if viewer.role == DEPARTMENT_REVIEWER:
        return department_column == viewer.department_id
    return and_(department_column == viewer.department_id, unit_column == viewer.unit_id)


def units_in_scope(user) -> ColumnElement[bool]:
    return scope_filter(user, Unit.department_id, Unit.id)


def current_version_join() -> ColumnElement[bool]:
    """A submission joined to its current version (the latest export)."""
    return and_(SubmissionVersion.submission_id == Submission.id, SubmissionVersion.number == Submission.latest_number)


def current_forms(user, *columns, year: int | None = None) -> Select:
    """SELECT `columns` FROM submissions JOIN their current version, limited to `user`'s scope
    (and to `year` when given). Every list and total of the reviewer pages starts here."""
    query = (select(*columns).select_from(Submission).join(SubmissionVersion, current_version_join())
             .where(scope_filter(user)))
    return query if year is None else query.where(Submission.year == year)
