"""Import xlwings the one way this package does.

The server engine (`xw.Book(json=...)`) is xlwings PRO code, free under PolyForm
Noncommercial 1.0.0 (government institutions are permitted users); it is enabled only if
XLWINGS_LICENSE_KEY is set before xlwings is first imported. The local RunPython path is
BSD-licensed and unaffected — and there xlwings is always imported first (RunPython's own
command starts with `import xlwings.utils`), so the ribbon's local path must not require the
server engine: only the modules that build `xw.Book(json=...)` ask for it (`server_engine`).
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402

SERVER_ENGINE_OFF = "xlwings 的服务器引擎未启用：请在导入 xlwings 之前设置环境变量 XLWINGS_LICENSE_KEY=noncommercial。"


def server_engine():
    """xlwings with its server engine (`xw.Book(json=...)`); ImportError when xlwings was imported
    elsewhere, without the key, before this module."""
    if not xw.__pro__:
        raise ImportError(SERVER_ENGINE_OFF)
    return xw


def forget_sheet_values() -> None:
    """Drop the server engine's memo of sheet values (an unbounded lru_cache keyed by every
    sheet's values: without this each distinct workbook stays in memory for the life of the
    process). Called after each workbook a server or the portal has run an action on."""
    try:  # xlwings' own module, not a public name: if a later xlwings moves it, nothing to clear
        from xlwings.pro._xlremote import get_range_api as memo
    except ImportError:  # pragma: no cover
        return
    clear = getattr(memo, "cache_clear", None)
    if clear is not None:
        clear()


__all__ = ["xw", "server_engine", "forget_sheet_values", "SERVER_ENGINE_OFF"]
