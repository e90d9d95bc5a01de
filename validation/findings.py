"""A finding: one problem, with a stable rule ID, a severity, a Chinese message and a real location."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_NAMES = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

_A1 = re.compile(r"^([A-Z]{1,3})([1-9][0-9]*)$")


@lru_cache(maxsize=65536)
def split_a1(ref: str | None) -> tuple[int | None, int | None]:
    """("H12") -> (12, 8). Unknown or malformed references give (None, None), never (1, 1)."""
    if not ref:
        return None, None
    match = _A1.match(ref)
    if not match:
        return None, None
    column = 0
    for ch in match.group(1):
        column = column * 26 + (ord(ch) - 64)
    return int(match.group(2)), column


@lru_cache(maxsize=4096)
def column_letter(column: int) -> str:
    if column < 1:
        raise ValueError(f"column must be >= 1, got {column}")
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@lru_cache(maxsize=65536)
def a1(row: int, column: int) -> str:
    if row < 1:
        raise ValueError(f"row must be >= 1, got {row}")
    return f"{column_letter(column)}{row}"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    slug: str
    severity: str
    sheet: str | None
    cell: str | None
    message: str
    paragraph: int | None = None  # a finding in a 自评报告: the paragraph's number (from 1)
    quote: str | None = None  # the sentence the finding is about, as the report or the cell writes it

    @property
    def row(self) -> int | None:
        return split_a1(self.cell)[0]

    @property
    def column(self) -> int | None:
        return split_a1(self.cell)[1]

    def to_dict(self) -> dict:
        """The CLI contract's Finding object; a finding in a text also says where it quotes from."""
        data = {
            "rule": self.rule,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
        }
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        if self.quote is not None:
            data["quote"] = self.quote
        return data


def count(findings, severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


class FindingCounts:
    """errors / warnings / infos of a report that keeps its `findings`."""

    findings: list

    @property
    def errors(self) -> int:
        return count(self.findings, ERROR)

    @property
    def warnings(self) -> int:
        return count(self.findings, WARNING)

    @property
    def infos(self) -> int:
        return count(self.findings, INFO)
