"""Draft a 项目支出绩效自评报告 (.docx) from a checked 自评表: the national outline, the form's figures
written out, and yellow "【请填写：…】" placeholders where only the unit can write.

    result = check_file("自评表.xlsx", resolve_profile("national"))
    paths = draft_reports(result, "报告")              # one .docx per project
    draft_report(result.reports[0], Path("x.docx"))      # one, under a name of your choosing
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .content import Placeholder, outline, title
from .template import TEMPLATE, build_template
from .writer import DraftError, build, report_file_name, save

__all__ = [
    "TEMPLATE",
    "DraftError",
    "Placeholder",
    "build_template",
    "draft_report",
    "draft_reports",
    "outline",
    "report_file_name",
    "title",
]


def draft_report(report, out_path: str | Path, template: str | Path | None = None, *, profile=None,
                 overwrite: bool = False) -> Path:
    """Write the draft of one form's report to `out_path` and return the path written: when that
    name is taken (and `overwrite` is False) the first free "name（2）.docx", "name（3）.docx"….
    `template` is a department's own .docx/.dotx (its styles, page and header are used); `profile`
    grades a total the form left without a grade (default: the profile the report was checked with)."""
    return save(build(report, template, profile), Path(out_path), overwrite)


def draft_reports(file_result_or_reports, out_dir: str | Path, template: str | Path | None = None, *,
                  profile=None) -> list[Path]:
    """One draft per project of a checked workbook (a FileResult, or Reports) in `out_dir`, named
    after the project; an existing file is never overwritten. Blank forms are skipped."""
    reports = getattr(file_result_or_reports, "reports", file_result_or_reports)
    error = getattr(file_result_or_reports, "error", None)
    if error:
        raise DraftError(f"无法起草自评报告：{error}")
    out_dir = Path(out_dir)
    written = []
    for report in _filled(reports):
        written.append(draft_report(report, out_dir / report_file_name(report.project), template, profile=profile))
    return written


def _filled(reports: Iterable) -> list:
    return [r for r in reports if not getattr(r, "blank", False)]
