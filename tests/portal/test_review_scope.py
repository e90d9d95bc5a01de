"""Authorization: every reviewer query and action × every role × every form of the dataset.

A 主管部门审核人 sees and decides on its own department's forms only, a 财政局管理员 on all, a 填报人
sees its own unit's forms and decides on none, a disabled account sees nothing; a form outside the
scope is not found (never "forbidden"), and no filter widens the scope."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.store.models import Department, Submission, SubmissionVersion, Unit, User
from portal.store.review.actions import ReviewNotFound, ReviewRefused, approve, return_with_comment
from portal.store.review.dashboard import dashboard
from portal.store.review.form_detail import form_detail
from portal.store.review.forms_table import FormFilters, forms_table
from portal.store.review.scope import Viewer, scope_filter
from tests.portal.review_data import (ADMIN, CLERKS, DISABLED_REVIEWER, EDU, HR, REVIEWERS, UNITS, loaded,
                                      review_data)  # noqa: F401 - fixtures

LOGINS = [ADMIN, *REVIEWERS.values(), DISABLED_REVIEWER, *CLERKS.values()]


class RolledBack(Exception):
    """Raised to undo an allowed decision: the shared database must stay as it is."""


def allowed(loaded, login: str) -> tuple[str | None, str | None, bool]:
    """(department, unit) the login is bound to, and whether it is active."""
    if login == ADMIN:
        return None, None, True
    if login == DISABLED_REVIEWER:
        return HR, None, False
    for department, reviewer in REVIEWERS.items():
        if login == reviewer:
            return department, None, True
    unit = next(unit for unit, clerk in CLERKS.items() if clerk == login)
    return UNITS[unit], unit, True


def in_scope(loaded, login, department, unit) -> bool:
    bound_department, bound_unit, active = allowed(loaded, login)
    return active and (bound_department in (None, department)) and (bound_unit in (None, unit))


@pytest.fixture(scope="module")
def forms(loaded):
    """Every submission: (submission id, current version id, department, unit, year)."""
    with loaded.db.session() as session:
        return session.execute(
            select(Submission.id, SubmissionVersion.id, Department.name, Unit.name, Submission.year)
            .join(SubmissionVersion, (SubmissionVersion.submission_id == Submission.id)
                  & (SubmissionVersion.number == Submission.latest_number))
            .join(Department, Department.id == Submission.department_id).join(Unit, Unit.id == Submission.unit_id)
            .order_by(Submission.id)).all()


@pytest.mark.parametrize("login", LOGINS)
def test_lists_and_totals_hold_exactly_the_scope(loaded, forms, login):
    viewer = loaded.users[login]
    for year in (2024, 2023, None):
        visible = {f[0] for f in forms if in_scope(loaded, login, f[2], f[3]) and year in (None, f[4])}
        with loaded.db.session() as session:
            page = forms_table(session, viewer, year, page_size=200)
            board = dashboard(session, viewer, year)
        assert {r.submission_id for r in page.rows} == visible and page.total == len(visible)
        assert board.total.forms == len(visible) == sum(u.totals.forms for u in board.units)
        assert all(in_scope(loaded, login, u.department, u.unit) for u in board.units + board.idle_units)


@pytest.mark.parametrize("login", LOGINS)
def test_no_filter_reaches_outside_the_scope(loaded, forms, login):
    viewer = loaded.users[login]
    with loaded.db.session() as session:
        departments = dict(session.execute(select(Department.name, Department.id)).all())
        units = dict(session.execute(select(Unit.name, Unit.id)).all())
        for unit, department in UNITS.items():
            for filters in (FormFilters(department_id=departments[department]), FormFilters(unit_id=units[unit]),
                            FormFilters(department_id=departments[department], unit_id=units[unit], text="经费")):
                page = forms_table(session, viewer, None, filters, page_size=200)
                assert all(in_scope(loaded, login, r.department, r.unit) for r in page.rows)
                reachable = (in_scope(loaded, login, department, unit) if filters.unit_id is not None
                             else any(in_scope(loaded, login, department, u) for u, d in UNITS.items() if d == department))
                if not reachable:
                    assert page.total == 0 and page.rows == []


@pytest.mark.parametrize("login", LOGINS)
def test_details_are_found_exactly_in_scope(loaded, forms, login):
    viewer = loaded.users[login]
    with loaded.db.session() as session:
        for submission_id, _, department, unit, _ in forms:
            detail = form_detail(session, viewer, submission_id)
            if in_scope(loaded, login, department, unit):
                assert detail is not None and detail.submission_id == submission_id
                assert detail.can_review == (login in (ADMIN, *REVIEWERS.values()))
            else:
                assert detail is None


@pytest.mark.parametrize("login", LOGINS)
@pytest.mark.parametrize("decide", [approve, lambda s, u, v: return_with_comment(s, u, v, "请补充说明")],
                         ids=["approve", "return"])
def test_decisions_are_made_exactly_in_a_reviewers_scope(loaded, forms, login, decide):
    viewer = loaded.users[login]
    reviewer = login in (ADMIN, *REVIEWERS.values())
    for _, version_id, department, unit, _ in forms:
        if not reviewer:
            expected = ReviewRefused  # clerks and disabled accounts decide nothing, in scope or not
        elif in_scope(loaded, login, department, unit):
            expected = None
        else:
            expected = ReviewNotFound
        try:
            with loaded.db.write() as session:
                outcome = decide(session, viewer, version_id)
                raise RolledBack(outcome)
        except RolledBack as undone:
            assert expected is None, (login, department, unit)
            assert undone.args[0].version_id == version_id
        except (ReviewNotFound, ReviewRefused) as refused:
            assert type(refused) is expected, (login, department, unit, refused)
    with loaded.db.session() as session:  # nothing was decided
        assert set(session.scalars(select(SubmissionVersion.status))) == {"submitted"}


def test_clerk_and_disabled_refusals_say_why(loaded, forms):
    version_id = forms[0][1]
    with loaded.db.write() as session:
        with pytest.raises(ReviewRefused, match="填报人不能审核"):
            approve(session, loaded.users[CLERKS[next(iter(CLERKS))]], version_id)
        with pytest.raises(ReviewRefused, match="账号已停用"):
            approve(session, loaded.users[DISABLED_REVIEWER], version_id)
        edu_version = next(f[1] for f in forms if f[2] == EDU)
        with pytest.raises(ReviewNotFound, match="不在您的审核范围内"):
            approve(session, loaded.users[REVIEWERS[HR]], edu_version)


def test_viewers_whose_binding_does_not_fit_their_role_see_nothing(loaded):
    hr = loaded.users[REVIEWERS[HR]]
    strange = [
        Viewer(hr.user_id, "department_reviewer", hr.department_id, 1),  # a reviewer bound to a unit
        Viewer(hr.user_id, "bureau_admin", hr.department_id),  # an administrator bound to a department
        Viewer(hr.user_id, "clerk", hr.department_id),  # a clerk without a unit
        Viewer(hr.user_id, "superuser"),
        Viewer(hr.user_id, None),
    ]
    with loaded.db.session() as session:
        for viewer in strange:
            assert forms_table(session, viewer, None).total == 0
            assert dashboard(session, viewer, None).total.forms == 0
            assert session.scalar(select(Submission.id).where(scope_filter(viewer)).limit(1)) is None


def test_a_viewer_is_taken_from_the_users_row(loaded):
    with loaded.db.session() as session:
        for login in LOGINS:
            user = session.scalar(select(User).where(User.login == login))
            assert Viewer.of(user) == loaded.users[login]
            assert Viewer.of(Viewer.of(user)) == Viewer.of(user)
    assert loaded.users[ADMIN].reviews and loaded.users[REVIEWERS[EDU]].reviews
    assert not loaded.users[DISABLED_REVIEWER].reviews and not loaded.users[CLERKS[next(iter(CLERKS))]].reviews
