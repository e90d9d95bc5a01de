"""Batch review for the 主管部门/财政局: every workbook under a folder, in parallel, into one
review workbook (汇总, 问题清单 with links into the files, 单位汇总, 无法读取的文件).

Workers send back only rows (FormRow, finding rows), not reports, so that thousands of
files cross between processes cheaply; the rows go straight into the workbook (see
summary_book), so memory stays flat however many files there are.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from validation.errors import InputError
from validation.findings import INFO, SEVERITY_NAMES
from validation.profile import Profile

from ..checking.cache import Codec, ResultCache, register
from ..checking.batch import collect, iter_check_collected
from .summary import FormRow, UnitTotals, form_rows
from .summary_book import MAX_LINKS, ReviewBook, SummaryBook

# Folders an export writes for earlier versions; a review looks at current files only.
SKIPPED_FOLDERS = ("历史版本",)


@dataclass
class Reviewed:
    path: str
    error: str | None = None
    forms: list[FormRow] = field(default_factory=list)
    findings: list[list] = field(default_factory=list)  # [file, sheet, cell, rule, severity, message]
    errors: int = 0
    warnings: int = 0
    tables: list[list] = field(default_factory=list)  # a row per 评分表 (summary_book.SCORE_TABLE_COLUMNS)
    cached: bool = False  # came from the result cache (workbooks.checking.cache)


def score_table_rows(result) -> list[list]:
    return [[result.path, t.sheet, t.title or t.project, t.weight_total, t.total_reported, t.total_computed, t.grade,
             t.errors, t.warnings] for t in result.score_tables if not t.blank]


def _message(finding) -> str:
    cell = finding.cell
    return finding.message[len(cell) + 1:] if cell and finding.message.startswith(cell + "：") else finding.message


def reviewed(result, with_info: bool = True) -> Reviewed:
    """Worker-side transform of a FileResult into rows."""
    item = Reviewed(result.path, result.error, form_rows(result.path, result.reports), errors=result.errors,
                    warnings=result.warnings, tables=score_table_rows(result))
    for finding in result.all_findings:
        if with_info or finding.severity != INFO:
            item.findings.append([result.path, finding.sheet or "", finding.cell or "", finding.rule,
                                  SEVERITY_NAMES[finding.severity], _message(finding)])
    return item


def reviewed_without_info(result) -> Reviewed:
    """提示-level findings are hints for the clerk; a review lists errors and warnings."""
    return reviewed(result, with_info=False)


def reviewed_forms(result) -> Reviewed:
    """A summary needs the form rows only; the findings stay in the worker."""
    return Reviewed(result.path, result.error, form_rows(result.path, result.reports), errors=result.errors,
                    warnings=result.warnings, tables=score_table_rows(result))


@dataclass
class ReviewResult:
    path: Path
    files: int
    forms: int
    unreadable: list[tuple[str, str]]
    errors: int
    warnings: int
    units: pd.DataFrame | None = None
    tables: int = 0  # 评分表 listed
    cached: int = 0  # files whose result came from the result cache


def _stream(book, results, totals: UnitTotals, progress) -> ReviewResult:
    files = forms = errors = warnings = tables = cached = 0
    unreadable: list[tuple[str, str]] = []
    with closing(results):
        for item in results:
            cached += item.cached
            book.add(item)
            for row in item.forms:
                totals.add(row)
            files += 1
            forms += len(item.forms)
            tables += len(item.tables)
            errors += item.errors
            warnings += item.warnings
            if item.error:
                unreadable.append((item.path, item.error))
            if progress:
                progress(item)
    return ReviewResult(book.path, files, forms, unreadable, errors, warnings, tables=tables, cached=cached)


def _workbooks_to_check(paths, skip_folders: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    """The files a review or summary reads; a path that does not exist, or a search that finds
    no workbook at all, is refused before any output is written (InputError)."""
    paths = [str(p) for p in paths]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"找不到文件或文件夹：{'、'.join(missing)}。请检查路径；未生成结果。")
    found = collect(paths, skip_folders)
    if not found:
        where = "、".join(paths)
        raise InputError(f"{where} 中没有工作簿（.xlsx、.xlsm、.xls），未生成结果。")
    return found


def review(folders, out: str | Path, profile: Profile, jobs: int | None = None,
           progress: Callable[[Reviewed], None] | None = None, with_info: bool = False,
           started: Callable[[int], None] | None = None, max_links: int = MAX_LINKS,
           overwrite: bool = True, extra_columns: dict[str, Callable] | None = None,
           cache: ResultCache | None = None) -> ReviewResult:
    """Check every workbook under `folders` and write the review workbook `out`.

    Results stream from the worker processes into the workbook file by file; only the unit
    totals, the list of unreadable files and (until the workbook is saved) the hyperlinks of
    问题清单 — at most MAX_LINKS a sheet — stay in memory. `started` is told the number of
    files before the first is checked, `progress` each file's rows when they are written.
    An exception (or Ctrl-C) on the way leaves no workbook and no temporary file behind.
    A folder that does not exist, or holds no workbook, is an InputError (nothing is written).
    With `overwrite` False an existing `out` is kept and the workbook gets the next numbered
    name (审核结果（2）.xlsx…); `result.path` says which. `extra_columns` adds columns to 汇总:
    name → function of a form's row (the portal adds each form's 自评报告 errors). With a `cache`
    (workbooks.checking.cache) an unchanged file's rows are read from it instead of checked."""
    transform = reviewed if with_info else reviewed_without_info
    if cache is not None:
        transform = cache.wrap(transform, profile)
    found = _workbooks_to_check(folders, SKIPPED_FOLDERS)
    if started:
        started(len(found))
    totals = UnitTotals()
    with ReviewBook(Path(out), max_links=max_links, overwrite=overwrite, extra_columns=extra_columns) as book:
        result = _stream(book, iter_check_collected(found, profile, jobs=jobs, transform=transform), totals, progress)
        result.units = totals.frame()
        book.finish(result.units)
    result.path = book.path
    if cache is not None:
        cache.trim()
    return result


