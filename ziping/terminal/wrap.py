"""Line breaking for Chinese text in a terminal.

rich breaks lines at spaces and folds a long "word" anywhere, which suits English and not Chinese:
“≤11 月” comes out as “≤11⏎月”, 财预〔2020〕10号 as 财预〔2020〕1⏎0号. Here a line may break between two
Chinese characters and after Chinese punctuation, and never:

- inside a number with its operator and unit (≥2.3万份, ≤ 4385666.55 元, 98.08 分, 62.61%, 第335天);
- inside a document number (财预〔2020〕10号);
- inside a short quoted value (“实现预期目标”, at most QUOTE_LIMIT characters between the quotes);
- inside a Latin word: a cell reference, a rule code, an option, a file name or path;
- before closing punctuation (，。）” …) or after opening punctuation (（“ …).

Only what no longer fits on a line of its own is broken, in steps: first from the punctuation it holds
(“……”⏎，), then inside a quoted value, then a document number, then a number, last anywhere (a long
path after a slash). Lines keep every character, spaces included: joined without the line breaks they
are the text again.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

QUOTE_LIMIT = 16

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Line-start and line-end prohibitions (kinsoku) of Chinese typesetting, with their ASCII cousins.
NO_LINE_START = set("，。、；：？！）》」』〕】〉］｝”’…—·％‰℃,.;:?!)]}%/\\")  # a path breaks after its slashes
NO_LINE_END = set("（《「『〔【〈［｛“‘([{")

_DOC_NUMBER = rf"[{_CJK}]{{1,4}}[〔［\[（(]\d{{4}}[〕］\]）)]第?\d+号"  # 财预〔2020〕10号
_SHORT_QUOTE = rf"“[^“”\n]{{1,{QUOTE_LIMIT}}}”|‘[^‘’\n]{{1,{QUOTE_LIMIT}}}’|「[^「」\n]{{1,{QUOTE_LIMIT}}}」"
_UNITS = "平方公里|平方米|立方米|公里|千米|小时|分钟|工作日|个百分点|个月|人次|户次"
_NUMBER = (
    r"(?:第\s?)?"  # 第335天
    r"(?:[≤≥<>＜＞≦≧≠≈±=]=?\s?)?"  # ≤ 4385666.55 元, >=1
    r"[¥￥$]?[-+−]?\d+(?:,\d{3})*(?:[.:/-]\d+)*"  # 4,385,666.55  2024-12-31  10:30
    r"(?:\s?[–~～]\s?[-+−]?\d+(?:\.\d+)?)?"  # 1–200
    rf"(?:\s?(?:[%％‰℃]|(?:[KMGT]B|km|kg|m²|m³)(?![A-Za-z])|[万亿千百]?(?:{_UNITS})|[万亿千百]?[{_CJK}]))?"
)
_LATIN = r"(?:\.{0,2}/|~/|-{1,2}|\.)?[A-Za-z0-9_$][A-Za-z0-9_$.\-/\\:@+#%&=?~!]*"  # D12, ZP203, --json, .xlsx, a/b.xlsx
_OTHER = r"…+|—+|[ \t\u3000]+|."

# (units, whether the punctuation rules hold): each level gives up one rule, for a piece of text wider
# than a whole line. First the punctuation that holds on to a unit (“……”，), then the units one by one.
_LEVELS = [
    (re.compile("|".join((_DOC_NUMBER, _SHORT_QUOTE, _NUMBER, _LATIN, _OTHER))), True),
    (re.compile("|".join((_DOC_NUMBER, _SHORT_QUOTE, _NUMBER, _LATIN, _OTHER))), False),
    (re.compile("|".join((_DOC_NUMBER, _NUMBER, _LATIN, _OTHER))), True),
    (re.compile("|".join((_NUMBER, _LATIN, _OTHER))), True),
    (re.compile("|".join((_LATIN, _OTHER))), True),
    (re.compile("|".join((_LATIN, _OTHER))), False),
]


def wrap(text: str, width: int, hang: int = 0) -> list[str]:
    """The lines of `text`, at most `width` terminal cells wide; a line break in the text ends a line too.

    With `hang`, every line but the first of each paragraph is `hang` cells narrower, for the
    indentation the caller puts before it."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        filled = [""]
        _fill(paragraph, (max(width, 2), max(width - hang, 2)), filled, 0)  # a Chinese character takes 2 cells
        lines.extend(filled)
    return lines


