"""Scoring by the published rules and by each profile (DOMAIN §4, §5, §7)."""

import pytest

from validation import check, load_profile, profile_from_dict, shipped_names
from validation.errors import ProfileError, RecordError
from validation.record import Record
from validation.rules.example_form import example_record, patched


def _row(report, index):
    return report.indicators[index]


@pytest.mark.parametrize("name", shipped_names())
def test_shipped_profiles_validate(name):
    profile = load_profile(name)
    assert profile.name == name and profile.title
    weights = profile.data["weights"]
    assert weights["total"] == 100


def test_profiles_differ_where_the_regions_do():
    assert load_profile("hubei").execution_weight == 20
    assert load_profile("hubei").qualitative["bands"]["partly_met"] == [0.5, 0.8]
    assert load_profile("sichuan").reason_below_rate == 0.9
    assert load_profile("guangxi").scoring["overachievement"]["reason_ratio"] == 1.3
    assert load_profile("national").scoring["reverse_strategy"] == "ratio"


def test_positive_not_met_is_proportional():
    report = check(patched({"indicators.0.actual": "900人", "indicators.0.score": 18, "indicators.0.reason": "x"}))
    row = _row(report, 0)
    assert (row.status, row.score_computed, row.needs_reason) == ("not_met", 18, True)


def test_negative_actual_counts_as_zero():
    report = check(patched({"indicators.0.actual": "-5人"}))
    assert _row(report, 0).score_computed == 0


@pytest.mark.parametrize("strategy, expected", [("ratio", round(10 * 100 / 125, 2)), ("deviation", round(10 * (1 - 25 / 100), 2))])
def test_reverse_strategies(strategy, expected):
    data = dict(load_profile().data, name="x", scoring=dict(load_profile().scoring, reverse_strategy=strategy))
    report = check(patched({"indicators.3.actual": "125万元"}), profile_from_dict(data))
    assert _row(report, 3).status == "not_met" and _row(report, 3).score_computed == expected


def test_deviation_reaches_zero_at_double_the_target():
    data = dict(load_profile().data, name="x", scoring=dict(load_profile().scoring, reverse_strategy="deviation"))
    report = check(patched({"indicators.3.actual": "250万元"}), profile_from_dict(data))
    assert _row(report, 3).score_computed == 0


def test_equal_target_missed_is_scored_by_the_profile_direction():
    record = patched({"indicators.0.target": "=1000人", "indicators.0.actual": "900人"})
    assert _row(check(record), 0).score_computed == 18
    data = dict(load_profile().data, name="x", scoring=dict(load_profile().scoring, equal_scored_as="reverse"))
    over = patched({"indicators.0.target": "=1000人", "indicators.0.actual": "1250人"})
    assert _row(check(over, profile_from_dict(data)), 0).score_computed == 16


def test_overachievement_thresholds_follow_the_profile():
    record = patched({"indicators.0.actual": "1250人"})  # 1.25 × target
    national, guangxi = check(record, "national"), check(record, "guangxi")
    assert _row(national, 0).status == "exceeded" and _row(national, 0).needs_reason
    assert _row(guangxi, 0).status == "exceeded" and not _row(guangxi, 0).needs_reason
    assert ("ZP601", "I13") in national.flatten() and ("ZP601", "I13") not in guangxi.flatten()
    assert _row(check(patched({"indicators.0.actual": "1350人"}), "guangxi"), 0).needs_reason


@pytest.mark.parametrize("actual, tier", [("优", "met"), ("良", "partly_met"), ("中", "partly_met"), ("差", "not_met")])
def test_scale_words_map_by_position(actual, tier):
    report = check(patched({"indicators.5.actual": actual}))
    assert _row(report, 5).status == tier


@pytest.mark.parametrize("actual, tier", [
    ("达成年度指标", "met"), ("部分达成年度指标并具有一定效果", "partly_met"), ("未达成年度指标且效果较差", "not_met"),
    ("达成预期指标", "met"), ("部分达成", "partly_met"), ("未达成", "not_met"),
])
def test_tier_phrases(actual, tier):
    assert _row(check(patched({"indicators.4.actual": actual})), 4).status == tier


@pytest.mark.parametrize("profile, score, in_band", [("national", 11.9, True), ("national", 12, False), ("national", 8.9, False),
                                                     ("hubei", 7.5, True), ("hubei", 7.4, False)])
