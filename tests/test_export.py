"""导出报送: folders, manifests, versions, atomic writes, safe paths; CLI, ribbon and server."""

import copy
import json
from importlib import resources
import os
import re
import shutil
import subprocess

import jsonschema
import pytest
from openpyxl import load_workbook

from addin.actions import ActionError, run_action
from addin.filebook import payload
from addin.server.app import ServerSettings, create_app
from addin.server.tokens import Token, digest
from addin.xlwings_env import xw
from tests.helpers import seed_forms, write_xlsx, ziping
from tests.remote import with_settings
from validation import load_profile
from workbooks.submission import export as export_module
from workbooks.checking.batch import check_file
from workbooks.submission.export import HISTORY, export_reports, sha256_of
from workbooks.submission.manifest import validate_manifest
from workbooks.submission.safe_paths import MAX_PART, UnsafePathError, inside, safe_part
from workbooks.writing.samples import sample_path

DEPARTMENT = "北京市丰台区人力资源和社会保障局"
CENTRE = "北京市丰台区人力资源公共服务中心"
BUREAU = "北京市丰台区人力资源公共服务局"
PROFILE = load_profile()


def unit_folder(root, unit=CENTRE, year="2024", department=DEPARTMENT):
    return root / year / department / unit


def _reports(path):
    result = check_file(path, PROFILE)
    assert result.error is None
    return result.reports


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("submission")
    result = export_reports(_reports(sample_path()), "fengtai-2024.xlsx", root, PROFILE)
    return root, result


def test_forms_without_errors_land_in_their_unit_folders(exported):
    root, result = exported
    assert sorted(e.sheet for e in result.exported) == ["表1", "表2", "表3", "表4", "表6", "表7", "表8"]
    assert sorted(r.sheet for r in result.refused) == ["表5", "表9"]
    centre = sorted(p.name for p in unit_folder(root).glob("*.xlsx"))
    assert centre == sorted(f"{f['project']}.xlsx" for f in seed_forms() if f["sheet"] in ("表2", "表3", "表4", "表6", "表7", "表8"))
    assert [p.name for p in unit_folder(root, BUREAU).glob("*.xlsx")] == [seed_forms()[0]["project"] + ".xlsx"]


def test_refused_forms_say_why(exported):
    _, result = exported
    nine = next(r for r in result.refused if r.sheet == "表9")
    assert any("总分填写为 100" in reason for reason in nine.reasons)
    five = next(r for r in result.refused if r.sheet == "表5")
    assert any("单位" in reason and "≤10元" in reason for reason in five.reasons)
    message = result.message(unit_folder(exported[0]))
    assert "有 2 张自评表存在错误，未导出" in message and "2024年信息系统运维类项目" in message


def test_manifests_validate_and_checksums_match(exported):
    root, _ = exported
    schema = json.loads(resources.files("validation").joinpath("schemas/manifest.schema.json").read_text("utf-8"))
    for unit, count in ((CENTRE, 6), (BUREAU, 1)):
        folder = unit_folder(root, unit)
        data = json.loads((folder / "manifest.json").read_text("utf-8"))
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
        validate_manifest(data)
        assert data["department"] == DEPARTMENT and data["unit"] == unit and data["year"] == 2024
        assert len(data["forms"]) == count
        for form in data["forms"]:
            assert sha256_of(folder / form["file"]) == form["sha256"]
            assert form["pdf"] and sha256_of(folder / form["pdf"]["file"]) == form["pdf"]["sha256"]
            assert form["version"] == 1 and form["history"] == [] and form["grade"] == "优"
            assert form["findings"]["errors"] == 0


