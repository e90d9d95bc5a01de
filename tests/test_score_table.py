"""The 评分表 (项目支出绩效评价指标体系及评分表): read from real workbooks in any layout, evaluated
and checked by the ZP9 rules. The seed-003 table is checked against the figures and the
contradictions worked out by hand in its sidecar (tests/scoretables/)."""

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import validate

from ziping.check_json import output_schema
from tests.helpers import ROOT, check_json, write_xlsx
from validation import load_profile
from validation.errors import RecordError
from validation.scoretable.example_table import example_table
from validation.scoretable import ScoreTable, check_score_table
from workbooks.checking.batch import check_file
from workbooks.reading.extract import forms_in
from workbooks.reading.grid import grid_from_values
from workbooks.writing.samples import sample_path

TABLES = ROOT / "tests" / "scoretables"
SEED = TABLES / "seed-003-beijing-fengtai-dangan-2024"
PROFILE = load_profile()


@pytest.fixture(scope="module")
def seed():
    sidecar = json.loads(SEED.with_suffix(".json").read_text("utf-8"))
    result = check_file(SEED.with_suffix(".xlsx"), PROFILE)
    assert result.error is None and result.reports == [] and len(result.score_tables) == 1
    return sidecar["expected"], result


def test_committed_workbook_is_built_from_its_transcription(tmp_path):
    from tests.realforms.build import build_xlsx
    from workbooks.reading.readers import read_workbook

    grid = json.loads((TABLES / "sources" / f"{SEED.name}.grid.json").read_text("utf-8"))
    build_xlsx(grid, tmp_path / "fresh.xlsx")
    committed, fresh = read_workbook(SEED.with_suffix(".xlsx")), read_workbook(tmp_path / "fresh.xlsx")
    assert [(g.sheet, g.rows, sorted(g.merged)) for g in committed.grids] == \
           [(g.sheet, g.rows, sorted(g.merged)) for g in fresh.grids]


def test_shipped_sample_is_the_seed_table():
    from workbooks.reading.readers import read_workbook

    shipped = read_workbook(ROOT / "workbooks" / "samples" / "fengtai-dangan-score-table-2024.xlsx")
    seed_table = read_workbook(SEED.with_suffix(".xlsx"))
    assert [(g.sheet, g.rows, sorted(g.merged)) for g in shipped.grids] == \
           [(g.sheet, g.rows, sorted(g.merged)) for g in seed_table.grids]


def test_seed_figures_equal_the_hand_computed_ones(seed):
    expected, result = seed
    [table] = result.score_tables
    assert table.weight_total == expected["weight_sum"] == 100
    assert table.total_reported == expected["printed_total"] == 94.5
    assert table.total_computed == expected["score_sum"] == 94.5
    assert table.grade == expected["grade"] == "优"
    rows = {r["row"]: r for r in table.rows}
    assert sorted(rows) == [r["row"] for r in expected["rows"]]
    for want in expected["rows"]:
        got = rows[want["row"]]
        assert (got["weight"], got["score"], got["deducted"]) == (want["weight"], want["score"], want["deducted"]), want
        assert got["name"] == want["indicator"].strip()
    assert sum(r["deducted"] for r in table.rows) == pytest.approx(expected["deducted_sum"])
    groups = {g["cell"]: g for g in table.groups if g["printed_weight"] is not None}
    for want in expected["groups"]:
        got = groups[want["cell"]]
        assert got["printed_weight"] == want["label_weight"]
        assert got["weight_sum"] == want["children_weight_sum"] and got["score_sum"] == want["score_sum"]


def test_seed_contradictions_and_nothing_else(seed):
    expected, result = seed
    findings = result.all_findings
    assert sorted(f.cell for f in findings if f.rule == "ZP908") == sorted(c["cell"] for c in expected["contradictions"])
    assert [f for f in findings if f.rule != "ZP908"] == []  # every sum agrees, no score out of range
    [absent] = [f for f in findings if f.cell == "G21"]
    assert "未建立" in absent.message and "1.5" in absent.message


def test_check_json_carries_score_tables(tmp_path):
    shutil.copy(SEED.with_suffix(".xlsx"), tmp_path / "评分表.xlsx")
    code, output = check_json(str(tmp_path))
    validate(output, output_schema())
    [file] = output["files"]
    [table] = file["score_tables"]
    assert code == 0 and table["kind"] == "score_table" and table["total_computed"] == 94.5
    assert [f["rule"] for f in table["findings"]] == ["ZP908"] * 3


