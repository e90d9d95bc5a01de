"""Check workbook files: one file, or many in parallel on every core.

This is the library call behind `ziping check` (and the review tools): read a file, find
its forms, check each, and report file- and sheet-level problems in one `FileResult`.
An unreadable file is a result with `error` set, never an exception, so one bad file
never stops the others.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from validation import check
from validation.errors import InputError
from validation.findings import ERROR, INFO, WARNING, Finding, count
from validation.profile import Profile
from validation.report import Report
from validation.rules import get_rule
from validation.rules.structure.other_kind_of_form import KIND_NAMES
from validation.scoretable import check_score_table
from validation.department import StatedFigure
from validation.scoretable.report import ScoreTableReport

from ..reading.extract import forms_in
from .cache import MISS, CachedTransform
from ..reading.readers import EXTENSIONS, WorkbookData, read_workbook
from ..reading.stated_average import listed_scores, stated_figures

# Sheets the product itself adds to a workbook; never reported as "not a form".
PRODUCT_SHEETS = frozenset({"ziping.conf", "校验结果", "说明", "填报说明", "汇总", "偏差分析",
                            "单位汇总", "问题清单", "无法读取的文件"})


@dataclass
class FileResult:
    path: str
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    score_tables: list[ScoreTableReport] = field(default_factory=list)  # 评分表 found beside the 自评表
    stated_averages: list[StatedFigure] = field(default_factory=list)  # "平均分 98.08" in a 汇总 sheet
    listed_scores: list[float] = field(default_factory=list)  # the scores a 汇总 sheet lists per project

    @property
    def all_findings(self) -> list[Finding]:
        return (self.findings + [f for r in self.reports for f in r.findings]
                + [f for t in self.score_tables for f in t.findings])

    @property
    def errors(self) -> int:
        return count(self.all_findings, ERROR)

    @property
    def warnings(self) -> int:
        return count(self.all_findings, WARNING)

    @property
    def infos(self) -> int:
        return count(self.all_findings, INFO)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "error": self.error,
            "findings": [f.to_dict() for f in self.findings],
            "tables": [r.to_dict() for r in self.reports],
            "score_tables": [t.to_dict() for t in self.score_tables],
            "stated_averages": [{"value": s.value, "sheet": s.sheet, "cell": s.cell, "text": s.text[:200]}
                                for s in self.stated_averages],
        }


@dataclass
class WorkbookCheck:
    findings: list[Finding]  # about sheets and the workbook
    reports: list[Report]  # one per 自评表
    score_tables: list[ScoreTableReport]  # one per 评分表
    stated_averages: list[StatedFigure] = field(default_factory=list)
    listed_scores: list[float] = field(default_factory=list)


def check_workbook(data: WorkbookData, profile: Profile, keep_evaluation: bool = True) -> tuple[list[Finding], list[Report]]:
    """Findings about sheets and the workbook, and one Report per 自评表 found."""
    checked = check_workbook_forms(data, profile, keep_evaluation)
    return checked.findings, checked.reports


def check_workbook_forms(data: WorkbookData, profile: Profile, keep_evaluation: bool = True) -> WorkbookCheck:
    """Findings about sheets and the workbook, one Report per 自评表 and one per 评分表."""
    sheet_rule, book_rule = get_rule("sheet-not-a-form"), get_rule("workbook-without-forms")
    other_rule = get_rule("other-kind-of-form")
    reports: list[Report] = []
    tables: list[ScoreTableReport] = []
    not_forms: list[str] = []
    findings: list[Finding] = []
    other_forms = 0
    stated: list[StatedFigure] = []
    listed: list[float] = []
    for grid in data.grids:
        records, others, score_tables = forms_in(grid)
        other_forms += len(others)
        tables.extend(check_score_table(table, profile) for table in score_tables)
        for other in others:
            kind = KIND_NAMES.get(other.kind, other.kind)
            findings.append(other_rule.make(profile, other.sheet, other.cell, kind=kind, title=other.title[:40]))
        if not records:
            if others or score_tables:
                continue
            figures, scores = stated_figures(grid, Path(data.path).name), listed_scores(grid)  # a 汇总 sheet
            stated += figures
            listed += scores
            if figures or scores:
                continue
            if not grid.hidden and grid.sheet not in PRODUCT_SHEETS:
                not_forms.append(grid.sheet)
            continue
        for record in records:
            report = check(record, profile)
            if not keep_evaluation:
                report.evaluation = None
            reports.append(report)
    for sheet, why in data.skipped:
        findings.append(sheet_rule.make(profile, sheet, None, "skipped", sheet=sheet, why=why))
    if reports or other_forms or tables or stated or listed:
        findings.extend(sheet_rule.make(profile, sheet, None, sheet=sheet) for sheet in not_forms)
    else:
        sheets = len(data.grids) + len(data.skipped)
        findings.append(book_rule.make(profile, None, None, sheets=sheets))
    return WorkbookCheck(findings, reports, tables, stated, listed)


def check_file(path: str | Path, profile: Profile, keep_evaluation: bool = True) -> FileResult:
    result = FileResult(str(path))
    try:
        data = read_workbook(path)
        checked = check_workbook_forms(data, profile, keep_evaluation)
        result.findings, result.reports, result.score_tables = checked.findings, checked.reports, checked.score_tables
        result.stated_averages, result.listed_scores = checked.stated_averages, checked.listed_scores
    except InputError as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop a batch of thousands
        result.error = f"处理该文件时发生内部错误（{type(exc).__name__}: {str(exc)[:200]}），请把文件发给维护人员。"
        result.findings, result.reports, result.score_tables = [], [], []
    return result


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in EXTENSIONS and not path.name.startswith(("~$", ".~lock"))


def collect(paths: Iterable[str | Path], skip_folders: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    """Files to check, in a stable order, as (path, problem). Folders are searched recursively
    (minus folders named in `skip_folders`); a path that does not exist or has another
    extension comes back with its problem."""
    found: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*"), key=lambda p: str(p)):
                if skip_folders and any(part in skip_folders for part in child.relative_to(path).parts[:-1]):
                    continue
                if child.is_file() and is_workbook(child) and str(child) not in seen:
                    seen.add(str(child))
                    found.append((str(child), None))
        elif path.is_file():
            if str(path) in seen:
                continue
            seen.add(str(path))
            if path.suffix.lower() in EXTENSIONS:
                found.append((str(path), None))
            else:
                found.append((str(path), f"不支持的文件类型“{path.suffix or '（无扩展名）'}”，只能读取 .xlsx、.xlsm、.xls 文件。"))
        else:
            found.append((str(path), "路径不存在。"))
    return found


# A batch allocates many short-lived objects and few cycles: the collector runs less often
# (6% of a batch's time with the default thresholds).
BATCH_GC_THRESHOLD = (50_000, 50, 100)


def _worker_init() -> None:
    """Keep the collector off the imported modules (gc.freeze) and let it run less often.
    Ctrl-C is the main process's to handle: it stops the workers itself, and a worker's own
    KeyboardInterrupt would only print a traceback for every process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)


