"""What a rule is: an ID, a problem-naming slug, a title, a severity, a rationale, examples,
message templates and the check itself. Messages are written once, here, per rule; call
sites only fill in the cell and the values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..findings import Finding

FORM, SHEET, WORKBOOK = "form", "sheet", "workbook"
SCORE_TABLE = "score_table"  # a rule over a 评分表 (项目支出绩效评价指标体系及评分表)
DEPARTMENT = "department"  # a rule over the forms of one department together
REPORT = "report"  # a rule over a 自评报告's own text (and over a form's narrative cells)
REPORT_FORM = "report_form"  # a rule over a 自评报告 read together with its form


@dataclass(frozen=True)
class Rationale:
    what: str  # 它检查什么
    why: str  # 为什么这是问题
    example: str  # 错误示例
    fix: str  # 如何改正


@dataclass(frozen=True)
class Example:
    """A variant of the example form (see `example_form`): dotted paths -> new cell values.

    A failing example lists every cell the rule must flag, and nothing else.
    For sheet- and workbook-level rules `grid` holds rows of cell values instead, or a
    mapping of sheet name to rows for a workbook of several sheets.
    """

    patch: dict[str, Any] = field(default_factory=dict)
    cells: tuple[str | None, ...] = ()
    text: str | None = None  # a report rule's example: one paragraph per line
    paragraphs: tuple[int, ...] = ()  # the paragraphs a failing report example must flag
    grid: tuple[tuple[Any, ...], ...] | dict[str, tuple[tuple[Any, ...], ...]] | None = None
    profile: str = "national"


MAX_VALUE_CHARS = 200


def _short(value):
    """A value quoted in a message, cut to a readable length (a cell may hold a megabyte)."""
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    return value


class Rule:
    code: ClassVar[str] = ""  # assigned by the registry from codes.CODES
    slug: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[str]
    scope: ClassVar[str] = FORM
    on_blank: ClassVar[bool] = False  # also runs on a form nobody has filled in yet
    messages: ClassVar[dict[str, str]]
    rationale: ClassVar[Rationale]
    passing: ClassVar[tuple[Example, ...]]
    failing: ClassVar[tuple[Example, ...]]

    def check(self, ev) -> Iterator[Finding]:  # pragma: no cover - every rule overrides
        raise NotImplementedError

    def finding(self, ev, cell: str | None, variant: str = "default", /, **values) -> Finding:
        """A finding on `cell` of the form in `ev`, its message filled from the rule's template."""
        return self.make(ev.profile, ev.record.sheet, cell, variant, **values)

    def at(self, ctx, paragraph: int, quote: str, variant: str = "default", /, **values) -> Finding:
        """A finding on a sentence of a report (or of a form's narrative cell), see `narrative.context`."""
        values = {k: _short(v) for k, v in values.items()}
        text = self.messages[variant].format(**values)
        severity = ctx.profile.severity_for(self.code, self.severity)
        return ctx.finding(self.code, self.slug, severity, paragraph, _short(quote), text)

    def make(self, profile, sheet: str | None, cell: str | None, variant: str = "default", /, **values) -> Finding:
        values = {k: _short(v) for k, v in values.items()}
        text = self.messages[variant].format(**values)
        if cell:
            text = f"{cell}：{text}"
        severity = profile.severity_for(self.code, self.severity) if profile is not None else self.severity
        return Finding(self.code, self.slug, severity, sheet, cell, text)