def _rows_three_levels():
    """A 3-level table with a two-row header ("评价指标" over 一级/二级/三级), 扣分原因, unmerged
    level labels repeated on every row, and a grade under the 合计."""
    return [
        ["某县2023年农村公路养护项目绩效评价指标体系及评分表"],
        ["评价指标", None, None, "分值", "得分", "扣分原因"],
        ["一级指标", "二级指标", "三级指标", None, None, None],
        ["决策(20分)", "项目立项(10分)", "立项依据充分性", 5, 5, None],
        ["决策(20分)", "项目立项(10分)", "立项程序规范性", 5, 5, None],
        ["决策(20分)", "绩效目标(10分)", "绩效目标合理性", 10, 8, "绩效目标未细化量化"],
        ["过程(20分)", "资金管理(20分)", "资金到位率", 10, 10, None],
        ["过程(20分)", "资金管理(20分)", "资金使用合规性", 10, 10, None],
        ["产出(40分)", "产出数量(40分)", "养护里程完成率", 40, 36, "完成率90%"],
        ["效益(20分)", "满意度(20分)", "群众满意度", 20, 20, None],
        ["合计", None, None, 100, 94, None],
        ["评价等级", "优", None, None, None, None],
    ]


def test_two_row_header_three_levels_repeated_labels():
    _, _, [table] = forms_in(grid_from_values("Sheet1", _rows_three_levels()))
    report = check_score_table(table, PROFILE)
    assert table.level_columns == 3 and len(report.rows) == 7 and report.title.startswith("某县2023年")
    assert report.total_computed == 94 and report.grade == "优" and report.grade_reported == "优"
    level1 = {g["name"]: (g["printed_weight"], g["weight_sum"]) for g in report.groups if g["level"] == 1}
    assert level1 == {"决策": (20, 20), "过程": (20, 20), "产出": (40, 40), "效益": (20, 20)}
    # 36 of 40 with "完成率90%": a deduction the comment does not explain
    assert [(f.rule, f.cell) for f in report.findings] == [("ZP907", "F9")]


def test_subtotal_rows_are_not_added_twice():
    rows = _rows_three_levels()
    rows.insert(6, ["小计", None, None, 20, 18, None])  # after 决策's three rows
    _, _, [table] = forms_in(grid_from_values("Sheet1", rows))
    report = check_score_table(table, PROFILE)
    assert len(report.rows) == 7 and report.weight_total == 100 and report.total_computed == 94
    assert [f.rule for f in report.findings] == ["ZP907"]


def test_sums_grade_and_ranges_are_checked():
    rows = _rows_three_levels()
    rows[5][4] = 12  # 12 of 10
    rows[10][4] = 95  # the 合计 written by hand
    rows[11][1] = "良"
    _, _, [table] = forms_in(grid_from_values("Sheet1", rows))
    report = check_score_table(table, PROFILE)
    found = {(f.rule, f.cell) for f in report.findings}
    assert ("ZP903", "E6") in found  # 12 > 10
    assert ("ZP905", "E11") in found  # 5+5+12+10+10+36+20 = 98, not 95
    assert ("ZP906", "B12") in found  # 98 is 优, not 良


def test_a_self_evaluation_form_is_not_a_score_table(tmp_path):
    result = check_file(sample_path(), PROFILE)
    assert len(result.reports) == 9 and result.score_tables == []


def test_score_table_beside_self_evaluation_forms(tmp_path):
    from tests.helpers import seed_form

    form = seed_form(1)
    path = write_xlsx(tmp_path / "两种表.xlsx", {form["sheet"]: [(form, 1, 1, "clean")]},
                      extra={"评分表": _rows_three_levels()})
    result = check_file(path, PROFILE)
    assert len(result.reports) == 1 and len(result.score_tables) == 1
    assert not any(f.rule in ("ZP001", "ZP002") for f in result.all_findings)


def test_record_json_round_trip_and_schema():
    table = example_table()
    data = json.loads(json.dumps(table.to_dict(), ensure_ascii=False))
    again = ScoreTable.from_dict(data)
    assert check_score_table(again).to_dict() == check_score_table(table).to_dict()
    data["rows"][0]["row"] = 0
    with pytest.raises(RecordError, match="评分表数据格式不正确"):
        ScoreTable.from_dict(data)


# A department's stated average ------------------------------------------------------------

