"""The review and summary workbooks, written by XlsxWriter in constant-memory mode, hold what
the openpyxl writer used before wrote — cell by cell — and open in openpyxl, python-calamine
and LibreOffice.

The reference is the former openpyxl code, kept in bench/bench_writers.py; both writers get
the same input, checked the old way (check_paths, all results in memory).
"""

from __future__ import annotations

import csv
import importlib.util
import re
import shutil
import subprocess
import time
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import python_calamine as pc
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.helpers import ROOT, seed_forms, write_xlsx
from tests.hostile.hostile_files import formula_injection, illegal_names
from validation import load_profile
from workbooks.checking.batch import check_paths
from workbooks.review.folders import SKIPPED_FOLDERS, review, reviewed, reviewed_without_info, summarize
from workbooks.writing.samples import sample_path
from workbooks.review.summary import forms_frame, units_frame
from workbooks.review.summary_book import MAX_LINKS, WIDTHS, ReviewBook, link_target
from workbooks.writing.xlsx_stream import FileLink

PROFILE = load_profile()
SHEETS = ["汇总", "问题清单", "单位汇总", "无法读取的文件"]


def _bench_writers():
    spec = importlib.util.spec_from_file_location("bench_writers", ROOT / "bench" / "bench_writers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFERENCE = _bench_writers()


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------

def sample_folder(root: Path) -> Path:
    folder = root / "报送" / "单位"
    folder.mkdir(parents=True)
    shutil.copy(sample_path(), folder / "丰台 九表.xlsx")
    return root / "报送"


def generated_folder(root: Path) -> Path:
    """Workbooks in unit folders whose names need escaping in a link (space, #, %, '), a sheet
    name with an apostrophe, clerks' text that looks like a formula or holds control
    characters, broken files and an old version (not reviewed)."""
    top = root / "报送"
    units = [top / "单位 甲", top / "单位#乙", top / "单位%丙", top / "单位'丁"]
    for folder in units:
        folder.mkdir(parents=True)
    forms = seed_forms()
    forms[2]["sheet"] = "表'3"
    for i, form in enumerate(forms):
        write_xlsx(units[i % 4] / f"自评表 {i + 1}.xlsx", {form["sheet"]: [(form, 1, 1, "clean")]})
    many = write_xlsx(units[0] / "多表.xlsx", {f["sheet"]: [(f, 1, 1, "clean")] for f in seed_forms()})
    shutil.copy(sample_path(), units[1] / "丰台 九表.xlsx")
    formula_injection(units[2])
    _with_control_characters(units[3] / "控制字符.xlsx")
    illegal_names(units[3])
    (units[0] / "损坏.xlsx").write_bytes(b"PK\x03\x04 broken")
    (units[1] / "不是表格.xlsx").write_text("文本", encoding="utf-8")
    (units[2] / "历史版本").mkdir()
    shutil.copy(many, units[2] / "历史版本" / "旧.v1.xlsx")
    return top


def _with_control_characters(path: Path) -> Path:
    """A project named "控制\x07字符\x1b项目": openpyxl refuses to write control characters, so
    the cell's text is edited to hold them as Excel escapes (_x0007_), as Excel itself would."""
    form = seed_forms()[0]
    form["project"] = "控制BELL字符ESC项目"
    write_xlsx(path, {"表1": [(form, 1, 1, "clean")]})
    with zipfile.ZipFile(path) as source:
        parts = {item.filename: source.read(item) for item in source.infolist()}
    edited = {name: part.replace(b"BELL", b"_x0007_").replace(b"ESC", b"_x001B_") for name, part in parts.items()}
    assert edited != parts
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, part in edited.items():
            target.writestr(name, part)
    return path


def reference_review(folder: Path, out: Path, max_links: int = MAX_LINKS, with_info: bool = False) -> Path:
    """The review as it was written before: everything in memory, then openpyxl write-only."""
    items = check_paths([folder], PROFILE, transform=reviewed if with_info else reviewed_without_info,
                        skip_folders=SKIPPED_FOLDERS)
    forms = forms_frame([row for item in items for row in item.forms])
    findings = [row for item in items for row in item.findings]
    unreadable = [[item.path, item.error] for item in items if item.error]
    return REFERENCE.openpyxl_write_review(out, forms, units_frame(forms), findings, unreadable, max_links)


def reference_summary(folder: Path, out: Path) -> Path:
    items = check_paths([folder], PROFILE, transform=reviewed)
    forms = forms_frame([row for item in items for row in item.forms])
    return REFERENCE.openpyxl_write_summary(out, forms, units_frame(forms))


# --------------------------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------------------------

def _value(cell):
    return None if cell.value == "" else cell.value


def _rgb(color) -> str:
    return (color.rgb or "")[-6:] if color is not None and isinstance(color.rgb, str) else ""


def _width(ws, col: int) -> float:
    """A column's width; a writer may store equal neighbours as one <col min= max=> range."""
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= col <= dimension.max and dimension.customWidth:
            return dimension.width
    return ws.column_dimensions[get_column_letter(col)].width


def compare_books(reference: Path, new: Path) -> None:
    """Values, types, number formats, hyperlink targets and locations, header font and fill,
    link font, frozen panes and column widths; the new book also has an autofilter on each
    table's header."""
    ref, got = load_workbook(reference), load_workbook(new)
    assert got.sheetnames == ref.sheetnames
    for name in ref.sheetnames:
        a, b = ref[name], got[name]
        assert b.freeze_panes == a.freeze_panes == "A2", name
        assert (b.max_row, b.max_column) == (a.max_row, a.max_column), name
        assert b.auto_filter.ref == f"A1:{get_column_letter(a.max_column)}{a.max_row}", name
        for col in range(1, a.max_column + 1):
            letter = get_column_letter(col)
            # XlsxWriter stores the width Excel shows (plus the cell padding openpyxl leaves out)
            assert abs(_width(b, col) - _width(a, col)) < 1, (name, letter)
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows()):
            for ca, cb in zip(row_a, row_b):
                where = (name, ca.coordinate)
                assert _value(cb) == _value(ca), where
                if _value(ca) is not None:
                    assert cb.data_type == ca.data_type, where
                    assert cb.number_format == ca.number_format, where
                if ca.hyperlink is None:
                    assert cb.hyperlink is None, where
                else:
                    assert cb.hyperlink is not None, where
                    assert (cb.hyperlink.target, cb.hyperlink.location) == (ca.hyperlink.target, ca.hyperlink.location), where
                    assert _rgb(cb.font.color) == _rgb(ca.font.color) == "0563C1" and cb.font.u == ca.font.u == "single"
                if ca.row == 1:
                    assert cb.font.b and ca.font.b, where
                    assert _rgb(cb.fill.fgColor) == _rgb(ca.fill.fgColor) == "D9E1F2", where
                    assert cb.fill.fill_type == ca.fill.fill_type == "solid", where


