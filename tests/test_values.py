"""The value parser: every form of 年度指标值 / 实际完成值 seen on real forms."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from validation.values.parse import parse_value, quantities_in_text
from validation.values.units import COUNT_UNITS, parse_unit

QUANTITIES = [
    # text, op, number as written, unit text, base value, dimension
    ("≤20000人", "≤", 20000, "人", 20000, "count:人"),
    ("2万人", None, 2, "万人", 20000, "count:人"),
    ("≥95%", "≥", 95, "%", 95, "percent"),
    ("≤ 4385666.5 5 元", "≤", 4385666.55, "元", 4385666.55, "money"),
    ("426.22 万元", None, 426.22, "万元", 4262200, "money"),
    ("=3672.2 平 方米", "=", 3672.2, "平方米", 3672.2, "area"),
    ("≥2.3万份", "≥", 2.3, "万份", 23000, "count:份"),
    ("62.8万页", None, 62.8, "万页", 628000, "count:页"),
    ("628000页", None, 628000, "页", 628000, "count:页"),
    ("≤24 小时", "≤", 24, "小时", 24, "duration:hour"),
    ("< 2 小时", "<", 2, "小时", 2, "duration:hour"),
    ("≥90", "≥", 90, "", 90, "number"),
    ("＞90％", ">", 90, "%", 90, "percent"),
    ("≧150个", "≥", 150, "个", 150, "count:个"),
    ("不低于95%", "≥", 95, "%", 95, "percent"),
    ("不少于1000人次", "≥", 1000, "人次", 1000, "count:人次"),
    ("达到100%", "≥", 100, "%", 100, "percent"),
    ("不高于10万元", "≤", 10, "万元", 100000, "money"),
    ("不超过3个工作日", "≤", 3, "个工作日", 3, "duration:workday"),
    ("95%以上", "≥", 95, "%", 95, "percent"),
    ("24小时以内", "≤", 24, "小时", 24, "duration:hour"),
    ("5万元以下", "≤", 5, "万元", 50000, "money"),
    ("≥89元/份", "≥", 89, "元/份", 89, "money/count:份"),
    ("≤0.5万元/人", "≤", 0.5, "万元/人", 5000, "money/count:人"),
    ("≤1.2亿元", "≤", 1.2, "亿元", 1.2e8, "money"),
    ("≤3天", "≤", 3, "天", 72, "duration:hour"),
    ("4,385,666.55元", None, 4385666.55, "元", 4385666.55, "money"),
    ("≥90分", "≥", 90, "分", 90, "count:分"),
]


@pytest.mark.parametrize("text, op, number, unit, base, dimension", QUANTITIES)
def test_quantities(text, op, number, unit, base, dimension):
    parsed = parse_value(text)
    assert parsed.kind == "quantity", parsed
    assert parsed.op == op
    assert math.isclose(parsed.quantity.number, number)
    assert parsed.quantity.unit.text == unit
    assert math.isclose(parsed.quantity.base, base, rel_tol=1e-12)
    assert parsed.quantity.unit.dimension == dimension


DATES = [
    ("≤11月", "≤", 11, None, None),
    ("≤11 月", "≤", 11, None, None),
    ("12月", None, 12, None, None),
    ("12月9日", None, 12, 9, None),
    ("12月31日前", "≤", 12, 31, None),
    ("11月底前", "≤", 11, None, None),
    ("2024年12月9日", None, 12, 9, 2024),
    ("2024-12-09", None, 12, 9, 2024),
    ("年底前", "≤", 12, None, None),
    ("年内", None, 12, None, None),
    ("第三季度", None, 9, None, None),
    ("≤10月上旬", "≤", 10, 10, None),
]


@pytest.mark.parametrize("text, op, month, day, year", DATES)
def test_dates(text, op, month, day, year):
    parsed = parse_value(text)
    assert parsed.kind == "date", parsed
    assert parsed.op == op
    assert (parsed.deadline.month, parsed.deadline.day, parsed.deadline.year) == (month, day, year)


def test_day_numbers_follow_the_budget_year():
    end_of_november = parse_value("≤11月").deadline
    assert end_of_november.day_number(2024) == 335  # leap year
    assert end_of_november.day_number(2023) == 334
    assert parse_value("12月9日").deadline.day_number(2024) == 344
    assert parse_value("2025年1月10日").deadline.day_number(2024) == 366 + 10


@pytest.mark.parametrize("text", ["实现预期目标", "按时完成", "好坏", "优良中低差", "稳步提升", "满意", "达成年度指标", "建设 30 套好差评系统"])
def test_text(text):
    assert parse_value(text).kind == "text"


@pytest.mark.parametrize("text", ["", "—", "-", "/", "*", "  ", "－－", None])
def test_placeholders_are_empty(text):
    assert parse_value(text).kind == "empty"


@pytest.mark.parametrize("text, fragment", [("≥", "缺少数值"), ("90-95%", "区间"), ("≥9.5.1%", "其他数字"), ("≥优秀95", "比较符号后")])
def test_invalid_values_say_what_was_expected(text, fragment):
    parsed = parse_value(text)
    assert parsed.kind == "invalid"
    assert fragment in parsed.problem


def test_number_cells_keep_their_number():
    parsed = parse_value(1422.0)
    assert parsed.kind == "quantity" and parsed.quantity.number == 1422 and parsed.from_number_cell
    assert parse_value(float("nan")).kind == "invalid"
    assert parse_value(True).kind == "text"


def test_quantities_in_free_text():
    [found] = quantities_in_text("共建设 18 套，所有功能均已实现")
    assert (found.number, found.unit.text) == (18, "套")
    [found] = quantities_in_text("完成年初批复2.3万份的加工量")
    assert found.base == 23000
    assert quantities_in_text("所有业务网络均正常运转") == []


@pytest.mark.parametrize("unit, factor, dimension", [
    ("万元", 1e4, "money"), ("亿元", 1e8, "money"), ("万人", 1e4, "count:人"), ("万人次", 1e4, "count:人次"),
    ("平方公里", 1e6, "area"), ("公顷", 1e4, "area"), ("千米", 1e3, "length"), ("吨", 1e3, "mass"),
    ("元/人·次", 1, "other:元/人·次"), ("元/份", 1, "money/count:份"),
])
def test_units(unit, factor, dimension):
    parsed = parse_unit(unit)
    assert parsed.dimension == dimension
    assert math.isclose(parsed.factor, factor)


# ---- property tests ---------------------------------------------------------------------

_UNITS = st.sampled_from(["元", "万元", "亿元", "人", "万人", "份", "万份", "页", "个", "套", "卷", "%", "平方米", "小时",
                          "天", "个工作日", "元/份", "人次"])
_OPS = st.sampled_from(["", "≥", "≤", "=", ">", "<", "＞", "＜", "不低于", "不超过", "不少于"])
_EXPECTED_OP = {"": None, "≥": "≥", "≤": "≤", "=": "=", ">": ">", "<": "<", "＞": ">", "＜": "<",
                "不低于": "≥", "不超过": "≤", "不少于": "≥"}
_NUMBERS = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=40), st.floats(allow_nan=True), st.integers(), st.none(), st.booleans()))
def test_parser_never_crashes(value):
    parsed = parse_value(value)
    assert parsed.kind in ("quantity", "date", "text", "empty", "invalid")
    if parsed.kind == "invalid":
        assert parsed.problem


@settings(max_examples=400, deadline=None)
@given(_OPS, _NUMBERS, _UNITS, st.sampled_from(["", " ", "\n", "\u3000"]))
def test_numbers_and_units_round_trip(op, number, unit, gap):
    text = f"{op}{gap}{number.normalize():f}{gap}{unit}"
    parsed = parse_value(text)
    assert parsed.kind == "quantity", text
    assert parsed.op == _EXPECTED_OP[op]
    assert math.isclose(parsed.quantity.number, float(number), rel_tol=1e-12, abs_tol=1e-12)
    expected_unit = parse_unit(unit)
    assert parsed.quantity.unit.dimension == expected_unit.dimension
    assert math.isclose(parsed.quantity.base, float(number) * expected_unit.factor, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None)
@given(_NUMBERS, st.sampled_from(sorted(COUNT_UNITS)))
def test_multiplier_on_number_or_unit_gives_the_same_base(number, unit):
    written_in_wan = parse_value(f"{number.normalize():f}万{unit}")
    assert written_in_wan.kind == "quantity"
    plain = parse_value(f"{(number * 10000).normalize():f}{unit}")
    assert written_in_wan.quantity.unit.dimension == plain.quantity.unit.dimension
    assert math.isclose(written_in_wan.quantity.base, plain.quantity.base, rel_tol=1e-9)
