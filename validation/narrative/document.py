"""A report as numbered paragraphs, each with the path of headings above it.

Readers hand over raw blocks (a paragraph of a .docx, a line of a text layer, a table row);
`build_document` joins hard-wrapped lines back into paragraphs, recognises the numbered
headings officials write (一、 （一） 1. （1） ①) and numbers the paragraphs from 1.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

BODY, HEADING, TABLE = "body", "heading", "table"

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (level, pattern); the group is the heading's number as written. Order matters: "（一）" before "（1）".
HEADING_MARKERS: tuple[tuple[int, re.Pattern], ...] = (
    (1, re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、，．.]")),
    (2, re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]")),
    (3, re.compile(r"^\s*(\d{1,2})\s*(?:[、．]|\.(?!\d))")),
    (4, re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]")),
    (5, re.compile(r"^\s*([①-⑳])")),
)
SENTENCE_END = "。！？；!?;"
LINE_END = SENTENCE_END + "：:”」）)》"
SENTENCE_SPLIT = re.compile(r"(?<=[。！？；!?;])")


@dataclass(frozen=True, slots=True)
class Block:
    """What a reader found: a paragraph, a line or a table row (cells joined by tabs)."""

    text: str
    table: bool = False
    style_level: int | None = None  # a .docx "Heading N" style


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based, in document order
    text: str
    kind: str  # BODY, HEADING or TABLE
    level: int | None = None  # heading level (1 = 一、), None for body text
    marker: int | None = None  # the heading's number as a value (三 -> 3, ② -> 2)
    path: tuple[str, ...] = ()  # titles of the headings above (and of this heading)

    @property
    def title(self) -> str:
        """A heading's title: the text up to its first full stop or colon, cut at 40 characters."""
        head = re.split(r"[。：:；;]", self.text, maxsplit=1)[0]
        return head[:40]

    def sentences(self) -> tuple[str, ...]:
        return split_sentences(self.text)


@lru_cache(maxsize=16384)
def split_sentences(text: str) -> tuple[str, ...]:
    """A paragraph's sentences, each ending with its 。！？； (cached: every rule walks them)."""
    return tuple(s for s in (part.strip() for part in SENTENCE_SPLIT.split(text)) if s)


@dataclass(frozen=True)
class Document:
    name: str
    paragraphs: tuple[Paragraph, ...]
    source: str = "txt"  # docx, pdf, txt, doc
    meta: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def headings(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == HEADING]

    def body(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind != HEADING or len(p.text) > len(p.title) + 2]


_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code - 0xFEE0).isalnum()}
_FOLD.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+", ord("－"): "-", ord("＝"): "=", ord("／"): "/",
              ord("\u3000"): " ", ord("\xa0"): " ", ord("\u200b"): None, ord("\ufeff"): None})


def normalise(text: str) -> str:
    """Fold 全角 digits, letters and the signs of arithmetic (１２．５％ → 12.5%) and collapse runs
    of spaces; Chinese punctuation stays as written, so a quoted sentence reads as the report."""
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    text = re.sub(r" *\t[ \t]*", "\t", text)  # a table row keeps its cells apart
    return re.sub(r" +", " ", text).strip()


def chinese_number(text: str) -> int | None:
    """"三" -> 3, "十二" -> 12, "二十" -> 20; None for anything else."""
    if not text or any(ch not in CHINESE_DIGITS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + CHINESE_DIGITS[ch]
    return value


def heading_of(text: str) -> tuple[int, int] | None:
    """(level, number) of a numbered heading, or None."""
    for level, pattern in HEADING_MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        token = match.group(1)
        if level in (1, 2):
            number = chinese_number(token)
        elif level == 5:
            number = CIRCLED.index(token) + 1
        else:
            number = int(token)
        if number is None:
            return None
        return level, number
    return None


def _looks_hard_wrapped(lines: list[str]) -> int | None:
    """The wrap width of a text whose paragraphs were broken into lines of one length (a PDF's
    text layer, a copied web page), or None when lines are whole paragraphs."""
    lengths = sorted(len(line) for line in lines if len(line) >= 8)
    if len(lengths) < 6:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 10 else lengths[-1]
    near = sum(1 for n in lengths if 0.8 * width <= n <= width + 2)
    return width if near >= 0.4 * len(lengths) and width <= 80 else None


CONTINUES_AFTER = "，、（(《〔“"
CONTINUES_BEFORE = "，。、；：）)」”》〕号"


def _continues(previous: Block, block: Block, width: int | None) -> bool:
    """Whether `block` is the rest of `previous`'s sentence, broken by the text layer."""
    if previous.table or block.table or heading_of(block.text) is not None:
        return False
    if previous.text[-1] in CONTINUES_AFTER or block.text[0] in CONTINUES_BEFORE:
        return True
    if previous.text[-1] == "〕" and re.match(r"\d+\s*号", block.text):  # a 文号 broken after its year
        return True
    return width is not None and len(previous.text) >= 0.7 * width and previous.text[-1] not in LINE_END


def _join_wrapped(blocks: list[Block]) -> list[Block]:
    lines = [b.text for b in blocks if not b.table]
    width = _looks_hard_wrapped(lines)
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous is not None and _continues(previous, block, width):
            joined[-1] = Block(previous.text + block.text, False, previous.style_level)
        else:
            joined.append(block)
    return joined


def build_document(blocks, name: str = "", source: str = "txt", meta: dict | None = None) -> Document:
    items = [Block(normalise(b.text), b.table, b.style_level) for b in blocks]
    items = [b for b in items if b.text]
    if source in ("txt", "pdf"):
        items = _join_wrapped(items)
    paragraphs: list[Paragraph] = []
    stack: list[tuple[int, str]] = []  # (level, title) of the open headings
    for block in items:
        number = len(paragraphs) + 1
        if block.table:
            paragraphs.append(Paragraph(number, block.text, TABLE, path=tuple(t for _, t in stack)))
            continue
        found = heading_of(block.text)
        level = found[0] if found else block.style_level
        if level is None:
            paragraphs.append(Paragraph(number, block.text, BODY, path=tuple(t for _, t in stack)))
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        draft = Paragraph(number, block.text, HEADING, level, found[1] if found else None)
        stack.append((level, draft.title))
        paragraphs.append(Paragraph(number, block.text, HEADING, level, draft.marker, tuple(t for _, t in stack)))
    return Document(name, tuple(paragraphs), source, dict(meta or {}))


def from_text(text: str, name: str = "", source: str = "txt") -> Document:
    return build_document([Block(line) for line in text.splitlines()], name, source)
