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

from .grid import Grid

EXTENSIONS = (".xlsx", ".xlsm", ".xls")
MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_SHEET_CELLS = 2_000_000
MAX_XML_BYTES = 300 * 1024 * 1024
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class WorkbookData:
    path: str
    grids: list[Grid] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why) for sheets not read


def _open(data: bytes, suffix: str) -> pc.CalamineWorkbook:
    if not data:
        raise InputError("文件是空的（0 字节），不是有效的 Excel 工作簿。")
    if suffix in (".xlsx", ".xlsm") and not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError("文件扩展名是 xlsx，内容却是旧版 .xls 或加密的工作簿，请在 Excel 中另存为 .xlsx 后再试。")
        raise InputError("文件不是有效的 Excel 工作簿（内容不是 xlsx 格式，可能是改了扩展名的其他文件）。")
    try:
        return pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise InputError("工作簿设置了打开密码，无法读取；请取消密码后再提交。") from None
    except (pc.ZipError, zipfile.BadZipFile):
        raise InputError("文件已损坏或不完整（压缩包结构错误），无法读取；请重新保存或重新下载。") from None
    except pc.XmlError:
        raise InputError("文件已损坏（工作表内容无法解析），无法读取；请在 Excel 中打开后另存。") from None
    except (pc.CalamineError, ValueError, OSError) as exc:
        raise InputError(f"文件无法作为 Excel 工作簿读取（{_short(exc)}）。") from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> XML part, from workbook.xml and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
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
    if info.file_size > MAX_XML_BYTES:
        return frozenset()
    data = archive.read(part)
    if b"<f>" not in data and b"<f " not in data:  # formula tags; <formula1> of validations does not match
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
    return read_bytes(data, suffix, str(path))


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise InputError("文件已损坏或不完整（可能下载或复制中断），无法读取；请重新保存或重新获取该文件。") from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_XML_BYTES:
        raise InputError("文件解压后体积异常巨大，可能是恶意构造的文件，已拒绝读取。")
    return archive


_PERCENT_FORMATS = frozenset({9, 10})  # built-in "0%" and "0.00%"


def _percent_styles(archive: zipfile.ZipFile) -> frozenset[str]:
    """Style indexes (the `s` of a cell) whose number format shows a percent."""
    try:
        info = archive.getinfo("xl/styles.xml")
        if info.file_size > MAX_XML_BYTES:
            return frozenset()
        styles = ElementTree.fromstring(archive.read(info))
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
    if not styles or info.file_size > MAX_XML_BYTES:
        return frozenset()
    found = set()
    for _, element in ElementTree.iterparse(io.BytesIO(archive.read(part))):
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
        scanner = _SheetScanner(_archive(data))  # also refuses damaged files and zip bombs early
    book = _open(data, suffix)
    result = WorkbookData(name)
    try:
        for meta in book.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            result.grids.extend(_read_sheet(book, meta, scanner, result))
    except (pc.CalamineError, ValueError, OSError) as exc:
        raise InputError(f"文件已损坏，读取工作表时出错（{_short(exc)}）。") from None
    finally:
        book.close()
    return result


def _read_sheet(book, meta, scanner, result: WorkbookData):
    sheet = book.get_sheet_by_name(meta.name)
    if sheet.start is None:
        yield Grid(meta.name, [], hidden=meta.visible != pc.SheetVisibleEnum.Visible)
        return
    (r0, c0), (r1, c1) = sheet.start, sheet.end
    if (r1 - r0 + 1) * (c1 - c0 + 1) > MAX_SHEET_CELLS:
        result.skipped.append((meta.name, f"数据区域过大（{r1 - r0 + 1} 行 × {c1 - c0 + 1} 列），不像自评表，已跳过"))
        return
    rows = sheet.to_python(skip_empty_area=True)
    merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or [])]
    yield Grid(meta.name, rows, r0 + 1, c0 + 1, merges, None if scanner else frozenset(),
               hidden=meta.visible != pc.SheetVisibleEnum.Visible, probe=scanner.probe(meta.name) if scanner else None,
               percent_probe=scanner.percent_probe(meta.name) if scanner else None)
