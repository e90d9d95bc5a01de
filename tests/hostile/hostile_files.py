"""Hostile workbooks, generated: each kind of bad input a clerk's folder or an attacker can hold.

`KINDS` maps a name to (builder, what must happen). A builder writes the file into a folder
and returns its path. Nothing here is committed as a binary: the files are made on demand.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.helpers import seed_forms, write_xlsx

NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
ILLEGAL = '\\/:*?"<>|'


def _form(**changes) -> dict:
    form = copy.deepcopy(seed_forms()[0])
    form.update(changes)
    return form


def _valid(path: Path, **changes) -> Path:
    return write_xlsx(path, {"表1": [(_form(**changes), 1, 1, "clean")]})


def _replace_part(path: Path, name: str, data: bytes, extra: dict[str, bytes] | None = None) -> Path:
    """A valid workbook with one part (sheet, sharedStrings, styles…) replaced."""
    source = io.BytesIO(_valid(path).read_bytes())
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        names = zin.namelist()
        for item in zin.infolist():
            zout.writestr(item.filename, data if item.filename == name else zin.read(item))
        if name not in names:
            zout.writestr(name, data)
        for extra_name, extra_data in (extra or {}).items():
            zout.writestr(extra_name, extra_data)
    return path


def _sheet(rows: bytes, head: bytes = b"") -> bytes:
    return HEAD + head + b"<worksheet " + NS + b"><sheetData>" + rows + b"</sheetData></worksheet>"


def bomb_sheet(folder: Path) -> Path:
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' + b" " * (100 * 1024 * 1024)
    return _replace_part(folder / "bomb-sheet.xlsx", "xl/worksheets/sheet1.xml", _sheet(body))


def bomb_under_part_limit(folder: Path) -> Path:
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' + b" " * (60 * 1024 * 1024)
    return _replace_part(folder / "bomb-60mb.xlsx", "xl/worksheets/sheet1.xml", _sheet(body))


def bomb_shared_strings(folder: Path) -> Path:
    data = HEAD + b"<sst " + NS + b' count="1" uniqueCount="1"><si><t>x</t></si>' + b" " * (100 * 1024 * 1024) + b"</sst>"
    return _replace_part(folder / "bomb-sharedstrings.xlsx", "xl/sharedStrings.xml", data)


def bomb_styles(folder: Path) -> Path:
    data = HEAD + b"<styleSheet " + NS + b">" + b" " * (100 * 1024 * 1024) + b"</styleSheet>"
    return _replace_part(folder / "bomb-styles.xlsx", "xl/styles.xml", data)


def billion_laughs(folder: Path) -> Path:
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b"<!ENTITY lol%d \"%s\">" % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _replace_part(folder / "billion-laughs.xlsx", "xl/worksheets/sheet1.xml",
                         _sheet(body, b"<!DOCTYPE lolz [" + entities + b"]>"))


def external_entity(folder: Path) -> Path:
    body = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return _replace_part(folder / "external-entity.xlsx", "xl/worksheets/sheet1.xml",
                         _sheet(body, b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))


def far_cells(folder: Path) -> Path:
    body = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    return _replace_part(folder / "a1-and-xfd1048576.xlsx", "xl/worksheets/sheet1.xml", _sheet(body))


def all_rows(folder: Path) -> Path:
    body = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 1_048_577))
    return _replace_part(folder / "1048576-rows.xlsx", "xl/worksheets/sheet1.xml", _sheet(body))


def all_columns(folder: Path) -> Path:
    def letters(n: int) -> bytes:
        out = b""
        while n:
            n, rem = divmod(n - 1, 26)
            out = bytes([65 + rem]) + out
        return out
    cells = b"".join(b'<c r="%s1"><v>%d</v></c>' % (letters(i), i) for i in range(1, 16_385))
    return _replace_part(folder / "16384-columns.xlsx", "xl/worksheets/sheet1.xml", _sheet(b'<row r="1">' + cells + b"</row>"))


def many_sheets(folder: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    for i in range(500):
        book.create_sheet(f"表{i + 1}")["A1"] = f"说明{i}"
    path = folder / "500-sheets.xlsx"
    book.save(path)
    return path


def huge_cell(folder: Path) -> Path:
    return _valid(folder / "1mb-cell.xlsx", project="长" * (1024 * 1024 // 3))


def control_characters(folder: Path) -> Path:
    path = folder / "control-characters.xlsx"
    _valid(path)
    source = io.BytesIO(path.read_bytes())
    # openpyxl refuses control characters; a hand-edited sharedStrings part holds them as Excel escapes.
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace("就业创业".encode(), "就业_x0007_创业_x001B_".encode(), 1)
            zout.writestr(item.filename, data)
    return path


def encrypted(folder: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _valid(folder / "plain.xlsx")
    path = folder / "encrypted.xlsx"
    with open(plain, "rb") as source, open(path, "wb") as target:
        OOXMLFile(source).encrypt("ziping-secret", target)
    plain.unlink()
    return path


def xlsb(folder: Path) -> Path:
    path = folder / "binary.xlsb"
    path.write_bytes(_valid(folder / "inner.xlsx").read_bytes())
    (folder / "inner.xlsx").unlink()
    return path


def csv_renamed(folder: Path) -> Path:
    path = folder / "csv-renamed.xlsx"
    path.write_text("项目名称,总分\n培训项目,95\n", "utf-8")
    return path


def pdf_renamed(folder: Path) -> Path:
    path = folder / "pdf-renamed.xlsx"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def html_renamed(folder: Path) -> Path:
    path = folder / "html-renamed.xlsx"
    path.write_text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>", "utf-8")
    return path


def empty_zip(folder: Path) -> Path:
    path = folder / "empty-zip.xlsx"
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def truncated_zip(folder: Path) -> Path:
    data = _valid(folder / "whole.xlsx").read_bytes()
    (folder / "whole.xlsx").unlink()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "zero-bytes.xlsx"
    path.write_bytes(b"")
    return path


def garbage_xls(folder: Path) -> Path:
    path = folder / "garbage.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 64)
    return path


def illegal_names(folder: Path) -> Path:
    return _valid(folder / "illegal-names.xlsx", project=f"项目{ILLEGAL}../CON", unit=f"单位{ILLEGAL}..", department=f"部门{ILLEGAL}")


def formula_injection(folder: Path) -> Path:
    form = _form(project='=HYPERLINK("http://example.com","点我领奖")', unit="+cmd|' /C calc'!A0", department="@SUM(1)")
    form["indicators"][0]["name"] = "-2+3"
    return write_xlsx(folder / "formula-injection.xlsx", {"表1": [(form, 1, 1, "clean")]})


# name -> (builder, a phrase the Chinese message must hold, or None when the file is read normally)
KINDS: dict[str, tuple] = {
    "zip bomb in a sheet (100 MB of whitespace)": (bomb_sheet, "解压炸弹"),
    "zip bomb in a sheet under the part limit (60 MB)": (bomb_under_part_limit, "解压炸弹"),
    "zip bomb in sharedStrings": (bomb_shared_strings, "解压炸弹"),
    "zip bomb in styles": (bomb_styles, "解压炸弹"),
    "XML entity expansion (billion laughs)": (billion_laughs, "XML 实体"),
    "XML external entity": (external_entity, "XML 实体"),
    "cells at A1 and XFD1048576": (far_cells, "数据区域过大"),
    "1,048,576 rows": (all_rows, "数据区域过大"),
    "16,384 columns": (all_columns, None),
    "500 sheets": (many_sheets, None),
    "a 1 MB cell": (huge_cell, None),
    "control characters": (control_characters, None),
    "password-protected workbook": (encrypted, "密码"),
    ".xlsb": (xlsb, "不支持的文件类型"),
    "CSV renamed .xlsx": (csv_renamed, "不是有效的 Excel"),
    "PDF renamed .xlsx": (pdf_renamed, "不是有效的 Excel"),
    "HTML renamed .xlsx": (html_renamed, "不是有效的 Excel"),
    "empty zip": (empty_zip, "无法识别"),
    "truncated zip": (truncated_zip, "损坏"),
    "empty file": (empty_file, "空的"),
    "garbage .xls": (garbage_xls, "无法识别"),
    "names with every illegal character": (illegal_names, None),
    "formula injection": (formula_injection, None),
}
