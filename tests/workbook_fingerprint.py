"""Everything about a workbook that a clerk or a reader would notice, as comparable data:
values and formulas, merges, number formats, protection, validations, conditional formats,
defined names, print setup, column widths. Timestamps and other volatile parts are left out."""

from __future__ import annotations

from openpyxl import load_workbook


def _validations(ws):
    return sorted(
        (str(v.sqref), v.type, v.formula1, v.formula2, v.operator, v.showErrorMessage, v.prompt, v.error)
        for v in ws.data_validations.dataValidation
    )


def _conditional(ws):
    rules = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules.append((str(cf.sqref), rule.type, rule.operator, tuple(rule.formula or ())))
    return sorted(rules)


def fingerprint(path) -> dict:
    book = load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None or cell.number_format != "General" or cell.protection.locked is False:
                    cells[cell.coordinate] = (cell.value, cell.number_format, cell.protection.locked,
                                              cell.font.b, cell.border.left.style, cell.fill.fgColor.rgb)
        sheets[ws.title] = {
            "state": ws.sheet_state,
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": _validations(ws),
            "conditional": _conditional(ws),
            "names": sorted((n, d.attr_text) for n, d in ws.defined_names.items()),
            "protection": (ws.protection.sheet, ws.protection.formatCells, ws.protection.insertRows),
            "print": (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
                      ws.page_setup.fitToHeight, str(ws.print_area), ws.print_title_rows, ws.freeze_panes),
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        }
    return {"sheets": sheets, "order": book.sheetnames, "calc": book.calculation.fullCalcOnLoad}
