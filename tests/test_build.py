"""The built add-in and macro-enabled template, checked without Excel: modules read back by
olevba, the ribbon part, callbacks resolving, LibreOffice running the VBA helpers."""

import json
import re
import subprocess
import zipfile

import pytest
from oletools.olevba import VBA_Parser
from openpyxl import load_workbook

from addin.actions import ACTIONS
from addin.build import (ADDIN_NAME, FILES, MACRO_MODULE, RIBBON_PART, RIBBON_REL_TYPE, TEMPLATE_NAME, build_addin,
                         build_macro_template, macros_source, runtime_modules)
from addin.xlwings_env import xw
from tests.helpers import ROOT, ziping
from tests.workbook_fingerprint import fingerprint
from workbooks.writing.build import TEMPLATE_YEAR

LO_VBA = [ "/usr/bin/python3", str(ROOT / "tests" / "lo_vba.py")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    return build_addin(folder), build_macro_template(folder, TEMPLATE_YEAR)


def _modules(path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _code_lines(source: str) -> list[str]:
    """Executable text: no Attribute lines, no class export header, no trailing blank lines."""
    lines = source.replace("\r\n", "\n").split("\n")
    if lines and lines[0].startswith("VERSION 1.0 CLASS"):
        lines = lines[lines.index("END") + 1:]
    lines = [line for line in lines if not line.startswith("Attribute ")]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "xlsm"])
def test_olevba_reads_every_module_back_unchanged(built, which):
    modules = _modules(built[which])
    expected = {name: source for name, source, _ in runtime_modules()}
    expected[MACRO_MODULE] = macros_source()
    for name, source in expected.items():
        assert name in modules, name
        assert _code_lines(modules[name]) == _code_lines(source), name


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "xlsm"])
def test_no_empty_standard_module(built, which):
    """The standard modules are exactly xlwings' runtime and macros.bas: no leftover Module1."""
    modules = _modules(built[which])
    standard = {name for name, _, is_class in runtime_modules() if not is_class} | {MACRO_MODULE}
    documents = {"ThisWorkbook"} | {name for name in modules if name.startswith("Sheet")}
    classes = {name for name, _, is_class in runtime_modules() if is_class}
    assert set(modules) - documents - classes == standard
    assert all(_code_lines(modules[name]) for name in standard)


def test_runtime_is_stamped_with_the_installed_xlwings_version(built):
    main = _modules(built[0])["Main"]
    assert f'Public Const XLWINGS_VERSION As String = "{xw.__version__}"' in main
    assert 'Public Const PROJECT_NAME As String = "ziping"' in main
    assert f"xlwings64-{xw.__version__}.dll" in main and "-dev.dll" not in main


def test_macros_bas_is_ascii():
    assert (ROOT / "macros.bas").read_bytes().isascii()


@pytest.mark.parametrize("which, main_type", [(0, "application/vnd.ms-excel.addin.macroEnabled.main+xml"),
                                              (1, "application/vnd.ms-excel.sheet.macroEnabled.main+xml")], ids=["xlam", "xlsm"])
def test_ribbon_part_relationship_and_content_type(built, which, main_type):
    with zipfile.ZipFile(built[which]) as package:
        names = package.namelist()
        rels = package.read("_rels/.rels").decode()
        types = package.read("[Content_Types].xml").decode()
        ribbon = package.read(RIBBON_PART)
    assert RIBBON_PART in names and "xl/vbaProject.bin" in names
    assert re.search(rf'Type="{re.escape(RIBBON_REL_TYPE)}"[^>]*Target="{RIBBON_PART}"|Target="{RIBBON_PART}"[^>]*Type="{re.escape(RIBBON_REL_TYPE)}"', rels)
    assert f'PartName="/xl/workbook.xml" ContentType="{main_type}"' in types
    assert ribbon == (ROOT / "addin" / "ribbon.xml").read_bytes()


def test_every_button_resolves_to_a_macro_and_a_python_action():
    ribbon = (ROOT / "addin" / "ribbon.xml").read_text("utf-8")
    buttons = re.findall(r'<button id="(\w+)"[^>]*onAction="([\w.]+)"', ribbon, flags=re.S)
    assert buttons
    macros = set(re.findall(r"^Public Sub (\w+)\(control As Object\)", macros_source(), flags=re.M))
    for button, callback in buttons:
        module, _, macro = callback.rpartition(".")
        assert module == MACRO_MODULE and macro in macros, callback
        assert button in ACTIONS, button
    assert {b for b, _ in buttons} == set(ACTIONS), "every action has a button"
    assert re.search(r'<tab id="ZipingTab" label="绩效自评">', ribbon)


def test_template_sheets_are_the_template(built):
    book = load_workbook(built[1], keep_vba=True)
    assert book.sheetnames == ["项目1", "说明", "ziping.conf"]
    assert book["项目1"]["A1"].value == "项目支出绩效自评表"


def test_committed_files_match_a_fresh_build(built):
    for committed, fresh in ((FILES / ADDIN_NAME, built[0]), (FILES / TEMPLATE_NAME, built[1])):
        assert {k: _code_lines(v) for k, v in _modules(committed).items()} == {k: _code_lines(v) for k, v in _modules(fresh).items()}
        with zipfile.ZipFile(committed) as a, zipfile.ZipFile(fresh) as b:
            assert sorted(a.namelist()) == sorted(b.namelist())
            for part in (RIBBON_PART, "_rels/.rels", "[Content_Types].xml"):
                assert a.read(part) == b.read(part), part
    assert fingerprint(FILES / TEMPLATE_NAME) == fingerprint(built[1])


def _lo(*args):
    proc = subprocess.run([*LO_VBA, *map(str, args)], capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def macros_only(tmp_path_factory):
    """LibreOffice compiles the whole project and cannot compile xlwings' runtime; the helpers
    are therefore run from a build holding macros.bas alone."""
    return build_macro_template(tmp_path_factory.mktemp("lo"), TEMPLATE_YEAR, runtime=False)


@pytest.mark.parametrize("proc, args, expected", [
    ("ZipingCommand", ["validate"], "import addin; addin.dispatch('validate')"),
    ("ZipingCommand", ["clear_marks"], "import addin; addin.dispatch('clear_marks')"),
    ("ZipingServerUrl", ["http://10.1.2.3:8000//", "score"], "http://10.1.2.3:8000/score"),
    ("ZipingSafeName", ["val'); import os;#idate"], "valimportosidate"),
    ("ZipingText", ["7EE9,6548,81EA,8BC4"], "绩效自评"),
])
def test_libreoffice_runs_the_vba_helpers(macros_only, proc, args, expected):
    assert _lo(macros_only, "call", f"{MACRO_MODULE}.{proc}", *args) == expected


@pytest.mark.parametrize("which", [0, 1], ids=["xlam", "xlsm"])
def test_libreoffice_lists_every_module_of_the_full_build(built, which):
    modules = set(_lo(built[which], "modules"))
    assert {name for name, _, _ in runtime_modules()} | {MACRO_MODULE} <= modules


def test_build_addin_command(tmp_path):
    proc = ziping("build-addin", "--out", str(tmp_path), "--year", "2025")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / ADDIN_NAME).exists() and (tmp_path / TEMPLATE_NAME).exists()
    assert load_workbook(tmp_path / TEMPLATE_NAME, keep_vba=True)["项目1"]["A2"].value == "（2025年度）"
    assert ziping("build-addin", "--out", str(tmp_path), "--profile", "mars").returncode == 2
