"""The record of one form: what a reader found in a sheet, cell by cell, nothing computed.

Records are treated as immutable values (nothing in the pipeline mutates one; use
`dataclasses.replace`), but are not frozen: a frozen dataclass pays a slow `__setattr__`
per field, and a batch builds about a hundred cells per form.

Every field keeps the A1 reference it was read from, so a finding can always name the real
cell. A field the form does not have is a `Cell` with `ref=None`, never a made-up A1.
Records arrive either as objects built by `workbooks/` or as JSON validated by
`schemas/record.schema.json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import RecordError
from .text import cell_text, is_placeholder

FUND_ROWS = ("total", "fiscal", "carryover", "other")
FUND_COLUMNS = ("label", "initial", "annual", "executed", "weight", "rate", "score")
INDICATOR_FIELDS = ("level1", "level2", "name", "target", "actual", "weight", "score", "reason")


@lru_cache(maxsize=65536)
def _str_facts(value: str) -> tuple[str, bool]:
    return cell_text(value), is_placeholder(value)


@dataclass(slots=True, unsafe_hash=True)  # hashable so it can be a dataclass default
class Cell:
    value: Any = None
    ref: str | None = None
    # Derived once: rules ask for these many times per form.
    text: str = field(init=False, repr=False, compare=False)
    blank: bool = field(init=False, repr=False, compare=False)  # empty, or a placeholder such as "—" or "/"

    def __post_init__(self):
        value = self.value
        if value is None:
            self.text, self.blank = "", True
        elif type(value) is str:
            self.text, self.blank = _str_facts(value)
        else:
            self.text, self.blank = cell_text(value), False

    def to_dict(self) -> dict | None:
        if self.ref is None and self.value is None:
            return None
        return {"value": self.value, "cell": self.ref}

    @classmethod
    def from_dict(cls, data: dict | None) -> Cell:
        if data is None:
            return EMPTY
        return cls(data.get("value"), data.get("cell"))


EMPTY = Cell()


@dataclass(slots=True)
class FundRow:
    label: Cell = EMPTY
    initial: Cell = EMPTY
    annual: Cell = EMPTY
    executed: Cell = EMPTY
    weight: Cell = EMPTY
    rate: Cell = EMPTY
    score: Cell = EMPTY


@dataclass(slots=True)
class Funds:
    total: FundRow | None = None
    fiscal: FundRow | None = None
    carryover: FundRow | None = None
    other: FundRow | None = None
    more: tuple[FundRow, ...] = ()  # further sources a regional layout lists (财政专户管理资金, 单位资金)

    def parts(self) -> list[tuple[str, FundRow]]:
        named = [(n, r) for n in ("fiscal", "carryover", "other") if (r := getattr(self, n)) is not None]
        return named + [(f"more{i}", r) for i, r in enumerate(self.more, start=1)]


@dataclass(slots=True)
class IndicatorRow:
    row: int
    level1: Cell = EMPTY
    level2: Cell = EMPTY
    name: Cell = EMPTY
    target: Cell = EMPTY
    actual: Cell = EMPTY
    weight: Cell = EMPTY
    score: Cell = EMPTY
    reason: Cell = EMPTY

    @property
    def filled(self) -> bool:
        return not all(getattr(self, f).blank for f in ("name", "target", "actual", "weight", "score"))


@dataclass(slots=True)
class Total:
    label: Cell = EMPTY
    weight: Cell = EMPTY
    score: Cell = EMPTY
    grade: Cell = EMPTY


@dataclass(frozen=True, slots=True)
class HeaderProblem:
    """A header cell the reader did not understand ("unread", with its text), or a required
    column it did not find ("missing", with the column's role)."""

    kind: str
    cell: str | None
    text: str


@dataclass(frozen=True)
class Record:
    sheet: str
    project: Cell = EMPTY
    department: Cell = EMPTY
    unit: Cell = EMPTY
    year: Cell = EMPTY
    origin: str | None = None
    funds: Funds = field(default_factory=Funds)
    goal_expected: Cell = EMPTY
    goal_actual: Cell = EMPTY
    indicators: tuple[IndicatorRow, ...] = ()
    total: Total = field(default_factory=Total)
    uncached_formulas: frozenset[str] = frozenset()
    money_unit: str = "万元"  # the unit of the funds block, as its header states
    header_problems: tuple[HeaderProblem, ...] = ()
    reason_block: Cell = EMPTY  # a form without a 偏差原因 column explains deviations in one block below

    @property
    def year_number(self) -> int | None:
        value = self.year.value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1900 < value < 2200:
            return int(value)
        return None

    def to_dict(self) -> dict:
        def row_dict(obj) -> dict:
            return {f.name: getattr(obj, f.name).to_dict() for f in fields(obj) if f.name != "row"}

        return {
            "sheet": self.sheet,
            "origin": self.origin,
            "year": self.year.to_dict(),
            "project": self.project.to_dict(),
            "department": self.department.to_dict(),
            "unit": self.unit.to_dict(),
            "funds": {**{n: (row_dict(r) if (r := getattr(self.funds, n)) else None) for n in FUND_ROWS},
                      "more": [row_dict(r) for r in self.funds.more]},
            "goals": {"expected": self.goal_expected.to_dict(), "actual": self.goal_actual.to_dict()},
            "indicators": [{"row": i.row, **row_dict(i)} for i in self.indicators],
            "total": row_dict(self.total),
            "uncached_formulas": sorted(self.uncached_formulas),
            "money_unit": self.money_unit,
            "header_problems": [{"kind": p.kind, "cell": p.cell, "text": p.text} for p in self.header_problems],
            "reason_block": self.reason_block.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Record:
        """Build a record from JSON data, after validating it against the record schema."""
        errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.absolute_path) or "（根）"
            raise RecordError(f"自评表数据格式不正确：{where}：{first.message}")

        def cells(obj: dict | None, names) -> dict:
            obj = obj or {}
            return {n: Cell.from_dict(obj.get(n)) for n in names}

        funds = data.get("funds") or {}
        goals = data.get("goals") or {}
        return cls(
            sheet=data["sheet"],
            origin=data.get("origin"),
            year=Cell.from_dict(data.get("year")),
            project=Cell.from_dict(data.get("project")),
            department=Cell.from_dict(data.get("department")),
            unit=Cell.from_dict(data.get("unit")),
            funds=Funds(
                **{n: (FundRow(**cells(funds[n], FUND_COLUMNS)) if funds.get(n) else None) for n in FUND_ROWS},
                more=tuple(FundRow(**cells(r, FUND_COLUMNS)) for r in funds.get("more") or ()),
            ),
            goal_expected=Cell.from_dict(goals.get("expected")),
            goal_actual=Cell.from_dict(goals.get("actual")),
            indicators=tuple(
                IndicatorRow(row=i["row"], **cells(i, INDICATOR_FIELDS)) for i in data["indicators"]
            ),
            total=Total(**cells(data.get("total"), ("label", "weight", "score", "grade"))),
            uncached_formulas=frozenset(data.get("uncached_formulas") or ()),
            money_unit=data.get("money_unit") or "万元",
            reason_block=Cell.from_dict(data.get("reason_block")),
            header_problems=tuple(HeaderProblem(p["kind"], p.get("cell"), p["text"]) for p in data.get("header_problems") or ()),
        )


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(resources.files(__package__).joinpath("schemas/record.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def dumps(record: Record) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, indent=2)
