"""The text layer of a PDF, one block per line, without the page numbers printed at the top or
bottom of a page and without the dotted lines of a table of contents.

A PDF without a text layer (a scan) cannot be checked and says so; one encrypted only against
editing (an empty user password) is read.
"""

from __future__ import annotations

import logging
import re
import warnings
from contextlib import contextmanager
from pathlib import Path

import pypdf
from pypdf import PasswordType

from reports.reading.errors import ReportUnreadable
from validation.narrative.document import Block

MAX_PDF_PAGES = 1000
MIN_TEXT_CHARS = 20  # fewer letters and digits than this in the whole file: no text layer to speak of
PAGE_TEXT_CHARS = 5  # a page with fewer is counted as a page without text (a scanned page)

_PAGE_NUMBER = re.compile(r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－·•]*$")
_TOC_LINE = re.compile(r"(?:[.．。·…⋯]\s*){4,}\s*\d{1,4}\s*$")


def _damaged(shown: str) -> ReportUnreadable:
    return ReportUnreadable(f"报告文件“{shown}”不是有效的 PDF 文件（可能已损坏或下载不完整），无法读取；"
                            "请重新导出 PDF 或提供 Word 版本。")


@contextmanager
def _quiet():
    """pypdf reports damage it works around through logging and warnings; a clerk needs none of it."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _meaningful(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def _page_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    while lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0]):
        lines.pop(0)
    return [line for line in lines if not _TOC_LINE.search(line)]


def read_pdf(path: Path, shown: str) -> tuple[list[Block], dict]:
    with _quiet():
        try:
            reader = pypdf.PdfReader(str(path))
        except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
            raise _damaged(shown) from None
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # noqa: BLE001 - DependencyError (AES without cryptography), or a damaged /Encrypt
                raise ReportUnreadable(f"报告文件“{shown}”是加密的 PDF，本机无法解密；"
                                       "请提供未加密的 PDF 或 Word 版本。") from None
            if opened == PasswordType.NOT_DECRYPTED:
                raise ReportUnreadable(f"报告文件“{shown}”设置了打开密码，无法读取；"
                                       "请去掉密码后重新导出 PDF，或提供 Word 版本。")
        try:
            count = len(reader.pages)
        except Exception:  # noqa: BLE001 - a damaged page tree
            raise _damaged(shown) from None
        if count > MAX_PDF_PAGES:
            raise ReportUnreadable(f"报告文件“{shown}”有 {count} 页，超过 {MAX_PDF_PAGES} 页的上限，"
                                   "不像是一份自评报告；请只提交报告本身。")
        blocks: list[Block] = []
        blank: list[int] = []
        failed = 0
        for number in range(count):
            try:
                text = reader.pages[number].extract_text() or ""
            except Exception:  # noqa: BLE001 - a damaged page, or a stream past pypdf's limits
                text, failed = "", failed + 1
            if _meaningful(text) < PAGE_TEXT_CHARS:
                blank.append(number + 1)
            blocks.extend(Block(line) for line in _page_lines(text))
    if count and failed == count:
        raise _damaged(shown)
    if sum(_meaningful(block.text) for block in blocks) < MIN_TEXT_CHARS:
        raise ReportUnreadable(f"报告文件“{shown}”是扫描件，没有文字层，无法核对；"
                               "请提供 Word 版本或带文字的 PDF。")
    meta = {"pages": count}
    if blank:
        meta["pages_without_text"] = blank
    return blocks, meta
