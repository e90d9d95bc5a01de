"""Workbooks for the index tests: one form of the shipped sample, changed so that each export is a new version."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.submission.export import export_reports
from workbooks.writing.samples import sample_path

PROFILE = load_profile()
SHEET = "表2"  # 2024年窗口聘用人员经费, of 北京市丰台区人力资源公共服务中心


def variant(folder: Path, note: str, sheet: str = SHEET) -> Path:
    """The sample with only `sheet`, whose 总体目标实际完成情况 ends with `note`."""
    report = next(r for r in check_file(sample_path(), PROFILE).reports if r.sheet == sheet)
    ref = report.evaluation.record.goal_actual.ref
    book = load_workbook(sample_path())
    for name in book.sheetnames:
        if name != sheet:
            del book[name]
    book[sheet][ref].value = f"{book[sheet][ref].value}{note}"
    path = Path(folder) / f"{sheet}-{abs(hash(note))}.xlsx"
    book.save(path)
    return path


def export_file(path: Path, root: Path):
    result = check_file(path, PROFILE)
    assert result.error is None
    exported = export_reports(result.reports, path.name, root, PROFILE, pdf=False)
    assert len(exported.exported) == 1 and not exported.refused
    return exported
