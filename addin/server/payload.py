"""The request body of the xlwings VBA client, checked before xlwings sees it.

A malformed or hostile body gets a short Chinese reason (HTTP 400/413), never a traceback.
"""

from __future__ import annotations

import json

from validation.errors import InputError

MAX_SHEETS = 500
MAX_CELLS = 2_000_000


_CELL_TYPES = (str, int, float, bool)


def _is_name(entry, sheets: int) -> bool:
    """A defined name as the VBA client sends it."""
    return (isinstance(entry, dict) and isinstance(entry.get("name"), str) and isinstance(entry.get("address"), str)
            and isinstance(entry.get("sheet_index"), int) and 0 <= entry["sheet_index"] < sheets)


class PayloadError(InputError):
    status = 400


class VersionMismatch(PayloadError):
    status = 409


def parse(body: bytes, server_version: str) -> dict:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PayloadError("请求内容不是有效的 JSON（应由 Excel 加载项发送）。") from None
    except RecursionError:  # thousands of nested brackets: no workbook looks like that
        raise PayloadError("请求内容嵌套层数过多，不是 Excel 加载项发送的内容。") from None
    if not isinstance(data, dict):
        raise PayloadError("请求内容应是一个 JSON 对象。")
    for key in ("client", "version", "book", "sheets"):
        if key not in data:
            raise PayloadError(f"请求缺少“{key}”，不是 Excel 加载项发送的内容。")
    if data["client"] != "VBA":
        raise PayloadError(f"不支持的客户端“{str(data['client'])[:40]}”：本服务器只接受 Excel 加载项（VBA）的请求。")
    if data["version"] != server_version:
        raise VersionMismatch(
            f"Excel 加载项中的 xlwings 版本（{str(data['version'])[:20]}）与服务器（{server_version}）不同。"
            f"请安装与服务器配套的加载项：在服务器上运行 ziping build-addin 生成，或向管理员索取。")
    book, sheets = data["book"], data["sheets"]
    if not isinstance(book, dict) or not isinstance(sheets, list) or not sheets:
        raise PayloadError("请求中的工作簿或工作表格式不正确。")
    if len(sheets) > MAX_SHEETS:
        raise PayloadError(f"工作表太多（{len(sheets)} 个，上限 {MAX_SHEETS}）。")
    cells = 0
    for sheet in sheets:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str) or not isinstance(sheet.get("values"), list):
            raise PayloadError("请求中的工作表格式不正确（缺少名称或数值）。")
        for row in sheet["values"]:
            if not isinstance(row, list) or not all(v is None or isinstance(v, _CELL_TYPES) for v in row):
                raise PayloadError(f"工作表“{sheet['name'][:40]}”的数值格式不正确（单元格只能是文字、数字、逻辑值或空）。")
            cells += len(row)
        sheet.setdefault("pictures", [])
        sheet.setdefault("tables", [])
    if cells > MAX_CELLS:
        raise PayloadError(f"工作簿数据量过大（{cells} 个单元格，上限 {MAX_CELLS}）。")
    data.setdefault("names", [])
    if not isinstance(data["names"], list) or not all(_is_name(n, len(sheets)) for n in data["names"]):
        raise PayloadError("请求中的名称（names）格式不正确。")
    book.setdefault("active_sheet_index", 0)
    book.setdefault("selection", None)
    book.setdefault("name", "")
    return data
