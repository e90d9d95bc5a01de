"""A clerk's text stays text in every workbook ziping writes: a project or indicator name that
starts with "=", "+", "-" or "@" never becomes a formula in a reviewer's workbook."""

import pytest
from openpyxl import load_workbook

from addin.filebook import run_on_file
from tests.helpers import seed_forms, write_xlsx, ziping
from workbooks.writing.text_guard import excel_text, formula_string

LURE = '=HYPERLINK("http://example.com/x","点我领奖")'
NAMES = [LURE, "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)"]


@pytest.fixture()
def hostile(tmp_path):
    forms = seed_forms()[:4]
    for form, name in zip(forms, NAMES):
        form["project"] = name
        form["indicators"][0]["name"] = name
    folder = tmp_path / "报送"
    folder.mkdir()
    return write_xlsx(folder / "单位.xlsx", {f["sheet"]: [(f, 1, 1, "clean")] for f in forms})


def _cells(path):
    book = load_workbook(path)
    return [(ws.title, c) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_kept_as_text(path):
    cells = _cells(path)
    formulas = [(t, c.coordinate, c.value) for t, c in cells if c.data_type == "f"]
    assert formulas == [], formulas
    texts = {c.value for _, c in cells if isinstance(c.value, str)}
    assert LURE in texts  # the name is there, as the clerk typed it


@pytest.mark.parametrize("command", ["summary", "review"])
def test_summary_and_review_workbooks_keep_names_as_text(hostile, tmp_path, command):
    out = tmp_path / f"{command}.xlsx"
    proc = ziping(command, str(hostile.parent), "-o", str(out), *(["--info"] if command == "review" else []))
    assert proc.returncode in (0, 1), proc.stderr
    _assert_kept_as_text(out)


def test_export_keeps_names_as_text(hostile, tmp_path):
    proc = ziping("export", str(hostile), "--to", str(tmp_path / "out"))
    assert proc.returncode in (0, 1), proc.stderr
    exported = [p for p in (tmp_path / "out").rglob("*.xlsx") if "历史版本" not in p.parts]
    assert exported
    for path in exported:
        assert not [c for _, c in _cells(path) if c.data_type == "f"]
    assert any(LURE in {c.value for _, c in _cells(p)} for p in exported)


def test_summary_button_marks_text_for_excel(hostile, tmp_path):
    """Through the VBA client Excel reads a set value as if typed; the apostrophe keeps it text."""
    out = tmp_path / "with-summary.xlsx"
    run_on_file("summary", hostile, out)
    ws = load_workbook(out)["汇总"]
    names = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for name in NAMES:
        assert names.get(name) == "s", name


def test_validate_result_sheet_marks_text_for_excel(hostile, tmp_path):
    out = tmp_path / "validated.xlsx"
    run_on_file("validate", hostile, out)
    ws = load_workbook(out)["校验结果"]
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("培训人数", "培训人数"), (5, 5), (None, None),
])
def test_excel_text(value, expected):
    assert excel_text(value) == expected


def test_quotes_inside_a_formula_we_write_are_doubled():
    assert formula_string('a"b') == 'a""b'


def test_a_lone_surrogate_is_dropped_not_a_crash(tmp_path):
    """A cell read from "_xD800_" holds a lone surrogate, which no .xlsx (UTF-8) can hold: the
    review workbook drops it instead of failing to save."""
    from openpyxl import load_workbook

    from workbooks.review.summary_book import write_review
    from workbooks.review.summary import forms_frame, units_frame
    from workbooks.writing.text_guard import clean_text

    assert clean_text("项目\ud800名称\x07") == "项目名称"
    out = write_review(tmp_path / "审核结果.xlsx", forms_frame([]), units_frame(forms_frame([])),
                       [["a.xlsx", "表1", "H13", "ZP101", "错误", "说明\udfff里"]], [])
    assert load_workbook(out)["问题清单"]["F2"].value == "说明里"
