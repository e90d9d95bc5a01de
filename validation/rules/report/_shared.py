"""Shared reading and arithmetic of the report rules: sentences with their paragraph, figures as
intervals (a figure written "31.4 万元" stands for anything that rounds to it)."""

from __future__ import annotations

from ...narrative.document import HEADING, TABLE
from ...narrative.figures import Figure, main_figures
from ...numbers import fmt

TRUNCATION = 1.0  # writers truncate as often as they round: accept one unit in the last place


def sentences(ctx):
    """(paragraph number, sentence) over the body text of the document (tables excluded)."""
    for paragraph in ctx.document.paragraphs:
        if paragraph.kind == TABLE:
            continue
        for sentence in paragraph.sentences():
            yield paragraph.number, sentence


def body_paragraphs(ctx):
    return [p for p in ctx.document.paragraphs if p.kind != TABLE]


def bounds(figure: Figure, slack: float = 0.5) -> tuple[float, float]:
    half = slack * figure.quantity.quantum
    return figure.value - half, figure.value + half


def finest(figures: list[Figure]) -> float:
    """The precision of a relation: officials write its figures to one precision and mean them
    exactly ("20万元" beside "18.5万元" is 20.0), so the finest figure's last place counts for all."""
    return min(f.quantity.quantum for f in figures)


def exact_bounds(figure: Figure, quantum: float) -> tuple[float, float]:
    return figure.value - 0.5 * quantum, figure.value + 0.5 * quantum


def ratio_bounds(numerator: Figure, denominator: Figure) -> tuple[float, float] | None:
    quantum = finest([numerator, denominator])
    n_lo, n_hi = exact_bounds(numerator, quantum)
    d_lo, d_hi = exact_bounds(denominator, quantum)
    if d_lo <= 0:
        return None
    return n_lo / d_hi, n_hi / d_lo


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] + 1e-9 and b[0] <= a[1] + 1e-9


def roles(figures: list[Figure], role: str) -> list[Figure]:
    return [f for f in figures if f.role == role]


def figures_of(sentence: str) -> list[Figure]:
    return main_figures(sentence)


def wan(value_yuan: float) -> str:
    """An amount in 元 shown in 万元 the way a report writes it."""
    return f"{fmt(value_yuan / 10_000, 4)} 万元"


def percent(fraction: float, decimals: int = 2) -> str:
    return f"{fmt(fraction * 100, decimals)}%"


def is_heading_only(paragraph) -> bool:
    return paragraph.kind == HEADING and len(paragraph.text) <= len(paragraph.title) + 1
