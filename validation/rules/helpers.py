"""Small formatting helpers shared by rule messages."""

from __future__ import annotations

from ..numbers import fmt, fmt_percent
from ..values.qualitative import TIER_NAMES

__all__ = ["fmt", "fmt_percent", "indicator_name", "rows_and_names", "score_out_of_range", "TIER_NAMES",
           "DIRECTION_NAMES"]

DIRECTION_NAMES = {"positive": "正向（越大越好）", "reverse": "反向（越小越好）", "equal": "等于"}


def indicator_name(result) -> str:
    """How a message names an indicator row: its 三级指标, or its row number."""
    name = result.row.name.text
    if name:
        return f"“{name[:30]}{'…' if len(name) > 30 else ''}”"
    return f"第{result.row.row}行指标"


def rows_and_names(results, most: int) -> dict[str, str]:
    """The row numbers of some indicator rows ("13、14、18") and their distinct names, the first
    `most` quoted ("“指标1”、“指标2”等"), for a message that lists rows set aside once."""
    distinct = list(dict.fromkeys(r.row.name.text for r in results))
    names = "、".join(f"“{n}”" for n in distinct[:most]) + ("等" if len(distinct) > most else "")
    return {"rows": "、".join(str(r.row.row) for r in results), "names": names}


def score_out_of_range(result, profile) -> bool:
    """A reported score below 0 or above the row's 分值: an error of its own (ZP107, ZP101), so
    rules that judge a score within its range (band, rule score) say nothing more about it."""
    score, weight = result.score_reported.value, result.weight.value
    if score is None:
        return False
    tolerance = profile.tolerances["score"]
    return score < -tolerance or (weight is not None and score > weight + tolerance)
