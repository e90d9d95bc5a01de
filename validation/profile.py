"""Scoring profiles: every regional or uncertain rule is data, validated by a JSON Schema.

A profile may `extend` another and give only what differs; the merged result is validated.
Profiles shipped with the package live in `profiles/*.json`; others come in as dicts
(the CLI reads a file path and passes its JSON here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from .errors import ProfileError

TIERS = ("met", "partly_met", "not_met")
DEFAULT_PROFILE = "national"


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    text = resources.files(__package__).joinpath("schemas/profile.schema.json").read_text("utf-8")
    return jsonschema.Draft202012Validator(json.loads(text))


def _shipped_dir():
    return resources.files(__package__).joinpath("profiles")


def shipped_names() -> list[str]:
    return sorted(p.name[:-5] for p in _shipped_dir().iterdir() if p.name.endswith(".json"))


def _shipped_data(name: str) -> dict:
    path = _shipped_dir().joinpath(f"{name}.json")
    if not path.is_file():
        raise ProfileError(f"没有名为“{name}”的评分口径。可用：{'、'.join(shipped_names())}")
    return json.loads(path.read_text("utf-8"))


def _resolve(data: dict, seen: tuple[str, ...] = ()) -> dict:
    parent = data.get("extends")
    if not parent:
        return data
    if parent in seen:
        raise ProfileError(f"评分口径“{data.get('name')}”的继承关系形成了循环：{' → '.join(seen + (parent,))}")
    base = _resolve(_shipped_data(parent), seen + (parent,))
    merged = _merge(base, {k: v for k, v in data.items() if k != "extends"})
    merged["extends"] = parent
    return merged


@dataclass(frozen=True)
class Profile:
    """A validated, merged profile. `data` is the JSON; properties give typed access."""

    data: dict[str, Any]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def execution_weight(self) -> float:
        return float(self.data["execution"]["weight"])

    @property
    def execution_denominator(self) -> str:
        return self.data["execution"]["denominator"]

    @property
    def scoring(self) -> dict:
        return self.data["scoring"]

    @property
    def qualitative(self) -> dict:
        return self.data["qualitative"]

    @property
    def tolerances(self) -> dict:
        return self.data["tolerances"]

    @property
    def decimals(self) -> int:
        return int(self.data.get("decimals", 2))

    @property
    def reason_below_rate(self) -> float | None:
        return self.data["reasons"]["execution_rate_below"]

    @cached_property
    def grades(self) -> tuple[tuple[str, float, tuple[str, ...]], ...]:
        items = sorted(self.data["grades"], key=lambda g: -g["min"])
        return tuple((g["grade"], float(g["min"]), tuple(g.get("aliases", ()))) for g in items)

    def grade_for(self, total: float | None) -> str | None:
        if total is None:
            return None
        for grade, minimum, _ in self.grades:
            if total >= minimum:
                return grade
        return self.grades[-1][0]

    def canonical_grade(self, written: str) -> str | None:
        for grade, _, aliases in self.grades:
            if written == grade or written in aliases:
                return grade
        return None

    def severity_for(self, code: str, default: str) -> str:
        return self.data.get("rules", {}).get("severity", {}).get(code, default)

    def is_disabled(self, code: str) -> bool:
        return code in self.data.get("rules", {}).get("disabled", ())

    def __hash__(self) -> int:  # profiles are used as cache keys
        return hash(self.name)


def profile_from_dict(data: Any) -> Profile:
    if not isinstance(data, dict):
        raise ProfileError("评分口径文件应是一个 JSON 对象。")
    merged = _resolve(data)
    errors = sorted(_validator().iter_errors(merged), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "（根）"
        raise ProfileError(f"评分口径“{merged.get('name', '?')}”不符合格式：{where}：{first.message}")
    for name, band in merged["qualitative"]["bands"].items():
        if band[0] > band[1]:
            raise ProfileError(f"评分口径“{merged['name']}”的定性区间 {name} 下限大于上限：{band}")
    return Profile(merged)


@lru_cache(maxsize=32)
def load_profile(name: str = DEFAULT_PROFILE) -> Profile:
    """A shipped profile by name."""
    return profile_from_dict(_shipped_data(name))
