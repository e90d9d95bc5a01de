"""Files of the reviewer pages: a version's stored file, and the summary and review workbooks
of exactly the forms of the current filter.

The workbooks are those of `ziping summary` / `ziping review` given the same files
(workbooks.review.folders: summarize, review): written into a temporary folder, streamed back, deleted.
The review workbook has one column more in 汇总, "报告错误数": the errors of the 自评报告 submitted
with each form, as stored (empty when none was), through review(extra_columns=…), which `ziping
review` (folders, no reports) does not use.
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

from ..store.models import Submission, SubmissionVersion, VersionReport
from ..store.review.forms_table import FormFilters
from ..store.review.scope import Viewer, current_forms, scope_filter
from .common import MEDIA, download
from .errors import BadUpload, NotFound

MAX_FILES = 5000  # forms in one downloaded workbook; more: narrow the filter, or `ziping review` the folder
REPORT_ERRORS = "报告错误数"


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


def filtered_forms(session, user, year: int | None, filters: FormFilters, submission_dir: Path) -> dict[str, int | None]:
    """The stored files of the current versions matching `filters` in the user's scope, in the
    order of the folder (year, 主管部门, 实施单位, file) — the order `ziping summary 报送文件夹` lists them —
    each with the errors of its 自评报告 (None: none submitted)."""
    found = session.execute(current_forms(user, SubmissionVersion.path, VersionReport.errors, year=year)
                            .outerjoin(VersionReport, VersionReport.version_id == SubmissionVersion.id)
                            .where(*filters.conditions()).order_by(SubmissionVersion.path)).all()
    if len(found) > MAX_FILES:
        raise BadUpload(f"筛选出的表有 {len(found)} 张，一次最多下载 {MAX_FILES} 张的汇总：请缩小筛选范围，"
                        "或在服务器上用 ziping review 审核整个报送文件夹。", title="无法生成")
    paths = {str(stored_path(submission_dir, relative)): errors for relative, errors in found}
    return {path: paths[path] for path in sorted(paths)}


def filtered_paths(session, user, year: int | None, filters: FormFilters, submission_dir: Path) -> list[str]:
    """The stored files of filtered_forms, in its order."""
    return list(filtered_forms(session, user, year, filters, submission_dir))


CACHE_FOLDER = (".ziping", "result-cache")  # in the submission folder, beside the default database


def result_cache(submission_dir: Path):
    """The result cache of the downloads: a stored version's file never changes, so a form checked
    for one download is read from the cache by the next (workbooks.checking.cache)."""
    from workbooks.checking.cache import ResultCache

    return ResultCache(Path(submission_dir).joinpath(*CACHE_FOLDER))


def review_with_reports(forms: dict[str, int | None], out: Path, profile, cache=None) -> None:
    """`ziping review`'s workbook of the files `forms` names, with REPORT_ERRORS in 汇总: each
    form's report errors, as filtered_forms gives them."""
    from workbooks.review.folders import review

    columns = {REPORT_ERRORS: lambda row: forms.get(row.file)}
    review(list(forms), out, profile, jobs=1, extra_columns=columns, cache=cache)  # in this thread: no process pool


def workbook_of(kind: str, forms: dict[str, int | None] | list[str], profile, filename: str, cache=None):
    """The summary (kind "summary") or review ("review") workbook of the files `forms` names (with
    their report errors, see filtered_forms), as a download that removes its temporary folder once sent;
    with a `cache`, forms checked for an earlier download are not checked again."""
    from workbooks.review.folders import summarize

    folder = Path(tempfile.mkdtemp(prefix="ziping-portal-"))
    try:
        out = folder / filename
        if kind == "summary":
            summarize(list(forms), out, profile, jobs=1, cache=cache)  # in this request's thread: no process pool
        else:
            review_with_reports(forms if isinstance(forms, dict) else dict.fromkeys(forms), out, profile, cache)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    response = download(out, filename, MEDIA[".xlsx"])
    response.background = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    return response
