"""Read workbook files into grids: python-calamine for the values (.xlsx .xlsm .xls), and a
light scan of the sheet XML for formulas that were never calculated.

A file saved by a program that cannot calculate (openpyxl, many exports) keeps formulas
without cached values; calamine reads those cells as empty. Each grid can list such cells
(scanned on demand) so that the checks report them instead of reading them as blanks.

Every failure becomes an `InputError` with one Chinese sentence; nothing here prints.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine as pc

from validation.errors import InputError

from .container import MAX_PART_BYTES, MAX_SHEET_CELLS, MAX_SHEETS, has_doctype, open_archive, sheet_extent
from .grid import Grid

EXTENSIONS = (".xlsx", ".xlsm", ".xls")
MAX_FILE_BYTES = 100 * 1024 * 1024
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class WorkbookData:
    path: str
    grids: list[Grid] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why) for sheets not read


_OLE = b"\xd0\xcf\x11\xe0"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")  # an encrypted .xlsx is an OLE file holding this stream
_PASSWORD = "工作簿设置了打开密码，无法读取；请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后再提交。"


def open_calamine(data: bytes, suffix: str) -> pc.CalamineWorkbook:
    """A calamine workbook over the bytes of a file, or InputError with the reason in Chinese."""
    if not data:
        raise InputError("文件是空的（0 字节），不是有效的 Excel 工作簿。")
    if data.startswith(_OLE) and _ENCRYPTION_STREAM in data[:65536]:
        raise InputError(_PASSWORD)
    if suffix in (".xlsx", ".xlsm") and not data.startswith(b"PK"):
        if data.startswith(_OLE):
            raise InputError("文件扩展名是 xlsx，内容却是旧版 .xls 工作簿，请在 Excel 中另存为 .xlsx 后再试。")
        raise InputError("文件不是有效的 Excel 工作簿（内容不是 xlsx 格式，可能是改了扩展名的其他文件）。")
    try:
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise InputError(_PASSWORD) from None
    except (pc.ZipError, zipfile.BadZipFile):
        raise InputError("文件已损坏或不完整（压缩包结构错误），无法读取；请重新保存或重新下载。") from None
    except pc.XmlError:
        raise InputError("文件已损坏（工作表内容无法解析），无法读取；请在 Excel 中打开后另存。") from None
    except (pc.CalamineError, ValueError, OSError) as exc:
        if "detect file format" in str(exc):
            raise InputError("文件内容无法识别为 Excel 工作簿（可能已损坏，或是其他类型的文件改了扩展名）。") from None
        raise InputError(f"文件无法作为 Excel 工作簿读取（{_short(exc)}）。") from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> XML part, from workbook.xml and its relationships."""
    try:
        workbook_xml, rels_xml = archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
        if has_doctype(workbook_xml) or has_doctype(rels_xml):
            return {}
        workbook, rels = ElementTree.fromstring(workbook_xml), ElementTree.fromstring(rels_xml)
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/")
        targets[rel.get("Id")] = target if target.startswith("xl/") else "xl/" + target
    paths = {}
    sheets = workbook.find(f"{_NS}sheets")
    for sheet in sheets if sheets is not None else ():
        rid = sheet.get(f"{_REL_NS}id")
        if rid in targets:
            paths[sheet.get("name")] = targets[rid]
    return paths


def _uncached_formulas(archive: zipfile.ZipFile, part: str) -> frozenset[str]:
    try:
        info = archive.getinfo(part)
    except KeyError:
        return frozenset()
    if info.file_size > MAX_PART_BYTES:
        return frozenset()
    data = archive.read(part)
    if (b"<f>" not in data and b"<f " not in data) or has_doctype(data):  # formula tags; <formula1> of validations does not match
        return frozenset()
    missing = set()
    for _, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag != f"{_NS}c":
            continue
        formula = element.find(f"{_NS}f")
        if formula is not None:
            value = element.find(f"{_NS}v")
            kind = element.get("t", "n")
            if value is None or (not (value.text or "") and kind not in ("str", "inlineStr")):
                missing.add(element.get("r"))
        element.clear()
    missing.discard(None)
    return frozenset(missing)


