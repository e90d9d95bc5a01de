"""One report file → a ReportCheck: its findings, the form it was matched to, and a table of
the figures both state (which document holds which value)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from validation.errors import ZipingError
from validation.findings import Finding, FindingCounts
from validation.text_checks import check_document
from validation.narrative.document import Document
from validation.narrative.quantities import quantities
from validation.narrative.named import ANNUAL, EXECUTED, INITIAL, RATE, SCORE_NAME, named_figures
from validation.numbers import fmt
from validation.rules import get_rule
from validation.rules.report.project_not_named import names_project

from ..reading import read_report

FORM_FIELDS = {INITIAL: "initial_budget", ANNUAL: "annual_budget", EXECUTED: "executed", RATE: "execution_rate"}


@dataclass(frozen=True)
class ValueRow:
    """A figure the report states, beside the form's value for it (when checked with a form)."""

    name: str
    report: str
    paragraph: int
    form: str | None
    agrees: bool | None

    def to_dict(self) -> dict:
        return {"name": self.name, "report": self.report, "paragraph": self.paragraph, "form": self.form,
                "agrees": self.agrees}


@dataclass
class ReportCheck(FindingCounts):
    path: str
    error: str | None = None  # the file could not be read: one Chinese sentence
    findings: list[Finding] = field(default_factory=list)
    paragraphs: int = 0
    figures: int = 0  # how many figures with units the text states
    project: str | None = None  # the form's project the report was matched to
    sheet: str | None = None
    values: list[ValueRow] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.error is None and self.errors == 0

    def to_dict(self) -> dict:
        return {"path": self.path, "error": self.error, "paragraphs": self.paragraphs, "figures": self.figures,
                "form": {"project": self.project, "sheet": self.sheet} if self.project is not None else None,
                "values": [v.to_dict() for v in self.values],
                "findings": [f.to_dict() for f in self.findings],
                "summary": {"errors": self.errors, "warnings": self.warnings, "infos": self.infos}}


def match_form(document: Document, forms: list) -> tuple[object | None, list[str]]:
    """The form (a validation Report) whose project the report names; the longest name wins.
    With no name found and a single form, that form (the report will be told it names no project)."""
    named = [f for f in forms if f.project and names_project(document.text, f.project)]
    if named:
        return max(named, key=lambda f: len(f.project)), []
    if len(forms) == 1:
        return forms[0], []
    return None, [f.project for f in forms if f.project]


def _form_value(form, name: str) -> tuple[float | None, str | None]:
    if name == SCORE_NAME:
        value = form.total_reported if form.total_reported is not None else form.total_computed
        return value, None if value is None else f"{fmt(value)} 分"
    value = form.funds.get(FORM_FIELDS[name])
    if value is None:
        return None, None
    if name == RATE:
        return value, f"{fmt(value * 100, 2)}%"
    return value * 10_000, f"{fmt(value, 4)} 万元"


def value_rows(document: Document, form) -> list[ValueRow]:
    rows, seen = [], set()
    for named in named_figures(document):
        key = (named.name, named.figure.quantity.text)
        if key in seen:
            continue
        seen.add(key)
        form_value, form_text = _form_value(form, named.name) if form is not None else (None, None)
        agrees = None
        if form_value is not None:
            agrees = abs(named.figure.value - form_value) <= named.figure.quantity.quantum + 1e-6
        rows.append(ValueRow(named.name, named.figure.quantity.text, named.paragraph, form_text, agrees))
    return rows


def check_document_against(document: Document, path: str, profile, forms: list | None = None,
                           select: set[str] | None = None) -> ReportCheck:
    form, candidates = match_form(document, forms) if forms else (None, [])
    findings = check_document(document, profile, form, select)
    if forms and form is None:
        rule = get_rule("ZP964")
        if not profile.is_disabled(rule.code):
            first = document.paragraphs[0]
            findings.insert(0, Finding(rule.code, rule.slug, profile.severity_for(rule.code, rule.severity), None, None,
                                       "第1段：报告中没有出现工作簿中任何项目的名称（" + "、".join(candidates[:9])
                                       + "），无法与自评表核对；请确认选对了文件。", first.number, first.text[:200]))
    count = sum(len(quantities(p.text)) for p in document.paragraphs)
    return ReportCheck(path=path, findings=findings, paragraphs=len(document.paragraphs), figures=count,
                       project=form.project if form is not None else None,
                       sheet=form.sheet if form is not None else None, values=value_rows(document, form))


def check_report(path: str | Path, profile, forms: list | None = None, select: set[str] | None = None) -> ReportCheck:
    """Read and check one report; an unreadable file gives a ReportCheck with `error` set."""
    try:
        document = read_report(path)
    except ZipingError as exc:
        return ReportCheck(path=str(path), error=str(exc))
    if not any(quantities(p.text) for p in document.paragraphs):
        return ReportCheck(path=str(path), error=f"{Path(path).name} 中没有任何带单位的数字（金额、比率、得分），无法核对；"
                                                 "请确认选的是自评报告。", paragraphs=len(document.paragraphs))
    return check_document_against(document, str(path), profile, forms, select)


def check_reports(paths, profile, forms: list | None = None) -> list[ReportCheck]:
    return [check_report(p, profile, forms) for p in paths]
