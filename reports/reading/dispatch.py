"""read_report: choose the reader by extension and by the file's first bytes, after the guards."""

from __future__ import annotations

from pathlib import Path

from reports.reading import guards
from reports.reading.docx_text import DocxReader, open_docx
from reports.reading.errors import ReportUnreadable
from reports.reading.formats import (
    SUPPORTED,
    is_ole,
    is_pdf,
    is_rtf,
    is_zip,
    looks_textual,
    suffix_of,
)
from reports.reading.legacy import as_docx
from reports.reading.pdf_text import read_pdf
from reports.reading.plain_text import read_text
from validation.narrative.document import Document, build_document

_SUPPORTED_LIST = "、".join(SUPPORTED)


def read_report(path, name: str | None = None) -> Document:
    """A 自评报告 (.docx .doc .wps .pdf .txt .rtf .odt) as numbered paragraphs; `name` is what the
    clerk calls the file (an upload's original name), used in the Document and in messages.
    Raises ReportUnreadable with one Chinese sentence for anything that cannot be read."""
    path = Path(path)
    shown = name or path.name
    suffix = suffix_of(path, shown)
    if suffix not in SUPPORTED:
        kind = f"“{suffix}”格式" if suffix else "没有扩展名"
        raise ReportUnreadable(f"无法读取“{shown}”：{kind}的文件不是支持的报告格式；"
                               f"请提供 {_SUPPORTED_LIST} 格式的自评报告。")
    if Path(shown).name.startswith("~$"):
        raise ReportUnreadable(f"“{shown}”是 Word 打开文档时生成的临时文件，不是报告本身；"
                               "请选择去掉“~$”的原文件。")
    head = guards.check_file(path, shown)
    if suffix == ".txt":
        return _finish(read_text(path, shown), shown, "txt", {})
    if suffix == ".pdf" or head.startswith(b"%PDF-"):
        if not is_pdf(head):
            raise ReportUnreadable(f"报告文件“{shown}”不是有效的 PDF 文件（可能已损坏或改了扩展名），无法读取；"
                                   "请重新导出 PDF 或提供 Word 版本。")
        blocks, meta = read_pdf(path, shown)
        return _finish(blocks, shown, "pdf", meta)
    return _read_word(path, shown, suffix, head)


def _read_word(path: Path, shown: str, suffix: str, head: bytes) -> Document:
    what = "ODT 文件" if suffix == ".odt" else "Word 文件"
    if is_zip(head):
        names = guards.check_zip(path, shown, what, doctype_allowed=suffix == ".odt")
        if any(n.startswith("word/") for n in names):
            return _read_docx(path, shown, "docx", {}, checked=True)
        if "content.xml" in names or "mimetype" in names:
            return _converted(path, shown, ".odt")
        if any(n.startswith("xl/") for n in names):
            raise ReportUnreadable(f"“{shown}”是 Excel 工作簿，不是自评报告；请选择 Word、PDF 或文本格式的报告文件。")
        if any(n.startswith("ppt/") for n in names):
            raise ReportUnreadable(f"“{shown}”是 PowerPoint 演示文稿，不是自评报告；请选择 Word、PDF 或文本格式的报告文件。")
        raise guards.damaged(shown, what)
    if is_ole(head):
        streams = guards.ole_streams(path)
        if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
            raise guards.encrypted(shown)
        if suffix == ".docx" and "WordDocument" not in streams:
            raise guards.encrypted(shown)
        return _converted(path, shown, suffix if suffix != ".docx" else ".doc")
    if suffix == ".docx" or suffix == ".odt":
        raise guards.damaged(shown, what)
    if is_rtf(head):
        return _converted(path, shown, ".rtf")
    if looks_textual(head):
        return _converted(path, shown, suffix)  # a .doc saved as HTML or XML by a web system
    raise guards.damaged(shown, what)


def _converted(path: Path, shown: str, suffix: str) -> Document:
    with as_docx(path, shown, suffix) as converted:
        return _read_docx(converted, shown, "doc", {"converted_from": suffix})


def _read_docx(path: Path, shown: str, source: str, meta: dict, checked: bool = False) -> Document:
    if not checked:  # a .docx LibreOffice wrote from a clerk's file: checked like any other
        guards.check_zip(path, shown)
    try:
        reader = DocxReader(open_docx(str(path)))
        blocks = reader.blocks()
    except ReportUnreadable:
        raise
    except Exception:  # noqa: BLE001 - python-docx and lxml raise many kinds on a damaged package
        raise guards.damaged(shown) from None
    return _finish(blocks, shown, source, {"tables": reader.tables, **meta})


def _finish(blocks, shown: str, source: str, meta: dict) -> Document:
    document = build_document(blocks, shown, source, meta)
    if not document.paragraphs:
        raise ReportUnreadable(f"报告文件“{shown}”里没有文字内容（可能只有图片或是空白文档），无法核对；"
                               "请提供含文字的报告。")
    return document
