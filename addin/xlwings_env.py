"""Import xlwings the one way this package does.

The server engine (`xw.Book(json=...)`) is xlwings PRO code, free under PolyForm
Noncommercial 1.0.0 (government institutions are permitted users); it is enabled only if
XLWINGS_LICENSE_KEY is set before xlwings is first imported. The local RunPython path is
BSD-licensed and unaffected.
"""

from __future__ import annotations

import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import xlwings as xw  # noqa: E402

if not xw.__pro__:  # pragma: no cover - xlwings was imported elsewhere before this module
    raise ImportError("xlwings 的服务器引擎未启用：请在导入 xlwings 之前设置环境变量 XLWINGS_LICENSE_KEY=noncommercial。")

__all__ = ["xw"]
