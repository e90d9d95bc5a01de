"""A department's forms together: the average of their computed totals against the average
the department states (on the command line, or in a 汇总 sheet of the files checked)."""

from __future__ import annotations

from dataclasses import dataclass

from validation.department import DepartmentAverage, StatedFigure, department_average
from validation.findings import Finding
from validation.rules import department_rules


@dataclass(frozen=True)
class FileTotals:
    """What one checked file adds to its department: small, so that workers can send it."""

    score_tables: tuple[float, ...] = ()
    self_evaluations: tuple[float, ...] = ()
    listed: tuple[float, ...] = ()
    stated: tuple[StatedFigure, ...] = ()


def file_totals(result) -> FileTotals:
    return FileTotals(
        tuple(t.total_computed for t in result.score_tables if t.total_computed is not None),
        tuple(r.total_computed for r in result.reports if r.total_computed is not None and not r.blank),
        tuple(result.listed_scores),
        tuple(result.stated_averages),
    )


@dataclass
class DepartmentCheck:
    average: DepartmentAverage
    findings: list[Finding]

    def to_dict(self) -> dict:
        return {**self.average.to_dict(), "findings": [f.to_dict() for f in self.findings]}


def check_department(files: list[FileTotals], profile, given: StatedFigure | None = None) -> list[DepartmentCheck]:
    """One check per stated figure (the one given first, then those found, each once)."""
    figures: list[StatedFigure] = [given] if given is not None else []
    for totals in files:
        for figure in totals.stated:
            if all(figure.value != f.value for f in figures):
                figures.append(figure)
    score_tables = [t for f in files for t in f.score_tables]
    self_evaluations = [t for f in files for t in f.self_evaluations]
    listed = [t for f in files for t in f.listed]
    checks = []
    for figure in figures:
        average = department_average(score_tables, self_evaluations, listed, figure, profile)
        findings = [finding for rule in department_rules(profile) for finding in rule.check(average)]
        checks.append(DepartmentCheck(average, findings))
    return checks
