"""What a report file is, by its extension and by its first bytes."""

from __future__ import annotations

from pathlib import Path

SUPPORTED = (".docx", ".doc", ".wps", ".pdf", ".txt", ".rtf", ".odt")

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF-"
RTF_MAGIC = b"{\\rtf"


def suffix_of(path: Path, name: str) -> str:
    """The extension to read by: the file's own, else the one of the name it was uploaded under."""
    for candidate in (path.suffix.lower(), Path(name).suffix.lower()):
        if candidate in SUPPORTED:
            return candidate
    return path.suffix.lower() or Path(name).suffix.lower()


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def is_ole(head: bytes) -> bool:
    return head.startswith(OLE_MAGIC[:4])


def is_pdf(head: bytes) -> bool:
    return PDF_MAGIC in head[:1024]


def is_rtf(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(RTF_MAGIC)


def looks_textual(head: bytes) -> bool:
    """Markup or text (a .doc saved as HTML by a web system, or a renamed .txt), not random bytes."""
    body = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if body.startswith(b"<"):
        return True
    if b"\x00" in head:
        return False
    for cut in range(4):  # the head may end inside a character
        for encoding in ("utf-8", "gb18030"):
            try:
                (head[:-cut] if cut else head).decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False
