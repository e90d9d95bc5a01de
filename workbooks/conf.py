"""The `ziping.conf` sheet: key/value settings in the xlwings style (key in A, value in B).

The ribbon macros and the Python actions both read it; unknown keys are ignored so a
workbook can also carry xlwings' own keys (INTERPRETER_WIN, PYTHONPATH, …).
"""

from __future__ import annotations

CONF_SHEET = "ziping.conf"

# key -> (default, description shown to the clerk)
KEYS: dict[str, tuple[str, str]] = {
    "PROFILE": ("national", "评分口径：national（全国）、hubei、sichuan、guangxi，或口径 JSON 文件路径"),
    "MODE": ("local", "运行方式：local（本机 Python）或 server（单位内网服务器，本机无需 Python）"),
    "SERVER_URL": ("", "server 方式下的服务器地址，如 http://10.1.2.3:8000"),
    "AUTH": ("", "server 方式下的访问令牌（由服务器管理员分配，与本单位绑定）"),
    "SUBMISSION_DIR": ("", "导出报送时写入的文件夹；server 方式下由服务器决定"),
    "YEAR": ("", "预算年度，如 2024"),
    "INTERPRETER_WIN": ("", "（可选）Windows 上 Python 解释器路径，如 C:\\Python311\\python.exe"),
    "INTERPRETER_MAC": ("", "（可选）macOS 上 Python 解释器路径"),
    "PYTHONPATH": ("", "（可选）附加的 Python 模块搜索路径"),
}


def conf_rows(overrides: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    overrides = overrides or {}
    return [(key, str(overrides.get(key, default)), description) for key, (default, description) in KEYS.items()]


def read_conf(rows) -> dict[str, str]:
    """Settings from the sheet's values (rows of cells); keys are case-insensitive."""
    settings: dict[str, str] = {}
    for row in rows or []:
        if not row or row[0] in (None, ""):
            continue
        key = str(row[0]).strip().upper()
        value = row[1] if len(row) > 1 else None
        if key in ("KEY", "设置项"):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        settings[key] = "" if value is None else str(value).strip()
    return settings
