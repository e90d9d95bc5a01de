"""The zip container of an .xlsx, checked before anything is read from it.

A hostile workbook is small on disk and enormous inside: a sheet of whitespace that inflates
to hundreds of megabytes (a zip bomb), or two cells at A1 and XFD1048576 that make a
spreadsheet reader allocate a grid of seventeen billion cells. Both are refused here, from
the sizes in the zip directory and a scan of the sheet's cell references, before a reader
builds anything; each refusal is one Chinese sentence that says which limit was hit.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from validation.errors import InputError

MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts, uncompressed
MAX_PART_BYTES = 64 * 1024 * 1024  # one part (a sheet's XML), uncompressed
BOMB_RATIO = 100  # a part above BOMB_MIN_BYTES that inflates more than this is built to inflate
BOMB_MIN_BYTES = 4 * 1024 * 1024
MAX_SHEET_CELLS = 1_000_000  # rows × columns a sheet's cells may span (2,000 forms of a province fill 600,000)
MAX_SHEETS = 1000

_MB = 1024 * 1024
# A cell beyond column Z or row 9999: only then is the exact extent worth computing.
_FAR_CELL = re.compile(rb'<c r="(?:[A-Z]{2}|[A-Z]\d{5})')
# The widest references first: only the matches of the longest kind present are collected.
_ROWS_OF = {n: re.compile(rb'<c r="[A-Z]{1,3}(\d{%d})"' % n) for n in range(7, 0, -1)}
_COLUMNS_OF = {n: re.compile(rb'<c r="([A-Z]{%d})\d' % n) for n in range(3, 0, -1)}


def open_archive(data: bytes) -> zipfile.ZipFile:
    """The zip directory of a workbook, refused when its sizes say it is built to inflate."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise InputError("文件已损坏或不完整（可能下载或复制中断），无法读取；请重新保存或重新获取该文件。") from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise InputError(f"文件解压后共 {total / _MB:.0f} MB，超过 {MAX_TOTAL_BYTES // _MB} MB 的上限，"
                         "可能是恶意构造的文件（解压炸弹），已拒绝读取。")
    for info in infos:
        if info.file_size > MAX_PART_BYTES or (
            info.file_size > BOMB_MIN_BYTES and info.file_size > BOMB_RATIO * max(info.compress_size, 1)
        ):
            raise InputError(f"文件中的“{info.filename[:60]}”解压后 {info.file_size / _MB:.0f} MB"
                             f"（压缩后仅 {info.compress_size / _MB:.2f} MB），超过单个部件 {MAX_PART_BYTES // _MB} MB "
                             "或压缩比的上限，可能是恶意构造的文件（解压炸弹），已拒绝读取。")
    return archive


def column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ch - 64
    return number


def inflate(archive: zipfile.ZipFile, part: str) -> bytes | None:
    """A part's bytes, inflated straight from the archive's buffer (a scan before the reader
    runs is paid on every sheet, so it skips ZipFile's stream machinery); None if damaged."""
    try:
        info = archive.getinfo(part)
        buffer = archive.fp.getbuffer() if isinstance(archive.fp, io.BytesIO) else None
        if buffer is None or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return archive.read(part)
        start = info.header_offset
        if bytes(buffer[start:start + 4]) != b"PK\x03\x04":
            return None
        name_length = int.from_bytes(buffer[start + 26:start + 28], "little")
        extra_length = int.from_bytes(buffer[start + 28:start + 30], "little")
        begin = start + 30 + name_length + extra_length
        raw = buffer[begin:begin + info.compress_size]
        if info.compress_type == zipfile.ZIP_STORED:
            return bytes(raw[:MAX_PART_BYTES])
        return zlib.decompressobj(-15).decompress(raw, MAX_PART_BYTES)
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        return None  # the reader reports a damaged part itself


def sheet_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    """(rows, columns) the cells of a sheet span, when they reach beyond Z or row 9999; None
    when they stay inside (the common case, decided by one search of the inflated XML)."""
    data = inflate(archive, part)
    if data is None:
        return None
    if not _FAR_CELL.search(data):
        return None
    rows = next((max(map(int, found)) for pattern in _ROWS_OF.values() if (found := pattern.findall(data))), 0)
    columns = next((column_number(max(found)) for pattern in _COLUMNS_OF.values() if (found := pattern.findall(data))), 0)
    return rows, columns


def has_doctype(data: bytes) -> bool:
    """Parts of a workbook never declare a DOCTYPE; one that does carries entities to expand."""
    return b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]
