"""Plain tables for the terminal whose text columns wrap like Chinese (terminal_wrap), not like rich.

Short columns (级别, 单元格, 规则) keep their width; the text columns share what is left of the line.
When too little is left, each row becomes a line of its short cells with its texts indented below.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from .wrap import wrap_text

GAP = 2  # spaces between columns
MIN_TEXT_WIDTH = 16  # narrower than this, a text column goes under its row
STACK_INDENT = 4


@dataclass
class Column:
    header: str
    wraps: bool = False  # a text column: wrapped to the width it is given


def table_lines(columns: list[Column], rows: list[list[str | Text]], width: int) -> list[Text]:
    """The header and the rows, each line at most `width` cells (but for a short cell wider than that)."""
    rows = [[cell if isinstance(cell, Text) else Text(cell) for cell in row] for row in rows]
    natural = [max([cell_len(column.header)] + [cell_len(row[i].plain) for row in rows])
               for i, column in enumerate(columns)]
    widths = _text_widths(columns, natural, width)
    if widths is None:
        return _stacked(columns, rows, width)
    header = [Text(column.header, style="bold") for column in columns]
    return [line for row in [header, *rows] for line in _row_lines(row, widths)]


def print_table(console: Console, columns: list[Column], rows: list[list[str | Text]]) -> None:
    for line in table_lines(columns, rows, console.width):
        console.print(line, soft_wrap=True)


def _text_widths(columns: list[Column], natural: list[int], width: int) -> list[int] | None:
    """Every column's width: short columns their own, text columns a share of the rest (the narrowest
    first, so a short text is not wrapped to leave room a long one would fill anyway)."""
    texts = [i for i, column in enumerate(columns) if column.wraps]
    room = width - GAP * (len(columns) - 1) - sum(w for i, w in enumerate(natural) if i not in texts)
    if texts and room < MIN_TEXT_WIDTH * len(texts):
        return None
    widths = list(natural)
    for place, i in enumerate(sorted(texts, key=lambda i: natural[i])):
        share = room // (len(texts) - place)
        widths[i] = min(natural[i], share)
        room -= widths[i]
    return widths


def _row_lines(row: list[Text], widths: list[int]) -> list[Text]:
    cells = [wrap_text(cell, width) if cell.plain else [Text()] for cell, width in zip(row, widths)]
    lines = []
    for number in range(max(len(cell) for cell in cells)):
        pieces = [cell[number] if number < len(cell) else Text() for cell in cells]
        last = max((i for i, piece in enumerate(pieces) if piece.plain), default=0)
        line = Text()
        for i, piece in enumerate(pieces[:last + 1]):
            line.append_text(piece)
            if i < last:  # padded up to the next column; no padding at the end of a line
                line.append(" " * (widths[i] - cell_len(piece.plain) + GAP))
        lines.append(line)
    return lines


def _stacked(columns: list[Column], rows: list[list[Text]], width: int) -> list[Text]:
    """Each row: its short cells on a line, then each text cell on lines of its own, indented."""
    lines = []
    for row in rows:
        lines.extend(_cells_line([c for c, column in zip(row, columns) if not column.wraps and c.plain], width))
        for cell, column in zip(row, columns):
            if column.wraps and cell.plain:
                lines.extend(Text(" " * STACK_INDENT) + line for line in wrap_text(cell, width - STACK_INDENT))
    return lines


def _cells_line(cells: list[Text], width: int) -> list[Text]:
    """Short cells side by side, going on to an indented line where the next does not fit."""
    lines = [Text()]
    for cell in cells:
        room = width - cell_len(lines[-1].plain)
        if lines[-1].plain.strip() and cell_len(cell.plain) + GAP > room:
            lines.append(Text(" " * STACK_INDENT))
        elif lines[-1].plain.strip():
            lines[-1].append(" " * GAP)
        room = width - cell_len(lines[-1].plain)
        first, *rest = wrap_text(cell, room, hang=room - (width - STACK_INDENT))  # the rest under the indent
        lines[-1].append_text(first)
        lines.extend(Text(" " * STACK_INDENT) + line for line in rest)
    return lines
