"""Word's automatic list numbering, rendered as text: a heading numbered by a list ("一、"
from numbering.xml, not typed) reads as the clerk sees it on screen, so that headings are
recognised alike whether typed or numbered."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

from reports.reading.docx_styles import Styles

_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_PLACEHOLDER = re.compile(r"%([1-9])")
_NO_SPACE_AFTER = "、，．。）)】」：:"


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return (digits[tens] if tens > 1 else "") + ten + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    if n < 1:
        return str(n)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting", "ideographDigital"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _EARTHLY[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("decimalEnclosedParen", "decimalEnclosedFullstop"):
        return f"({n})" if fmt == "decimalEnclosedParen" else f"{n}."
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)  # decimal, decimalFullWidth and anything unknown


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: the numbers of the levels above shown in decimal
    style: str | None = None  # w:pStyle: the paragraph style tied to this level


def _read_level(lvl) -> tuple[int, Level]:
    def val(tag: str) -> str | None:
        found = lvl.find(qn(tag))
        return found.get(qn("w:val")) if found is not None else None

    ilvl = lvl.get(qn("w:ilvl"))
    start = val("w:start")
    return (int(ilvl) if ilvl and ilvl.isdigit() else 0,
            Level(int(start) if start and start.lstrip("-").isdigit() else 1, val("w:numFmt") or "decimal",
                  val("w:lvlText"), val("w:suff") or "tab", lvl.find(qn("w:isLgl")) is not None, val("w:pStyle")))


class Numbering:
    """Counters of a document's lists, advanced paragraph by paragraph in document order."""

    def __init__(self, numbering_element, styles: Styles):
        self._styles = styles
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}  # abstractNumId -> numbering style it stands for (w:numStyleLink)
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering_element is None:
            return
        for abstract in numbering_element.iterchildren(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"))
            self._abstracts[key] = dict(_read_level(lvl) for lvl in abstract.iterchildren(qn("w:lvl")))
            link = abstract.find(qn("w:numStyleLink"))
            if link is not None:
                self._links[key] = link.get(qn("w:val"))
        for num in numbering_element.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            starts, levels = {}, {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0") or 0)
                start = override.find(qn("w:startOverride"))
                if start is not None and start.get(qn("w:val"), "").lstrip("-").isdigit():
                    starts[ilvl] = int(start.get(qn("w:val")))
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _read_level(lvl)[1]
            self._nums[num.get(qn("w:numId"))] = (ref.get(qn("w:val")), starts, levels)

    def _abstract_of(self, num_id: str) -> str | None:
        abstract = self._nums[num_id][0]
        if abstract in self._links:  # one hop through a numbering style
            linked = self._styles.num_id_of_style(self._links[abstract])
            if linked in self._nums and self._nums[linked][0] != abstract:
                return self._nums[linked][0]
        return abstract if abstract in self._abstracts else None

    def label(self, num_id: str | None, ilvl: int | None, style_id: str | None) -> str | None:
        """The number Word shows before this paragraph ("一、", "（二）", "1."), advancing the list;
        None for a paragraph outside a list, and for bullets."""
        if not num_id or num_id == "0" or num_id not in self._nums:
            return None
        abstract = self._abstract_of(num_id)
        if abstract is None:
            return None
        _, starts, overrides = self._nums[num_id]
        levels = {**self._abstracts[abstract], **overrides}
        if ilvl is None:
            ilvl = next((k for k, level in levels.items() if style_id and level.style == style_id), 0)
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(abstract, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for k, start in starts.items():
                counters[k] = start - 1
                for deeper in [d for d in counters if d > k]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [d for d in counters if d > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return None

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k, Level())
            value = counters.get(k, shown.start)
            return format_number(value, "decimal" if level.legal and k != ilvl else shown.fmt)

        text = _PLACEHOLDER.sub(number, level.text)
        if level.suffix == "nothing" or text.endswith(tuple(_NO_SPACE_AFTER)):
            return text
        return text + " "
