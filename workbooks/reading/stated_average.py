"""Figures a department states about all its projects, found in a 汇总 sheet: the stated
average ("平均分 | 98.08", "对6个项目开展绩效评价，平均分98.08分") and the scores a summary
table lists per project (a 项目名称 column beside a 总分 or 评价得分 column)."""

from __future__ import annotations

import re

from validation.department import StatedFigure
from validation.numbers import decimals_of
from validation.text import compact

from .grid import Grid

AVERAGE_LABELS = frozenset({"平均分", "平均得分", "平均分(分)", "平均分数", "平均评分", "项目平均分", "平均分值"})
_SENTENCE = re.compile(r"平均(?:得)?分(?:数)?(?:为|是|达到|达|:)?(\d{1,3}(?:\.\d{1,4})?)分")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,4})?分?$")
# Score columns of a summary table, the most telling first: a total computed by rules wins.
SCORE_HEADERS = ("总分(计算)", "绩效评价得分", "评价得分", "综合得分", "评价总分", "总分", "自评总分", "得分", "自评得分",
                 "总分(填报)", "评分")
PROJECT_HEADERS = frozenset({"项目名称", "项目", "评价项目", "项目名"})
STOP_WORDS = ("合计", "总计", "平均", "小计")


def _number(value) -> tuple[float, int] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return (float(value), decimals_of(value)) if 0 <= value <= 100 else None
    if isinstance(value, str):
        text = compact(value)
        if _NUMBER.match(text):
            number = text.removesuffix("分")
            return float(number), decimals_of(number)
    return None


def stated_figures(grid: Grid, file: str) -> list[StatedFigure]:
    found = []
    for i, cells in enumerate(grid.rows):
        row = grid.top + i
        for j, value in enumerate(cells):
            if type(value) is not str or "平均" not in value:
                continue
            column = grid.left + j
            key = compact(value).strip(":")
            if key in AVERAGE_LABELS:
                for right in range(j + 1, len(cells)):
                    if cells[right] not in (None, ""):
                        number = _number(cells[right])
                        if number is not None:
                            found.append(StatedFigure(number[0], number[1], file, grid.sheet,
                                                      grid.ref(row, grid.left + right), value))
                        break
            elif len(value) <= 500 and (match := _SENTENCE.search(key)):
                number = match.group(1)
                found.append(StatedFigure(float(number), decimals_of(number), file, grid.sheet, grid.ref(row, column),
                                          value))
    return found


def listed_scores(grid: Grid) -> list[float]:
    """The scores a summary table lists, one per project row, from its best score column."""
    for i, cells in enumerate(grid.rows):
        keys = [compact(v) if isinstance(v, str) else "" for v in cells]
        project = next((j for j, k in enumerate(keys) if k in PROJECT_HEADERS), None)
        if project is None:
            continue
        score = next((keys.index(h) for h in SCORE_HEADERS if h in keys), None)
        if score is None:
            continue
        scores = []
        for below in grid.rows[i + 1:]:
            name = below[project] if project < len(below) else None
            if name in (None, "") or (isinstance(name, str) and compact(name).startswith(STOP_WORDS)):
                break
            number = _number(below[score]) if score < len(below) else None
            if number is not None:
                scores.append(number[0])
        return scores
    return []
