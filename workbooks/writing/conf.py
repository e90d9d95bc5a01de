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


# What a new workbook sets; every other key is left to the user's ziping.conf file (the add-in's
# xlwings reads the sheet first and a key present there, even empty, hides the file's value).
TEMPLATE_KEYS = ("PROFILE", "YEAR")
REFERENCE_TITLE = "可用的设置项（需要时把键名和值填到上面的空行中，键名写在 A 列；下面各行不起作用）"


def conf_rows(overrides: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    overrides = overrides or {}
    return [(key, str(overrides.get(key, default)), description) for key, (default, description) in KEYS.items()]


def template_rows(overrides: dict[str, str]) -> list[tuple[str, str, str]]:
    """The keys a template sets (TEMPLATE_KEYS, with values), as (key, value, description)."""
    return [(key, str(overrides.get(key, KEYS[key][0])), KEYS[key][1]) for key in TEMPLATE_KEYS]


def reference_rows() -> list[tuple[str, str]]:
    """Every key and its description, for the reference block under the settings (column A empty)."""
    return [(key, description) for key, (_, description) in KEYS.items()]


def read_conf(rows) -> dict[str, str]:
    """Settings from the sheet's values (rows of cells); keys are case-insensitive. Like xlwings'
    own reader, it stops at the first row whose key cell is empty: what is below is not read."""
    settings: dict[str, str] = {}
    for row in rows or []:
        if not row or row[0] in (None, ""):
            break
        key = str(row[0]).strip().upper()
        value = row[1] if len(row) > 1 else None
        if key in ("KEY", "设置项"):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        settings[key] = "" if value is None else str(value).strip()
    return settings


def read_conf_file(text: str) -> dict[str, str]:
    """A user's ziping.conf file: one `"KEY","VALUE"` per line (as xlwings writes and reads it)."""
    import csv

    settings: dict[str, str] = {}
    for row in csv.reader(text.splitlines()):
        if len(row) >= 2 and row[0].strip():
            settings[row[0].strip().upper()] = row[1].strip()
    return settings
