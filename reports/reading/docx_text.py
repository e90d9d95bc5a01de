"""The text of a .docx in document order: paragraphs and table rows as they appear in the body.

Paragraph text is read from the XML (w:t, tabs, breaks), so that text inserted with tracked
changes counts and deleted text does not; automatic list numbers are rendered ("一、"), text
boxes and the table of contents are left out. A table row is one block, its cells joined by
tabs; a cell spanning columns is written once, a cell merged down repeats its text in the rows
it covers.
"""

from __future__ import annotations

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from reports.reading.docx_numbering import Numbering
from reports.reading.docx_styles import Styles, num_pr, outline_level
from validation.narrative.document import Block

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_T, _TAB, _PTAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_WRAPPERS = (_SDT, _CUSTOM_XML)
_SKIP = {qn(f"w:{tag}") for tag in ("pPr", "rPr", "del", "moveFrom", "drawing", "pict", "object", "instrText",
                                    "delText", "delInstrText", "footnoteReference", "endnoteReference",
                                    "commentReference", "fldData", "sdtPr", "sdtEndPr", "sym", "softHyphen",
                                    "annotationRef", "footnoteRef", "endnoteRef")}
_OFF = ("0", "false", "off")


def open_docx(path: str):
    """The python-docx Document; raises whatever python-docx raises for a file it cannot open."""
    return docx.Document(path)


def _hidden(run) -> bool:
    rpr = run.find(qn("w:rPr"))
    vanish = rpr.find(qn("w:vanish")) if rpr is not None else None
    return vanish is not None and vanish.get(qn("w:val")) not in _OFF


def _collect(element, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag in (_TAB, _PTAB):
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
        elif tag == _R and _hidden(child):
            continue
        elif tag == _MC + "AlternateContent":
            choice = child.find(_MC + "Choice")
            if choice is not None:
                _collect(choice, out)
        else:
            _collect(child, out)


def _is_toc(sdt) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower()


def _children(element, tag: str):
    """Children with `tag`, looking through content controls and custom XML wrapped around them."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _children(content, tag)


def _related_element(document, reltype: str):
    """The XML of a part the main document relates to (styles, numbering), or None when the
    document has none (python-docx would try to create one, and cannot for numbering)."""
    try:
        return document.part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


class DocxReader:
    def __init__(self, document):
        self.styles = Styles(_related_element(document, RT.STYLES))
        self.numbering = Numbering(_related_element(document, RT.NUMBERING), self.styles)
        self.body = document.element.body
        self.tables = 0

    def blocks(self) -> list[Block]:
        return list(self._container(self.body))

    def _container(self, container):
        for child in container.iterchildren():
            tag = child.tag
            if tag == _P:
                yield from self._paragraph(child)
            elif tag == _TBL:
                self.tables += 1
                yield from self._table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None and not _is_toc(child):
                    yield from self._container(content)
            elif tag == _CUSTOM_XML:
                yield from self._container(child)

    def _paragraph_text(self, p) -> tuple[str, int | None] | None:
        """(text with its list number, heading level) of a w:p; None for a table-of-contents entry."""
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style.get(qn("w:val")) if style is not None else None
        if self.styles.is_toc(style_id):
            return None
        direct = outline_level(ppr)
        level = (direct or None) if direct is not None else self.styles.heading_level(style_id)
        own = num_pr(ppr)
        if own is not None and own[0] is not None:
            num_id, ilvl = own
            if ilvl is None:
                inherited = self.styles.numbering(style_id)
                ilvl = inherited[2] if inherited and inherited[1] == num_id else 0
        else:
            inherited = self.styles.numbering(style_id)
            num_id, ilvl = (inherited[1], own[1] if own and own[1] is not None else inherited[2]) if inherited \
                else (None, None)
        label = self.numbering.label(num_id, ilvl, style_id)
        out: list[str] = []
        _collect(p, out)
        text = "".join(out)
        if label and text.strip():
            text = label + text.lstrip()
        return text, level

    def _paragraph(self, p):
        found = self._paragraph_text(p)
        if found is None:
            return
        text, level = found
        first = True
        for line in text.split("\n"):
            if line.strip():
                yield Block(line, False, level if first else None)
                first = False

    def _cell_text(self, tc) -> str:
        parts: list[str] = []
        for child in tc.iterchildren():
            if child.tag == _P:
                found = self._paragraph_text(child)
                if found is not None:
                    parts.append(found[0])
            elif child.tag == _TBL:
                parts.extend(self._row_text(tr) for tr in _children(child, _TR))
            elif child.tag in _WRAPPERS:
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:
                    parts.append(self._cell_text(content))
        return " ".join(" ".join(part.split()) for part in parts if part.strip())

    def _row_text(self, tr) -> str:
        return " ".join(text for text in (self._cell_text(tc) for tc in _children(tr, _TC)) if text)

    def _table(self, tbl):
        above: dict[int, str] = {}  # grid column -> text of the cell merged down from there
        for tr in _children(tbl, _TR):
            before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
            column = int(before.get(qn("w:val"), "0")) if before is not None and (before.get(qn("w:val")) or "").isdigit() else 0
            cells: list[str] = []
            for tc in _children(tr, _TC):
                tcpr = tc.find(qn("w:tcPr"))
                span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                span_val = span_el.get(qn("w:val")) if span_el is not None else None
                span = max(1, int(span_val)) if span_val and span_val.isdigit() else 1
                merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                if merge is not None and merge.get(qn("w:val")) in (None, "continue"):
                    text = above.get(column, "")
                else:
                    text = self._cell_text(tc)
                    if merge is not None:
                        above[column] = text
                    else:
                        above.pop(column, None)
                cells.append(text)
                column += span
            if any(cell.strip() for cell in cells):
                yield Block("\t".join(cells), table=True)
