"""A report saved as plain text: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030
(what Notepad on a Chinese Windows writes as "ANSI")."""

from __future__ import annotations

import codecs
from pathlib import Path

from reports.reading.errors import ReportUnreadable
from validation.narrative.document import Block

MAX_BAD_SHARE = 0.01  # undecodable characters tolerated (a stray byte), as a share of the text

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, shown: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data:
        raise ReportUnreadable(f"报告文件“{shown}”看起来不是文本文件（含有二进制内容），无法读取；"
                               "请另存为 .txt 或提供 Word 版本。")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > MAX_BAD_SHARE * max(len(text), 1):
        raise ReportUnreadable(f"无法识别报告文件“{shown}”的文字编码；请用记事本另存为 UTF-8 编码后再核对。")
    return text


def read_text(path: Path, shown: str) -> list[Block]:
    try:
        data = path.read_bytes()
    except OSError:
        raise ReportUnreadable(f"无法打开报告文件“{shown}”（没有读取权限，或正被其他程序占用）；"
                               "请关闭该文件或检查权限后重试。") from None
    return [Block(line) for line in decode(data, shown).splitlines()]
