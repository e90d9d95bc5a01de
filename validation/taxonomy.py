"""The indicator taxonomy (财预〔2020〕10号 and 财预〔2021〕101号) and name normalisation.

Both placements of 成本 are accepted: 成本指标 as a 二级 under 产出指标 (older forms) and as a
一级 with 经济/社会/生态环境成本指标 (since 101号). Near-miss spellings seen on real forms
("服务对象满意度标", "满意度") are mapped to the canonical name and reported, not rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import compact

OUTPUT = "产出指标"
COST = "成本指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"

LEVELS: dict[str, tuple[str, ...]] = {
    OUTPUT: ("数量指标", "质量指标", "时效指标", "成本指标"),
    COST: ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    BENEFIT: ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    SATISFACTION: ("服务对象满意度指标",),
}
LEVEL1_NAMES = tuple(LEVELS)
LEVEL2_NAMES = tuple(dict.fromkeys(n for names in LEVELS.values() for n in names))

TIME_LEVEL2 = "时效指标"
COST_LEVEL2 = frozenset({"成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"})
MONEY_COST_LEVEL2 = frozenset({"成本指标", "经济成本指标"})


@dataclass(frozen=True)
class NameMatch:
    canonical: str | None  # None: not a known name
    corrected: bool  # True when the written name differed from the canonical one


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


_STEMS = ("指标", "指", "标", "产出", "成本", "效益", "满意", "数量", "质量", "时效", "影响", "经济", "社会", "生态")


@lru_cache(maxsize=None)
def _shapes(known: tuple[str, ...]) -> tuple[tuple[str, int, frozenset[str]], ...]:
    """Each known name with its length and its set of characters, for the pre-filter."""
    return tuple((name, len(name), frozenset(name)) for name in known)


@lru_cache(maxsize=4096)
def match_name(written: str, known: tuple[str, ...]) -> NameMatch:
    key = compact(written)
    if not key:
        return NameMatch(None, False)
    if key in known:
        return NameMatch(key, False)
    for variant in (key + "指标", key.removesuffix("指标") + "指标", key.replace("指标", "") + "指标"):
        if variant in known:
            return NameMatch(variant, True)
    limit = 1 if len(key) < 7 else 2
    if len(key) < 4 or not any(stem in key for stem in _STEMS):
        return NameMatch(None, False)  # a near miss shares at least a stem ("指标", "满意", "效益"…)
    chars = set(key)
    scored = sorted(
        (_distance(key, name, limit), name)
        for name, length, name_chars in _shapes(known)
        # a name within `limit` edits shares all but `limit` of its characters: cheap pre-filter
        if abs(length - len(key)) <= limit and len(chars & name_chars) >= len(name_chars) - limit
    )
    if scored and scored[0][0] <= limit and len(key) >= 4:
        if len(scored) == 1 or scored[1][0] > scored[0][0]:
            return NameMatch(scored[0][1], True)
    return NameMatch(None, False)


# A weight printed in a level's label: "产出指标(50分)", "产出指标（权重50%）", "效益指标30分".
_LABEL_WEIGHT = re.compile(
    r"^(?P<name>.*?)(?:\((?:权重|分值|分数)?:?(?P<a>\d+(?:\.\d+)?)(?:分|%)?\)|(?P<b>\d+(?:\.\d+)?)分)$"
)


@lru_cache(maxsize=4096)
def split_label_weight(written: str) -> tuple[str, float | None]:
    """A level label without its printed weight, and the weight: ("产出指标", 50.0)."""
    key = compact(written)
    match = _LABEL_WEIGHT.match(key)
    if not match or not match.group("name"):
        return key, None
    return match.group("name"), float(match.group("a") or match.group("b"))


def match_level1(written: str) -> NameMatch:
    return match_name(split_label_weight(written)[0], LEVEL1_NAMES)


def match_level2(written: str) -> NameMatch:
    return match_name(split_label_weight(written)[0], LEVEL2_NAMES)


def allowed_parents(level2: str) -> tuple[str, ...]:
    return tuple(l1 for l1, names in LEVELS.items() if level2 in names)


def is_cost(level1: str | None, level2: str | None) -> bool:
    return level1 == COST or level2 in COST_LEVEL2


def is_money_cost(level1: str | None, level2: str | None) -> bool:
    return level2 in MONEY_COST_LEVEL2 or (level1 == COST and level2 in (None, "经济成本指标"))


def is_time(level2: str | None) -> bool:
    return level2 == TIME_LEVEL2


def allowed_level2_text(level1: str | None) -> str:
    """A hint listing the 二级 names allowed under a 一级 (or all of them)."""
    if level1 in LEVELS:
        return f"“{level1}”下应为：" + "、".join(LEVELS[level1]) + "。"
    return "应为：" + "、".join(LEVEL2_NAMES) + "。"
