"""Ribbon actions on a workbook file, without Excel: the command line's third adapter.

The file's values are sent to the action as the xlwings VBA client would send them
(`payload`), the action runs on `xw.Book(json=...)` exactly as on the server, and the
returned actions are carried out on a copy of the file the way the client's action Subs
carry them out in Excel (`apply`). The source file is only read.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import python_calamine as pc
from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from validation.errors import InputError
from workbooks.writing.package import rewrite
from workbooks.reading.readers import guard_file, open_calamine, sheet_read_error

from .xlwings_env import server_engine

xw = server_engine()


def _encode(value):
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # VBA-JSON prints a whole Double without decimals
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%dT%H:%M:%S") + ".000Z"
    return value


def payload(path, version: str | None = None, active: int = 0, selection: str | None = "A1") -> dict:
    """The request body RunServerPython (xlwings addin/Remote.bas) sends for this workbook."""
    guard_file(path)
    book = open_calamine(Path(path).read_bytes(), Path(path).suffix.lower())
    sheets = []
    order = book.sheet_names
    try:
        for name in order:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            values = [[_encode(v) for v in row] for row in rows] or [[]]
            sheets.append({"name": name, "values": values, "pictures": [], "tables": []})
    except (pc.CalamineError, ValueError, OSError) as exc:
        raise sheet_read_error(exc) from None
    finally:
        book.close()
    names = []
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        wb = load_workbook(path)  # for the defined names only
        for i, ws in enumerate(wb.worksheets):
            for name, defined in ws.defined_names.items():
                target, _, ref = defined.attr_text.rpartition("!")
                target = target.strip("'").replace("''", "'")
                if target in order:
                    names.append({"name": f"{ws.title}!{name}", "sheet_index": order.index(target),
                                  "address": ref.replace("$", ""), "book_scope": False,
                                  "scope_sheet_name": ws.title, "scope_sheet_index": i})
    return {"client": "VBA", "version": version or xw.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": active, "selection": selection},
            "names": names, "sheets": sheets}


def _range(action) -> str:
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    r1, c1 = r0 + action["row_count"] - 1, c0 + action["column_count"] - 1
    return f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"


def _cells(ws, ref: str):
    area = ws[ref]
    if not isinstance(area, tuple):
        return [area]
    return [cell for row in area for cell in (row if isinstance(row, tuple) else (row,))]


def _set_as_excel_does(cell, value) -> None:
    """Range.Value in Excel: a leading apostrophe marks text (and is not kept), "=…" is a formula."""
    if isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]
        cell.data_type = "s"
    else:
        cell.value = value


def apply(actions: list[dict], source, target) -> list[str]:
    """Carry out the actions on a copy of `source` saved as `target`; returns the alert texts."""
    keep_vba = str(source).lower().endswith(".xlsm")
    wb = load_workbook(source, keep_vba=keep_vba)
    alerts = []
    for action in actions:
        func, args = action["func"], action["args"]
        ws = wb.worksheets[action["sheet_position"]] if action.get("sheet_position") is not None else None
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    _set_as_excel_does(ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j), value)
        elif func == "setRangeColor":
            for cell in _cells(ws, _range(action)):
                cell.fill = PatternFill("solid", fgColor=args[0].lstrip("#").upper())
        elif func == "setNumberFormat":
            for cell in _cells(ws, _range(action)):
                cell.number_format = args[0]
        elif func == "runMacro" and args[0] == "ZipingClearFill":
            sheet = wb[args[1]]
            for ref in args[2].split(","):
                for cell in _cells(sheet, ref):
                    cell.fill = PatternFill(fill_type=None)
        elif func == "addSheet":
            wb.create_sheet(args[1], index=args[0])  # args[0] is the new sheet's 0-based position
        elif func == "addHyperlink":
            cell = _cells(ws, _range(action))[0]
            cell.hyperlink, cell.value = args[0], args[1]
        elif func == "sheetDelete":
            wb.remove(ws)
        elif func == "sheetClear":
            for row in ws.iter_rows():
                for cell in row:
                    cell.value, cell.hyperlink, cell.fill = None, None, PatternFill(fill_type=None)
        elif func == "activateSheet":
            wb.active = args[0]
        elif func == "alert":
            alerts.append(args[0])
        else:
            raise InputError(f"无法在文件上执行动作 {func}。")
    wb.save(target)
    if getattr(wb, "vba_archive", None) is not None:
        wb.vba_archive.close()  # an in-memory zip openpyxl keeps for the macros
    rewrite(target)
    return alerts


def run_on_file(action: str, source: str | Path, target: str | Path) -> str:
    """Run a ribbon action on a file's values and write the changed workbook to `target`."""
    from .actions import run_action

    source, target = Path(source), Path(target)
    with tempfile.TemporaryDirectory(prefix="ziping-file-") as work:
        scratch = Path(work) / ("out" + target.suffix)
        with xw.Book(json=payload(source)) as book:
            message = run_action(action, book)
            actions = book.json()["actions"]
        apply(actions, source, scratch)
        shutil.move(scratch, target)
    return message
