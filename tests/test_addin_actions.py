"""Every ribbon action through the xlwings server engine, with payloads shaped exactly like the
VBA client's, and the returned actions carried out on real workbook files."""

import copy
import shutil

import pytest
from openpyxl import load_workbook

from addin import run_in_excel
from addin.actions import ACTIONS, run_action
from addin.marks import DEVIATION_SHEET, ERROR_FILL, REASON_FILL, RESULT_HEADER, RESULT_SHEET, WARNING_FILL
from addin.xlwings_env import xw
from tests.helpers import seed_forms
from tests.remote import apply, fill, payload, remote_bas_subs, with_settings
from tests.workbook_fingerprint import fingerprint
from validation import load_profile
from workbooks.checking.batch import check_file
from workbooks.writing.office import convert
from workbooks.writing.samples import sample_path
from workbooks.writing.template import build_workbook

SUBS = remote_bas_subs()


def run(action, source, target=None, fullname=None, **settings):
    """Run an action on a workbook file through the server engine; apply the result to `target`.
    `fullname`: the book's FullName as Excel gives it (a path once saved), for actions that use it."""
    data = with_settings(payload(source), **settings)
    if fullname is not None:
        data["book"]["name"] = str(fullname)
    with xw.Book(json=data) as book:
        message = run_action(action, book)
        actions = book.json()["actions"]
    alerts = apply(actions, source, target) if target else []
    return message, actions, alerts


@pytest.fixture()
def sample(tmp_path):
    return shutil.copy(sample_path(), tmp_path / "sample.xlsx")


def test_remote_bas_is_read_from_the_installed_xlwings():
    assert {"setValues", "setRangeColor", "addSheet", "addHyperlink", "alert", "runMacro", "sheetDelete"} <= SUBS
    assert "setFontProperty" not in SUBS and "rangeMerge" not in SUBS


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions_use_only_what_the_vba_client_applies(action, sample, tmp_path):
    _, actions, _ = run(action, sample, fullname=sample, SUBMISSION_DIR=str(tmp_path / "报送"))
    assert actions, action
    unknown = {a["func"] for a in actions} - SUBS
    assert not unknown, f"{action} returns actions the VBA client cannot apply: {unknown}"


def test_validate_marks_cells_and_lists_every_finding(sample, tmp_path):
    out = tmp_path / "after.xlsx"
    message, _, alerts = run("validate", sample, out)
    expected = check_file(sample, load_profile())
    findings = expected.findings + [f for r in expected.reports for f in r.findings]
    assert alerts == [message] and "错误 3 个" in message and "警告 21 个" in message
    book = load_workbook(out)
    ws = book[RESULT_SHEET]
    assert [c.value for c in ws[1]] == RESULT_HEADER
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert sorted((r[1], r[2], r[3]) for r in rows) == sorted((f.sheet, f.cell, f.rule) for f in findings)
    assert fill(book["表9"], "H19") == ERROR_FILL  # 总分 does not add up
    assert fill(book["表9"], "I14") == ERROR_FILL  # reason missing
    assert fill(book["表5"], "E17") == ERROR_FILL  # unit error
    assert fill(book["表5"], "H15") == WARNING_FILL  # score differs from the rules
    assert fill(book["表9"], "H13") is None  # a clean cell stays as it was
    link = next(row[2] for row in ws.iter_rows(min_row=2) if row[2].value == "H19")
    assert link.hyperlink.target == "#'表9'!H19"


def test_validate_twice_gives_the_same_result(sample, tmp_path):
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    run("validate", sample, once)
    run("validate", once, twice)
    assert fingerprint(once) == fingerprint(twice)


def test_clear_marks_restores_the_workbook_exactly(sample, tmp_path):
    validated, deviated, cleared = tmp_path / "v.xlsx", tmp_path / "d.xlsx", tmp_path / "c.xlsx"
    run("validate", sample, validated)
    run("deviations", validated, deviated)
    message, _, _ = run("clear_marks", deviated, cleared)
    assert "已清除" in message
    assert fingerprint(cleared) == fingerprint(sample)
    nothing, _, _ = run("clear_marks", cleared)
    assert nothing == "没有需要清除的标记。"


def test_deviations_marks_rows_without_a_reason(sample, tmp_path):
    out = tmp_path / "dev.xlsx"
    message, _, _ = run("deviations", sample, out)
    book = load_workbook(out)
    assert fill(book["表9"], "I14") == REASON_FILL
    rows = [[c.value for c in row] for row in book[DEVIATION_SHEET].iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2]) for r in rows] == [("表9", "I14", "数据差错率")]
    assert "得分 10 低于分值 15" in rows[0][7] and "1 行" in message


def test_score_fills_empty_cells_and_never_overwrites(sample, tmp_path):
    book = load_workbook(sample)
    book["表6"]["H13"] = None  # a blank indicator score
    book["表6"]["I6"] = None  # a blank execution score
    book["表6"]["H19"] = None  # a blank total
    book.save(sample)
    out = tmp_path / "scored.xlsx"
    message, _, _ = run("score", sample, out)
    after = load_workbook(out)
    assert after["表6"]["H13"].value == 15 and after["表6"]["I6"].value == 10 and after["表6"]["H19"].value == 100
    assert after["表6"]["I19"].value == "优"
    assert after["表5"]["H15"].value == 13  # differs from the rules (13.73): reported, not overwritten
    assert after["表9"]["H19"].value == 100  # the wrong total stays for the clerk to fix
    assert "未覆盖" in message and "13.73" in message
    report = {r.sheet: r for r in check_file(out, load_profile()).reports}["表6"]
    assert not [f for f in report.findings if f.rule in ("ZP103", "ZP203")]


