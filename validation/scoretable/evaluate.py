"""Evaluate a 评分表: carry the levels down, group the rows under their 一级/二级 labels, read
the numbers, add them up, grade the total, and read every 评价意见.

Nothing here decides what is wrong; the rules of the 评分表 family read this evaluation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..funds import Amount, read_amount
from ..numbers import round_half_up
from ..record import Cell
from ..taxonomy import split_label_weight
from .comments import CommentReading, read_comment
from .record import ScoreRow, ScoreTable


@dataclass
class ScoredRow:
    row: ScoreRow
    label: str  # the row's own name: its deepest filled level ("项目管理制度的健全性")
    groups: tuple[Group, ...]  # the groups it belongs to, 一级 first
    weight: Amount
    score: Amount
    comment: CommentReading

    @property
    def deducted(self) -> float | None:
        if self.weight.value is None or self.score.value is None:
            return None
        return round_half_up(self.weight.value - self.score.value, 6)


@dataclass
class Group:
    """The rows under one level label ("项目决策（15）"): its printed weight and what its rows add up to."""

    level: int  # 1 for 一级 …
    label: Cell
    name: str  # the label without its weight ("项目决策")
    printed_weight: float | None
    rows: list[ScoredRow] = field(default_factory=list)

    @property
    def weight_sum(self) -> float:
        return round_half_up(math.fsum(r.weight.value for r in self.rows if r.weight.value is not None), 6)

    @property
    def score_sum(self) -> float:
        return round_half_up(math.fsum(r.score.value for r in self.rows if r.score.value is not None), 6)


@dataclass
class ScoreTableEvaluation:
    record: ScoreTable
    profile: object
    rows: list[ScoredRow]
    groups: list[Group]
    total_weight: Amount
    total_score: Amount
    weight_sum: float
    score_sum: float | None  # None while any scored row's 得分 cannot be read
    grade: str | None  # by the computed total
    grade_reported: str | None  # the printed grade, canonical ("优秀" -> "优"), when the table prints one
    blank: bool  # no 得分 filled at all: a table still to be scored


def _grouped(record: ScoreTable) -> tuple[list[tuple[ScoreRow, tuple[Group, ...]]], list[Group]]:
    """Each row with its groups. A blank level cell continues the group above (merged cells);
    a new label at a level starts a group there and ends the deeper ones."""
    depth = max(1, min(record.level_columns, 4) - 1)  # the last level column names the rows themselves
    current: list[Group | None] = [None] * depth
    groups: list[Group] = []
    rows = []
    for row in record.rows:
        for level in range(depth):
            cell = row.levels[level]
            if cell.blank:
                continue
            group = current[level]
            if group is not None and cell.text == group.label.text:
                continue  # the label repeated on every row of an unmerged sheet
            name, weight = split_label_weight(cell.text)
            group = Group(level + 1, cell, name, weight)
            groups.append(group)
            current[level] = group
            current[level + 1:] = [None] * (depth - level - 1)
        rows.append((row, tuple(g for g in current if g is not None)))
    return rows, groups


def _label(row: ScoreRow) -> str:
    for cell in reversed(row.levels):
        if not cell.blank:
            return cell.text
    return ""


def evaluate_score_table(record: ScoreTable, profile) -> ScoreTableEvaluation:
    grouped, groups = _grouped(record)
    rows: list[ScoredRow] = []
    for row, in_groups in grouped:
        weight, score = read_amount(row.weight), read_amount(row.score)
        if row.weight.blank and row.score.blank:
            continue  # a heading row, or a line that only carries a level label
        scored = ScoredRow(row, _label(row), in_groups, weight, score, read_comment(row.comment.text))
        rows.append(scored)
        for group in in_groups:
            group.rows.append(scored)
    weight_sum = round_half_up(math.fsum(r.weight.value for r in rows if r.weight.value is not None), 6)
    readable = all(r.score.value is not None for r in rows)
    score_sum = round_half_up(math.fsum(r.score.value for r in rows), 6) if rows and readable else None
    blank = not any(not r.row.score.blank for r in rows)
    grade_reported = None
    if not record.grade.blank:
        text = record.grade.text.replace("等级", "").replace("级", "").strip()
        grade_reported = profile.canonical_grade(text) or text
    return ScoreTableEvaluation(
        record=record, profile=profile, rows=rows, groups=groups,
        total_weight=read_amount(record.total_weight), total_score=read_amount(record.total_score),
        weight_sum=weight_sum, score_sum=score_sum,
        grade=profile.grade_for(round_half_up(score_sum, profile.decimals)) if score_sum is not None and not blank else None,
        grade_reported=grade_reported, blank=blank,
    )


__all__ = ["ScoredRow", "Group", "ScoreTableEvaluation", "evaluate_score_table"]
