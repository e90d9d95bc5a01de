"""Folder and file names made from what clerks typed (年度/主管部门/实施单位/项目名称).

Chinese stays Chinese; what Windows or a shell would misread does not survive: path
separators, "..", characters illegal on Windows, control characters, reserved device
names (CON, NUL, COM1…), trailing dots and spaces, and names too long for a file system.
A name shortened to fit keeps a short hash of the full name so two long names stay apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from validation.errors import InputError

MAX_PART = 80  # characters; ≤ 240 UTF-8 bytes for CJK, well under every file system's limit
_ILLEGAL = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


class UnsafePathError(InputError):
    """A path would leave the folder it must stay in."""


def safe_part(text: object, fallback: str = "未填写") -> str:
    value = unicodedata.normalize("NFC", str(text) if text is not None else "")
    value = re.sub(r"\s+", " ", value)  # a line break inside a cell becomes a space
    value = _ILLEGAL.sub("_", value).strip().strip(".").strip()
    if not value or set(value) <= {"_", "."}:
        value = fallback
    if value.split(".")[0].upper() in _RESERVED:
        value = "_" + value
    if len(value) > MAX_PART:
        digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
        value = value[: MAX_PART - 9].rstrip(". ") + "~" + digest
    return value


def inside(base: Path, *parts: str) -> Path:
    """base/parts…, refusing anything that resolves outside base (symbolic links included)."""
    root = base.resolve()
    target = root.joinpath(*parts).resolve()
    if target != root and root not in target.parents:
        raise UnsafePathError(f"路径超出报送文件夹：{target}")
    return target
