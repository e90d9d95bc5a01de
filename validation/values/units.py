"""Units of measure on 自评表 values and their conversion to one base unit per dimension.

Two values can be compared only when their units share a dimension. Counting units
("人", "份", "页"…) are each their own dimension: 100 人 and 100 份 are not comparable.
Multipliers may sit on the number or on the unit ("2万人", "62.8万页", "628000页").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Unit:
    text: str  # as written (normalised), e.g. "万元"
    dimension: str  # comparable iff equal, e.g. "money", "count:人", "money/count:份"
    factor: float  # multiply a value in this unit by factor to get the base unit
    base: str  # the base unit's name, for messages ("元", "人", "小时")
    kind: str  # money | count | area | length | mass | duration | percent | compound | number | other

    @property
    def is_money(self) -> bool:
        return self.kind == "money"


_MONEY = {"元": 1.0, "千元": 1e3, "万元": 1e4, "十万元": 1e5, "百万元": 1e6, "千万元": 1e7, "亿元": 1e8}
_AREA = {
    "平方米": 1.0, "平米": 1.0, "m2": 1.0, "平方": 1.0, "平方公里": 1e6, "平方千米": 1e6,
    "km2": 1e6, "公顷": 1e4, "亩": 10000 / 15,
}
_LENGTH = {"米": 1.0, "m": 1.0, "公里": 1e3, "千米": 1e3, "km": 1e3, "厘米": 0.01, "延米": 1.0}
_MASS = {"千克": 1.0, "公斤": 1.0, "kg": 1.0, "克": 1e-3, "g": 1e-3, "吨": 1e3, "t": 1e3, "斤": 0.5}
_HOURS = {"秒": 1 / 3600, "秒钟": 1 / 3600, "分钟": 1 / 60, "小时": 1.0, "个小时": 1.0,
          "h": 1.0, "天": 24.0, "日": 24.0, "自然日": 24.0, "个自然日": 24.0, "周": 168.0,
          "个星期": 168.0}
_WORKDAYS = {"工作日": 1.0, "个工作日": 1.0}
_MONTHS = {"个月": 1.0}
_YEARS = {"年": 1.0, "个年度": 1.0}
_PERCENT = {"%": 1.0, "‰": 0.1, "百分点": 1.0, "个百分点": 1.0}

# Counting units. Each is its own dimension.
COUNT_UNITS = frozenset(
    "人 人次 名 位 户 户次 家 个 个次 次 场 场次 份 页 张 卷 件 册 本 篇 条 项 项次 套 台 批 批次 "
    "期 所 处 座 栋 间 辆 株 棵 只 头 盏 块 部 组 门 节 课时 学时 人天 人日 宗 起 例 床 根 片 箱 袋 "
    "瓶 支 幅 个点 点 处次 轮 班 期次 单 笔 张次 篇次 份次 家次 台次 辆次 架 艘 口 眼 盒 包 吨次 "
    "GB TB MB 亩次 公里次 字 分".split()
)

_MULTIPLIERS = {"亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}

_TABLES: tuple[tuple[dict[str, float], str, str, str], ...] = (
    (_MONEY, "money", "money", "元"),
    (_AREA, "area", "area", "平方米"),
    (_LENGTH, "length", "length", "米"),
    (_MASS, "mass", "mass", "千克"),
    (_HOURS, "duration:hour", "duration", "小时"),
    (_WORKDAYS, "duration:workday", "duration", "个工作日"),
    (_MONTHS, "duration:month", "duration", "个月"),
    (_YEARS, "duration:year", "duration", "年"),
    (_PERCENT, "percent", "percent", "%"),
)

NO_UNIT = Unit("", "number", 1.0, "", "number")


def _simple(text: str) -> Unit | None:
    for table, dimension, kind, base in _TABLES:
        if text in table:
            return Unit(text, dimension, table[text], base, kind)
    if text in COUNT_UNITS:
        return Unit(text, f"count:{text}", 1.0, text, "count")
    return None


def _with_multiplier(text: str) -> Unit | None:
    unit = _simple(text)
    if unit is not None:
        return unit
    for prefix, factor in _MULTIPLIERS.items():
        if text.startswith(prefix):
            rest = text[len(prefix):]
            if not rest:
                return Unit(text, "number", factor, "", "number")
            inner = _simple(rest)
            if inner is not None and inner.kind not in ("percent", "duration"):
                return Unit(text, inner.dimension, inner.factor * factor, inner.base, inner.kind)
    return None


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Unit:
    """The unit for a (compact) unit text; unknown words become an opaque unit of their own."""
    if not text:
        return NO_UNIT
    unit = _with_multiplier(text)
    if unit is not None:
        return unit
    for separator in ("/", "每"):
        if separator in text:
            numerator, _, denominator = text.partition(separator)
            num = _with_multiplier(numerator) if numerator else None
            den = _with_multiplier(denominator.lstrip("个")) or _with_multiplier(denominator)
            if num is not None and den is not None:
                return Unit(
                    text,
                    f"{num.dimension}/{den.dimension}",
                    num.factor / den.factor,
                    f"{num.base}/{den.base}",
                    "compound",
                )
    return Unit(text, f"other:{text}", 1.0, text, "other")


def same_dimension(a: Unit, b: Unit) -> bool:
    return a.dimension == b.dimension
