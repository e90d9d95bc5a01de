"""Files of the reviewer pages: a version's stored file, and the summary and review workbooks
of exactly the forms of the current filter.

The workbooks are those of `ziping summary` / `ziping review` given the same files
(workbooks.review.folders: summarize, review): written into a temporary folder, streamed back, deleted.
The list of files comes from portal.store.review.scope.current_forms, so it never holds a form outside the
user's scope, whatever the filter asks for.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select
from starlette.background import BackgroundTask

from workbooks.submission.safe_paths import UnsafePathError, inside

from ..store.models import Submission, SubmissionVersion
from ..store.review.forms_table import FormFilters
from ..store.review.scope import Viewer, current_forms, scope_filter
from .common import MEDIA, download
from .errors import BadUpload, NotFound

MAX_FILES = 5000  # forms in one downloaded workbook; more: narrow the filter, or `ziping review` the folder


def stored_path(submission_dir: Path, relative: str) -> Path:
    try:
        path = inside(submission_dir, *relative.split("/"))
    except UnsafePathError:
        raise NotFound() from None
    return path


def version_path(session, user, submission_id: int, number: int) -> tuple[Submission, SubmissionVersion]:
    """A version of a submission in the user's scope, else NotFound."""
    found = session.execute(
        select(Submission, SubmissionVersion).join(SubmissionVersion, SubmissionVersion.submission_id == Submission.id)
        .where(Submission.id == submission_id, SubmissionVersion.number == number, scope_filter(Viewer.of(user)))
    ).one_or_none()
    if found is None:
        raise NotFound()
    return found


def filtered_paths(session, user, year: int | None, filters: FormFilters, submission_dir: Path) -> list[str]:
    """The stored files of the current versions matching `filters` in the user's scope, in the
    order of the folder (year, 主管部门, 实施单位, file) — the order `ziping summary 报送文件夹` lists them."""
    relative = session.scalars(current_forms(user, SubmissionVersion.path, year=year).where(*filters.conditions())
                               .order_by(SubmissionVersion.path)).all()
    if len(relative) > MAX_FILES:
        raise BadUpload(f"筛选出的表有 {len(relative)} 张，一次最多下载 {MAX_FILES} 张的汇总：请缩小筛选范围，"
                        "或在服务器上用 ziping review 审核整个报送文件夹。", title="无法生成")
    paths = [stored_path(submission_dir, item) for item in relative]
    return [str(path) for path in sorted(paths, key=str)]


def workbook_of(kind: str, paths: list[str], profile, filename: str):
    """The summary (kind "summary") or review ("review") workbook of `paths`, as a download that
    removes its temporary folder once sent."""
    from workbooks.review.folders import review, summarize

    folder = Path(tempfile.mkdtemp(prefix="ziping-portal-"))
    try:
        out = folder / filename
        make = summarize if kind == "summary" else review
        make(paths, out, profile, jobs=1)  # in this request's worker thread: no process pool in the server
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    response = download(out, filename, MEDIA[".xlsx"])
    response.background = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    return response