_CHART_FACTS = {
    "direction": re.compile(r'barDir val="(\w+)"'),
    "refs": re.compile(r"<(?:c:)?f>([^<]+)</(?:c:)?f>"),
    "min": re.compile(r'<(?:c:)?min val="([\d.]+)"'),
    "max": re.compile(r'<(?:c:)?max val="([\d.]+)"'),
    "texts": re.compile(r"<a:t>([^<]*)</a:t>"),
    "legend": re.compile(r"<(?:c:)?legend>"),
}


def chart_facts(path: Path) -> list[tuple]:
    """What a chart shows (bar direction, data ranges, axis scale, titles, legend), for every
    chart in the package, plus where each drawing anchors one."""
    facts = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(n for n in package.namelist() if n.startswith("xl/charts/chart")):
            xml = package.read(name).decode()
            refs = [r.replace("'", "").replace("$", "") for r in _CHART_FACTS["refs"].findall(xml)]
            facts.append((_CHART_FACTS["direction"].findall(xml), refs, _CHART_FACTS["min"].findall(xml),
                          _CHART_FACTS["max"].findall(xml), _CHART_FACTS["texts"].findall(xml),
                          bool(_CHART_FACTS["legend"].search(xml))))
        anchors = []
        for name in sorted(n for n in package.namelist() if n.startswith("xl/drawings/drawing")):
            xml = package.read(name).decode()
            anchors += re.findall(r"<(?:xdr:)?from><(?:xdr:)?col>(\d+)</(?:xdr:)?col>.*?<(?:xdr:)?row>(\d+)</", xml)
    return sorted(facts) + [("anchors", sorted(anchors))]