@contextmanager
def _batch_collector():
    """The workers' collector thresholds for a batch checked in this process; the caller's
    own are back when it ends."""
    before = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _check_one(args):
    path, problem, profile, transform = args
    digest = None
    if problem is None and isinstance(transform, CachedTransform):
        hit, digest = transform.load(path)
        if hit is not MISS:
            return hit
    result = FileResult(path, error=problem) if problem is not None else check_file(path, profile, keep_evaluation=False)
    value = transform(result) if transform is not None else result
    if digest is not None and result.error is None:  # a file that could not be read may read next time
        transform.save(digest, value, path)
    return value


def _check_chunk(args) -> list:
    chunk, profile, transform = args
    return [_check_one((path, problem, profile, transform)) for path, problem in chunk]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


CHUNKS_PER_WORKER = 4  # chunks in flight per worker process: enough to keep it busy, few enough to hold


def iter_check_collected(found: list[tuple[str, str | None]], profile: Profile, jobs: int | None = None,
                         transform: Callable[[FileResult], object] | None = None) -> Iterator:
    """Results for `found` (as `collect` returns it), one by one in that order, checked on
    `jobs` processes. At most CHUNKS_PER_WORKER chunks per process are in flight, so results
    are never all held at once: the caller writes each away as it comes. Closing the
    generator early (or an exception, Ctrl-C included, while it waits) cancels what has not
    started and waits for the workers to stop."""
    jobs = jobs or default_jobs()
    with _batch_collector():  # this process unpickles or checks every result
        if jobs <= 1 or len(found) < 4:
            for path, problem in found:
                yield _check_one((path, problem, profile, transform))
        else:
            yield from _check_on_workers(found, profile, jobs, transform)


def _check_on_workers(found: list[tuple[str, str | None]], profile: Profile, jobs: int,
                      transform: Callable[[FileResult], object] | None) -> Iterator:
    size = max(1, min(8, len(found) // (jobs * 8)))
    chunks = (found[start:start + size] for start in range(0, len(found), size))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
    pending: deque = deque()
    try:
        for chunk in itertools.islice(chunks, jobs * CHUNKS_PER_WORKER):
            pending.append(pool.submit(_check_chunk, (chunk, profile, transform)))
        while pending:
            results = pending.popleft().result()
            chunk = next(chunks, None)
            if chunk is not None:
                pending.append(pool.submit(_check_chunk, (chunk, profile, transform)))
            yield from results
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def iter_check_paths(paths: Iterable[str | Path], profile: Profile, jobs: int | None = None,
                     transform: Callable[[FileResult], object] | None = None,
                     skip_folders: tuple[str, ...] = ()) -> Iterator:
    """Check every workbook under `paths`, yielding results in the order of `collect`
    (see iter_check_collected)."""
    return iter_check_collected(collect(paths, skip_folders), profile, jobs, transform)


def check_paths(paths: Iterable[str | Path], profile: Profile, jobs: int | None = None,
                progress: Callable[[object], None] | None = None, transform: Callable[[FileResult], object] | None = None,
                skip_folders: tuple[str, ...] = ()) -> list:
    """Check every workbook under `paths`; results in the order of `collect`.

    `transform` (a module-level function) runs in the worker on each FileResult, so that
    rendering (JSON, summary rows) uses every core and only its output crosses processes.
    """
    results: list = []
    with closing(iter_check_paths(paths, profile, jobs, transform, skip_folders)) as stream:
        for result in stream:
            results.append(result)
            if progress:
                progress(result)
    return results
