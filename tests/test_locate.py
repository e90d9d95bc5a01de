"""Forms are found by their labels: any origin, wrapped labels, several per sheet, other layouts."""

import copy

import pytest

from tests.helpers import seed_forms, write_xls, write_xlsx
from validation import load_profile
from validation.findings import a1, split_a1
from workbooks.checking.batch import check_file
from workbooks.reading.extract import records_in
from workbooks.reading.grid import grid_from_values
from workbooks.reading.readers import read_workbook

FORMS = seed_forms()


def _shift(cell, rows, cols):
    if cell is None:
        return None
    r, c = split_a1(cell)
    return a1(r + rows, c + cols)


def _by_sheet(path, profile="national"):
    result = check_file(path, load_profile(profile))
    assert result.error is None
    return {r.sheet: r for r in result.reports}


def test_same_results_at_another_origin_with_wrapped_labels(seed_workbook, tmp_path):
    moved = write_xlsx(tmp_path / "moved.xlsx", {f["sheet"]: [(f, 8, 4, "wrapped")] for f in FORMS})
    base, other = _by_sheet(seed_workbook), _by_sheet(moved)
    for sheet, report in base.items():
        shifted = other[sheet]
        assert shifted.project == report.project and shifted.funds == report.funds
        assert shifted.total_computed == report.total_computed and shifted.grade == report.grade
        assert [(i.name, i.status, i.score_computed, i.needs_reason) for i in shifted.indicators] == \
               [(i.name, i.status, i.score_computed, i.needs_reason) for i in report.indicators]
        assert [i.row for i in shifted.indicators] == [i.row + 7 for i in report.indicators]
        assert shifted.flatten(("rule", "cell")) == [(rule, _shift(cell, 7, 3)) for rule, cell in report.flatten(("rule", "cell"))]


def test_several_forms_in_one_sheet_like_the_published_document(seed_workbook, tmp_path):
    stacked, top = [], 1
    for form in FORMS:
        stacked.append((form, top, 1, "clean"))
        top += 12 + len(form["indicators"]) + 1 + 2
    path = write_xlsx(tmp_path / "stacked.xlsx", {"全部": stacked})
    result = check_file(path, load_profile())
    assert [r.project for r in result.reports] == [f["project"] for f in FORMS]
    single = _by_sheet(seed_workbook)
    for report, form in zip(result.reports, FORMS):
        assert [i.status for i in report.indicators] == [i.status for i in single[form["sheet"]].indicators]
        assert sorted(f.rule for f in report.findings) == sorted(f.rule for f in single[form["sheet"]].findings)


def test_year_comes_from_the_title_above_the_form():
    rows = [["项目支出绩效自评表"], ["（2023年度）"]] + [[None]] * 2
    grid = grid_from_values("s", rows + _form_rows(), top=1)
    [record] = records_in(grid)
    assert record.year_number == 2023 and record.year.ref == "A2"


def _form_rows():
    return [
        ["项目名称", None, "测试项目"],
        ["主管部门", None, "某局", None, None, "实施单位", "某中心"],
        ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, None, "年度资金总额", 10, 10, 9, 10, "90%", 9],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]


def test_a_form_without_goals_or_sub_rows_is_still_read():
    [record] = records_in(grid_from_values("s", _form_rows()))
    assert record.project.text == "测试项目" and len(record.indicators) == 3
    assert record.funds.total.executed.value == 9 and record.funds.fiscal is None
    assert record.total.score.ref == "H9"


def test_a_summary_table_with_a_project_column_is_not_a_form():
    rows = [["项目名称", "主管部门", "总分", "等级"], ["甲项目", "某局", 95, "优"], ["乙项目", "某局", 88, "良"]]
    assert records_in(grid_from_values("汇总表", rows)) == []


def test_sichuan_split_target_columns_are_combined():
    rows = _form_rows()
    rows[4] = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    rows[5] = [None, "产出指标", "数量指标", "培训人数", "≥", 100, "人", 120, 50, 50]
    rows[6] = [None, "效益指标", "社会效益指标", "能力提升", "定性", "稳步提升", None, "达成年度指标", 30, 30]
    rows[7] = [None, "满意度指标", "服务对象满意度指标", "满意度", "正向", 90, "%", 95, 10, 10]
    rows[8] = ["总分", None, None, None, None, None, None, None, 100, 99]
    [record] = records_in(grid_from_values("s", rows))
    assert [i.target.value for i in record.indicators] == ["≥100人", "稳步提升", "≥90%"]
    assert [i.actual.value for i in record.indicators] == ["120人", "达成年度指标", "95%"]


def test_merged_levels_are_inherited(seed_workbook):
    data = read_workbook(seed_workbook)
    grid = next(g for g in data.grids if g.sheet == "表9")
    assert grid.merge_of(14, 2) == (13, 2, 15, 2)  # 产出指标 merged over three rows
    [record] = records_in(grid)
    assert record.indicators[1].level1.value is None  # read as written …
    report = check_file(seed_workbook, load_profile()).reports[8]
    assert report.indicators[1].level1 == "产出指标"  # … and inherited when evaluated


def test_xls_files_are_read(tmp_path):
    path = write_xls(tmp_path / "old.xls", FORMS[:2])
    reports = _by_sheet(path)
    assert [r.project for r in reports.values()] == [f["project"] for f in FORMS[:2]]
    assert reports["表1"].total_computed == 100


def test_blank_form_is_reported_once_as_not_filled(tmp_path):
    blank = copy.deepcopy(FORMS[0])
    blank.update(project=None, department=None, unit=None)
    for row in blank["funds"].values():
        for key in ("initial", "annual", "executed", "rate"):
            row[key] = None
        row["score"] = None if row["weight"] == 10 else row["score"]
    for indicator in blank["indicators"]:
        for key in ("name", "target", "actual", "weight", "score", "reason"):
            indicator[key] = None
    blank["total"] = {"weight": None, "score": None}
    result = check_file(write_xlsx(tmp_path / "blank.xlsx", {"项目1": [(blank, 1, 1, "clean")]}), load_profile())
    [report] = result.reports
    assert [(f.rule, f.severity) for f in report.findings] == [("ZP003", "info")]
    assert result.findings == []


@pytest.mark.parametrize("top, left", [(1, 1), (30, 7), (200, 2)])
def test_any_origin(tmp_path, top, left):
    path = write_xlsx(tmp_path / "o.xlsx", {"表9": [(FORMS[8], top, left, "wrapped")]})
    [report] = check_file(path, load_profile()).reports
    assert report.total_reported == 100 and report.errors == 2
    assert ("ZP203", a1(top + 18, left + 7)) in report.flatten(("rule", "cell"))
