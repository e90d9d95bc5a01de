"""Draw the outline into a Word document made from the template, and save it without ever
overwriting a file: a temporary file in the target folder, then a rename onto a free name."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.exceptions import OpcError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from validation.errors import ZipingError

from . import template as styles
from .content import LINE_BREAK, Heading, Para, Placeholder, Table, outline, title

SUFFIX = "绩效自评报告.docx"
MAX_STEM = 80
FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                  "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
                  "application/vnd.ms-word.document.macroEnabled.main+xml")


class DraftError(ZipingError):
    """A report could not be drafted: an unusable template or a folder that cannot be written."""


# ---- file names ---------------------------------------------------------------------------------

def report_file_name(project: str) -> str:
    """"2024年窗口聘用人员经费绩效自评报告.docx": the project name made safe for Windows."""
    stem = FORBIDDEN.sub("_", project or "")
    stem = re.sub(r"\s+", " ", stem).strip()[:MAX_STEM].rstrip(". ")
    if not stem:
        stem = "未命名项目"
    if RESERVED.match(stem):
        stem = "_" + stem
    return stem + SUFFIX


def numbered(path: Path, number: int) -> Path:
    """报告.docx, 报告（2）.docx, 报告（3）.docx…"""
    return path if number == 1 else path.with_name(f"{path.stem}（{number}）{path.suffix}")


# ---- the document -------------------------------------------------------------------------------

def open_template(template: str | Path | None = None):
    """The template as a Document with an empty body (its section: page, margins, header and
    footer, stays), holding every style a draft uses."""
    path = Path(template) if template is not None else styles.TEMPLATE
    if not path.is_file():
        raise DraftError(f"找不到报告模板“{path}”。")
    try:
        document = Document(io.BytesIO(_as_document(path.read_bytes())))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OpcError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise DraftError(f"报告模板“{path.name}”不是可用的 Word 文档（.docx 或 .dotx）。") from exc
    except OSError as exc:
        raise DraftError(f"无法读取报告模板“{path}”：{exc.strerror or exc}。") from exc
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    styles.ensure_styles(document)
    return document


def _as_document(data: bytes) -> bytes:
    """A Word template (.dotx, .dotm) or macro document opened as a plain document: only the
    content type of the main part differs (python-docx refuses the others)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").decode("utf-8")
        if not any(t in types for t in TEMPLATE_TYPES):
            return data
        for kind in TEMPLATE_TYPES:
            types = types.replace(kind, DOCUMENT_TYPE)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                target.writestr(item, types.encode("utf-8") if item.filename == "[Content_Types].xml"
                                else source.read(item.filename))
        return out.getvalue()


def render(document, blocks) -> None:
    # Style ids looked up once: python-docx looks a style name up anew on every assignment.
    ids = {spec.name: document.styles[spec.name].style_id for spec in styles.STYLES}

    def paragraph(style: str):
        new = document.add_paragraph()
        new._p.style = ids[style]
        return new

    for block in blocks:
        if isinstance(block, Heading):
            paragraph(styles.HEADING1 if block.level == 1 else styles.HEADING2).add_run(block.text)
        elif isinstance(block, Para):
            _segments(paragraph(block.style), block.segments)
        elif isinstance(block, Table):
            _table(document, block, ids)


def _segments(paragraph, segments) -> None:
    for segment in segments:
        if isinstance(segment, Placeholder):
            run = paragraph.add_run(segment.text)
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif segment == LINE_BREAK:
            paragraph.add_run().add_break()
        else:
            paragraph.add_run(segment)


def _table(document, block: Table, ids: dict[str, str]) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table._tbl.tblPr.style = ids[styles.TABLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, block.widths_mm):
        column.width = Mm(width)
    for r, values in enumerate([block.header, *block.rows]):
        row = table.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeated on every page the table runs to
        cells = row.cells  # python-docx builds this list anew on every access
        for c, value in enumerate(values):
            cell = cells[c]
            cell.width = Mm(block.widths_mm[c])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph._p.style = ids[styles.CELL]
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.LEFT if r and c in block.left else WD_ALIGN_PARAGRAPH.CENTER)
            _segments(paragraph, [value])
            if r == 0:
                for run in paragraph.runs:
                    run.bold = True
    for c in block.merge_runs:
        _merge_equal(table, c, [str(values[c]) for values in block.rows])


def _merge_equal(table, column: int, texts: list[str]) -> None:
    """Join a run of equal cells down a column into one cell, as the form merges its 二级指标."""
    count = len(texts)
    start = 1
    for r in range(2, count + 2):
        if r <= count and texts[r - 1] == texts[start - 1]:
            continue
        if r - 1 > start:
            text = table.cell(start, column).text
            merged = table.cell(start, column).merge(table.cell(r - 1, column))
            for paragraph in merged.paragraphs[1:]:
                paragraph._p.getparent().remove(paragraph._p)
            if merged.paragraphs[0].text != text:  # python-docx keeps the first cell's text
                merged.paragraphs[0].text = text
        start = r


def build(report, template: str | Path | None = None, profile=None):
    document = open_template(template)
    render(document, outline(report, profile))
    props = document.core_properties
    props.title = title(report)
    props.subject = "项目支出绩效自评报告"
    props.author = report.unit or report.department or "ziping"
    props.last_modified_by = "ziping"
    props.comments = "由 ziping 根据项目支出绩效自评表起草，标黄处需单位填写。"
    now = datetime.now().replace(microsecond=0)
    props.created = props.modified = now
    props.revision = 1
    return document


# ---- saving ---------------------------------------------------------------------------------------

def save(document, path: Path, overwrite: bool = False) -> Path:
    """Save `document` as `path` (or, when that name is taken and `overwrite` is False, as the
    first free "name（2）.docx"…); atomically: a reader never sees half a file."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise DraftError(f"“{_near(exc, folder)}”不是文件夹，无法在其中保存自评报告。") from None
    except OSError as exc:
        raise _folder_error(folder, exc) from None
    if not folder.is_dir():
        raise DraftError(f"“{folder}”不是文件夹，无法在其中保存自评报告。")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".~ziping-", suffix=".docx.tmp", dir=folder)
    except OSError as exc:
        raise _folder_error(folder, exc) from None
    temporary = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            document.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        return _place(temporary, path, overwrite)
    except OSError as exc:
        raise _folder_error(folder, exc) from None
    finally:
        temporary.unlink(missing_ok=True)


def _place(temporary: Path, path: Path, overwrite: bool) -> Path:
    if overwrite:
        os.replace(temporary, path)
        return path
    for number in range(1, 1000):
        candidate = numbered(path, number)
        try:  # claim the name: an exclusive create fails when the name is taken, even by a concurrent run
            claim = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            continue
        os.close(claim)
        try:
            os.replace(temporary, candidate)
        except OSError:
            candidate.unlink(missing_ok=True)
            raise
        return candidate
    raise DraftError(f"文件夹“{path.parent}”中名为“{path.stem}”的文件过多，请先整理该文件夹。")


def _near(exc: OSError, folder: Path) -> str:
    return exc.filename if isinstance(exc.filename, str) else str(folder)


def _folder_error(folder: Path, exc: OSError) -> DraftError:
    if isinstance(exc, PermissionError):
        return DraftError(f"无法在文件夹“{folder}”中保存自评报告：没有写入权限。请换一个文件夹，"
                          "或关闭正在使用该文件的程序后重试。")
    return DraftError(f"无法在文件夹“{folder}”中保存自评报告：{exc.strerror or exc}。")
