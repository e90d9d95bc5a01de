"""What a report rule sees: the document, the profile, the form it accompanies (if any), and
where its findings point — a paragraph of a report, or a cell of a form whose text it reads."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding
from .document import Document


@dataclass(frozen=True)
class TextContext:
    document: Document
    profile: object  # validation.profile.Profile
    form: object = None  # validation.report.Report of the form the report accompanies
    sheet: str | None = None  # when the text is a form's cell: the sheet and the cell
    cell: str | None = None

    def finding(self, rule: str, slug: str, severity: str, paragraph: int, quote: str, text: str) -> Finding:
        if self.cell is not None:
            return Finding(rule, slug, severity, self.sheet, self.cell, f"{self.cell}：{text}", None, quote)
        return Finding(rule, slug, severity, None, None, f"第{paragraph}段：{text}", paragraph, quote)
