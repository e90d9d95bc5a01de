"""A live portal holding the reviewer dataset of tests/portal/review_data.py: its submission folder
copied into the server's, recorded in the server's database, with the dataset's users beside the
live server's own (tests/portal/live.py)."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from portal.store.models import Submission, SubmissionVersion
from tests.portal.review_data import Loaded, load
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.review.summary import form_rows, forms_frame, units_frame

PROFILE = load_profile()


@pytest.fixture
def stocked(live, review_data) -> Loaded:
    shutil.copytree(review_data.root, live.submission_dir, dirs_exist_ok=True)
    return load(live.db, review_data, live.submission_dir)


def current_files(live, year: int | None = 2024, department: str | None = None) -> list:
    """The stored files of the current versions (of `department`, when given), as absolute paths."""
    from portal.store.models import Department

    query = (select(SubmissionVersion.path).join(Submission, SubmissionVersion.submission_id == Submission.id)
             .join(Department, Submission.department_id == Department.id)
             .where(SubmissionVersion.number == Submission.latest_number))
    if year is not None:
        query = query.where(Submission.year == year)
    if department is not None:
        query = query.where(Department.name == department)
    with live.db.session() as session:
        return sorted(live.submission_dir / path for path in session.scalars(query))


def summary_units(paths):
    """`ziping summary`'s 单位汇总 of these files: each checked with check_file, then units_frame."""
    rows = []
    for path in paths:
        checked = check_file(path, PROFILE)
        rows += form_rows(str(path), checked.reports)
    return units_frame(forms_frame(rows))