def _department(folder: Path, scores: list[list[float]], statement: str | None) -> Path:
    """One workbook per project (a 评分表 each), and a 情况说明 workbook stating the average."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, row_scores in enumerate(scores, start=1):
        rows = _rows_three_levels()
        for offset, score in enumerate(row_scores):
            rows[3 + offset][4] = score
        rows[10][4] = sum(row_scores)
        rows[11][1] = None
        write_xlsx(folder / f"项目{n}.xlsx", {}, extra={"评分表": rows})
    if statement is not None:
        write_xlsx(folder / "情况说明.xlsx", {}, extra={"汇总": [["绩效评价情况"], [statement]]})
    return folder


# Totals 100, 98.5, 97, 99, 94.5, 99.5: 588.5 / 6 = 98.083…, stated as 98.08
SIX = [[5, 5, 10, 10, 10, 40, 20], [5, 5, 8.5, 10, 10, 40, 20], [5, 5, 10, 10, 10, 37, 20],
       [5, 5, 9, 10, 10, 40, 20], [5, 5, 10, 9.5, 10, 35, 20], [5, 4.5, 10, 10, 10, 40, 20]]


def test_stated_average_found_in_a_summary_sheet_agrees(tmp_path):
    folder = _department(tmp_path / "部门", SIX, "我单位对6个项目开展绩效评价，平均分98.08分。")
    code, output = check_json(str(folder))
    validate(output, output_schema())
    [department] = output["department"]
    assert department["kind"] == "score_tables" and department["forms"] == 6
    assert department["computed"] == round(588.5 / 6, 4) and department["stated"] == 98.08 and department["agrees"] is True
    assert department["findings"] == [] and department["source"].endswith("（汇总!A2）")
    assert not any(f["rule"] in ("ZP001", "ZP002") for file in output["files"] for f in file["findings"])


def test_stated_average_that_differs_is_an_error(tmp_path):
    folder = _department(tmp_path / "部门", SIX, "我单位对6个项目开展绩效评价，平均分98.5分。")
    code, output = check_json(str(folder))
    [department] = output["department"]
    assert code == 1 and department["agrees"] is False
    [finding] = department["findings"]
    assert finding["rule"] == "ZP909" and finding["cell"] == "A2" and "98.08" in finding["message"]


def test_stated_average_on_the_command_line(tmp_path):
    folder = _department(tmp_path / "部门", SIX, None)
    assert "department" not in check_json(str(folder))[1]  # nothing stated, nothing compared
    code, output = check_json(str(folder), "--stated-average", "98.08")
    assert code == 0 and output["department"][0]["source"] == "命令行参数"
    from tests.helpers import ziping

    proc = ziping("check", str(folder), "--stated-average", "98.1")
    assert proc.returncode == 0 and "一致" in proc.stdout  # 98.083 is 98.1 to one decimal
    proc = ziping("check", str(folder), "--stated-average", "97")
    assert proc.returncode == 1 and "不一致" in proc.stdout and "ZP909" in proc.stdout
    proc = ziping("check", str(folder), "--stated-average", "九十八")
    assert proc.returncode == 2 and "应为数字" in proc.stderr and "Traceback" not in proc.stderr


def test_summary_workbook_lists_the_scores(tmp_path):
    """A department's own 汇总表: projects with their scores and the average under them."""
    rows = [["2024年度项目绩效评价结果汇总表"], ["序号", "项目名称", "评价得分", "等级"]]
    rows += [[n, f"项目{n}", total, "优"] for n, total in enumerate((100, 98.5, 97, 99, 94.5, 99.5), start=1)]
    rows += [["平均分", None, 98.08, None]]
    path = write_xlsx(tmp_path / "汇总表.xlsx", {}, extra={"汇总": rows})
    code, output = check_json(str(path))
    [department] = output["department"]
    assert code == 0 and department["kind"] == "listed" and department["forms"] == 6 and department["agrees"] is True
    assert department["source"].endswith("（汇总!C9）")


# The ribbon's 校验 and 汇总 on a 评分表, through the xlwings server engine -----------------

