"""Paragraph styles of a .docx: which make a heading (and of what level), which belong to a
table of contents, and which carry list numbering."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$|^toc heading$|^目录标题$", re.IGNORECASE)
_MAX_CHAIN = 12  # basedOn links followed before giving up (a loop in a damaged styles part)


def _val(element, tag: str) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


def outline_level(ppr) -> int | None:
    """w:outlineLvl of a paragraph's properties as a heading level (0 -> 1); 9 means body text."""
    value = _val(ppr, "w:outlineLvl")
    if value is None or not value.isdigit():
        return None
    return int(value) + 1 if int(value) < 9 else 0


def num_pr(ppr) -> tuple[str | None, int | None] | None:
    """(numId, ilvl) of a w:numPr, either of which may be missing; None without one."""
    found = ppr.find(qn("w:numPr")) if ppr is not None else None
    if found is None:
        return None
    ilvl = _val(found, "w:ilvl")
    return _val(found, "w:numId"), int(ilvl) if ilvl and ilvl.isdigit() else None


class Styles:
    def __init__(self, styles_element):
        self._styles: dict[str, object] = {}
        self.default: str | None = None
        if styles_element is None:
            return
        for style in styles_element.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) not in (None, "paragraph"):
                continue
            style_id = style.get(qn("w:styleId"))
            if style_id is None:
                continue
            self._styles[style_id] = style
            if style.get(qn("w:default")) in ("1", "true", "on"):
                self.default = style_id

    def _chain(self, style_id: str | None):
        seen = set()
        style_id = style_id or self.default
        while style_id and style_id in self._styles and style_id not in seen and len(seen) < _MAX_CHAIN:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style_id, style
            style_id = _val(style, "w:basedOn")

    def name(self, style_id: str | None) -> str:
        for _, style in self._chain(style_id):
            return (_val(style, "w:name") or "").strip()
        return ""

    def heading_level(self, style_id: str | None) -> int | None:
        """The level a "Heading N"/"标题 N" style (or a style based on one, or with an outline
        level) gives its paragraphs; None for body styles."""
        for _, style in self._chain(style_id):
            match = HEADING_NAME.match((_val(style, "w:name") or "").strip())
            if match:
                return int(match.group(1))
            level = outline_level(style.find(qn("w:pPr")))
            if level is not None:
                return level or None
        return None

    def is_toc(self, style_id: str | None) -> bool:
        return any(TOC_NAME.match((_val(style, "w:name") or "").strip()) for _, style in self._chain(style_id))

    def numbering(self, style_id: str | None) -> tuple[str, str | None, int | None] | None:
        """(style id, numId, ilvl) of the numbering a style (or one it is based on) carries."""
        for found_id, style in self._chain(style_id):
            pr = num_pr(style.find(qn("w:pPr")))
            if pr is not None and pr[0] is not None:
                return found_id, pr[0], pr[1]
        return None

    def num_id_of_style(self, style_id: str) -> str | None:
        found = self.numbering(style_id)
        return found[1] if found else None
