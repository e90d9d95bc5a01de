"""Check workbook files: one file, or many in parallel on every core.

This is the library call behind `ziping check` (and the review tools): read a file, find
its forms, check each, and report file- and sheet-level problems in one `FileResult`.
An unreadable file is a result with `error` set, never an exception, so one bad file
never stops the others.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from validation import check
from validation.errors import InputError
from validation.findings import ERROR, INFO, WARNING, Finding, count
from validation.profile import Profile
from validation.report import Report
from validation.rules import get_rule
from validation.rules.structure.other_kind_of_form import KIND_NAMES

from .extract import forms_in
from .readers import EXTENSIONS, WorkbookData, read_workbook

# Sheets the product itself adds to a workbook; never reported as "not a form".
PRODUCT_SHEETS = frozenset({"ziping.conf", "校验结果", "说明", "填报说明", "汇总", "偏差分析",
                            "单位汇总", "问题清单", "无法读取的文件"})


@dataclass
class FileResult:
    path: str
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)

    @property
    def all_findings(self) -> list[Finding]:
        return self.findings + [f for r in self.reports for f in r.findings]

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
        }


def check_workbook(data: WorkbookData, profile: Profile, keep_evaluation: bool = True) -> tuple[list[Finding], list[Report]]:
    """Findings about sheets and the workbook, and one Report per form found."""
    sheet_rule, book_rule = get_rule("sheet-not-a-form"), get_rule("workbook-without-forms")
    other_rule = get_rule("other-kind-of-form")
    reports: list[Report] = []
    not_forms: list[str] = []
    findings: list[Finding] = []
    other_forms = 0
    for grid in data.grids:
        records, others = forms_in(grid)
        other_forms += len(others)
        for other in others:
            kind = KIND_NAMES.get(other.kind, other.kind)
            findings.append(other_rule.make(profile, other.sheet, other.cell, kind=kind, title=other.title[:40]))
        if not records:
            if others:
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
    if reports or other_forms:
        findings.extend(sheet_rule.make(profile, sheet, None, sheet=sheet) for sheet in not_forms)
    else:
        sheets = len(data.grids) + len(data.skipped)
        findings.append(book_rule.make(profile, None, None, sheets=sheets))
    return findings, reports


def check_file(path: str | Path, profile: Profile, keep_evaluation: bool = True) -> FileResult:
    result = FileResult(str(path))
    try:
        data = read_workbook(path)
        result.findings, result.reports = check_workbook(data, profile, keep_evaluation)
    except InputError as exc:
        result.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop a batch of thousands
        result.error = f"处理该文件时发生内部错误（{type(exc).__name__}: {str(exc)[:200]}），请把文件发给维护人员。"
        result.findings, result.reports = [], []
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


def _worker_init() -> None:
    """Long batches allocate many short-lived objects; keep the collector off the imported
    modules (gc.freeze) and let it run less often."""
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def _check_one(args):
    path, problem, profile, transform = args
    result = FileResult(path, error=problem) if problem is not None else check_file(path, profile, keep_evaluation=False)
    return transform(result) if transform is not None else result


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_paths(paths: Iterable[str | Path], profile: Profile, jobs: int | None = None,
                progress: Callable[[object], None] | None = None, transform: Callable[[FileResult], object] | None = None,
                skip_folders: tuple[str, ...] = ()) -> list:
    """Check every workbook under `paths`; results in the order of `collect`.

    `transform` (a module-level function) runs in the worker on each FileResult, so that
    rendering (JSON, summary rows) uses every core and only its output crosses processes.
    """
    items = [(path, problem, profile, transform) for path, problem in collect(paths, skip_folders)]
    jobs = jobs or default_jobs()
    results: list[FileResult] = []
    if jobs <= 1 or len(items) < 4:
        for item in items:
            results.append(_check_one(item))
            if progress:
                progress(results[-1])
        return results
    chunk = max(1, min(32, len(items) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        for result in pool.map(_check_one, items, chunksize=chunk):
            results.append(result)
            if progress:
                progress(result)
    return results