def _display(value):
    """What a reader shows for a cell: a HYPERLINK() formula shows its last argument."""
    if isinstance(value, str) and value.startswith("=HYPERLINK("):
        return re.search(r',"((?:[^"]|"")*)"\)$', value).group(1).replace('""', '"')
    return value


def _shown(cell):
    return _display(cell.value) if cell.data_type == "f" else _value(cell)


def openpyxl_values(path: Path, sheet: str) -> list[list]:
    ws = load_workbook(path)[sheet]
    return [[_shown(c) for c in row] for row in ws.iter_rows()]


def assert_same_values(expected: list[list], got: list[list], where: str) -> None:
    assert len(got) == len(expected), where
    for r, (row_e, row_g) in enumerate(zip(expected, got)):
        row_g = list(row_g) + [None] * (len(row_e) - len(row_g))
        for c, (e, g) in enumerate(zip(row_e, row_g)):
            if isinstance(e, (int, float)) and not isinstance(e, bool):
                assert isinstance(g, (int, float)) and abs(g - e) < 1e-9, (where, r, c, e, g)
            else:
                assert (g if g != "" else None) == e, (where, r, c, e, g)


def calamine_values(path: Path, sheet: str) -> list[list]:
    book = pc.CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    finally:
        book.close()


RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _soffice(path: Path, target: str, outdir: Path) -> None:
    """Convert with a private LibreOffice profile that recalculates every formula on load."""
    profile = outdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD, "utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(outdir), str(path)], check=True, capture_output=True, timeout=180)


