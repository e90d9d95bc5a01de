"""`ziping check` as reviewers and scripts use it: the JSON contract, exit codes, bad input."""

import json
import shutil

import jsonschema
import pytest
from openpyxl import Workbook, load_workbook

from ziping.check_json import output_schema
from tests.helpers import check_json, seed_forms, write_xlsx, ziping
from workbooks.writing.samples import sample_path

SCHEMA = output_schema()


@pytest.fixture(scope="module")
def clean_workbook(tmp_path_factory):
    """Table 6 of seed 004 has no error (warnings only)."""
    path = tmp_path_factory.mktemp("clean") / "clean.xlsx"
    return write_xlsx(path, {"表6": [(seed_forms()[5], 1, 1, "clean")]})


def test_json_output_follows_the_contract():
    code, output = check_json(str(sample_path()))
    jsonschema.validate(output, SCHEMA)
    assert code == 1
    assert output["tool"]["name"] == "ziping" and output["profile"] == "national"
    assert output["summary"] == {"files": 1, "tables": 9, "errors": 3, "warnings": output["summary"]["warnings"]}
    tables = output["files"][0]["tables"]
    assert [t["sheet"] for t in tables] == [f"表{i}" for i in range(1, 10)]
    nine = tables[8]
    assert nine["total_reported"] == 100 and nine["total_computed"] == 100
    assert {"rule": "ZP203", "severity": "error", "sheet": "表9", "cell": "H19"} == {
        k: v for k, v in next(f for f in nine["findings"] if f["rule"] == "ZP203").items() if k != "message"}
    five = tables[4]
    row = next(i for i in five["indicators"] if i["name"] == "维护维修成本")
    assert row["status"] == "unverified" and row["score_computed"] is None


def test_exit_code_zero_without_errors(clean_workbook):
    code, output = check_json(str(clean_workbook))
    jsonschema.validate(output, SCHEMA)
    assert code == 0 and output["summary"]["errors"] == 0 and output["summary"]["tables"] == 1


def test_text_report_is_readable_and_has_no_traceback():
    proc = ziping("check", str(sample_path()))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "总分填写为 100，但预算执行率得分与各指标得分合计为 95" in proc.stdout
    assert "共 1 个文件、9 张自评表：错误 3" in proc.stdout


