"""The xlwings VBA client, as far as tests need it.

`payload(path)` builds the JSON that `RunServerPython` (xlwings addin/Remote.bas) sends for a
workbook; `apply(actions, path)` carries out the returned actions on the file, the way the
client's action Subs do in Excel, so tests can look at the resulting cells.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import python_calamine as pc
from openpyxl import load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from addin.xlwings_env import xw

XLWINGS_ADDIN = Path(xw.__file__).parent / "addin"


def remote_bas_subs() -> set[str]:
    """The action Subs of the installed Remote.bas: what a VBA client can apply."""
    source = (XLWINGS_ADDIN / "Remote.bas").read_text("ascii")
    return set(re.findall(r"^\s*Sub\s+(\w+)\s*\(wb As Workbook, action As Dictionary\)", source, flags=re.M))


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
    book = pc.CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        values = [[_encode(v) for v in row] for row in rows] or [[]]
        sheets.append({"name": name, "values": values, "pictures": [], "tables": []})
    names = []
    order = book.sheet_names
    if str(path).endswith((".xlsx", ".xlsm")):
        wb = load_workbook(path, keep_vba=True)
        for i, ws in enumerate(wb.worksheets):
            for name, defined in ws.defined_names.items():
                target, _, ref = defined.attr_text.rpartition("!")
                target = target.strip("'").replace("''", "'")
                names.append({"name": f"{ws.title}!{name}", "sheet_index": order.index(target),
                              "address": ref.replace("$", ""), "book_scope": False,
                              "scope_sheet_name": ws.title, "scope_sheet_index": i})
    return {"client": "VBA", "version": version or xw.__version__,
            "book": {"name": Path(path).name, "active_sheet_index": active, "selection": selection},
            "names": names, "sheets": sheets}


def _range(ws, action):
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    r1, c1 = r0 + action["row_count"] - 1, c0 + action["column_count"] - 1
    return f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}"


def apply(actions: list[dict], source, target) -> list[str]:
    """Apply actions to a copy of `source` saved as `target`; returns the alert texts."""
    wb = load_workbook(source)
    alerts = []
    for action in actions:
        func, args = action["func"], action["args"]
        ws = wb.worksheets[action["sheet_position"]] if action.get("sheet_position") is not None else None
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    ws.cell(action["start_row"] + 1 + i, action["start_column"] + 1 + j, value)
        elif func == "setRangeColor":
            for row in ws[_range(ws, action)]:
                for cell in row:
                    cell.fill = PatternFill("solid", fgColor=args[0].lstrip("#").upper())
        elif func == "setNumberFormat":
            for row in ws[_range(ws, action)]:
                for cell in row:
                    cell.number_format = args[0]
        elif func == "runMacro" and args[0] == "ZipingClearFill":
            sheet = wb[args[1]]
            for ref in args[2].split(","):
                for row in sheet[ref] if ":" in ref else [[sheet[ref]]]:
                    for cell in row:
                        cell.fill = PatternFill(fill_type=None)
        elif func == "addSheet":
            wb.create_sheet(args[1], index=args[0])  # args[0] is the new sheet's 0-based position
        elif func == "addHyperlink":
            cell = ws[_range(ws, action).split(":")[0]]
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
            raise AssertionError(f"the test client does not know {func}")
    wb.save(target)
    return alerts


def fill(ws, ref) -> str | None:
    cell = ws[ref]
    if cell.fill is None or cell.fill.fill_type is None:
        return None
    return "#" + str(cell.fill.fgColor.rgb)[-6:].upper()
