"""Text normalisation shared by the value parser, the taxonomy and the form reader.

Real forms are typed by hand, pasted from Word or exported from PDF: full-width
digits and operators, spaces inside words ("年初预 算数", "平 方米"), line breaks
inside labels. Everything that compares text goes through these functions so that
"≥ 4385666.5 5 元" and "≥4385666.55元" mean the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WHITESPACE = re.compile(r"\s+")

# Characters NFKC leaves alone but that mean the same as an ASCII/CJK form here.
_EXTRA_MAP = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "⩾": "≥",
        "⩽": "≤",
        "（": "(",
        "）": ")",
        "：": ":",
        "，": ",",
        "；": ";",
        "－": "-",
        "—": "-",
        "–": "-",
        "﹪": "%",
        "═": "=",
        "〓": "=",
        "≒": "=",
        "﹤": "<",
        "﹥": ">",
        "〈": "<",
        "〉": ">",
        "≮": "≥",
        "≯": "≤",
    }
)

# Values that mean "not filled" on published forms.
PLACEHOLDERS = frozenset({"", "*", "-", "--", "---", "/", "\\", "无", "空", "n/a", "na", "#n/a"})


@lru_cache(maxsize=65536)
def compact(text: str) -> str:
    """NFKC-normalise and drop every whitespace character (spaces, line breaks, U+3000)."""
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", text).translate(_EXTRA_MAP))
    # after dropping whitespace, so that "> =" is "≥" too
    return text.replace(">=", "≥").replace("<=", "≤").replace("=>", "≥").replace("=<", "≤")


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The key a label is matched on: compact, no colons, no leading "其中：" ("of which")."""
    key = compact(text).strip(":")
    if key.startswith("其中"):
        key = key[2:].lstrip(":")
    return key


@lru_cache(maxsize=65536)
def cell_text(value: object) -> str:
    """The text of a cell value as a clerk would read it (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def is_placeholder(value: object) -> bool:
    """True when a cell holds nothing a reviewer would accept as filled in."""
    if value is None:
        return True
    if isinstance(value, str):
        return _placeholder_text(value)
    return False


@lru_cache(maxsize=65536)
def _placeholder_text(value: str) -> bool:
    key = compact(value).lower()
    return key in PLACEHOLDERS or all(ch in "-—–_/\\*·." for ch in key)


def strip_trailing_punctuation(text: str) -> str:
    return text.strip().rstrip("，,。.;；、!！")
