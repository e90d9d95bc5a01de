"""Which way a target points when the clerk wrote no operator.

"项目完成及时率 100" is a rate: higher is better, whatever its 二级 (时效指标). "单位成本
20万元" is a cost: lower is better. The words that decide are data (`data/directions.json`);
the word that ends last in the name decides (in Chinese the head of a name comes last:
"成本节约率" is a 率, "投诉处理及时率" a 及时率), and among words ending at the same place the
longest ("投诉率" over "率"). With no word in the name, the profile's
`reverse_without_operator` 二级/一级 decide, and everything else is higher-is-better.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .text import compact

POSITIVE, REVERSE = "positive", "reverse"


@dataclass(frozen=True)
class Inference:
    direction: str
    word: str | None = None  # the word in the name that decided
    level: str | None = None  # or the 二级/一级 that decided


def load_direction_data(validate: bool = False) -> dict:
    package = resources.files(__package__)
    data = json.loads(package.joinpath("data/directions.json").read_text("utf-8"))
    if validate:
        import jsonschema

        schema = json.loads(package.joinpath("schemas/directions.schema.json").read_text("utf-8"))
        jsonschema.validate(data, schema)
    return data


@lru_cache(maxsize=1)
def _words() -> tuple[tuple[str, str], ...]:
    data = load_direction_data()
    return tuple((compact(entry["word"]), direction) for direction in (POSITIVE, REVERSE) for entry in data[direction])


@lru_cache(maxsize=8192)
def direction_from_name(name: str) -> tuple[str, str] | None:
    """(direction, word) for the word of the name that decides, or None when none is found."""
    key = compact(name)
    best: tuple[int, int, str, str] | None = None
    for word, direction in _words():
        at = key.rfind(word)
        if at < 0:
            continue
        rank = (at + len(word), len(word), word, direction)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return (best[3], best[2]) if best else None


def infer_direction(name: str, level2: str | None, level1: str | None, reverse_levels: tuple[str, ...]) -> Inference:
    found = direction_from_name(name) if name else None
    if found is not None:
        return Inference(found[0], word=found[1])
    for level in (level2, level1):
        if level and level in reverse_levels:
            return Inference(REVERSE, level=level)
    return Inference(POSITIVE)
