"""Figures a report names the way the form does — 年初预算数, 全年预算数, 全年执行数, 执行率,
自评得分 — written right before the figure ("全年执行数为31.28万元", "自评得分98分")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .document import TABLE
from .figures import Figure, figures
from .quantities import MONEY, PERCENT, SCORE, Quantity

INITIAL, ANNUAL, EXECUTED, RATE, SCORE_NAME = "年初预算数", "全年预算数", "全年执行数", "执行率", "自评得分"
LINK = r"(?:数|资金|金额|总额)?(?:为|是|共|达|达到|合计|共计)?\s*[:：]?\s*(?:人民币)?\s*$"
NAMES: tuple[tuple[str, str, re.Pattern], ...] = (
    (INITIAL, MONEY, re.compile(r"年初预算" + LINK)),
    (ANNUAL, MONEY, re.compile(r"(?:全年预算|调整后预算|调整后的预算)" + LINK)),
    (EXECUTED, MONEY, re.compile(r"(?:全年执行|全年实际执行|全年支出|全年实际支出|实际执行|执行)" + LINK)),
    (RATE, PERCENT, re.compile(r"(?:预算执行率|资金执行率|执行率)" + LINK)),
    (SCORE_NAME, SCORE, re.compile(r"(?:自评得分|自评总分|自评分数|综合得分|自评为|自评|总分|总得分)" + LINK)),
)


# a sentence that lists parts or sub-items states their figures, not the project's
ITEMISED = re.compile(r"([①-⑳]|分别|其中|分值|分项|各项|各个|每个|每项|明细|^\s*\d+\s*[、.．]|^\s*[（(]\d+[）)])")


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    figure: Figure
    paragraph: int
    sentence: str


def named_in(sentence: str) -> list[tuple[str, Figure]]:
    found = []
    for figure in figures(sentence):
        if figure.bracketed:
            continue
        words = figure.words.strip()
        if "其中" in figure.words or "分别" in figure.words:
            continue
        for name, kind, pattern in NAMES:
            if figure.quantity.kind == kind and pattern.search(words):
                found.append((name, figure))
                break
    return found


def named_figures(document) -> tuple[Named, ...]:
    """The project's own named figures: sentences that itemise parts or sub-items, and run-in
    headings below the second level (“（1）资金到位。…”), speak of something smaller."""
    return _named_in_paragraphs(document.paragraphs)


# a funds table: its header names the columns (and their unit), its total row holds the project's figures
TABLE_COLUMNS = ((INITIAL, re.compile(r"年初预算")), (ANNUAL, re.compile(r"(全年预算|调整后预算)")),
                 (EXECUTED, re.compile(r"(全年执行|执行数|实际支出|支出数)")), (RATE, re.compile(r"执行率")))
TOTAL_ROW = re.compile(r"(资金总额|合计|总计|总额)")
NUMBER = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(%?)\s*$")


def _columns(header: list[str]) -> dict[int, tuple[str, int | None]]:
    """column → (name, the money scale its header states: 10000 for 万元, 1 for 元; None for the rate)."""
    columns = {}
    for index, cell in enumerate(header):
        for name, pattern in TABLE_COLUMNS:
            if not pattern.search(cell):
                continue
            if name == RATE:
                columns[index] = (name, None)
            elif "万元" in cell:
                columns[index] = (name, 10_000)
            elif re.search(r"[（(]\s*元\s*[）)]", cell):
                columns[index] = (name, 1)
            break  # a money column whose unit the header does not say is not read
    return columns


def _cell_figure(text: str, name: str, scale: int | None, header: str) -> Figure | None:
    match = NUMBER.match(text)
    if not match or (name == RATE) != bool(match.group(2)):
        return None
    digits = match.group(1).replace(",", "")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    if name == RATE:
        quantity = Quantity(float(digits) / 100, PERCENT, "%", text.strip(), 0, len(text), 10 ** -decimals / 100)
    else:
        unit = "万元" if scale == 10_000 else "元"
        quantity = Quantity(float(digits) * scale, MONEY, "元", f"{text.strip()}{unit}", 0, len(text), scale * 10 ** -decimals)
    return Figure(quantity, None, header, False)


def _table_named(paragraphs) -> list[Named]:
    """The total row of each funds table, under the names its header gives the columns."""
    found = []
    for index, paragraph in enumerate(paragraphs):
        if paragraph.kind != TABLE:
            continue
        header = paragraph.text.split("\t")
        columns = _columns(header)
        if len(columns) < 2:
            continue
        rows = []
        for row in paragraphs[index + 1:]:
            if row.kind != TABLE or row.text.split("\t")[0] == header[0]:
                break
            rows.append(row)
        totals = [r for r in rows if TOTAL_ROW.search(r.text.split("\t")[0]) and "其中" not in r.text.split("\t")[0]]
        if not totals and len(rows) == 1 and "其中" not in rows[0].text:
            totals = rows
        if len(totals) != 1:
            continue
        cells = totals[0].text.split("\t")
        if len(cells) != len(header):
            continue
        for column, (name, scale) in columns.items():
            figure = _cell_figure(cells[column], name, scale, header[column])
            if figure is not None:
                found.append(Named(name, figure, totals[0].number, totals[0].text))
    return found


@lru_cache(maxsize=8)
def _named_in_paragraphs(paragraphs) -> tuple[Named, ...]:
    found = _table_named(paragraphs)
    for paragraph in paragraphs:
        if paragraph.kind == TABLE or (paragraph.level or 0) >= 3 or ITEMISED.search(paragraph.text[:4]):
            continue
        for sentence in paragraph.sentences():
            if ITEMISED.search(sentence):
                continue
            named = named_in(sentence)
            money = any(name in (INITIAL, ANNUAL, EXECUTED) for name, _ in named)
            for name, figure in named:
                if name == RATE and not money:  # a rate alone may be any fund's (“…补助资金当年未使用，预算执行率0%”)
                    continue
                found.append(Named(name, figure, paragraph.number, sentence))
    return tuple(sorted(found, key=lambda named: named.paragraph))


def clear_cache() -> None:
    _named_in_paragraphs.cache_clear()