def summarize(paths, out: str | Path, profile: Profile, jobs: int | None = None,
              progress: Callable[[Reviewed], None] | None = None,
              started: Callable[[int], None] | None = None, overwrite: bool = True,
              cache: ResultCache | None = None) -> ReviewResult:
    """The summary workbook (汇总, 单位汇总 with charts) of every workbook under `paths`,
    streamed, refused and named as in `review`."""
    found = _workbooks_to_check(paths)
    if started:
        started(len(found))
    totals = UnitTotals()
    transform = cache.wrap(reviewed_forms, profile) if cache is not None else reviewed_forms
    with SummaryBook(Path(out), overwrite=overwrite) as book:
        result = _stream(book, iter_check_collected(found, profile, jobs=jobs, transform=transform), totals, progress)
        result.units = totals.frame()
        book.finish(result.units)
    result.path = book.path
    if cache is not None:
        cache.trim()
    return result


# ---- the result cache: review and summary rows as JSON (the file's path left out) ----------------

_ROW = {"type": "array"}
REVIEWED_SCHEMA = {
    "type": "object",
    "required": ["error", "forms", "findings", "errors", "warnings", "tables"],
    "properties": {
        "error": {"type": ["string", "null"]},
        "forms": {"type": "array", "items": {"type": "object"}},
        "findings": {"type": "array", "items": _ROW},
        "errors": {"type": "integer"}, "warnings": {"type": "integer"},
        "tables": {"type": "array", "items": _ROW},
    },
}


def _encode_reviewed(item: Reviewed, path: str) -> tuple[dict, str]:
    name = Path(path).name
    if any(name in str(cell) for row in item.findings for cell in row[1:]):
        raise ValueError("a finding names the file")  # it would be wrong at another path: not cached
    forms = []
    for row in item.forms:
        data = dict(vars(row))
        data.pop("file")
        forms.append(data)
    return ({"error": item.error, "forms": forms, "findings": [row[1:] for row in item.findings],
             "errors": item.errors, "warnings": item.warnings, "tables": [row[1:] for row in item.tables]}, "")


def _decode_reviewed(data: dict, payload: str, path: str) -> Reviewed:
    return Reviewed(path, data["error"], [FormRow(file=path, **row) for row in data["forms"]],
                    [[path, *row] for row in data["findings"]], data["errors"], data["warnings"],
                    [[path, *row] for row in data["tables"]], cached=True)


for _transform, _name in ((reviewed, "review-rows-with-info"), (reviewed_without_info, "review-rows"),
                          (reviewed_forms, "summary-rows")):
    register(_transform, Codec(_name, _encode_reviewed, _decode_reviewed, REVIEWED_SCHEMA))
