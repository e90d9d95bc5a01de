"""The record of one 评分表: what a reader found, cell by cell, nothing computed.

Like the 自评表 record, every field keeps the A1 reference it was read from. A level cell is
as written: blank where the sheet merges it down from the row above (the evaluation carries
the level down). JSON form: `schemas/score-table.schema.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import RecordError
from ..record import EMPTY, Cell

LEVELS = 4


@dataclass(slots=True)
class ScoreRow:
    row: int
    levels: tuple[Cell, Cell, Cell, Cell] = (EMPTY, EMPTY, EMPTY, EMPTY)  # 一级, 二级, 三级, 四级
    weight: Cell = EMPTY  # 分值
    score: Cell = EMPTY  # 评价得分
    comment: Cell = EMPTY  # 评价意见 / 扣分原因

    def to_dict(self) -> dict:
        return {"row": self.row, "levels": [c.to_dict() for c in self.levels], "weight": self.weight.to_dict(),
                "score": self.score.to_dict(), "comment": self.comment.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> ScoreRow:
        levels = [Cell.from_dict(c) for c in data.get("levels", ())][:LEVELS]
        levels += [EMPTY] * (LEVELS - len(levels))
        return cls(data["row"], tuple(levels), Cell.from_dict(data.get("weight")), Cell.from_dict(data.get("score")),
                   Cell.from_dict(data.get("comment")))


@dataclass(slots=True)
class ScoreTable:
    sheet: str
    origin: str | None = None  # the header's first cell
    title: Cell = EMPTY
    project: Cell = EMPTY
    rows: tuple[ScoreRow, ...] = ()
    total_label: Cell = EMPTY  # 合计
    total_weight: Cell = EMPTY
    total_score: Cell = EMPTY
    grade: Cell = EMPTY  # a grade printed with the table (评价等级), if any
    level_columns: int = 3  # how many level columns the table has

    def to_dict(self) -> dict:
        return {
            "kind": "score_table", "sheet": self.sheet, "origin": self.origin, "title": self.title.to_dict(),
            "project": self.project.to_dict(), "level_columns": self.level_columns,
            "rows": [r.to_dict() for r in self.rows],
            "total": {"label": self.total_label.to_dict(), "weight": self.total_weight.to_dict(),
                      "score": self.total_score.to_dict(), "grade": self.grade.to_dict()},
        }

    @classmethod
    def from_dict(cls, data: dict) -> ScoreTable:
        """A record from its JSON form, validated against the schema first."""
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
        if errors:
            where = "/".join(str(p) for p in errors[0].path) or "（根）"
            raise RecordError(f"评分表数据格式不正确（{where}）：{errors[0].message}")
        total = data.get("total") or {}
        return cls(
            sheet=data["sheet"], origin=data.get("origin"), title=Cell.from_dict(data.get("title")),
            project=Cell.from_dict(data.get("project")), rows=tuple(ScoreRow.from_dict(r) for r in data.get("rows", ())),
            total_label=Cell.from_dict(total.get("label")), total_weight=Cell.from_dict(total.get("weight")),
            total_score=Cell.from_dict(total.get("score")), grade=Cell.from_dict(total.get("grade")),
            level_columns=data.get("level_columns", 3),
        )


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("validation").joinpath("schemas/score-table.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)
