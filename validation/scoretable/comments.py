"""What an 评价意见 says about the points given: a shortfall, something never done, or full
compliance. The words are data (`data/comment_words.json`); matching is on the compacted
text, so "不 够 明确" and "不够明确" read the same."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..text import compact


@dataclass(frozen=True)
class CommentReading:
    shortfall: str | None = None  # the first shortfall phrase found ("不够明确" -> "不够")
    absence: str | None = None  # something never done or built ("未建立")
    full_compliance: str | None = None  # "完全符合"

    @property
    def negative(self) -> bool:
        return self.shortfall is not None or self.absence is not None


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    data = json.loads(resources.files("validation").joinpath("data/comment_words.json").read_text("utf-8"))
    # longest first, so that a quoted phrase is the most telling one
    return {key: tuple(sorted(data[key], key=len, reverse=True))
            for key in ("shortfall", "absence", "not_a_shortfall", "full_compliance")}


def _first(text: str, phrases: tuple[str, ...]) -> str | None:
    found = [(text.index(p), -len(p), p) for p in phrases if p in text]
    return min(found)[2] if found else None


@lru_cache(maxsize=4096)
def read_comment(text: str) -> CommentReading:
    key = compact(text or "")
    if not key:
        return CommentReading()
    words = _words()
    negative_key = key
    for phrase in words["not_a_shortfall"]:
        negative_key = negative_key.replace(phrase, "，")
    return CommentReading(
        shortfall=_first(negative_key, words["shortfall"]),
        absence=_first(negative_key, words["absence"]),
        full_compliance=_first(key, words["full_compliance"]),
    )


__all__ = ["CommentReading", "read_comment"]
