"""The Word template of a drafted 自评报告: page and styles after GB/T 9704 (党政机关公文格式).

`build_template(path)` writes `reports/templates/自评报告模板.docx`, the file kept in the repository
(a test compares the kept file with a fresh build, style by style). A department may hand over a
template of its own: `ensure_styles` then adds only the styles it lacks and changes none it has.

    python -c "from reports.drafting import build_template; build_template()"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "自评报告模板.docx"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm, 28 characters of 三号
# 22 lines a page: (297 - 37 - 35) mm / 22 = 28.99 pt; Word keeps line heights in twentieths of a point.
LINE_PT = 28.95

# The style names a drafted report uses; a department's own template must name its styles alike.
TITLE, SUBTITLE, HEADING1, HEADING2, BODY = "Title", "Subtitle", "Heading 1", "Heading 2", "Normal"
TABLE, CELL = "自评报告表格", "表格文字"
LATIN = "Times New Roman"


@dataclass(frozen=True)
class StyleSpec:
    name: str
    kind: WD_STYLE_TYPE
    east_asian: str  # the w:eastAsia font: what the Chinese text is set in
    latin: str  # w:ascii and w:hAnsi: digits and Latin letters
    size_pt: float
    align: WD_ALIGN_PARAGRAPH | None = None
    indent_chars: int = 0  # first-line indent in characters (the body's two)
    line_pt: float | None = LINE_PT  # exact line height; None = single
    space_after_pt: float = 0
    keep_with_next: bool = False
    outline_level: int | None = None


STYLES = (
    StyleSpec(BODY, WD_STYLE_TYPE.PARAGRAPH, "仿宋_GB2312", LATIN, 16, WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2),
    # 二号小标宋, centred; its own line height (a 22 pt face does not fit the 29 pt body grid twice).
    StyleSpec(TITLE, WD_STYLE_TYPE.PARAGRAPH, "方正小标宋简体", "方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER,
              line_pt=36, keep_with_next=True),
    StyleSpec(SUBTITLE, WD_STYLE_TYPE.PARAGRAPH, "楷体_GB2312", "楷体_GB2312", 16, WD_ALIGN_PARAGRAPH.CENTER,
              space_after_pt=LINE_PT, keep_with_next=True),
    StyleSpec(HEADING1, WD_STYLE_TYPE.PARAGRAPH, "黑体", "黑体", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2,
              keep_with_next=True, outline_level=0),
    StyleSpec(HEADING2, WD_STYLE_TYPE.PARAGRAPH, "楷体_GB2312", "楷体_GB2312", 16, WD_ALIGN_PARAGRAPH.JUSTIFY,
              indent_chars=2, keep_with_next=True, outline_level=1),
    StyleSpec(CELL, WD_STYLE_TYPE.PARAGRAPH, "仿宋_GB2312", LATIN, 12, WD_ALIGN_PARAGRAPH.CENTER, line_pt=None),
    StyleSpec(TABLE, WD_STYLE_TYPE.TABLE, "仿宋_GB2312", LATIN, 12, line_pt=None),
)
STYLE_NAMES = tuple(spec.name for spec in STYLES)


def set_fonts(r_pr, east_asian: str, latin: str) -> None:
    """Name the fonts of a w:rPr: python-docx's `font.name` sets w:ascii/w:hAnsi only, and a theme
    attribute (w:eastAsiaTheme …) would win over a named font, so those go."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def east_asian_font(style) -> str | None:
    """The w:eastAsia font a style names itself (not inherited)."""
    r_pr = style.element.rPr
    fonts = r_pr.find(qn("w:rFonts")) if r_pr is not None else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def _clear(element) -> None:
    if element is not None:
        for child in list(element):
            element.remove(child)


