"""Checking the forms of an open workbook: the same library call as `ziping check`."""

from __future__ import annotations

from validation.findings import ERROR, INFO, WARNING
from workbooks.checking.batch import PRODUCT_SHEETS, WorkbookCheck, check_workbook, check_workbook_forms
from workbooks.reading.readers import WorkbookData

from ..marks import MARK_SHEETS

SKIPPED = frozenset(PRODUCT_SHEETS) | frozenset(MARK_SHEETS)


def check_book(surface, profile):
    """(file-level findings, reports) for every form in the open workbook."""
    data = WorkbookData(str(getattr(surface.book, "name", "")), surface.grids(skip=SKIPPED))
    return check_workbook(data, profile)


def check_book_forms(surface, profile) -> WorkbookCheck:
    """Everything found in the open workbook: 自评表, 评分表 and the findings about its sheets."""
    data = WorkbookData(str(getattr(surface.book, "name", "")), surface.grids(skip=SKIPPED))
    return check_workbook_forms(data, profile)


def without_cell(message: str, cell: str | None) -> str:
    return message[len(cell) + 1:] if cell and message.startswith(cell + "：") else message


def counts(findings) -> dict[str, int]:
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in (ERROR, WARNING, INFO)}


NO_FORMS = "没有找到自评表：请确认工作表中有“项目名称”“一级指标”“年度指标值”“实际完成值”等表头。"
NO_FORMS_OR_TABLES = ("没有找到自评表或评分表：自评表应有“项目名称”“一级指标”“年度指标值”“实际完成值”等表头，"
                      "评分表应有“一级指标”“二级指标”“分值”“评价得分”等表头。")
