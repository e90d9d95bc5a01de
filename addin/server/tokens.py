"""Access tokens: each bound to a 主管部门 and 实施单位, read from a JSON file.

    {"tokens": [
       {"token": "…", "department": "北京市丰台区人力资源和社会保障局", "unit": "北京市丰台区人力资源公共服务中心"},
       {"token_sha256": "…hex…", "department": "北京市丰台区人力资源和社会保障局", "unit": "*", "name": "局审核"}
    ]}

A token may be stored as its SHA-256 instead of in clear. "unit": "*" lets a department's
reviewers act on every unit of that department.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from validation.errors import ZipingError
from validation.text import compact


class TokenFileError(ZipingError):
    """The token file is missing or malformed."""


@dataclass(frozen=True)
class Token:
    digest: str  # sha256 hex of the token
    department: str
    unit: str
    name: str = ""

    def allows(self, department: str | None, unit: str | None) -> bool:
        if self.department != "*" and department and compact(department) != compact(self.department):
            return False
        if self.unit != "*" and unit and compact(unit) != compact(self.unit):
            return False
        return True

    @property
    def label(self) -> str:
        return self.name or (self.unit if self.unit != "*" else self.department)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def load_tokens(path: str | Path) -> list[Token]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise TokenFileError(f"令牌文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TokenFileError(f"令牌文件无法读取：{path}（{exc}）") from None
    entries = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise TokenFileError("令牌文件应为 {\"tokens\": [...]}，且至少有一个令牌。")
    tokens = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("department") or not entry.get("unit"):
            raise TokenFileError(f"令牌文件第 {i} 项缺少 department（主管部门）或 unit（实施单位）。")
        if entry.get("token"):
            if len(str(entry["token"])) < 16:
                raise TokenFileError(f"令牌文件第 {i} 项的令牌太短（至少 16 个字符）。")
            hashed = digest(str(entry["token"]))
        elif entry.get("token_sha256"):
            hashed = str(entry["token_sha256"]).lower()
        else:
            raise TokenFileError(f"令牌文件第 {i} 项缺少 token 或 token_sha256。")
        tokens.append(Token(hashed, str(entry["department"]), str(entry["unit"]), str(entry.get("name", ""))))
    return tokens


def find_token(tokens: list[Token], header: str | None) -> Token | None:
    """The token named by an Authorization header (sent verbatim by xlwings; "Bearer " accepted)."""
    if not header:
        return None
    secret = header.strip()
    if secret.lower().startswith("bearer "):
        secret = secret[7:].strip()
    wanted = digest(secret)
    for token in tokens:
        if hmac.compare_digest(token.digest, wanted):
            return token
    return None
