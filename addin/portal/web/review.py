"""The home page of reviewers (主管部门审核人, 财政局管理员).

Their pages (lists to review, returning with a comment, approving) are added here as routes of
`router`; access.scope(user, Submission) already limits a department reviewer to its department
and lets the bureau see everything, and access.get_visible answers 404 outside that.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from ..models import BUREAU_ADMIN, DEPARTMENT_REVIEWER, STATUSES, Department, Submission
from .access import require_role, scope
from .common import need_visitor, portal_of
from .templating import render

router = APIRouter(prefix="/review")


@router.get("/")
def review_home(request: Request):
    visitor = need_visitor(request)
    require_role(visitor.user, DEPARTMENT_REVIEWER, BUREAU_ADMIN)
    with portal_of(request).db.session() as session:
        counts = dict(session.execute(select(Submission.status, func.count()).where(scope(visitor.user, Submission))
                                      .group_by(Submission.status)).all())
        department = session.get(Department, visitor.user.department_id) if visitor.user.department_id else None
        department_name = department.name if department else None
    return render(request, "review/home.html", visitor=visitor, counts={s: counts.get(s, 0) for s in STATUSES},
                  department=department_name)