def _define(document, spec: StyleSpec):
    styles = document.styles
    try:
        style = styles[spec.name]
    except KeyError:
        style = styles.add_style(spec.name, spec.kind)
    # Start from nothing: python-docx's default Title has a blue rule, Heading 1 is bold and blue,
    # Subtitle is numbered and italic.
    _clear(style.element.pPr)
    _clear(style.element.rPr)
    for tag in ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr", "w:link"):
        for child in style.element.findall(qn(tag)):
            style.element.remove(child)
    style.quick_style = True
    font = style.font
    font.size = Pt(spec.size_pt)
    font.bold = False
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), spec.east_asian, spec.latin)
    if spec.name != BODY and spec.kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = None if spec.name == CELL else styles[BODY]
    para = style.paragraph_format
    para.space_before = Pt(0)
    para.space_after = Pt(spec.space_after_pt)
    if spec.line_pt is None:
        para.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        para.line_spacing = Pt(spec.line_pt)
        para.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    if spec.align is not None:
        para.alignment = spec.align
    para.first_line_indent = Pt(spec.size_pt * spec.indent_chars)
    para.left_indent = Pt(0)
    # Word counts w:firstLineChars in hundredths of a character, so the indent follows the font size.
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), str(spec.indent_chars * 100))
    para.keep_with_next = spec.keep_with_next
    para.widow_control = True
    if spec.outline_level is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec.outline_level))
        style.element.get_or_add_pPr().append(level)
    if spec.kind == WD_STYLE_TYPE.TABLE:
        _table_borders(style)
    return style


def _table_borders(style) -> None:
    """A grid of thin black lines, and cells with a little room left and right."""
    tbl_pr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 28), ("left", 85), ("bottom", 28), ("right", 85)):
        cell = OxmlElement(f"w:{edge}")
        cell.set(qn("w:w"), str(width))
        cell.set(qn("w:type"), "dxa")
        margins.append(cell)
    tbl_pr.append(margins)
    r_pr = style.element.rPr
    (r_pr.addnext if r_pr is not None else style.element.append)(tbl_pr)


def ensure_styles(document) -> None:
    """Add the styles a draft uses that `document` lacks; the ones it has stay as they are."""
    names = {style.name for style in document.styles}
    for spec in STYLES:
        if spec.name not in names:
            _define(document, spec)


def _defaults(document) -> None:
    """Document defaults: Chinese line breaking and fonts for text outside any style."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, "仿宋_GB2312", LATIN)
    lang = r_pr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:sz", "w:szCs"):
        r_pr.find(qn(tag)).set(qn("w:val"), "32")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    for key, value in (("after", "0"), ("line", "240"), ("lineRule", "auto")):
        spacing.set(qn(f"w:{key}"), value)


def _page(section) -> None:
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    # The line pitch of 22 lines a page, without snapping text to it: a grid would stretch every
    # line of a 小四 table cell to the body's 29 pt.
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.attrib.pop(qn("w:type"), None)
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))


def _page_number(section) -> None:
    """"— 1 —" at the foot of the page, 4号宋体 (GB/T 9704 7.5)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    ind.set(qn("w:firstLineChars"), "0")

    def run(text: str | None = None, field: str | None = None):
        r = paragraph.add_run(text)
        r.font.size = Pt(14)
        set_fonts(r._r.get_or_add_rPr(), "宋体", LATIN)
        if field:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            r._r.append(char)
        return r

    run("— ")
    run(field="begin")
    instr = run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    instr._r.append(code)
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def new_template():
    """The built-in template as a python-docx Document (not saved)."""
    document = Document()
    _defaults(document)
    for spec in STYLES:
        _define(document, spec)
    section = document.sections[0]
    _page(section)
    _page_number(section)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    props.title, props.author, props.comments = "项目支出绩效自评报告", "ziping", "绩效自评报告模板（GB/T 9704 版式）"
    props.last_modified_by = "ziping"
    return document


def build_template(path: str | Path = TEMPLATE) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new_template().save(str(path))
    return path


if __name__ == "__main__":
    print(build_template(sys.argv[1] if len(sys.argv) > 1 else TEMPLATE))
