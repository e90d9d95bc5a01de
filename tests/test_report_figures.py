"""Figures from the evaluation reports of seeds 000–002, as forms in real workbooks."""

import pytest

from tests.forms import ARCHIVES, DIGITISATION, IMAGING
from tests.helpers import write_xlsx
from validation import load_profile
from workbooks.checking.batch import check_file


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "figures.xlsx"
    write_xlsx(path, {f["sheet"]: [(f, 1, 1, "clean")] for f in (ARCHIVES, DIGITISATION, IMAGING)})
    result = check_file(path, load_profile())
    return {r.sheet: r for r in result.reports}


def _row(report, name):
    return next(i for i in report.indicators if i.name == name)


def test_execution_rate_and_score(reports):
    funds = reports["档案"].funds
    assert funds["execution_rate"] == 0.6261
    assert funds["execution_score"] == 6.26
    assert reports["影像化"].funds["execution_rate"] == 0.9962
    assert reports["影像化"].funds["execution_score"] == 9.96


def test_overachievement_needs_a_reason(reports):
    row = _row(reports["档案"], "档案扫描数量")
    assert row.status == "exceeded" and row.needs_reason
    assert any(f.rule == "ZP503" and f.cell == "F13" for f in reports["档案"].findings)


def test_multipliers_convert(reports):
    assert _row(reports["数字化"], "归档材料数字化加工").status == "met"
    assert _row(reports["数字化"], "新增整本人事档案数字化加工").status == "met"
    assert _row(reports["影像化"], "影像化页数").status == "met"
    assert _row(reports["数字化"], "项目总成本").status == "met"


def test_compound_units(reports):
    row = _row(reports["数字化"], "人事档案加工单价")
    assert row.status == "met" and row.score_computed == 5


def test_reported_figures_are_consistent(reports):
    for report in reports.values():
        assert report.errors == 0, [f.message for f in report.findings if f.severity == "error"]
        assert report.total_computed == report.total_reported
    assert reports["档案"].grade == "优"


def test_sichuan_requires_an_explanation_for_low_execution(tmp_path):
    explained = check_file(write_xlsx(tmp_path / "a.xlsx", {"档案": [(ARCHIVES, 1, 1, "clean")]}), load_profile("sichuan"))
    assert not [f for f in explained.all_findings if f.rule == "ZP602"]
    silent = dict(ARCHIVES, goals={"expected": "见项目绩效目标。", "actual": "实际完成档案扫描870卷。"})
    unexplained = check_file(write_xlsx(tmp_path / "b.xlsx", {"档案": [(silent, 1, 1, "clean")]}), load_profile("sichuan"))
    assert [f.cell for f in unexplained.all_findings if f.rule == "ZP602"] == ["H6"]
    national = check_file(write_xlsx(tmp_path / "c.xlsx", {"档案": [(silent, 1, 1, "clean")]}), load_profile("national"))
    assert not [f for f in national.all_findings if f.rule == "ZP602"]
