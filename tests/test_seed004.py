"""The nine real forms of seed 004, read back from a real xlsx and checked by the published rules."""

import pytest

from tests.helpers import seed_forms
from validation import load_profile
from validation.text import compact
from workbooks.checking.batch import check_file
from workbooks.reading.extract import records_in
from workbooks.reading.readers import read_workbook
from workbooks.writing.samples import sample_path

FORMS = seed_forms()


def _same(written, read):
    if written is None or written == "":
        return read is None
    if isinstance(written, (int, float)):
        return isinstance(read, (int, float)) and float(read) == float(written)
    return compact(str(read)) == compact(str(written))


@pytest.fixture(scope="module")
def records(seed_workbook):
    data = read_workbook(seed_workbook)
    found = {}
    for grid in data.grids:
        [record] = records_in(grid)
        found[grid.sheet] = record
    return found


@pytest.fixture(scope="module")
def reports(seed_workbook):
    result = check_file(seed_workbook, load_profile())
    assert result.error is None and result.findings == []
    return {r.sheet: r for r in result.reports}


@pytest.mark.parametrize("form", FORMS, ids=[f["sheet"] for f in FORMS])
def test_every_field_reads_back(form, records):
    record = records[form["sheet"]]
    assert record.project.text == form["project"]
    assert record.department.text == form["department"]
    assert record.unit.text == form["unit"]
    assert record.year_number == 2024
    for name in ("total", "fiscal", "carryover", "other"):
        row = getattr(record.funds, name)
        assert row is not None, name
        for column in ("initial", "annual", "executed", "weight", "rate", "score"):
            assert _same(form["funds"][name][column], getattr(row, column).value), (name, column)
    assert compact(record.goal_expected.text) == compact(form["goals"]["expected"])
    assert compact(record.goal_actual.text) == compact(form["goals"]["actual"])
    assert len(record.indicators) == len(form["indicators"])
    for written, row in zip(form["indicators"], record.indicators):
        for key, field in (("level1", "level1"), ("level2", "level2"), ("name", "name"), ("target", "target"),
                           ("actual", "actual"), ("weight", "weight"), ("score", "score"), ("reason", "reason")):
            assert _same(written[key], getattr(row, field).value), (row.row, key)
    assert record.total.weight.value == form["total"]["weight"]
    assert record.total.score.value == form["total"]["score"]


def test_every_indicator_is_classified(reports):
    for form in FORMS:
        report = reports[form["sheet"]]
        levels = [(i.level1, i.level2) for i in report.indicators]
        assert levels[0] == ("产出指标", "数量指标")
        assert ("效益指标", "社会效益指标") in levels
        assert ("成本指标", "经济成本指标") in levels
        assert levels[-1] == ("满意度指标", "服务对象满意度指标")  # "服务对象满意度标" normalised


def _row(report, name):
    return next(i for i in report.indicators if i.name == name)


def _pairs(report, rule):
    return [f.cell for f in report.findings if f.rule == rule]


def test_table9_total_is_wrong_and_a_reason_is_missing(reports):
    report = reports["表9"]
    assert report.total_reported == 100
    assert _pairs(report, "ZP203") == ["H19"]  # the 总分 cell
    [finding] = [f for f in report.findings if f.rule == "ZP203"]
    assert finding.severity == "error" and "95" in finding.message
    row = _row(report, "数据差错率")
    assert (row.weight, row.score_reported, row.needs_reason, row.reason) == (15, 10, True, "")
    assert _pairs(report, "ZP601") == ["I14"]


def test_table5_unit_error_is_not_scored(reports):
    report = reports["表5"]
    row = _row(report, "维护维修成本")
    assert row.status == "unverified" and row.score_computed is None
    assert _pairs(report, "ZP404") == ["E17"]


def test_table3_converts_yuan_and_wan_yuan(reports):
    report = reports["表3"]
    row = _row(report, "租赁成本")
    assert row.status == "met" and row.score_computed == 20
    assert not [f for f in report.findings if f.rule in ("ZP403", "ZP404")]


@pytest.mark.parametrize("sheet, reason", [("表5", "根据办公区域公共设施使用情况按需完成维修"), ("表8", "依据合同约定12月9日完成")])
def test_late_finish_needs_a_reason_and_the_given_one_is_accepted(reports, sheet, reason):
    report = reports[sheet]
    row = _row(report, "支出进度")
    assert row.status == "not_met" and row.needs_reason and row.reason == reason
    assert _pairs(report, "ZP601") == []


def test_late_finish_is_scored_reverse_on_the_day_of_the_year(reports):
    # ≤11月 is day 335 of 2024; 12月 ends on day 366, 12月9日 is day 344.
    assert _row(reports["表5"], "支出进度").score_computed == round(15 * 335 / 366, 2)
    assert _row(reports["表8"], "支出进度").score_computed == round(10 * 335 / 344, 2)


def test_table1_values(reports):
    report = reports["表1"]
    assert _row(report, "回访人数").status == "met"
    satisfaction = _row(report, "项目预期达到满意度")
    assert satisfaction.status == "unverified" and satisfaction.score_computed is None
    assert "F14" in _pairs(report, "ZP401")


def test_table7_fund_rows_add_up(reports):
    report = reports["表7"]
    assert _pairs(report, "ZP304") == []
    assert report.funds["annual_budget"] == 35.8 and report.funds["execution_rate"] == 1.0


def test_only_tables_5_and_9_have_errors(reports):
    with_errors = sorted(sheet for sheet, report in reports.items() if report.errors)
    assert with_errors == ["表5", "表9"]


def test_the_shipped_sample_gives_the_same_results(reports):
    result = check_file(sample_path(), load_profile())
    shipped = {r.sheet: r for r in result.reports}
    assert sorted(shipped) == sorted(reports)
    for sheet, report in reports.items():
        assert shipped[sheet].to_dict() == report.to_dict()


def test_the_shipped_sample_is_clean_text():
    """The transcription's HTML left-overs ("<p>…</p>") are not the form's text: they would show in
    the clerk's sheet and in every exported PDF."""
    import re

    from workbooks.writing.samples import sample_data

    def texts(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list):
            for item in value:
                yield from texts(item)
        elif isinstance(value, str):
            yield value

    tags = [text for text in texts(sample_data()) if re.search(r"</?[a-zA-Z][^>]*>", text)]
    assert tags == []