def libreoffice_values(path: Path, outdir: Path) -> dict[str, list[list]]:
    """Every sheet as LibreOffice reads it, exported to CSV (raw numbers, not as shown)."""
    _soffice(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", outdir)
    sheets = {}
    for name in SHEETS:
        with open(outdir / f"{path.stem}-{name}.csv", encoding="utf-8", newline="") as handle:
            sheets[name] = [[_number(v) for v in row] for row in csv.reader(handle)]
    return sheets


def _number(text: str):
    if re.fullmatch(r"-?\d+(\.\d+)?(E-?\d+)?%?", text):
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    return text if text != "" else None


needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


# --------------------------------------------------------------------------------------------
# The review workbook
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_books(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample-review")
    folder = sample_folder(root)
    return reference_review(folder, root / "旧.xlsx"), review([folder], root / "审核结果.xlsx", PROFILE).path


@pytest.fixture(scope="module")
def generated_books(tmp_path_factory):
    """A folder with more findings than the (lowered) link limit: later rows get HYPERLINK()."""
    root = tmp_path_factory.mktemp("generated-review")
    folder = generated_folder(root)
    out = root / "结果" / "审核结果.xlsx"
    out.parent.mkdir()
    new = review([folder], out, PROFILE, max_links=40, with_info=True)
    assert new.files == 16 and len(new.unreadable) == 2
    return reference_review(folder, out.with_name("旧.xlsx"), max_links=40, with_info=True), new.path


def test_the_sample_review_matches_the_openpyxl_writer_cell_by_cell(sample_books):
    reference, new = sample_books
    compare_books(reference, new)
    assert load_workbook(new).sheetnames == SHEETS
    assert chart_facts(new) == chart_facts(reference) and len(chart_facts(new)) == 2


def test_a_generated_folder_past_the_link_limit_matches_cell_by_cell(generated_books):
    reference, new = generated_books
    compare_books(reference, new)
    ws = load_workbook(new)["问题清单"]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) > 40 * 3  # well past the limit: links first, then formulas
    assert all(r[2].hyperlink is not None for r in rows[:40] if r[1].value)
    late = [r[2] for r in rows[40:] if r[1].value]
    assert late and all(c.hyperlink is None and c.data_type == "f" and c.value.startswith("=HYPERLINK(") for c in late)
    assert chart_facts(new) == chart_facts(reference)


def test_links_keep_forward_slashes_exactly_as_link_target_makes_them(generated_books):
    _, new = generated_books
    ws = load_workbook(new)["问题清单"]
    review_dir = new.parent.resolve()
    rows = [(r[0].value, r[1].value, r[2]) for r in ws.iter_rows(min_row=2) if r[1].value and r[2].value]
    targets = set()
    for file, sheet, cell in rows:
        target = link_target(review_dir, file)
        assert target.startswith("../报送/") and "\\" not in target
        # the target, unescaped, is the submitted file
        assert (review_dir / urllib.parse.unquote(target)).resolve() == Path(file).resolve()
        location = "'" + sheet.replace("'", "''") + "'!"
        if cell.hyperlink is not None:
            assert cell.hyperlink.target == target and cell.hyperlink.location == location + cell.value
        else:
            quoted = location.replace('"', '""')
            assert cell.value == f'=HYPERLINK("{target}#{quoted}{_display(cell.value)}","{_display(cell.value)}")'
        targets.add((target, sheet))
    assert any("'" in sheet for _, sheet in targets)  # 表'3 → '表''3'!
    assert {"%20", "%23", "%25", "'"} <= {part for target, _ in targets for part in ("%20", "%23", "%25", "'") if part in target}
    with zipfile.ZipFile(new) as package:
        rels = package.read("xl/worksheets/_rels/sheet2.xml.rels").decode()
    assert "\\" not in rels and 'Target="../报送/' in rels


def test_xlsxwriter_own_file_links_would_turn_slashes_into_backslashes():
    """Why FileLink exists: XlsxWriter's external: links write relative targets with "\\"."""
    from xlsxwriter.url import Url

    assert Url("external:../报送/单位/a.xlsx#'表1'!A1")._target() == "..\\报送\\单位\\a.xlsx"
    link = FileLink("../报送/单位/a%20b.xlsx", "'表1'!A1", "A1")
    assert (link._target(), link._anchor, link.text, link._target_mode()) == ("../报送/单位/a%20b.xlsx", "'表1'!A1", "A1",
                                                                               "External")


def test_clerks_text_stays_text_without_control_characters(generated_books):
    _, new = generated_books
    book = load_workbook(new)
    formulas = [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(c.value.startswith("=HYPERLINK(") and c.column == 3 for c in formulas)
    texts = [c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    lure = [c for c in texts if c.value.startswith('=HYPERLINK("http://example.com"')]
    assert lure and all(c.data_type == "s" for c in lure)
    assert not [c for c in texts if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c.value)]
    assert any(c.value == "控制字符项目" for c in texts)  # "控制\x07字符\x1b项目" without the control characters


def test_the_review_opens_in_python_calamine(generated_books, sample_books):
    for _, new in (generated_books, sample_books):
        for sheet in SHEETS:
            assert_same_values(openpyxl_values(new, sheet), calamine_values(new, sheet), f"{new.name} {sheet}")


@needs_libreoffice
def test_the_review_opens_in_libreoffice(generated_books, tmp_path):
    reference, new = generated_books
    got = libreoffice_values(new, tmp_path)
    for sheet in SHEETS:
        assert_same_values(openpyxl_values(reference, sheet), got[sheet], f"LibreOffice {sheet}")


@needs_libreoffice
def test_libreoffice_follows_every_link_to_the_submitted_file(generated_books, tmp_path):
    """Hyperlinks and HYPERLINK() formulas alike: LibreOffice resolves each to the file and cell."""
    _, new = generated_books
    _soffice(new, "html", tmp_path)
    html = (tmp_path / f"{new.stem}.html").read_text("utf-8")
    hrefs = re.findall(r'<a href="([^"]+)"', html)
    rows = [[_shown(c) for c in r] for r in load_workbook(new)["问题清单"].iter_rows(min_row=2)]
    rows = [r for r in rows if r[1] and r[2]]
    assert len(hrefs) == len(rows)
    expected = {(str(Path(file).resolve()), "'" + sheet.replace("'", "''") + "'!" + cell) for file, sheet, cell, *_ in rows}
    found = set()
    for href in hrefs:  # a hyperlink comes resolved (file:///…), a recalculated HYPERLINK() as written
        target, _, location = href.partition("#")
        target, location = urllib.parse.unquote(target), urllib.parse.unquote(location)
        path = Path(target[len("file://"):]) if target.startswith("file://") else (new.parent / target).resolve()
        assert path.is_file(), href
        found.add((str(path), location))
    assert found == expected


# --------------------------------------------------------------------------------------------
# The summary workbook
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["sample", "generated"])
def test_the_summary_matches_the_openpyxl_writer_cell_by_cell(tmp_path, kind):
    folder = sample_folder(tmp_path) if kind == "sample" else generated_folder(tmp_path)
    reference = reference_summary(folder, tmp_path / "旧.xlsx")
    new = summarize([folder], tmp_path / "汇总.xlsx", PROFILE).path
    compare_books(reference, new)
    assert load_workbook(new).sheetnames == ["汇总", "单位汇总"]
    assert chart_facts(new) == chart_facts(reference) and len(chart_facts(new)) == 3  # 2 charts + anchors
    for sheet in ("汇总", "单位汇总"):
        assert_same_values(openpyxl_values(new, sheet), calamine_values(new, sheet), sheet)


def test_the_summary_is_byte_for_byte_the_same_for_the_same_input(tmp_path):
    folder = sample_folder(tmp_path)
    first = summarize([folder], tmp_path / "a" / "汇总.xlsx", PROFILE).path
    time.sleep(1.1)  # a save time would differ
    second = summarize([folder], tmp_path / "b" / "汇总.xlsx", PROFILE).path
    assert first.read_bytes() == second.read_bytes()


# --------------------------------------------------------------------------------------------
# Saving
# --------------------------------------------------------------------------------------------

def _finding(n: int, folder: Path) -> list:
    return [str(folder / f"单位/自评表{n}.xlsx"), "表1", f"B{n + 2}", "ZP203", "错误", f"第 {n} 个问题"]


def test_an_error_while_writing_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "审核结果.xlsx"
    out.write_bytes(b"the review from last week")
    with pytest.raises(RuntimeError):
        with ReviewBook(out) as book:
            for n in range(2000):
                book.findings.append(*_finding(n, tmp_path))
            assert list(scratch.iterdir())  # the constant-memory row files
            raise RuntimeError("disk full")
    assert out.read_bytes() == b"the review from last week"
    assert sorted(p.name for p in out_dir.iterdir()) == ["审核结果.xlsx"]
    assert list(scratch.iterdir()) == []


def test_past_the_last_row_a_table_goes_on_in_a_continuation_sheet(tmp_path):
    out = tmp_path / "审核结果.xlsx"
    findings = [_finding(n, tmp_path) for n in range(12)]
    with ReviewBook(out, max_links=3, max_rows=6) as book:  # a header and 5 rows per sheet
        for finding in findings:
            book.findings.append(*finding)
        book.finish(units_frame(forms_frame([])))
    book = load_workbook(out)
    assert book.sheetnames == SHEETS + ["问题清单（续1）", "问题清单（续2）"]
    rows = []
    for name in ("问题清单", "问题清单（续1）", "问题清单（续2）"):
        ws = book[name]
        assert [c.value for c in ws[1]] == ["文件", "工作表", "单元格", "规则", "级别", "说明"]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:F{ws.max_row}"
        cells = [r[2] for r in ws.iter_rows(min_row=2)]
        assert [c.hyperlink is not None for c in cells] == [n < 3 for n in range(len(cells))]  # per sheet
        rows += [[_shown(c) for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows == findings


def test_a_file_name_like_a_newer_excel_function_stays_as_written_in_the_link_formula(tmp_path):
    """Past the link limit a row links by HYPERLINK(); the file's name is a string inside it and
    must not be taken for a function call ("FILTER(2).xlsx" is not _xlfn._xlws.FILTER)."""
    out = tmp_path / "结果" / "审核结果.xlsx"
    out.parent.mkdir()
    names = ["FILTER(2).xlsx", "SORT(1) UNIQUE(3).xlsx", "XLOOKUP(.xlsx", "SINGLE(1).xlsx"]
    findings = [[str(tmp_path / "单位" / name), "表1", "C5", "ZP203", "错误", "问题"] for name in names]
    with ReviewBook(out, max_links=1) as book:
        for finding in findings:
            book.findings.append(*finding)
        book.finish(units_frame(forms_frame([])))
    cells = [r[2] for r in load_workbook(out)["问题清单"].iter_rows(min_row=2)]
    assert cells[0].hyperlink.target == "../单位/FILTER(2).xlsx"
    for name, cell in zip(names[1:], cells[1:]):
        target = link_target(out.parent.resolve(), str(tmp_path / "单位" / name))
        assert cell.data_type == "f" and cell.value == f'=HYPERLINK("{target}#\'表1\'!C5","C5")'
        assert "_xlfn" not in cell.value


def test_the_link_limit_stays_below_excels():
    assert MAX_LINKS < 65_530
    assert WIDTHS["说明"] == 90


# --------------------------------------------------------------------------------------------
# The worksheet's own rendering of text and number cells
# --------------------------------------------------------------------------------------------

def _sheet_xml(workbook_class, path: Path, cells: list, formats: bool) -> bytes:
    book = workbook_class(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("表")
    sheet.set_column(1, 1, 30)
    shown = book.add_format({"num_format": "0.00"}) if formats else None
    for row, value in enumerate(cells):
        if isinstance(value, str):
            sheet.write_string(row, row % 3, value, shown if row % 2 else None)
        else:
            sheet.write_number(row, row % 3, value, shown if row % 2 else None)
    book.close()
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


_TEXT = st.text(alphabet=st.sampled_from(list("ab 表&<>\"'_x0041F\t\n\r\x01\x1f\u3000\ufffe\uffff\u200b中"))
                | st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)  # XlsxWriter cannot write surrogates


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(_TEXT.filter(lambda t: not (t.startswith("<r>") and t.endswith("</r>")))
                      | st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**15, 10**15),
                      min_size=1, max_size=30),
       formats=st.booleans())
def test_text_and_numbers_render_byte_for_byte_as_xlsxwriter_renders_them(tmp_path_factory, cells, formats):
    import xlsxwriter

    from workbooks.writing.xlsx_stream import StreamSheet

    class Fast(xlsxwriter.Workbook):
        worksheet_class = StreamSheet

    folder = tmp_path_factory.mktemp("render")
    assert _sheet_xml(Fast, folder / "fast.xlsx", cells, formats) == _sheet_xml(xlsxwriter.Workbook, folder / "plain.xlsx",
                                                                                 cells, formats)


def test_text_that_looks_like_rich_text_markup_stays_text(tmp_path):
    """A sheet a clerk named "<r>1</r>" appears in the review as its name; XlsxWriter alone
    would write it into the file as markup, and Excel would call the workbook damaged."""
    out = tmp_path / "审核结果.xlsx"
    names = ["<r>1</r>", "<r><t>注入</t></r>", "<r>a&b</r>"]
    with ReviewBook(out) as book:
        for name in names:
            book.findings.append(str(tmp_path / "单位" / "表.xlsx"), name, "C5", "ZP203", "错误", name)
        book.finish(units_frame(forms_frame([])))
    rows = [[c.value for c in r[1:6:4]] for r in load_workbook(out)["问题清单"].iter_rows(min_row=2)]
    assert rows == [[n, n] for n in names]
    book = pc.CalamineWorkbook.from_path(str(out))
    assert [r[1] for r in book.get_sheet_by_name("问题清单").to_python()[1:]] == names
