"""Layouts published forms use beyond the national one: the reader finds their structure, the
scorer reads their values, and what it cannot understand is said once, at its cell."""

import pytest
from openpyxl import Workbook

from validation import check, load_profile
from validation.profile import profile_from_dict
from workbooks.checking.batch import check_file
from workbooks.reading.extract import records_in
from workbooks.reading.grid import grid_from_values

HEAD = [
    ["项目支出绩效自评表"],
    ["（2023年度）"],
    ["项目名称", None, "测试项目"],
    ["主管部门", None, "某局", None, None, "实施单位", "某中心"],
    ["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, None, "年度资金总额", 10, 10, 9, 10, "90%", 9],
]


def _report(rows, profile="national"):
    [record] = records_in(grid_from_values("s", rows))
    return check(record, load_profile(profile))


def _rules(report):
    return [(f.rule, f.cell) for f in report.findings]


def test_two_row_header_with_split_target_columns_and_every_operator_spelling():
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", None, None, "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, None, None, None, "指标性质", "指标值", "度量单位"],
        [None, "产出指标", "数量指标", "培训人数", "≧", 100, "人", 110, 30, 30],
        [None, None, "质量指标", "合格率", "＞＝", "９５", "%", "96", 10, 10],
        [None, None, "时效指标", "资金到位率", "═", 100, "%", 100, 10, 10],
        [None, "效益指标", "社会效益指标", "能力提升", "定性", "稳步提升", None, "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "不低于", 90, "%", 95, 10, 10],
        ["总分", None, None, None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    assert [i.target for i in report.indicators] == ["≥100人", "≥９５%", "=100%", "稳步提升", "≥90%"]
    assert [i.row for i in report.indicators] == [9, 10, 11, 12, 13]  # the sub-header row is no indicator
    assert [i.status for i in report.indicators] == ["met"] * 5
    assert report.total_computed == 99 and report.errors == 0
    assert not {r for r, _ in _rules(report)} & {"ZP406", "ZP407", "ZP506", "ZP007"}


def test_three_row_header_and_a_vertical_label():
    rows = HEAD + [
        ["绩\n效\n指\n标", "绩效指标完成情况"],
        [None, "一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值", "分 值", "得 分", "偏差原因分析\n及改进措施"],
        [None, None, None, None, "（A）", "（B）", "（分）", "（分）"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总 分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    assert [i.row for i in report.indicators] == [10, 11, 12]
    assert report.total_computed == 99 and report.errors == 0


def test_template_rows_are_skipped_once_not_reported_row_by_row():
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 50, 50],
        [None, None, None, "指标2"],
        [None, None, "质量指标", "指标1"],
        [None, None, None, "……"],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    assert [(f.rule, f.cell) for f in report.findings if f.rule == "ZP006"] == [("ZP006", "D9")]
    assert "第 9、10、11 行" in next(f.message for f in report.findings if f.rule == "ZP006")
    assert report.errors == 0 and report.total_computed == 99 and report.grade == "优"


def test_weights_in_level_labels_are_read_and_checked():
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标(50分)", "数量指标", "培训人数", "≥100人", "100人", 25, 25],
        [None, None, "质量指标", "合格率", "≥95%", "96%", 20, 20],
        [None, "效益指标（30分）", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标10分", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        [None, "成本指标", "经济成本指标", "培训成本", "≤5万元", "5万元", 5, 5],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    rules = _rules(report)
    assert ("ZP206", "B8") in rules  # 产出 (50分) over 25 + 20 = 45
    assert not any(r == "ZP206" and c != "B8" for r, c in rules)
    assert not {"ZP704", "ZP705", "ZP701"} & {r for r, _ in rules}
    assert "产出指标(50分)" in next(f.message for f in report.findings if f.rule == "ZP206")
    split = next(f.message for f in report.findings if f.rule == "ZP202")
    assert "产出 45" in split and "（无）" not in split


def test_a_rate_without_operator_is_higher_is_better_whatever_its_level():
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 40, 40],
        [None, None, "时效指标", "项目完成及时率", 100, 95, 10, 10],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    rate = report.indicators[1]
    assert (rate.status, rate.score_computed, rate.needs_reason) == ("not_met", 9.5, True)
    info = next(f for f in report.findings if f.rule == "ZP411")
    assert info.cell == "E9" and "及时率" in info.message and "≥100" in info.message and "≤100" not in info.message
    assert ("ZP601", "I9") in _rules(report)


def test_a_target_formula_without_cached_value_is_named_as_such(tmp_path):
    book = Workbook()
    sheet = book.active
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "=\"≥\"&100&\"人\"", "100人", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "f.xlsx")
    [report] = check_file(tmp_path / "f.xlsx", load_profile()).reports
    rules = _rules(report)
    assert ("ZP005", "E8") in rules and ("ZP105", "E8") not in rules


def test_a_department_overall_form_is_recognised_not_scored(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "整体"
    for row in [
        ["2023年度部门整体支出绩效自评表"],
        ["部门（单位）名称", None, "某区教育局"],
        ["年度主要任务", "任务名称", None, "主要内容"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "完成重点任务数", "≥10项", "10项", 40, 40],
        ["总分", None, None, None, None, None, 100, 100],
    ]:
        sheet.append(row)
    book.save(tmp_path / "d.xlsx")
    result = check_file(tmp_path / "d.xlsx", load_profile())
    assert result.reports == []
    assert [(f.rule, f.sheet, f.cell) for f in result.findings] == [("ZP008", "整体", "A1")]
    assert "部门（单位）整体支出绩效自评表" in result.findings[0].message


def test_an_unknown_header_is_said_once_and_causes_no_cascade():
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度计划数", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    rules = _rules(report)
    assert ("ZP007", "E7") in rules and ("ZP007", "B7") in rules  # the column not read, and the column missing
    assert "年度计划数" in next(f.message for f in report.findings if f.cell == "E7")
    assert not {"ZP105", "ZP104", "ZP406", "ZP407"} & {r for r, _ in rules}


def test_amounts_under_a_yuan_header_are_converted():
    rows = [list(r) for r in HEAD]
    rows[4][0] = "项目资金（元）"
    rows[5] = [None, None, "年度资金总额", 100000, 100000, 90000, 10, "90%", 9]
    rows += [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "成本指标", "培训成本", "≤10万元", "9万元", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    assert report.funds["annual_budget"] == 10 and report.funds["executed"] == 9
    assert not {"ZP802", "ZP803", "ZP804"} & {r for r, _ in _rules(report)}


def test_mid_year_adjustment_columns_are_known():
    rows = [list(r) for r in HEAD]
    rows[4] = ["项目资金（万元）", None, None, "年初预算数", "中期调整数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    rows[5] = [None, None, "年度资金总额", 8, 2, 10, 9, 10, "90%", 9]
    rows += [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    report = _report(rows)
    assert report.funds["annual_budget"] == 10 and report.funds["initial_budget"] == 8
    assert report.errors == 0


@pytest.mark.parametrize("setting, rule", [("accept", "ZP507"), ("reject", "ZP302")])
def test_a_rounded_score_is_info_or_an_error_as_the_profile_says(setting, rule):
    rows = [list(r) for r in HEAD]
    rows[5] = [None, None, "年度资金总额", 100, 100, 86.18, 10, "86.18%", 9]
    rows += [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "100人", 50, 50],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 99],
    ]
    data = dict(load_profile("national").data)
    data["name"] = "custom"
    data["scoring"] = dict(data["scoring"], rounded_scores=setting)
    [record] = records_in(grid_from_values("s", rows))
    report = check(record, profile_from_dict(data))
    rules = _rules(report)
    assert (rule, "I6") in rules
    assert ({"accept": "ZP302", "reject": "ZP507"}[setting], "I6") not in rules


def test_numbers_formatted_as_percents_read_as_shown(tmp_path):
    """calamine gives 1 for a cell Excel shows as "100%"; the form says 100%, so does the reader."""
    book = Workbook()
    sheet = book.active
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "质量指标", "验收合格率", 1, 0.95, 50, 47.5, "个别批次返工"],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30],
        [None, "满意度指标", "服务对象满意度指标", "满意度", 0.9, 0.96, 10, 10],
        ["总分", None, None, None, None, None, 100, 96.5],
    ]
    for row in rows:
        sheet.append(row)
    for ref in ("E8", "F8", "E10", "F10"):
        sheet[ref].number_format = "0%"
    sheet["F10"].number_format = "0.0%"
    book.save(tmp_path / "p.xlsx")
    [report] = check_file(tmp_path / "p.xlsx", load_profile()).reports
    rows = {i.row: i for i in report.indicators}
    assert (rows[8].target, rows[8].actual, rows[8].status, rows[8].score_computed) == ("100%", "95%", "not_met", 47.5)
    assert (rows[10].target, rows[10].actual, rows[10].status) == ("90%", "96%", "met")
    assert not {"ZP402", "ZP403"} & {f.rule for f in report.findings}


def test_sichuan_2023_layout_counts_every_source_row():
    """四川 2023 部门预算 layout: 总额 = 财政资金 + 财政专户管理资金 + 单位资金 + 其他资金."""
    rows = [
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "51000021R000000019951-工资性支出"],
        ["主管部门", "某局", None, None, None, "实施单位 (盖章)", None, "某中心"],
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
        [None, "总额", 100, 120, 110, "91.67%", 10, 9.17],
        [None, "其中:财政资金", 80, 90, 85, "94.44%", "/", "/"],
        [None, "财政专户管理资金", 0, 10, 10, "100%", "/", "/"],
        [None, "单位资金", 20, 20, 15, "75%", "/", "/"],
        [None, "其他资金", None, None, None, None, "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
        [None, "产出指标", "数量指标", "发放覆盖率", "=", 100, "%", 100, 60, 60],
        [None, "效益指标", "社会效益指标", "足额保障率", "≥", 95, "%", 98, 30, 30],
        ["合计", None, None, None, None, None, None, None, 100, 99.17],
    ]
    report = _report(rows, "sichuan")
    rules = {r for r, _ in _rules(report)}
    assert report.funds["annual_budget"] == 120 and report.funds["execution_score"] == 9.17
    assert [i.target for i in report.indicators] == ["=100%", "≥95%"]
    assert "ZP304" not in rules and "ZP004" not in rules and "ZP007" not in rules
    assert report.total_computed == 99.17


def test_a_missing_source_row_is_named_by_its_own_label():
    rows = [
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "测试项目"],
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"],
        [None, "总额", 100, 120, 110, "91.67%", 10, 9.17],
        [None, "其中:财政资金", 80, 90, 85, "94.44%", "/", "/"],
        [None, "单位资金", 20, 20, 15, "75%", "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
        [None, "产出指标", "数量指标", "发放覆盖率", "=", 100, "%", 100, 60, 60],
        [None, "效益指标", "社会效益指标", "足额保障率", "≥", 95, "%", 98, 30, 30],
        ["合计", None, None, None, None, None, None, None, 100, 99.17],
    ]
    report = _report(rows)
    finding = next(f for f in report.findings if f.rule == "ZP304")
    assert finding.cell == "D4" and "单位资金 20" in finding.message and "财政资金 90" in finding.message


@pytest.mark.parametrize("written, flagged", [("0", True), (0, True), ("受场地限制，下半年停训一个月", False)])
def test_a_zero_in_the_reason_cell_is_no_reason(written, flagged):
    rows = HEAD + [
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [None, "产出指标", "数量指标", "培训人数", "≥100人", "90人", 50, 45, written],
        [None, "效益指标", "社会效益指标", "能力提升", "稳步提升", "达成年度指标", 30, 30, "0"],
        [None, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", 10, 10, 0],
        ["总分", None, None, None, None, None, 100, 94],
    ]
    rules = _rules(_report(rows))
    assert (("ZP601", "I8") in rules) is flagged
    assert not any(r == "ZP601" and c != "I8" for r, c in rules)  # "0" where nothing is owed is fine


def test_values_of_a_row_are_what_value_gives_each_cell():
    import datetime as dt

    grid = grid_from_values("s", [["a", "", None, 1.5, 2, dt.datetime(2024, 5, 1), True]], top=3, left=2)
    columns = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert grid.values(3, columns) == [grid.value(3, c) for c in columns]
    assert grid.values(2, columns) == grid.values(4, columns) == [None] * len(columns)


# The older Beijing template (a 2016 form of a 海淀 街道, reposted at
# https://www.wenku365.com/s-60761775.html; the repost ends after the second indicator): one budget
# column, a 得分计算方法 column in both blocks, 分值 before the target, the target and actual headed
# "年度指标值(A)" / "全年实际值(B)".
OLDER_BEIJING = [
    ["项目支出绩效自评表"],
    ["（2016年度）"],
    ["项目名称", "【体制】自管道路清扫保洁外包工作经费"],
    ["主管部门及代码", "北京市海淀区人民政府学院路街道办事处", None, None, "实施单位", "北京市海淀区学院路街道城市运行服务中心"],
    ["项目资金（万元）", None, "年初预算数(A)", "全年执行数(B)", "分值(10分)", "执行率(B/A)", "得分", "得分计算方法"],
    [None, "年度资金总额：", 310.2, 154.74, 10, "50%", 5, "执行率*该指标分值，最高不得超过分值上限。"],
    [None, "其中：本年一般公共预算拨款", 310.2, 154.74],
    [None, "其他资金"],
    ["年度总体目标", "通过规范地区自管道路清扫保洁外包工作经费工作专项资金的使用……"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值(A)", "全年实际值(B)", "得分计算方法", "得分", "未完成原因分析"],
    [None, "产出指标(50分)", "数量指标", "是否完成绩效目标申报表中申报的数量", 12.5, 1, 1,
     "完成值达到指标值，记满分；未达到指标值，按B/A或A/B*该指标分值记分。", 12.5],
    [None, None, "质量指标", "是否达到国家或行业标准", 12.5, 1, 1, None, 12.5],
]


def test_an_older_template_with_one_budget_column_and_a_scoring_method_column(tmp_path):
    path = tmp_path / "海淀.xlsx"
    book = Workbook()
    for row in OLDER_BEIJING:
        book.active.append(row)
    book.save(path)
    result = check_file(path, load_profile())
    assert result.error is None and not result.score_tables  # its indicator header is no 评分表's
    [report] = result.reports
    rules = _rules(report)
    assert report.funds["execution_rate"] == round(154.74 / 310.2, 4)  # the report rounds the rate to 0.01%
    assert report.funds["execution_score"] == 4.99
    assert ("ZP307", "F6") in rules  # the rate is computed on the one budget the form states, and it says so
    assert not {r for r, _ in rules} & {"ZP306", "ZP007", "ZP305", "ZP301"}
    assert [(i.name, i.target, i.actual, i.weight, i.score_reported) for i in report.indicators] == [
        ("是否完成绩效目标申报表中申报的数量", "1", "1", 12.5, 12.5), ("是否达到国家或行业标准", "1", "1", 12.5, 12.5)]
    assert [i.status for i in report.indicators] == ["met", "met"]


def test_with_a_budget_column_the_rate_stays_on_the_annual_budget():
    rows = HEAD[:4] + [["项目资金（万元）", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                       [None, None, "年度资金总额", 10, None, 9, 10, "90%", 9]] + OLDER_BEIJING[9:]
    rules = _rules(_report(rows))
    assert ("ZP306", "E6") in rules and "ZP307" not in {r for r, _ in rules}  # a blank 全年预算数 is still an error


# A 2023 form of an 安徽 town (https://www.ahxx.gov.cn/grassroots/279/158998981.html; the stored page
# ends in the 满意度 block): indicators broken down in "其中……" lines with a target and an actual
# but no 分值 and no 得分.
BREAKDOWN_HEAD = [
    ["绩效目标自评表"],
    ["(2023年度)"],
    ["项目名称", "河西村特色种养补贴到户项目", None, "项目负责人及电话", "李宁0557-5788003"],
    ["主管部门", "县农业农村局", None, "实施单位", "张庄寨镇人民政府"],
    ["资金情况 (万元)", None, "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"],
    [None, "年度资金总额:", 9.48, 9.48, 10, "100%", 10],
    [None, "其中:本年财政拨款", 9.48, 9.48, 10, "100%", 10],
    [None, "其他资金", "-", "-"],
    ["年度总体目标", "年初设定目标", None, None, "年度总体目标完成情况综述"],
    [None, "落实39户特色种养业奖补政策,增加脱贫户家庭收入", None, None, "落实39户特色种养业奖补政策,增加脱贫户家庭收入"],
    ["绩效指标", "一级 指标", "二级指标", "三级指标", "分值", "年度指标值", "全年实际值", "得分", "未完成原因及拟采取的改进措施"],
]
BREAKDOWN_ROWS = [
    [None, "产 出 指 标 (50分)", "数量指标", "★补助各类瓜果蔬菜种植面积", 20, "29.5亩", "29.5亩", 20],
    [None, None, None, "其中桃树种植面积", None, "1.5亩", "1.5亩"],
    [None, None, None, "其中苹果树种植面积", None, "5亩", "5亩"],
    [None, None, None, "其中露天蔬菜", None, "20亩", "20亩"],
    [None, None, None, "其中大棚蔬菜", None, "3亩", "3亩"],
    [None, None, None, "★补助鱼塘面积", 10, "3亩", "3亩", 10],
    [None, None, None, "其中鱼塘养殖面积", None, "3亩", "3亩"],
    [None, None, None, "★补助家畜家禽养殖数量", 10, "192只", "192只", 10],
    [None, None, None, "其中羊养殖数量", None, "180只", "180只"],
    [None, None, None, "其中猪养殖数量", None, "12头", "12头"],
    [None, None, "质量指标"],
    [None, None, None, "种植作物成活率", 5, "95%", "95%", 5],
    [None, None, None, "养殖家畜家禽成活率", 5, "95%", "100%", 5],
    [None, None, None, "……"],
    [None, "效 益 指 标 (30分)", "经济效益 指标"],
    [None, None, None, "特色产业带动增加受益农户收入(总收入)", 20, "≥11.376万元", "12万元", 20],
    [None, None, "社会效益 指标", "受益人口数量", 10, "90人", "90人", 10],
]


def test_breakdown_lines_under_an_indicator_are_not_scored_and_said_once():
    report = _report(BREAKDOWN_HEAD + BREAKDOWN_ROWS)
    rules = _rules(report)
    assert "ZP103" not in {r for r, _ in rules} and "ZP102" not in {r for r, _ in rules}
    [breakdown] = [f for f in report.findings if f.rule == "ZP009"]
    assert breakdown.cell == "D13" and "第 13、14、15、16、18、20、21 行" in breakdown.message
    assert [i.name for i in report.indicators] == [
        "★补助各类瓜果蔬菜种植面积", "★补助鱼塘面积", "★补助家畜家禽养殖数量", "种植作物成活率", "养殖家畜家禽成活率",
        "特色产业带动增加受益农户收入(总收入)", "受益人口数量"]
    assert all(i.status == "met" and i.score_computed == i.weight for i in report.indicators)


def test_a_qizhong_line_with_its_own_weight_or_first_in_the_table_is_an_indicator():
    scored = [[None, None, None, "★★★其中:农村低保对象中建档立卡贫困人口数量", 5, ">=9431人", "9453人", 5]]
    report = _report(BREAKDOWN_HEAD + BREAKDOWN_ROWS[:1] + scored + BREAKDOWN_ROWS[5:])
    assert "★★★其中:农村低保对象中建档立卡贫困人口数量" in [i.name for i in report.indicators]
    first = [[None, "产出指标", "数量指标", "其中桃树种植面积", None, "1.5亩", "1.5亩"]]
    report = _report(BREAKDOWN_HEAD + first + BREAKDOWN_ROWS[10:])  # no other "其中" lines
    assert ("ZP103", "H12") in _rules(report) and "ZP009" not in {r for r, _ in _rules(report)}
