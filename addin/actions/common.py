"""Checking the forms of an open workbook: the same library call as `ziping check`."""

from __future__ import annotations

from validation.findings import ERROR, INFO, WARNING
from workbooks.batch import PRODUCT_SHEETS, check_workbook
from workbooks.readers import WorkbookData

from ..marks import MARK_SHEETS

SKIPPED = frozenset(PRODUCT_SHEETS) | frozenset(MARK_SHEETS)


def check_book(surface, profile):
    """(file-level findings, reports) for every form in the open workbook."""
    data = WorkbookData(str(getattr(surface.book, "name", "")), surface.grids(skip=SKIPPED))
    return check_workbook(data, profile)


def without_cell(message: str, cell: str | None) -> str:
    return message[len(cell) + 1:] if cell and message.startswith(cell + "：") else message


def counts(findings) -> dict[str, int]:
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in (ERROR, WARNING, INFO)}


NO_FORMS = "没有找到自评表：请确认工作表中有“项目名称”“一级指标”“年度指标值”“实际完成值”等表头。"