def test_exported_workbook_keeps_the_clerks_figures(exported):
    """支出进度 was filed as 8 and 总分 as 98 (the rules give 9.74 and 99.74): the submitted file says
    8 and 98, as the unit filed them; only the 等级 the unit left blank is filled, and marked."""
    root, _ = exported
    path = unit_folder(root) / "2024年流动人员人事档案数字化加工费.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == ["自评表"]
    ws = book["自评表"]
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
                and not c.value.startswith("=3672")]
    assert formulas == []
    assert ws["H15"].value == 8 and ws["H19"].value == 98
    assert ws["I19"].value == "优" and ws["I19"].fill.fgColor.rgb.endswith("DDEBF7") and ws["I19"].comment is not None
    shaded = [c.coordinate for row in ws.iter_rows() for c in row
              if c.fill.fill_type is not None and not c.fill.fgColor.rgb.endswith(("F2F2F2", "EAF1FB"))]
    commented = [c.coordinate for row in ws.iter_rows() for c in row if c.comment is not None]
    assert shaded == commented == ["I19"]  # nothing else is marked as filled
    assert any("由 ziping 按评分规则计算填入" in str(c.value) for row in ws.iter_rows(min_row=20) for c in row if c.value)
    [report] = _reports(path)
    assert (report.total_reported, report.total_computed) == (98, 99.74)
    assert ("ZP501", "H15") in report.flatten()  # the reviewer sees the difference, at its cell
    data = json.loads((unit_folder(root) / "manifest.json").read_text("utf-8"))
    entry = next(f for f in data["forms"] if f["file"] == path.name)
    scores = entry["scores"]
    assert (scores["total_reported"], scores["scores_reported_sum"], scores["total_computed"]) == (98, 98, 99.74)
    assert scores["grade_reported"] is None and entry["grade"] == "优"  # the unit wrote no 等级
    assert scores["filled"] == [{"cell": "I19", "field": "等级", "value": "优"}]
    progress = next(i for i in scores["indicators"] if i["name"] == "支出进度")
    assert (progress["score_reported"], progress["score_computed"]) == (8, 9.74)
    assert ("ZP501", "warning", "H15") in [(f["rule"], f["severity"], f["cell"]) for f in entry["findings"]["items"]]
    assert len(entry["findings"]["items"]) == sum(entry["findings"][k] for k in ("errors", "warnings", "infos"))


def test_the_submitted_file_checks_as_the_clerks_form(exported):
    """Every exported form, checked again from the submitted file, gives the findings of the
    clerk's own sheet: same rules, same cells (the sample is in the template's layout)."""
    root, result = exported
    original = {r.sheet: r for r in _reports(sample_path())}
    for item in result.exported:
        [submitted] = _reports(item.file)
        mine = original[item.sheet]
        assert sorted(submitted.flatten(("rule", "severity", "cell"))) == sorted(mine.flatten(("rule", "severity", "cell")))
        assert (submitted.total_reported, submitted.total_computed) == (mine.total_reported, mine.total_computed)
        assert [i.score_reported for i in submitted.indicators] == [i.score_reported for i in mine.indicators]


def test_real_forms_of_other_layouts_submit_their_own_figures(tmp_path):
    """Published forms in other provinces' layouts: the submitted file (the national layout) carries
    the figures and the findings of the form as published, except what was about its layout."""
    from collections import Counter

    from tests.realforms.corpus import sidecars, workbook_of

    exported = 0
    for sidecar in sidecars():
        meta = json.loads(sidecar.read_text("utf-8"))
        profile = load_profile(meta.get("profile", "national"))
        source = workbook_of(sidecar)
        reports = check_file(source, profile).reports
        result = export_reports(reports, source.name, tmp_path / sidecar.stem, profile, pdf=False)
        for item in result.exported:
            mine = next(r for r in reports if r.sheet == item.sheet)
            [submitted] = check_file(item.file, profile).reports
            layout = ("ZP0",)  # how the published sheet was laid out: not a finding about the form
            assert Counter((f.rule, f.severity) for f in submitted.findings if not f.rule.startswith(layout)) == \
                Counter((f.rule, f.severity) for f in mine.findings if not f.rule.startswith(layout)), sidecar.stem
            assert (submitted.total_reported, submitted.total_computed) == (mine.total_reported, mine.total_computed)
            assert [i.score_reported for i in submitted.indicators] == [i.score_reported for i in mine.indicators]
            exported += 1
    assert exported >= 3