def test_new_sheet_adds_a_blank_form_the_reader_understands(sample, tmp_path):
    out = tmp_path / "new.xlsx"
    message, _, _ = run("new_sheet", sample, out)
    book = load_workbook(out)
    assert "项目1" in book.sheetnames and "项目1" in message
    ws = book["项目1"]
    assert ws["A1"].value == "项目支出绩效自评表" and ws["H6"].value.startswith("=")
    assert fill(ws, "A3") == "#F2F2F2" and ws["E13"].number_format == "@"
    reports = {r.sheet: r for r in check_file(out, load_profile()).reports}
    assert [f.rule for f in reports["项目1"].findings] == ["ZP003"]
    second = tmp_path / "second.xlsx"
    run("new_sheet", out, second)
    assert "项目2" in load_workbook(second).sheetnames


def test_marks_on_template_cells_restore_their_fill(tmp_path):
    """In server mode a cell's fill cannot be read; the template's names say which cells are computed."""
    form = copy.deepcopy(seed_forms()[8])  # table 9, whose 总分 is wrong
    source = build_workbook([form], tmp_path / "t9.xlsx", load_profile(), 2024, with_formulas=True)
    book = load_workbook(source)
    book["表9"]["H19"] = 100  # the reported total replaces the formula, as in the published form
    book.save(source)
    recalculated = convert(source, "xlsx", tmp_path / "lo")  # cached values, as Excel would send
    validated, cleared = tmp_path / "v.xlsx", tmp_path / "c.xlsx"
    run("validate", recalculated, validated)
    assert fill(load_workbook(validated)["表9"], "H19") == ERROR_FILL
    run("clear_marks", validated, cleared)
    assert fill(load_workbook(cleared)["表9"], "H19") == "#EAF1FB"


def test_a_bad_profile_in_the_conf_sheet_is_one_message(sample, tmp_path):
    book = load_workbook(sample)
    conf = book["ziping.conf"]
    for row in conf.iter_rows():
        if row[0].value == "PROFILE":
            row[1].value = "mars"
    book.save(sample)
    with xw.Book(json=payload(sample)) as excel:
        assert run_in_excel("validate", excel) is None
        [alert] = [a for a in excel.json()["actions"] if a["func"] == "alert"]
    assert "评分口径“mars”不存在" in alert["args"][0] and alert["args"][3] == "critical"


def test_a_workbook_without_forms(tmp_path):
    from openpyxl import Workbook

    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    message, _, _ = run("validate", empty)
    assert message.startswith("没有找到自评表")


def test_the_ribbon_imports_ziping_after_xlwings_as_runpython_does():
    """RunPython's command is `import xlwings.utils; …; import addin; addin.dispatch(…)`: xlwings is
    imported before ziping can set XLWINGS_LICENSE_KEY. The local path needs no server engine and
    must import; the server engine, asked for in that order, says why it is off."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "XLWINGS_LICENSE_KEY"}
    local = subprocess.run([sys.executable, "-c", "import xlwings.utils; import addin; from addin.xlwings_env import xw; "
                            "from addin.actions import ACTIONS; print(callable(addin.dispatch), xw.__pro__)"],
                           capture_output=True, text=True, env=env)
    assert local.returncode == 0 and local.stdout.split() == ["True", "False"], local.stderr
    server = subprocess.run([sys.executable, "-c", "import xlwings; import addin.server.app"],
                            capture_output=True, text=True, env=env)
    assert server.returncode != 0 and "XLWINGS_LICENSE_KEY=noncommercial" in server.stderr


def test_on_the_clerks_computer_the_users_conf_file_fills_what_the_sheet_leaves_out(sample, tmp_path, monkeypatch):
    """The add-in's xlwings reads the workbook's ziping.conf sheet, then the user's file; the actions
    read the same two, in that order — locally only: the server never reads its own user's file."""
    from addin.actions.context import ActionContext
    from addin.excel import Surface

    home = tmp_path / "home"
    (home / ".ziping").mkdir(parents=True)
    (home / ".ziping" / "ziping.conf").write_bytes('"PROFILE","sichuan"\r\n"SUBMISSION_DIR","D:\\报送"\r\n'.encode("gbk"))
    monkeypatch.setenv("USERPROFILE", str(home))
    book = load_workbook(sample)
    conf = book["ziping.conf"]
    for row in conf.iter_rows():
        if row[0].value == "PROFILE":
            row[0].value = row[1].value = None  # the clerk removed the workbook's own setting
    book.save(sample)
    with xw.Book(json=payload(sample)) as excel:
        local = ActionContext.from_book(Surface(excel), mode="local")
        server = ActionContext.from_book(Surface(excel), mode="server", allow_profile_files=False)
    assert local.profile.name == "sichuan" and local.settings["SUBMISSION_DIR"] == "D:\\报送"
    assert server.profile.name == "national" and "SUBMISSION_DIR" not in server.settings
