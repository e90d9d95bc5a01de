"""Parse a 年度指标值 or 实际完成值 cell into operator, number, unit, date or text.

The parser is syntactic: it says what is written ("≥", 2.3, 万份), not what it means for
the score. Meaning (direction, tiers of qualitative answers) is decided in `evaluate`.
It never raises: anything it cannot read comes back as kind "invalid" with the reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import compact, is_placeholder, strip_trailing_punctuation
from .dates import Deadline, parse_deadline
from .units import NO_UNIT, Unit, _with_multiplier, parse_unit

GE, LE, GT, LT, EQ = "≥", "≤", ">", "<", "="

# Longest first: "大于等于" must win over "大于".
_PREFIX_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        {
            "≥": GE, "≤": LE, ">": GT, "<": LT, "=": EQ, "≈": EQ, "约": EQ, "等于": EQ,
            "大于等于": GE, "大于或等于": GE, "不低于": GE, "不少于": GE, "不小于": GE,
            "达到": GE, "至少": GE, "高于或等于": GE, "≮": GE,
            "小于等于": LE, "小于或等于": LE, "不高于": LE, "不超过": LE, "不大于": LE,
            "不多于": LE, "最多": LE, "控制在": LE, "≯": LE, "低于或等于": LE,
            "大于": GT, "高于": GT, "超过": GT, "多于": GT,
            "小于": LT, "低于": LT, "少于": LT,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
_SUFFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("及以上", GE), ("或以上", GE), ("以上", GE),
    ("及以下", LE), ("或以下", LE), ("以下", LE), ("以内", LE), ("之内", LE), ("之前", LE),
    ("以前", LE), ("前", LE), ("内", LE), ("左右", EQ),
)
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_RANGE = re.compile(r"^[+-]?\d+(?:\.\d+)?[^\d]*(?:-|~|至|到)\d")
_ANY_DIGIT = re.compile(r"\d")
_WORDS = re.compile(r"[\u4e00-\u9fff]{3,}")

KINDS = ("quantity", "date", "text", "empty", "invalid")


@dataclass(frozen=True)
class Quantity:
    number: float  # as written, before any multiplier on the unit
    unit: Unit

    @property
    def base(self) -> float:
        return self.number * self.unit.factor

    def label(self) -> str:
        from ..numbers import fmt

        return fmt(self.number, 6) + self.unit.text


@dataclass(frozen=True)
class Parsed:
    kind: str  # one of KINDS
    raw: str  # the cell's text as written
    text: str = ""  # compact text (no spaces), for comparisons
    op: str | None = None
    quantity: Quantity | None = None
    deadline: Deadline | None = None
    problem: str | None = None  # why an "invalid" value could not be read (Chinese)
    from_number_cell: bool = False  # the cell held a number, not text

    @property
    def has_unit(self) -> bool:
        return self.quantity is not None and self.quantity.unit is not NO_UNIT and bool(self.quantity.unit.text)


# What a 指标性质 column says ("正向指标", "≥", "＞＝", "不低于"), as an operator.
_NATURE_WORDS = {"正向": GE, "正向指标": GE, "反向": LE, "反向指标": LE, "等于": EQ, "相等": EQ}


def operator_of(text: str) -> str | None:
    """The operator a 指标性质 cell stands for, or None ("定量", "定性", blank)."""
    key = compact(text) if text else ""
    if not key:
        return None
    if key in _NATURE_WORDS:
        return _NATURE_WORDS[key]
    op, rest = _split_prefix(key)
    return op if not rest else None


def _split_prefix(text: str) -> tuple[str | None, str]:
    for word, op in _PREFIX_WORDS:
        if text.startswith(word):
            return op, text[len(word):]
    return None, text


def _split_suffix(text: str) -> tuple[str | None, str]:
    for word, op in _SUFFIX_WORDS:
        if text.endswith(word) and len(text) > len(word):
            return op, text[: -len(word)]
    return None, text


def _unit_of(rest: str) -> tuple[Unit | None, str]:
    """The unit at the start of `rest` and any words after it ("%的群众满意" -> %, 的群众满意)."""
    if not rest:
        return NO_UNIT, ""
    unit = parse_unit(rest)
    if unit.kind != "other":
        return unit, ""
    for end in range(len(rest) - 1, 0, -1):
        known = _with_multiplier(rest[:end])
        if known is not None:
            return known, rest[end:]
    return unit, ""


def _quantity(op: str | None, body: str, raw: str, text: str) -> Parsed | None:
    body = _THOUSANDS.sub("", body)
    match = _NUMBER.match(body)
    if not match:
        return None
    if _RANGE.match(body):
        return Parsed("invalid", raw, text, op, problem="写成了区间，应写成单个数值（年度指标值再加比较符号，如“≥90%”）")
    number_text = match.group(1)
    rest = body[match.end():]
    if _ANY_DIGIT.search(rest) and parse_unit(rest).kind == "other":  # "m2" is a unit, not a second number
        if op is None and _WORDS.search(rest):  # a sentence: "6月份完成宣传片制作;9月份完成文本"
            return None
        return Parsed("invalid", raw, text, op, problem="数字后还有其他数字，应为“比较符号+数值+单位”，如“≥2.3万份”")
    unit, _trailing = _unit_of(rest)
    try:
        number = float(number_text)
    except ValueError:  # pragma: no cover - the regex admits only numbers
        return Parsed("invalid", raw, text, op, problem="数值无法识别")
    if math.isinf(number):  # more digits than a float holds, as unreadable as a number cell holding inf
        return Parsed("invalid", raw, text, op, problem="数值无法识别")
    return Parsed("quantity", raw, text, op, Quantity(number, unit))


@lru_cache(maxsize=65536)
def _parse_text(raw: str) -> Parsed:
    text = strip_trailing_punctuation(compact(raw))
    if is_placeholder(text):
        return Parsed("empty", raw, text)
    op, rest = _split_prefix(text)
    if op is not None and not rest:
        return Parsed("invalid", raw, text, op, problem="只有比较符号，缺少数值")
    # Read the value with and without a trailing word such as 以上/以内/前.
    forms = [(op, rest)]
    suffix_op, body = _split_suffix(rest)
    if suffix_op is not None:
        forms.append((op or suffix_op, body))
    for form_op, form_body in forms:
        deadline = parse_deadline(form_body)
        if deadline is not None:
            return Parsed("date", raw, text, form_op, deadline=deadline)
    readings = [r for r in (_quantity(o, b, raw, text) for o, b in reversed(forms)) if r is not None]
    for reading in readings:
        if reading.kind == "quantity" and reading.quantity.unit.kind != "other":
            return reading
    for reading in readings:  # a number with an unknown unit word, e.g. "20台套"
        if reading.kind == "quantity":
            return reading
    if readings:
        return readings[0]
    if op is not None and _ANY_DIGIT.search(rest):
        return Parsed("invalid", raw, text, op, problem="比较符号后应紧跟数值，如“≥95%”")
    return Parsed("text", raw, text, op)


def _number_text(value: int | float) -> str:
    try:
        return str(value)
    except ValueError:  # an int with more digits than Python will print
        return "（位数过多的数值）"


def parse_value(value: object) -> Parsed:
    """Parse one cell value (str, number, bool or None). Never raises."""
    if value is None:
        return Parsed("empty", "")
    if isinstance(value, bool):
        return Parsed("text", "是" if value else "否", "是" if value else "否")
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int beyond the float range (JSON records may hold one)
            number = float("inf")
        if number != number or number in (float("inf"), float("-inf")):
            raw = _number_text(value)
            return Parsed("invalid", raw, raw, problem="不是有效数值")
        from ..text import cell_text

        raw = cell_text(number)
        return Parsed("quantity", raw, raw, None, Quantity(number, NO_UNIT), from_number_cell=True)
    return _parse_text(str(value))


_EMBEDDED = re.compile(r"([+-]?\d+(?:\.\d+)?)((?:[万亿千百])?[^\d\s,，。;；、()（）]{0,4})")


def quantities_in_text(text: str) -> list[Quantity]:
    """Numbers with a known unit inside free text ("共建设18套" -> [18 套])."""
    found = []
    for number, unit_text in _EMBEDDED.findall(_THOUSANDS.sub("", compact(text))):
        unit, _ = _unit_of(unit_text)
        if unit.kind in ("other", "number") and unit_text:
            for end in range(len(unit_text), 0, -1):
                known = _with_multiplier(unit_text[:end])
                if known is not None:
                    unit = known
                    break
        if unit.kind != "other":
            found.append(Quantity(float(number), unit))
    return found