def test_blank_computed_cells_are_filled_and_listed(tmp_path):
    """A form whose 执行率, 总分分值, 总分 and 等级 were left blank (none of them an error): the export
    fills them (执行率 by the rules, 总分 as the sum of the form's own 得分, 等级 as its grade), shades
    them, comments them and lists them in the manifest; every figure the clerk wrote stays."""
    source = shutil.copy(sample_path(), tmp_path / "填报.xlsx")
    book = load_workbook(source)
    ws = book["表8"]  # 档案数字化: 支出进度 filed as 8, 总分 as 98
    for cell in ("H6", "G19", "H19", "I19"):
        ws[cell] = None
    book.save(source)
    reports = [r for r in _reports(source) if r.sheet == "表8"]
    assert reports[0].errors == 0
    result = export_reports(reports, source.name, tmp_path / "报送", PROFILE, pdf=False)
    [item] = result.exported
    data = json.loads((item.file.parent / "manifest.json").read_text("utf-8"))
    scores = data["forms"][0]["scores"]
    assert {f["field"]: f["value"] for f in scores["filled"]} == {"执行率": 1.0,
                                                                 "总分分值": 100, "总分": 98, "等级": "优"}
    assert scores["total_reported"] is None and scores["grade_reported"] is None  # the unit filed neither
    submitted = load_workbook(item.file)["自评表"]
    assert [f["cell"] for f in scores["filled"]] == ["H6", "G19", "H19", "I19"]
    for cell in ("H6", "G19", "H19", "I19"):
        assert submitted[cell].comment is not None and submitted[cell].fill.fgColor.rgb.endswith("DDEBF7")
    assert submitted["H15"].value == 8 and submitted["I6"].value == 10  # what the clerk wrote stays
    [checked] = _reports(item.file)
    assert ("ZP501", "H15") in checked.flatten() and (checked.total_reported, checked.total_computed) == (98, 99.74)


def test_pdf_has_one_page_per_form(exported):
    root, _ = exported
    pdf = unit_folder(root) / "2024年窗口聘用人员经费.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, flags=re.M)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2024年窗口聘用人员经费" in text.replace(" ", "")


def test_exporting_again_keeps_versions(tmp_path):
    source = shutil.copy(sample_path(), tmp_path / "s.xlsx")
    root = tmp_path / "报送"
    export_reports(_reports(source), "s.xlsx", root, PROFILE, pdf=False)
    same = export_reports(_reports(source), "s.xlsx", root, PROFILE, pdf=False)
    assert all(e.unchanged for e in same.exported) and "相同" in same.message(root)
    book = load_workbook(source)
    book["表6"]["F13"] = "19 套"  # the clerk corrects a figure and exports again
    book.save(source)
    again = export_reports(_reports(source), "s.xlsx", root, PROFILE, pdf=False)
    changed = [e for e in again.exported if not e.unchanged]
    assert [e.sheet for e in changed] == ["表6"] and changed[0].version == 2
    folder = unit_folder(root)
    stem = "2024 年好差评系统建设经费"
    assert (folder / f"{stem}.xlsx").exists() and (folder / HISTORY / f"{stem}.v1.xlsx").exists()
    data = json.loads((folder / "manifest.json").read_text("utf-8"))
    entry = next(f for f in data["forms"] if f["file"] == f"{stem}.xlsx")
    assert entry["version"] == 2 and [h["version"] for h in entry["history"]] == [1]
    assert entry["history"][0]["sha256"] == sha256_of(folder / entry["history"][0]["file"])
    assert entry["sha256"] == sha256_of(folder / f"{stem}.xlsx") != entry["history"][0]["sha256"]
    assert "第 2 版" in again.message(root)


def test_an_interrupted_export_leaves_no_partial_file(tmp_path, monkeypatch):
    real = export_module._Writer.write
    calls = {"n": 0}

    def failing(self, *args, **kwargs):
        if calls["n"] == 3:
            raise OSError("磁盘已满")
        calls["n"] += 1
        return real(self, *args, **kwargs)

    monkeypatch.setattr(export_module._Writer, "write", failing)
    root = tmp_path / "报送"
    with pytest.raises(OSError):
        export_reports(_reports(sample_path()), "s.xlsx", root, PROFILE, pdf=False)
    files = [p for p in root.rglob("*") if p.is_file()]
    assert not [p for p in files if ".tmp" in p.name]
    listed = set()
    for manifest in root.rglob("manifest.json"):
        data = json.loads(manifest.read_text("utf-8"))
        validate_manifest(data)
        for form in data["forms"]:
            assert (manifest.parent / form["file"]).exists() and sha256_of(manifest.parent / form["file"]) == form["sha256"]
            listed.add(manifest.parent / form["file"])
    assert set(p for p in files if p.suffix == ".xlsx") == listed and len(listed) == 3


@pytest.mark.parametrize("text, expected", [
    ("../x", "_x"), ("a/b", "a_b"), ("a\\b", "a_b"), ("CON", "_CON"), ("con.txt", "_con.txt"), ("LPT1", "_LPT1"),
    ("  项目 . ", "项目"), ("", "未填写"), (None, "未填写"), ("..", "未填写"), ("a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h"),
    ("2024年\n流动人员", "2024年 流动人员"),
])
def test_safe_parts(text, expected):
    assert safe_part(text) == expected


