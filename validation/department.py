"""A department's stated average: "对6个项目开展绩效评价，平均分98.08分".

The average of the totals computed by the rules, over the forms of one department, against
the figure the department states (given by the reviewer, or found in a 汇总 sheet). Which
totals: the 评分表 when there are any (a 绩效评价's scores), else the 自评表.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .numbers import decimals_of, round_half_up

SCORE_TABLES, SELF_EVALUATIONS, LISTED = "score_tables", "self_evaluations", "listed"
KIND_NAMES = {SCORE_TABLES: "评分表", SELF_EVALUATIONS: "自评表", LISTED: "汇总表所列项目"}


@dataclass(frozen=True)
class StatedFigure:
    """An average as a department states it, and where."""

    value: float
    decimals: int
    file: str | None = None  # None: given on the command line
    sheet: str | None = None
    cell: str | None = None
    text: str = ""

    @property
    def source(self) -> str:
        if self.file is None:
            return "命令行参数"
        where = f"{self.sheet}!{self.cell}" if self.sheet and self.cell else (self.sheet or "")
        return f"{self.file}（{where}）" if where else self.file


def stated_figure(value: str | float) -> StatedFigure:
    """A figure the reviewer typed ("98.08", "98.08分")."""
    text = str(value).strip().removesuffix("分")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    return StatedFigure(number, decimals_of(text))


@dataclass
class DepartmentAverage:
    profile: object
    kind: str  # which totals: SCORE_TABLES, SELF_EVALUATIONS or LISTED
    totals: list[float] = field(default_factory=list)
    stated: StatedFigure | None = None

    @property
    def computed(self) -> float | None:
        if not self.totals:
            return None
        return math.fsum(self.totals) / len(self.totals)

    @property
    def agrees(self) -> bool | None:
        """The computed average, rounded as the department rounds (half up, to its decimals),
        equals the stated figure."""
        if self.stated is None or self.computed is None:
            return None
        decimals = min(self.stated.decimals, 6)
        return round_half_up(self.computed, decimals) == round_half_up(self.stated.value, decimals)

    def to_dict(self) -> dict:
        computed = self.computed
        return {
            "kind": self.kind, "forms": len(self.totals),
            "computed": round_half_up(computed, 4) if computed is not None else None,
            "stated": self.stated.value if self.stated else None,
            "source": self.stated.source if self.stated else None,
            "agrees": self.agrees,
        }


def department_average(score_tables: list[float], self_evaluations: list[float], listed: list[float],
                       stated: StatedFigure | None, profile) -> DepartmentAverage:
    if score_tables:
        return DepartmentAverage(profile, SCORE_TABLES, score_tables, stated)
    if self_evaluations:
        return DepartmentAverage(profile, SELF_EVALUATIONS, self_evaluations, stated)
    return DepartmentAverage(profile, LISTED, listed, stated)
