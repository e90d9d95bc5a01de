"""The example department every department-scope rule writes its examples against: six
evaluated projects whose 评分表 totals average 98.0833…, stated as "平均分98.08分"."""

from __future__ import annotations

from typing import Any

from ..department import SCORE_TABLES, DepartmentAverage, StatedFigure
from ..numbers import decimals_of
from ..profile import load_profile

TOTALS = (100.0, 98.5, 97.0, 99.0, 94.5, 99.5)  # 588.5 / 6 = 98.0833…
STATED = 98.08


def patched_department(patch: dict[str, Any], profile: str = "national") -> DepartmentAverage:
    totals = list(patch.get("totals", TOTALS))
    stated = patch.get("stated", STATED)
    figure = StatedFigure(stated, decimals_of(stated), "情况说明.xlsx", "汇总", "B8") if stated is not None else None
    return DepartmentAverage(load_profile(profile), SCORE_TABLES, totals, figure)