def test_long_names_are_shortened_and_stay_distinct():
    long_a, long_b = "项" * 300, "项" * 299 + "目"
    assert len(safe_part(long_a)) <= MAX_PART and len(safe_part(long_a).encode("utf-8")) <= 255
    assert safe_part(long_a) != safe_part(long_b)


def test_nothing_is_written_outside_the_folder(tmp_path):
    form = copy.deepcopy(seed_forms()[5])
    form.update(project="../../逃逸/项目", department="a/b", unit="CON")
    source = write_xlsx(tmp_path / "hostile.xlsx", {"表6": [(form, 1, 1, "clean")]})
    root = tmp_path / "out" / "报送"
    before = {p for p in tmp_path.rglob("*")}
    result = export_reports(_reports(source), "hostile.xlsx", root, PROFILE, pdf=False)
    assert len(result.exported) == 1
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(root.resolve() in p.resolve().parents or p.resolve() == root.resolve() or p.resolve() in root.resolve().parents
                           for p in created)
    assert result.exported[0].file.parent == (root / "2024" / "a_b" / "_CON").resolve()
    assert "/" not in result.exported[0].file.name and result.exported[0].file.name.endswith("逃逸_项目.xlsx")
    outside = tmp_path / "outside"
    outside.mkdir()
    link_root = tmp_path / "linked"
    link_root.mkdir()
    os.symlink(outside, link_root / "2024")
    with pytest.raises(UnsafePathError):
        inside(link_root, "2024", "x")
    with pytest.raises(UnsafePathError):
        export_reports(_reports(source), "hostile.xlsx", link_root, PROFILE, pdf=False)
    assert list(outside.iterdir()) == []


def test_cli_export_never_touches_the_source(tmp_path):
    source = shutil.copy(sample_path(), tmp_path / "填报.xlsx")
    before = sha256_of(source)
    proc = ziping("export", str(source), "--to", str(tmp_path / "报送"), "--no-pdf")
    assert proc.returncode == 1  # two forms refused
    assert "已导出 7 张" in proc.stdout and "未导出" in proc.stdout
    assert sha256_of(source) == before
    bad = ziping("export", str(tmp_path / "nope.xlsx"), "--to", str(tmp_path / "x"))
    assert bad.returncode == 2 and "不存在" in bad.stderr


def _conf_payload(path, **settings):
    return with_settings(payload(path), **settings)


def test_ribbon_export_writes_to_submission_dir(tmp_path):
    target = tmp_path / "报送"
    with xw.Book(json=_conf_payload(sample_path(), SUBMISSION_DIR=str(target))) as book:
        message = run_action("export", book)
    assert "已导出 7 张自评表" in message and len(list(target.rglob("*.xlsx"))) == 7
    with xw.Book(json=_conf_payload(sample_path(), SUBMISSION_DIR="")) as book:
        with pytest.raises(ActionError, match="SUBMISSION_DIR"):
            run_action("export", book)


def test_server_export_writes_only_for_the_tokens_unit(tmp_path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    centre = Token(digest("centre-token-000000000001"), DEPARTMENT, CENTRE)
    server_dir = tmp_path / "server-submissions"
    client = TestClient(create_app(ServerSettings([centre], submission_dir=server_dir)))
    own = write_xlsx(tmp_path / "own.xlsx", {f["sheet"]: [(f, 1, 1, "clean")] for f in seed_forms()[1:4]})
    response = client.post("/export", json=payload(own), headers={"Authorization": "centre-token-000000000001"})
    assert response.status_code == 200
    files = sorted(p.relative_to(server_dir).parts[:3] for p in server_dir.rglob("*.xlsx"))
    assert files == [("2024", DEPARTMENT, CENTRE)] * 3
    refused = client.post("/export", json=payload(sample_path()), headers={"Authorization": "centre-token-000000000001"})
    assert refused.status_code == 403 and len(list(server_dir.rglob("*.xlsx"))) == 3
    no_dir = TestClient(create_app(ServerSettings([centre])))
    response = no_dir.post("/export", json=payload(own), headers={"Authorization": "centre-token-000000000001"})
    assert response.status_code == 422 and "报送文件夹" in response.text