@pytest.fixture()
def bad_folder(tmp_path, clean_workbook):
    folder = tmp_path / "报送"
    (folder / "子单位").mkdir(parents=True)
    shutil.copy(clean_workbook, folder / "子单位" / "正常.xlsx")
    (folder / "文本.xlsx").write_text("这不是工作簿", encoding="utf-8")
    data = clean_workbook.read_bytes()
    (folder / "截断.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "空文件.xlsx").write_bytes(b"")
    Workbook().save(folder / "空工作簿.xlsx")
    book = Workbook()
    book.active.title = "附注"
    book.active["A1"] = "本单位2024年度项目支出绩效自评表如下。"
    book.save(folder / "混合.xlsx")
    write_xlsx(folder / "混合2.xlsx", {"表1": [(seed_forms()[0], 1, 1, "clean")]}, extra={"附注": [["说明：单位为万元"]]})
    (folder / "~$正常.xlsx").write_bytes(b"lock file of an open workbook")
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    return folder


def test_bad_files_get_one_clear_line_and_the_rest_is_checked(bad_folder):
    code, output = check_json(str(bad_folder))
    jsonschema.validate(output, SCHEMA)
    assert code == 2
    files = {f["path"].split("/")[-1]: f for f in output["files"]}
    assert sorted(files) == ["截断.xlsx", "文本.xlsx", "正常.xlsx", "混合.xlsx", "混合2.xlsx", "空工作簿.xlsx", "空文件.xlsx"]
    for name in ("文本.xlsx", "截断.xlsx", "空文件.xlsx"):
        error = files[name]["error"]
        assert error and "\n" not in error and "Traceback" not in error and len(error) < 120
    assert "不是有效的 Excel 工作簿" in files["文本.xlsx"]["error"]
    assert "损坏" in files["截断.xlsx"]["error"]
    assert files["正常.xlsx"]["error"] is None and len(files["正常.xlsx"]["tables"]) == 1
    empty = files["空工作簿.xlsx"]
    assert empty["error"] is None and [f["rule"] for f in empty["findings"]] == ["ZP002"]
    assert [f["rule"] for f in files["混合.xlsx"]["findings"]] == ["ZP002"]
    mixed = files["混合2.xlsx"]
    assert [(f["rule"], f["sheet"], f["severity"]) for f in mixed["findings"]] == [("ZP001", "附注", "info")]
    assert len(mixed["tables"]) == 1


def test_text_output_for_bad_files(bad_folder):
    proc = ziping("check", str(bad_folder))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "无法读取：文件不是有效的 Excel 工作簿" in proc.stdout
    assert "无法读取的文件 3" in proc.stdout


def test_an_empty_workbook_alone_is_not_an_unreadable_file(tmp_path):
    Workbook().save(tmp_path / "empty.xlsx")
    code, output = check_json(str(tmp_path / "empty.xlsx"))
    assert code == 0 and output["files"][0]["findings"][0]["rule"] == "ZP002"


def test_missing_paths_and_other_extensions_are_usage_errors(tmp_path, clean_workbook):
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    code, output = check_json(str(tmp_path / "nope.xlsx"), str(tmp_path / "a.csv"), str(clean_workbook))
    assert code == 2
    errors = [f["error"] for f in output["files"]]
    assert errors[0] == "路径不存在。" and "不支持的文件类型" in errors[1] and errors[2] is None


def test_formulas_without_cached_values_are_reported_not_read_as_blank(tmp_path):
    form = seed_forms()[5]
    path = write_xlsx(tmp_path / "formula.xlsx", {"表6": [(form, 1, 1, "clean")]})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["表6"]["H6"] = "=F6/E6"
    book["表6"]["I6"] = "=MIN(H6,1)*G6"
    book.save(path)
    code, output = check_json(str(path))
    findings = output["files"][0]["tables"][0]["findings"]
    assert [f["cell"] for f in findings if f["rule"] == "ZP005"] == ["H6", "I6"]
    assert not [f for f in findings if f["rule"] in ("ZP103", "ZP301", "ZP302")]
    assert code == 1


def test_profiles_change_the_scoring(tmp_path):
    form = seed_forms()[0]
    form["funds"]["total"].update(weight=20, score=20)
    form["indicators"][2]["weight"] = form["indicators"][2]["score"] = 10
    path = write_xlsx(tmp_path / "hubei.xlsx", {"表1": [(form, 1, 1, "clean")]})
    _, national = check_json(str(path))
    _, hubei = check_json("--profile", "hubei", str(path))
    assert hubei["profile"] == "hubei"
    rules = lambda out: {f["rule"] for f in out["files"][0]["tables"][0]["findings"]}
    assert "ZP205" in rules(national) and "ZP205" not in rules(hubei)


def test_custom_profile_file_and_bad_profiles(tmp_path, clean_workbook):
    custom = tmp_path / "strict.json"
    custom.write_text(json.dumps({"name": "strict", "extends": "national", "title": "从严",
                                  "rules": {"severity": {"ZP202": "error"}}}), encoding="utf-8")
    code, output = check_json("--profile", str(custom), str(clean_workbook))
    assert code == 1 and output["profile"] == "strict"
    for bad, fragment in (("nosuch", "没有名为“nosuch”的评分口径"), (str(tmp_path / "missing.json"), "不存在")):
        proc = ziping("check", "--profile", bad, str(clean_workbook))
        assert proc.returncode == 2 and fragment in proc.stderr and "Traceback" not in proc.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"name": "broken", "extends": "national", "title": "坏", "execution": {"weight": -1}}), encoding="utf-8")
    proc = ziping("check", "--profile", str(broken), str(clean_workbook))
    assert proc.returncode == 2 and "execution/weight" in proc.stderr


def test_rule_command_prints_the_rationale():
    proc = ziping("rule", "ZP203")
    assert proc.returncode == 0
    for heading in ("检查什么", "为什么", "示例", "如何改正"):
        assert heading in proc.stdout
    proc = ziping("rule", "nonsense")
    assert proc.returncode == 2 and "没有规则" in proc.stderr


def test_rules_and_profiles_commands():
    assert "ZP601" in ziping("rules").stdout
    out = ziping("profiles").stdout
    for name in ("national", "hubei", "sichuan", "guangxi"):
        assert name in out


def test_usage_errors_exit_2():
    assert ziping("check").returncode == 2
    assert ziping("check", "--no-such-option", "x").returncode == 2
    assert ziping("--version").stdout.startswith("ziping ")


def test_the_text_report_reconciles_filed_and_computed_totals(tmp_path):
    """A row scored 999 under a filed 总分 of 100: the heading shows the filed items' sum beside
    both totals, so it agrees with the ZP203 error below it; a filed grade that differs is shown too."""
    book = load_workbook(shutil.copy(sample_path(), tmp_path / "填报.xlsx"))
    book["表1"]["H13"] = 999
    book["表2"]["I19"] = "良"
    book.save(tmp_path / "填报.xlsx")
    proc = ziping("check", str(tmp_path / "填报.xlsx"))
    flat = "".join(proc.stdout.split())
    assert "总分填报100（各项合计1084）/计算100" in flat and "ZP203" in flat
    assert "等级填报良/计算优" in flat
