"""Figures a report names the way the form does — 年初预算数, 全年预算数, 全年执行数, 执行率,
自评得分 — written right before the figure ("全年执行数为31.28万元", "自评得分98分")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .document import TABLE
from .figures import Figure, figures
from .quantities import MONEY, PERCENT, SCORE

INITIAL, ANNUAL, EXECUTED, RATE, SCORE_NAME = "年初预算数", "全年预算数", "全年执行数", "执行率", "自评得分"
LINK = r"(?:数|资金|金额|总额)?(?:为|是|共|达|达到|合计|共计)?\s*[:：]?\s*(?:人民币)?\s*$"
NAMES: tuple[tuple[str, str, re.Pattern], ...] = (
    (INITIAL, MONEY, re.compile(r"年初预算" + LINK)),
    (ANNUAL, MONEY, re.compile(r"(?:全年预算|调整后预算|调整后的预算)" + LINK)),
    (EXECUTED, MONEY, re.compile(r"(?:全年执行|全年实际执行|全年支出|全年实际支出|实际执行|执行)" + LINK)),
    (RATE, PERCENT, re.compile(r"(?:预算执行率|资金执行率|执行率)" + LINK)),
    (SCORE_NAME, SCORE, re.compile(r"(?:自评得分|自评总分|自评分数|综合得分|自评为|自评|总分|总得分)" + LINK)),
)


# a sentence that lists parts or sub-items states their figures, not the project's
ITEMISED = re.compile(r"([①-⑳]|分别|其中|分值|分项|各项|各个|每个|每项|明细|^\s*\d+\s*[、.．]|^\s*[（(]\d+[）)])")


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    figure: Figure
    paragraph: int
    sentence: str


def named_in(sentence: str) -> list[tuple[str, Figure]]:
    found = []
    for figure in figures(sentence):
        if figure.bracketed:
            continue
        words = figure.words.strip()
        if "其中" in figure.words or "分别" in figure.words:
            continue
        for name, kind, pattern in NAMES:
            if figure.quantity.kind == kind and pattern.search(words):
                found.append((name, figure))
                break
    return found


def named_figures(document) -> tuple[Named, ...]:
    """The project's own named figures: sentences that itemise parts or sub-items, and run-in
    headings below the second level (“（1）资金到位。…”), speak of something smaller."""
    return _named_in_paragraphs(document.paragraphs)


@lru_cache(maxsize=8)
def _named_in_paragraphs(paragraphs) -> tuple[Named, ...]:
    found = []
    for paragraph in paragraphs:
        if paragraph.kind == TABLE or (paragraph.level or 0) >= 3 or ITEMISED.search(paragraph.text[:4]):
            continue
        for sentence in paragraph.sentences():
            if ITEMISED.search(sentence):
                continue
            named = named_in(sentence)
            money = any(name in (INITIAL, ANNUAL, EXECUTED) for name, _ in named)
            for name, figure in named:
                if name == RATE and not money:  # a rate alone may be any fund's (“…补助资金当年未使用，预算执行率0%”)
                    continue
                found.append(Named(name, figure, paragraph.number, sentence))
    return tuple(found)


def clear_cache() -> None:
    _named_in_paragraphs.cache_clear()