def test_validate_button_marks_the_contradictions(tmp_path):
    from openpyxl import load_workbook

    from tests.test_addin_actions import run

    out = tmp_path / "marked.xlsx"
    message, _, _ = run("validate", SEED.with_suffix(".xlsx"), out)
    assert "1 张评分表" in message and "警告 3 个" in message
    book = load_workbook(out)
    sheet = book["Sheet1"]
    assert {ref for ref in ("G3", "G20", "G21", "G4") if sheet[ref].fill.fgColor.rgb.endswith("FFEB9C")} == {"G3", "G20", "G21"}
    listed = [row for row in book["校验结果"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert sorted(row[2] for row in listed) == ["G20", "G21", "G3"] and {row[3] for row in listed} == {"ZP908"}


def test_summary_button_lists_score_tables(tmp_path):
    from openpyxl import load_workbook

    from tests.test_addin_actions import run

    out = tmp_path / "summary.xlsx"
    message, _, _ = run("summary", SEED.with_suffix(".xlsx"), out)
    assert "1 张评分表，平均分 94.5" in message
    rows = list(load_workbook(out)["汇总"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "工作表" and r[1] == "评分表")
    assert rows[header + 1][:8] == ("Sheet1", "项目支出指标体系及评分情况表", 100, 94.5, 94.5, "优", 0, 3)
    assert rows[header + 2][0] == "平均分" and rows[header + 2][4] == 94.5


# The 评分表 template -------------------------------------------------------------------------

def test_template_is_a_blank_score_table_that_adds_up(tmp_path):
    from tests.helpers import ziping
    from workbooks.writing.score_table_template import FRAMEWORK

    path = tmp_path / "评分表模板.xlsx"
    proc = ziping("template", str(path), "--kind", "score-table", "-n", "2", "--year", "2025")
    assert proc.returncode == 0 and "2 张评分表" in proc.stdout
    result = check_file(path, PROFILE)
    assert result.error is None and len(result.score_tables) == 2 and result.all_findings == []
    table = result.score_tables[0]
    assert table.blank and table.weight_total == 100 == sum(row[3] for row in FRAMEWORK)
    # every 一级/二级 label states the sum of its rows
    assert all(g["printed_weight"] == g["weight_sum"] for g in table.groups if g["level"] <= 2)
    assert {g["name"] for g in table.groups if g["level"] == 1} == {"决策", "过程", "产出", "效益"}


def test_template_filled_and_recalculated_by_libreoffice(tmp_path):
    """An evaluator fills the template; LibreOffice computes the 合计 and 等级 formulas; the
    check reads them back and finds only what the evaluator got wrong."""
    from openpyxl import load_workbook

    from workbooks.writing.office import convert
    from workbooks.writing.score_table_template import FIRST_ROW, FRAMEWORK, build_score_table_template

    path = build_score_table_template(tmp_path / "模板.xlsx", year=2025)
    book = load_workbook(path)
    ws = book["评分表"]
    ws["B2"] = "某区政府档案数字化购买服务项目"
    for offset, (_, _, _, weight) in enumerate(FRAMEWORK):
        ws[f"F{FIRST_ROW + offset}"] = weight
    ws[f"F{FIRST_ROW}"], ws[f"G{FIRST_ROW}"] = 2, "立项依据不够充分，扣 1 分"  # 3 -> 2, explained
    ws[f"G{FIRST_ROW + 9}"] = "未建立项目管理制度"  # 管理制度健全性 at full marks: a contradiction
    filled = tmp_path / "filled" / "评分表.xlsx"
    filled.parent.mkdir()
    book.save(filled)
    recalculated = convert(filled, "xlsx", tmp_path / "out")
    result = check_file(recalculated, PROFILE)
    [table] = result.score_tables
    assert table.project == "某区政府档案数字化购买服务项目"
    assert table.total_reported == 99 == table.total_computed and table.grade == "优" and table.grade_reported == "优"
    assert [(f.rule, f.cell) for f in result.all_findings] == [("ZP908", f"G{FIRST_ROW + 9}")]


def test_review_and_summary_workbooks_list_score_tables(tmp_path):
    from openpyxl import load_workbook

    from tests.helpers import ziping

    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(SEED.with_suffix(".xlsx"), folder / "评分表.xlsx")
    shutil.copy(sample_path(), folder / "自评表.xlsx")
    proc = ziping("review", str(folder), "-o", str(tmp_path / "审核结果.xlsx"))
    assert proc.returncode == 1, proc.stderr  # the sample's 表5 and 表9 have errors
    book = load_workbook(tmp_path / "审核结果.xlsx", read_only=True)
    assert book.sheetnames == ["汇总", "问题清单", "单位汇总", "无法读取的文件", "评分表"]
    [row] = list(book["评分表"].iter_rows(min_row=2, values_only=True))
    assert row[1:] == ("Sheet1", "项目支出指标体系及评分情况表", 100, 94.5, 94.5, "优", 0, 3)
    listed = [r for r in book["问题清单"].iter_rows(min_row=2, values_only=True) if r[3] == "ZP908"]
    assert sorted(r[2] for r in listed) == ["G20", "G21", "G3"]
    book.close()
    proc = ziping("summary", str(folder), "-o", str(tmp_path / "汇总.xlsx"))
    assert proc.returncode == 0, proc.stderr
    assert load_workbook(tmp_path / "汇总.xlsx", read_only=True).sheetnames == ["汇总", "单位汇总", "评分表"]