def read_workbook(path: str | Path) -> WorkbookData:
    """All worksheets of a workbook file as grids. Raises InputError for unreadable files."""
    path = Path(path)
    return read_bytes(_file_bytes(path), path.suffix.lower(), str(path))


def guard_file(path: str | Path) -> None:
    """The limits `read_workbook` applies, for code that loads a workbook another way (the
    VBA-client payload, openpyxl): refuse a zip bomb or a sheet spanning millions of cells
    before anything is inflated or allocated."""
    path = Path(path)
    data = _file_bytes(path)
    if not data.startswith(b"PK"):
        open_calamine(data, path.suffix.lower()).close()  # says what the file is instead
        return
    scanner = _SheetScanner(open_archive(data))
    for sheet in _sheet_paths(scanner.archive):
        extent = scanner.extent(sheet)
        if extent is not None and (why := _too_large(*extent)):
            raise InputError(f"工作表“{sheet}”{why}。")


def _file_bytes(path: Path) -> bytes:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"不支持的文件类型“{path.suffix or '（无扩展名）'}”，只能读取 .xlsx、.xlsm、.xls 文件。")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"文件过大（{size / 1024 / 1024:.0f} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限。")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在。") from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是工作簿文件。") from None
    except PermissionError:
        raise InputError("没有读取该文件的权限（文件可能正被其他程序占用）。") from None
    except OSError as exc:
        raise InputError(f"文件无法读取（{_short(exc)}）。") from None
    return data


_PERCENT_FORMATS = frozenset({9, 10})  # built-in "0%" and "0.00%"


def _percent_styles(archive: zipfile.ZipFile) -> frozenset[str]:
    """Style indexes (the `s` of a cell) whose number format shows a percent."""
    try:
        info = archive.getinfo("xl/styles.xml")
        if info.file_size > MAX_PART_BYTES:
            return frozenset()
        data = archive.read(info)
        if has_doctype(data):
            return frozenset()
        styles = ElementTree.fromstring(data)
    except (KeyError, ElementTree.ParseError):
        return frozenset()
    percent = set(_PERCENT_FORMATS)
    formats = styles.find(f"{_NS}numFmts")
    for fmt in formats if formats is not None else ():
        code = (fmt.get("formatCode") or "").replace('\\%', "").replace('"%"', "")
        if "%" in code and (fmt.get("numFmtId") or "").isdigit():
            percent.add(int(fmt.get("numFmtId")))
    xfs = styles.find(f"{_NS}cellXfs")
    return frozenset(str(i) for i, xf in enumerate(xfs if xfs is not None else ())
                     if (xf.get("numFmtId") or "0").isdigit() and int(xf.get("numFmtId") or 0) in percent)


def _percent_cells(archive: zipfile.ZipFile, part: str, styles: frozenset[str]) -> frozenset[str]:
    try:
        info = archive.getinfo(part)
    except KeyError:
        return frozenset()
    if not styles or info.file_size > MAX_PART_BYTES:
        return frozenset()
    data = archive.read(part)
    if has_doctype(data):
        return frozenset()
    found = set()
    for _, element in ElementTree.iterparse(io.BytesIO(data)):
        if element.tag == f"{_NS}c":
            if element.get("s") in styles and element.get("t", "n") == "n":
                found.add(element.get("r"))
            element.clear()
    found.discard(None)
    return frozenset(found)


