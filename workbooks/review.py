"""Batch review for the 主管部门/财政局: every workbook under a folder, in parallel, into one
review workbook (汇总, 问题清单 with links into the files, 单位汇总, 无法读取的文件).

Workers send back only rows (FormRow, finding rows), not reports, so that thousands of
files cross between processes cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from validation.findings import INFO, SEVERITY_NAMES
from validation.profile import Profile

from .batch import check_paths
from .summary import FormRow, form_rows, forms_frame, units_frame
from .summary_book import write_review

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


def _message(finding) -> str:
    cell = finding.cell
    return finding.message[len(cell) + 1:] if cell and finding.message.startswith(cell + "：") else finding.message


def reviewed(result, with_info: bool = True) -> Reviewed:
    """Worker-side transform of a FileResult into rows."""
    item = Reviewed(result.path, result.error, form_rows(result.path, result.reports), errors=result.errors,
                    warnings=result.warnings)
    for finding in result.all_findings:
        if with_info or finding.severity != INFO:
            item.findings.append([result.path, finding.sheet or "", finding.cell or "", finding.rule,
                                  SEVERITY_NAMES[finding.severity], _message(finding)])
    return item


def reviewed_without_info(result) -> Reviewed:
    """提示-level findings are hints for the clerk; a review lists errors and warnings."""
    return reviewed(result, with_info=False)


@dataclass
class ReviewResult:
    path: Path
    files: int
    forms: int
    unreadable: list[tuple[str, str]]
    errors: int
    warnings: int


def review(folders, out: str | Path, profile: Profile, jobs: int | None = None,
           progress: Callable[[Reviewed], None] | None = None, with_info: bool = False) -> ReviewResult:
    transform = reviewed if with_info else reviewed_without_info
    items = check_paths(folders, profile, jobs=jobs, progress=progress, transform=transform, skip_folders=SKIPPED_FOLDERS)
    rows = [row for item in items for row in item.forms]
    forms = forms_frame(rows)
    units = units_frame(forms)
    findings = [row for item in items for row in item.findings]
    unreadable = [(item.path, item.error) for item in items if item.error]
    path = write_review(Path(out), forms, units, findings, [list(u) for u in unreadable])
    return ReviewResult(path, len(items), len(rows), unreadable, sum(i.errors for i in items), sum(i.warnings for i in items))
