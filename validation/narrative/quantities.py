"""Figures as a report writes them: a number with its magnitude and unit ("31.4 万元",
"1.9万份", "3.7875 万份", "0.5 元/页", "99.62%", "98 分"), read into a value in the unit's base
(元, 份, 页 …) together with how precisely it was written, so a check can accept the rounding
the writer used and nothing more."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONEY, PERCENT, SCORE, COUNT, RATE = "money", "percent", "score", "count", "rate"

MAGNITUDES = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
              "千万": 10_000_000, "亿": 100_000_000}
COUNT_UNITS = ("人次", "户次", "平方米", "立方米", "公里", "千米", "米", "公顷", "亩", "吨", "千克", "份", "页", "卷",
               "册", "件", "个", "项", "户", "人", "名", "次", "场", "期", "所", "家", "台", "套", "辆", "张", "本",
               "座", "条", "处", "篇", "批", "宗", "株", "棵", "头", "只", "盏", "块", "间", "班", "课时", "学时",
               "小时", "天", "日", "周", "月", "GB", "TB", "G", "T", "万元")  # 万元 only guards the list's order

_NUMBER = r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_UNIT = "|".join(sorted({u for u in COUNT_UNITS if u != "万元"}, key=len, reverse=True))
QUANTITY = re.compile(
    _NUMBER + r"\s*"
    r"(?:(?P<percent>%|％)"
    r"|(?P<mag>千万|百万|十万|万|亿|千)?\s*(?:"
    r"(?P<money>元)(?:\s*/\s*(?P<per>" + _UNIT + r"))?"
    r"|(?P<score>分)(?![之钟别类项期批段])"
    r"|(?P<unit>" + _UNIT + r")))"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float  # in the base unit: 元 for money (元/页 for a price), a fraction for percent
    kind: str  # MONEY, PERCENT, SCORE, COUNT or RATE
    unit: str  # "元", "%", "分", "份", "元/页" …
    text: str  # as written, e.g. "31.4 万元"
    start: int
    end: int
    quantum: float  # one unit in the last written place, in the base unit ("31.4 万元" -> 1000.0)

    def agrees(self, computed: float, slack: float = 0.0) -> bool:
        """Whether `computed` rounds to this figure as written (half a unit in the last place),
        with `slack` more for figures that were themselves rounded."""
        return abs(computed - self.value) <= 0.5 * self.quantum + slack + 1e-9 * max(1.0, abs(self.value))


def _plain(number: str) -> tuple[float, int]:
    digits = number.replace(",", "")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return float(digits), decimals


@lru_cache(maxsize=16384)
def quantities(sentence: str) -> tuple[Quantity, ...]:
    """The figures of a sentence in order (cached: every rule reads the same sentences)."""
    return tuple(_read_quantities(sentence))


def _read_quantities(sentence: str) -> list[Quantity]:
    found: list[Quantity] = []
    for match in QUANTITY.finditer(sentence):
        value, decimals = _plain(match.group(1))
        tail = sentence[match.end():match.end() + 1]
        if match.group("percent"):
            found.append(Quantity(value / 100, PERCENT, "%", match.group(0), match.start(), match.end(),
                                  10 ** -decimals / 100))
            continue
        scale = MAGNITUDES[match.group("mag") or ""]
        if match.group("money"):
            per = match.group("per")
            kind, unit = (RATE, f"元/{per}") if per else (MONEY, "元")
            found.append(Quantity(value * scale, kind, unit, match.group(0), match.start(), match.end(),
                                  scale * 10 ** -decimals))
        elif match.group("score"):
            if scale != 1 or tail in "钟":
                continue
            found.append(Quantity(value, SCORE, "分", match.group(0), match.start(), match.end(), 10 ** -decimals))
        else:
            unit = match.group("unit")
            if unit in ("月", "日", "天", "周") and _is_date(sentence, match):
                continue
            found.append(Quantity(value * scale, COUNT, unit, match.group(0), match.start(), match.end(),
                                  scale * 10 ** -decimals))
    return found


def _is_date(sentence: str, match) -> bool:
    before = sentence[max(0, match.start() - 2):match.start()]
    return "年" in before or "月" in before or match.group(0).endswith("日")


YEAR_IN_DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,8}[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*(\d{1,4})\s*号)")


def document_numbers(sentence: str) -> list[tuple[str, str, int, int]]:
    """文号 cited in a sentence: (as written, issuer, year, number), e.g. ("粤财社〔2022〕301 号", "粤财社", 2022, 301)."""
    found = []
    for match in YEAR_IN_DOC_NUMBER.finditer(sentence):
        whole, year, number = match.group(1), int(match.group(2)), int(match.group(3))
        issuer = re.split(r"[〔\[［【(（]", whole, maxsplit=1)[0]
        found.append((whole, issuer, year, number))
    return found
