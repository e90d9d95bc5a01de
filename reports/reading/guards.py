"""Checks made before a report is parsed: the file itself (there, a file, not empty, not huge),
and the zip container of a .docx or .odt (not built to inflate, no entity declarations).

Each refusal is one Chinese sentence naming the file and the limit it hit; a file that is too
large is refused from its size on disk, without reading it.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path

from reports.reading.errors import ReportUnreadable

MAX_REPORT_BYTES = 50 * 1024 * 1024  # the report file on disk
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members of a .docx, uncompressed, as declared
MAX_MEMBER_RATIO = 200  # uncompressed / compressed size of one member
RATIO_MIN_BYTES = 1024 * 1024  # below this a member inflates little however well it compresses
MAX_MEMBERS = 5000
MAX_XML_PART_BYTES = 64 * 1024 * 1024  # one XML part (word/document.xml), read with this cap
HEAD_BYTES = 2048

_MB = 1024 * 1024
_CHUNK = 1024 * 1024
# An entity declaration is what a billion-laughs document needs; Word never writes one, nor a DOCTYPE.
_ENTITY = (b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))
_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_XML_SUFFIXES = (".xml", ".rels")


def check_file(path: Path, shown: str) -> bytes:
    """The first bytes of the report, once it is known to be a readable, non-empty file within the limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReportUnreadable(f"找不到报告文件“{shown}”，请检查文件名和所在文件夹是否正确。") from None
    except (OSError, ValueError):  # ValueError: a path with a NUL character
        raise ReportUnreadable(f"无法访问报告文件“{shown}”（路径有误或没有权限），请检查后重试。") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReportUnreadable(f"“{shown}”是一个文件夹，不是报告文件；请选择自评报告文件本身（如 .docx 或 .pdf）。")
    if not stat.S_ISREG(info.st_mode):
        raise ReportUnreadable(f"“{shown}”不是普通文件，无法作为自评报告读取；请选择保存在磁盘上的报告文件。")
    if info.st_size == 0:
        raise ReportUnreadable(f"报告文件“{shown}”是空的（0 字节），可能没有保存成功；请重新保存后再核对。")
    if info.st_size > MAX_REPORT_BYTES:
        raise ReportUnreadable(f"报告文件“{shown}”有 {info.st_size / _MB:.0f} MB，超过 {MAX_REPORT_BYTES // _MB} MB 的上限；"
                               "请压缩其中的图片或另存为只含文字的文件后再核对。")
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        raise ReportUnreadable(f"无法打开报告文件“{shown}”（没有读取权限，或正被其他程序占用）；"
                               "请关闭该文件或检查权限后重试。") from None


def damaged(shown: str, what: str = "Word 文件") -> ReportUnreadable:
    return ReportUnreadable(f"报告文件“{shown}”不是有效的 {what}（可能已损坏或下载不完整），无法读取；"
                            "请用 Word 或 WPS 打开后重新保存，再核对。")


def _bomb(shown: str, detail: str) -> ReportUnreadable:
    return ReportUnreadable(f"报告文件“{shown}”{detail}，可能是恶意构造的文件（解压炸弹），已拒绝读取。")


def check_zip(path: Path, shown: str, what: str = "Word 文件", doctype_allowed: bool = False) -> set[str]:
    """The member names of a zip container (.docx, .odt), refused when the directory says it is
    built to inflate, and when an XML part declares entities or, inflated with a cap, does not
    end where its declared size says."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise damaged(shown, what) from None
    with archive:
        try:
            infos = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise damaged(shown, what) from None
        if len(infos) > MAX_MEMBERS:
            raise _bomb(shown, f"包含 {len(infos)} 个部件，超过 {MAX_MEMBERS} 个的上限")
        total = sum(info.file_size for info in infos)
        if total > MAX_UNPACKED_BYTES:
            raise _bomb(shown, f"解压后共 {total / _MB:.0f} MB，超过 {MAX_UNPACKED_BYTES // _MB} MB 的上限")
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_MIN_BYTES and ratio > MAX_MEMBER_RATIO:
                raise _bomb(shown, f"中的部件“{info.filename[:60]}”压缩比高达 {ratio:.0f} 倍（上限 {MAX_MEMBER_RATIO} 倍）")
        if any(info.flag_bits & 0x1 for info in infos):
            raise encrypted(shown)
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                _scan_xml(archive, info, shown, what, doctype_allowed)
        return {info.filename for info in infos}


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, what: str, doctype_allowed: bool) -> None:
    """Inflate one XML part in chunks, never past MAX_XML_PART_BYTES whatever its header says,
    looking for entity declarations (a billion-laughs DTD)."""
    if info.file_size > MAX_XML_PART_BYTES:
        raise _bomb(shown, f"中的部件“{info.filename[:60]}”解压后 {info.file_size / _MB:.0f} MB，"
                           f"超过单个部件 {MAX_XML_PART_BYTES // _MB} MB 的上限")
    hostile = _ENTITY if doctype_allowed else _ENTITY + _DOCTYPE
    read, tail = 0, b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > min(info.file_size, MAX_XML_PART_BYTES):
                    raise _bomb(shown, f"中的部件“{info.filename[:60]}”解压后超出其声明的大小")
                window = tail + chunk
                if any(marker in window for marker in hostile):
                    raise ReportUnreadable(f"报告文件“{shown}”内部含有 XML 实体声明（Word 不会写入这种内容），"
                                           "可能是恶意构造的文件，已拒绝读取。")
                tail = window[-32:]
    except ReportUnreadable:
        raise
    except RuntimeError:  # a member encrypted with a zip password
        raise encrypted(shown) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError):
        raise damaged(shown, what) from None


def encrypted(shown: str) -> ReportUnreadable:
    return ReportUnreadable(f"报告文件“{shown}”设置了打开密码，无法读取；请在 Word 或 WPS 中去掉密码后另存，再核对。")


_UTF16 = {name: name.encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo", "WordDocument")}


def ole_streams(path: Path) -> set[str]:
    """Which of the telling stream names an OLE compound file (an old .doc, or an encrypted
    .docx) holds: "EncryptedPackage"/"EncryptionInfo" mark a password-protected Office file."""
    data = path.read_bytes()  # at most MAX_REPORT_BYTES, checked before
    return {name for name, encoded in _UTF16.items() if encoded in data}