def wrap_text(text: Text, width: int, hang: int = 0) -> list[Text]:
    """`wrap` for a rich Text: the lines keep their styles."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        offsets, position = [], 0
        for line in wrap(paragraph.plain, width, hang)[:-1]:
            position += len(line)
            offsets.append(position)
        lines.extend(paragraph.divide(offsets))
    return lines


def print_wrapped(console: Console, text: str | Text, indent: int = 0, always: bool = False) -> None:
    """Print `text` wrapped to the console width. Lines after the first of a paragraph are indented
    like the paragraph (its leading spaces) or by `indent` cells, whichever is more.

    Unless `always`, only a terminal gets wrapped lines: piped into a file or another program, each
    line stays whole (as rich's soft wrap leaves it), for grep and for copying paths."""
    if isinstance(text, str):
        text = Text(text)
    if not (always or console.is_terminal):
        console.print(text, soft_wrap=True)
        return
    for paragraph in text.split("\n", allow_blank=True):
        hang = max(indent, len(paragraph.plain) - len(paragraph.plain.lstrip(" ")))
        for number, line in enumerate(wrap_text(paragraph, console.width, hang)):
            console.print(Text(" " * hang) + line if number else line, soft_wrap=True)


def _fill(text: str, widths: tuple[int, int], lines: list[str], level: int) -> None:
    """Add `text` to `lines` (whose last line is being filled), breaking where `level` allows.
    `widths`: of the first line, of the others."""
    for segment in _segments(text, level):
        size = cell_len(segment)
        if size <= widths[len(lines) > 1] - cell_len(lines[-1]):
            lines[-1] += segment
        elif size <= widths[1]:
            lines.append(segment)
        elif level + 1 < len(_LEVELS):
            _fill(segment, widths, lines, level + 1)
        else:
            _fold(segment, widths, lines)


def _segments(text: str, level: int) -> list[str]:
    """`text` cut where a line may break; spaces stay at the end of the segment before them."""
    segments: list[str] = []
    units, kinsoku = _LEVELS[level]
    for match in units.finditer(text):
        token = match.group()
        if segments and not _may_break(segments[-1], token, kinsoku):
            segments[-1] += token
        else:
            segments.append(token)
    return segments


def _may_break(before: str, after: str, kinsoku: bool) -> bool:
    if after[0] in " \t\u3000":
        return False
    if not kinsoku:
        return True
    if before[-1] in NO_LINE_END:
        return False
    if after[0] in NO_LINE_START:  # but a word after a space may start a line: .ziping/portal.sqlite3
        return before[-1] in " \t\u3000" and len(after) > 1 and after[0] in "./\\"
    return True


def _fold(segment: str, widths: tuple[int, int], lines: list[str]) -> None:
    """Character by character; a path or name breaks after a separator if there is one in its second half."""
    start = len(lines[-1])  # where the segment begins on the current line
    for char in segment:
        while lines[-1] and cell_len(lines[-1]) + cell_len(char) > widths[len(lines) > 1]:
            line = lines[-1]
            cut = max(line.rfind(sep, start) for sep in "/\\-_") + 1
            if cut > start and cut < len(line) and cut - start >= (len(line) - start) // 2:
                lines[-1] = line[:cut]
                lines.append(line[cut:])
            else:
                lines.append("")
            start = 0
        lines[-1] += char