class _SheetScanner:
    """Reads what calamine does not give, sheet by sheet and only on demand: formulas without
    cached values, and numbers shown as percents ("1" formatted "0%" is "100%" on screen)."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self._parts: dict[str, str] | None = None
        self._percent_styles: frozenset[str] | None = None
        self._extents: dict[str, tuple[int, int]] | None = None

    def extent(self, sheet: str) -> tuple[int, int] | None:
        """The span of a sheet's cells when it is beyond Z or row 9999 (see `sheet_extent`).
        Every worksheet part is scanned once; sheet names are looked up only for a wide one."""
        if self._extents is None:
            self._extents = {}
            for info in self.archive.infolist():
                name = info.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    extent = sheet_extent(self.archive, name)
                    if extent is not None:
                        self._extents[name] = extent
        if not self._extents:
            return None
        part = self._part(sheet)
        return self._extents.get(part) if part else None

    def _part(self, sheet: str) -> str | None:
        if self._parts is None:
            self._parts = _sheet_paths(self.archive)
        return self._parts.get(sheet)

    def probe(self, sheet: str):
        def scan() -> frozenset[str]:
            part = self._part(sheet)
            return _uncached_formulas(self.archive, part) if part else frozenset()

        return scan

    def percent_probe(self, sheet: str):
        def scan() -> frozenset[str]:
            if self._percent_styles is None:
                self._percent_styles = _percent_styles(self.archive)
            part = self._part(sheet) if self._percent_styles else None
            return _percent_cells(self.archive, part, self._percent_styles) if part else frozenset()

        return scan


def read_bytes(data: bytes, suffix: str, name: str = "") -> WorkbookData:
    scanner = None
    if suffix in (".xlsx", ".xlsm") and data.startswith(b"PK"):
        scanner = _SheetScanner(open_archive(data))  # also refuses damaged files and zip bombs early
    book = open_calamine(data, suffix)
    result = WorkbookData(name)
    if len(book.sheets_metadata) > MAX_SHEETS:
        book.close()
        raise InputError(f"工作簿有 {len(book.sheets_metadata)} 张工作表，超过 {MAX_SHEETS} 张的上限，已拒绝读取。")
    try:
        for meta in book.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            result.grids.extend(_read_sheet(book, meta, scanner, result))
    except (pc.CalamineError, ValueError, OSError) as exc:
        raise sheet_read_error(exc) from None
    finally:
        book.close()
    return result


def sheet_read_error(exc: Exception) -> InputError:
    """One Chinese sentence for a reader's failure on a sheet's content."""
    if "entity" in str(exc):
        return InputError("文件中有自定义的 XML 实体（Excel 保存的工作簿不会有），可能是恶意构造的文件，已拒绝读取。")
    return InputError(f"文件已损坏，读取工作表时出错（{_short(exc)}）。")


def _too_large(rows: int, columns: int) -> str | None:
    if rows * columns > MAX_SHEET_CELLS:
        return f"数据区域过大（{rows} 行 × {columns} 列，超过 {MAX_SHEET_CELLS:,} 个单元格的上限），不像自评表，未读取"
    return None


def _read_sheet(book, meta, scanner, result: WorkbookData):
    extent = scanner.extent(meta.name) if scanner else None
    if extent is not None and (why := _too_large(*extent)):  # checked before the reader builds the grid
        result.skipped.append((meta.name, why))
        return
    sheet = book.get_sheet_by_name(meta.name)
    if sheet.start is None:
        yield Grid(meta.name, [], hidden=meta.visible != pc.SheetVisibleEnum.Visible)
        return
    (r0, c0), (r1, c1) = sheet.start, sheet.end
    if why := _too_large(r1 - r0 + 1, c1 - c0 + 1):
        result.skipped.append((meta.name, why))
        return
    rows = sheet.to_python(skip_empty_area=True)
    merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
    yield Grid(meta.name, rows, r0 + 1, c0 + 1, merges, None if scanner else frozenset(),
               hidden=meta.visible != pc.SheetVisibleEnum.Visible, probe=scanner.probe(meta.name) if scanner else None,
               percent_probe=scanner.percent_probe(meta.name) if scanner else None)