def test_qualitative_bands(profile, score, in_band):
    record = patched({"indicators.4.actual": "部分达成年度指标并具有一定效果", "indicators.4.score": score, "indicators.4.reason": "x"})
    report = check(record, profile)
    assert (("ZP502", "H17") in report.flatten()) is (not in_band)


def test_qualitative_score_outside_band_does_not_double_report():
    report = check(patched({"indicators.4.actual": "未达成年度指标且效果较差", "indicators.4.reason": "x"}))
    assert [r for r, _ in report.flatten() if r in ("ZP501", "ZP502")] == ["ZP502"]


def test_execution_score_is_capped_and_rounded_half_up():
    report = check(patched({"funds.total.annual": 107.3, "funds.total.executed": 67.18, "funds.total.rate": "62.61%",
                            "funds.total.score": 6.26, "funds.fiscal.annual": 107.3, "funds.fiscal.executed": 67.18}))
    assert report.funds["execution_rate"] == 0.6261 and report.funds["execution_score"] == 6.26
    capped = check(patched({"funds.total.executed": 120}))
    assert capped.funds["execution_score"] == 10 and ("ZP305", "F6") in capped.flatten()


def test_grades_follow_the_total():
    profile = load_profile()
    assert [profile.grade_for(t) for t in (100, 90, 89.99, 80, 79.99, 60, 59.99, 0)] == ["优", "优", "良", "良", "中", "中", "差", "差"]
    assert profile.canonical_grade("优秀") == "优"


def test_total_uses_computed_scores():
    report = check(patched({"indicators.0.actual": "900人", "indicators.0.score": 20}))
    assert report.total_computed == 98 and report.total_reported == 100


def test_record_json_round_trip_and_schema_errors():
    record = example_record()
    data = record.to_dict()
    again = Record.from_dict(data)
    assert check(again).to_dict() == check(record).to_dict()
    assert check(data).to_dict() == check(record).to_dict()
    data["indicators"][0]["row"] = 0
    with pytest.raises(RecordError, match="indicators/0/row"):
        Record.from_dict(data)
    with pytest.raises(RecordError):
        Record.from_dict({"sheet": "x"})


def test_bad_profiles_raise_profile_errors():
    with pytest.raises(ProfileError, match="没有名为"):
        load_profile("mars")
    with pytest.raises(ProfileError, match="没有名为“mars”"):
        profile_from_dict({"name": "x", "extends": "mars", "title": "x"})
    with pytest.raises(ProfileError, match="JSON 对象"):
        profile_from_dict(["not", "a", "profile"])
    with pytest.raises(ProfileError, match="下限大于上限"):
        profile_from_dict({"name": "x", "extends": "national", "title": "x",
                           "qualitative": {"bands": {"met": [0.9, 0.8], "partly_met": [0.6, 0.8], "not_met": [0, 0.6]}}})


@pytest.mark.parametrize("row, kind", [(0, "quantitative"), (4, "qualitative"), (5, "qualitative scale")])
@pytest.mark.parametrize("score", [-5, 999])
def test_an_impossible_score_is_one_error_at_its_cell_whatever_the_row(row, kind, score):
    """−5 or 999 in any row: an error at the 得分 cell (ZP107 or ZP101), not a band or rule-score
    warning beside it; the total counts the score as the rules allow it (0 … 分值)."""
    cell = f"H{13 + row}"
    report = check(patched({f"indicators.{row}.score": score, f"indicators.{row}.reason": "说明"}), load_profile())
    at_cell = [(f.rule, f.severity) for f in report.findings if f.cell == cell]
    assert at_cell == [("ZP107" if score < 0 else "ZP101", "error")], kind
    assert report.total_computed <= 100


def test_reported_total_items_and_computed_total_can_be_reconciled():
    """总分 filed 100 over items that add up to 1079 (one row scored 999): the report carries all
    three figures, so a reader sees where the error is."""
    report = check(patched({"indicators.0.score": 999}), load_profile())
    assert (report.total_reported, report.scores_reported_sum, report.total_computed) == (100, 1079, 100)
    assert report.to_dict()["scores_reported_sum"] == 1079
    clean = check(example_record(), load_profile())
    assert clean.scores_reported_sum == clean.total_reported == clean.total_computed == 100
    assert clean.grade_reported == clean.grade == "优"
