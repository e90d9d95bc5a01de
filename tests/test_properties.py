"""Property-based tests over the value parser and the scorer.

1. `parse_value` never raises, whatever text or number a cell holds.
2. A well-formed quantity (operator + number + unit) or deadline, written out the way a clerk
   writes it (any operator spelling, full-width characters, stray spaces), parses back to the
   same operator, number and unit.
3. `check(record)` never raises on a variant of the example form, every computed score stays
   within its 分值, and every finding is well formed (known code, severity, Chinese message,
   real cell).
"""

from __future__ import annotations

import calendar
import math
import re
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from validation.engine import check
from validation.findings import SEVERITIES
from validation.numbers import round_half_up
from validation.profile import load_profile, shipped_names
from validation.rules.codes import CODES
from validation.rules.example_form import INDICATOR_ROWS, patched
from validation.values.dates import Deadline
from validation.values.parse import EQ, GE, GT, KINDS, LE, LT, Quantity, parse_value
from validation.values.units import COUNT_UNITS, parse_unit

# ---- vocabulary ---------------------------------------------------------------------------

# Every spelling of an operator that may precede the number, and the operator it means.
PREFIX_OPS = {
    "": None,
    "≥": GE, "≧": GE, "⩾": GE, "＞＝": GE, ">=": GE, "=>": GE, "≮": GE, "大于等于": GE, "大于或等于": GE,
    "不低于": GE, "不少于": GE, "不小于": GE, "达到": GE, "至少": GE, "高于或等于": GE,
    "≤": LE, "≦": LE, "⩽": LE, "＜＝": LE, "<=": LE, "=<": LE, "≯": LE, "小于等于": LE, "小于或等于": LE,
    "不高于": LE, "不超过": LE, "不大于": LE, "不多于": LE, "最多": LE, "控制在": LE, "低于或等于": LE,
    ">": GT, "＞": GT, "﹥": GT, "大于": GT, "高于": GT, "超过": GT, "多于": GT,
    "<": LT, "＜": LT, "﹤": LT, "小于": LT, "低于": LT, "少于": LT,
    "=": EQ, "＝": EQ, "═": EQ, "〓": EQ, "≈": EQ, "约": EQ, "等于": EQ,
}
# Words written after the value ("95%以上", "24小时以内"), and the operator they mean.
SUFFIX_OPS = {
    "以上": GE, "及以上": GE, "或以上": GE,
    "以下": LE, "及以下": LE, "或以下": LE, "以内": LE, "之内": LE, "内": LE, "之前": LE, "以前": LE, "前": LE,
    "左右": EQ,
}
ALL_OPS = list(PREFIX_OPS) + list(SUFFIX_OPS)

BASE_UNITS = [
    "元", "千元", "万元", "十万元", "百万元", "千万元", "亿元",
    "平方米", "平米", "m2", "平方公里", "平方千米", "km2", "公顷", "亩",
    "米", "m", "公里", "千米", "km", "厘米", "延米",
    "千克", "公斤", "kg", "克", "吨", "t", "斤",
    "秒", "分钟", "小时", "个小时", "h", "天", "日", "自然日", "周", "个工作日", "工作日", "个月", "年",
    "%", "‰", "百分点", "个百分点",
    "元/份", "万元/人", "元/人次", "元/平方米", "元/天", "人/天",
]
UNITS = sorted(set(BASE_UNITS) | set(COUNT_UNITS) | {"万" + u for u in COUNT_UNITS} | {"亿" + u for u in ("人", "份", "元")})
BRIEF_UNITS = ["人", "万人", "元", "万元", "%", "平方米", "小时", "天", "月", "个", "份", "万份", "套", "卷", "页", "万页"]

PLACEHOLDERS = [None, "", " ", "—", "——", "-", "/", "*", "无", "\\", "n/a", "－－"]
QUALITATIVE_TARGETS = ["稳步提升", "丰富", "活动效果好", "好坏", "高中低", "优良中差", "优良中低差", "满意", "有效保障",
                       "优/良/中/差", "逐步改善", "长期"]
QUALITATIVE_ACTUALS = [
    "达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差", "达成预期指标", "部分达成预期指标",
    "达成", "部分达成", "未达成", "基本达成", "优", "良", "中", "差", "低", "好", "坏", "高", "满意", "基本满意",
    "不满意", "服务质量好", "效果较差", "按时完成", "实现预期目标", "有所提升", "工作滞后", "大部分完成",
]
SENTENCES = ["共完成{n}人次培训", "完成年初批复{n}万份的加工量", "建设{n}套系统，功能均已实现", "{n}月份完成宣传片制作;9月份完成文本",
             "截至年底完成{n}%", "实际支出{n}万元"]
JUNK = ["#REF!", "#DIV/0!", "N/A", "TRUE", "=SUM(H13:H19)", "90-95%", "≥9.5.1%", "≥优秀95", "≥", "≤≤", "1e20",
        "0x1F", "∞", "NaN", "inf", "-inf", "１２３４５", "一百人", "壹万元", "2024.12.31", "13月", "2月30日", "0月",
        "第五季度", "Q3", "…", "……", "指标1", "<script>", "\x00", "\ufeff", "\u200b", "\U0001F600", "\ud800"]

_FULL_WIDTH = {i: i + 0xFEE0 for i in range(0x21, 0x7F)}  # ASCII ! .. ~ -> full-width ！ .. ～
GAPS = [" ", "\u3000", "\n", "\t", "\u00a0", "\r\n"]


def widen(text: str) -> str:
    """Every ASCII character in its full-width form ("≥95%" -> "≥９５％"); NFKC maps it back."""
    return text.translate(_FULL_WIDTH)


# ---- 1. the parser never raises -----------------------------------------------------------

any_char = st.characters(codec=None)  # every code point, control characters and lone surrogates included
numbers_as_text = st.one_of(
    st.integers(-10**12, 10**12).map(str),
    st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False).map(lambda d: f"{d:f}"),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(0, 10**6).map(lambda n: widen(str(n))),
    st.sampled_from(["1,234,567.89", "4,385,666.55", ".5", "5.", "+3", "-0", "00012", "1.2.3", "1e5", "1E-3"]),
)
fragment = st.one_of(
    st.sampled_from(ALL_OPS),
    numbers_as_text,
    st.sampled_from(UNITS + BRIEF_UNITS + ["万", "亿", "千", "百万", "万万", "亿亿"]),
    st.sampled_from(["11月", "12月9日", "2024年12月9日", "2024-12-09", "年底前", "第三季度", "11月底", "10月上旬", "月", "日", "年"]),
    st.sampled_from(GAPS + [",", "，", "。", ";", "、", "(", ")", "（", "）", ":", "~", "至", "到", "/", "每"]),
    st.sampled_from(QUALITATIVE_TARGETS + QUALITATIVE_ACTUALS + JUNK),
    st.text(any_char, max_size=5),
)
parser_texts = st.one_of(
    st.text(any_char, max_size=60),
    st.lists(fragment, max_size=12).map("".join),
    st.lists(fragment, max_size=12).map(lambda parts: widen("".join(parts))),
    st.sampled_from(PLACEHOLDERS[1:] + JUNK),
    # very long strings
    st.tuples(fragment, st.integers(200, 3000)).map(lambda t: t[0] * t[1]),
    st.tuples(st.sampled_from(["≥", "1", "万", "人", "1,", "1.", "-", "月", "以上"]), st.integers(1000, 6000))
      .map(lambda t: t[0] * t[1]),
    st.tuples(st.sampled_from(ALL_OPS), st.integers(300, 5000), st.sampled_from(UNITS))
      .map(lambda t: f"{t[0]}{'9' * t[1]}{t[2]}"),
)
parser_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.integers(),
    st.integers(-10**400, 10**400),
    st.sampled_from([0, -0.0, 10**308, 10**309, -10**309, 10**400, 2**1024, 1e308, 5e-324, float("nan"), float("-inf")]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.booleans(),
    st.none(),
)


@settings(max_examples=1000, deadline=None)
@given(parser_texts)
@example("\ud800")
@example("≥" * 5000)
@example("1" * 5000 + "万人")
@example("≥" + "9" * 5000 + "万元")
@example("9" * 400 + "人")  # bug: read as inf人
def test_parse_value_never_raises_on_text(text):
    parsed = parse_value(text)
    assert parsed.kind in KINDS
    if parsed.kind == "invalid":
        assert parsed.problem
    if parsed.kind == "quantity":
        assert isinstance(parsed.quantity.number, float)
        assert math.isfinite(parsed.quantity.number)  # "999…9" beyond the float range is unreadable, not inf
    if parsed.kind == "date":
        assert parsed.deadline is not None
        parsed.deadline.day_number(2024)  # a date it returns can be resolved


@settings(max_examples=500, deadline=None)
@given(parser_numbers)
@example(10**400)  # bug: OverflowError
@example(-10**400)
@example(10**5000)  # more digits than str() prints
@example(float("nan"))
@example(float("inf"))
def test_parse_value_never_raises_on_numbers(value):
    parsed = parse_value(value)
    assert parsed.kind in KINDS
    if parsed.kind == "quantity":
        assert math.isfinite(parsed.quantity.number)
    if parsed.kind == "invalid":
        assert parsed.problem


# ---- 2. round trip ------------------------------------------------------------------------

well_formed_numbers = st.one_of(
    st.decimals(min_value=-10**9, max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
    st.integers(0, 10**14).map(Decimal),
    st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("95"), Decimal("100"), Decimal("4385666.55"), Decimal("1e20")]),
)


@st.composite
def spelled_quantities(draw):
    """(text, operator, number, unit text) for a quantity written the way clerks write it."""
    number = float(draw(well_formed_numbers))
    unit = parse_unit(draw(st.sampled_from(UNITS)))
    quantity = Quantity(number, unit)
    if draw(st.booleans()):
        spelling = draw(st.sampled_from(list(PREFIX_OPS)))
        op = PREFIX_OPS[spelling]
        text = spelling + quantity.label()
    else:
        spelling = draw(st.sampled_from(list(SUFFIX_OPS)))
        op = SUFFIX_OPS[spelling]
        text = quantity.label() + spelling
    if draw(st.booleans()):
        text = widen(text)
    return _with_gaps(draw, text), op, number, unit


def _with_gaps(draw, text: str) -> str:
    """Stray whitespace anywhere, even inside a word or an operator ("平 方米", "> ="): it means nothing."""
    gaps = draw(st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(GAPS)), max_size=3))
    for position, gap in sorted(gaps, reverse=True):
        text = text[:position] + gap + text[position:]
    return text


@settings(max_examples=1000, deadline=None)
@given(spelled_quantities())
@example(("≥3672.2m2", GE, 3672.2, parse_unit("m2")))  # bug: "m2" read as a second number
@example(("≤5km2", LE, 5.0, parse_unit("km2")))
@example(("＜ ＝0%", LE, 0.0, parse_unit("%")))  # bug: "< =" not read as ≤
@example(("499969.482422%以上", GE, 499969.482422, parse_unit("%")))  # bug: label() gave …423
@example(("≤ 4385666.55 元", LE, 4385666.55, parse_unit("元")))  # bug: label() gave 4385666.550004元
@example(("562949953.421312%以上", GE, 562949953.421312, parse_unit("%")))  # a 4-ulp nudge overshot here
def test_quantities_round_trip(case):
    text, op, number, unit = case
    parsed = parse_value(text)
    assert parsed.kind == "quantity", (text, parsed)
    assert parsed.op == op, text
    assert parsed.quantity.number == number, text
    assert parsed.quantity.unit.text == unit.text, text
    assert parsed.quantity.unit.dimension == unit.dimension, text
    assert parsed.quantity.label() == Quantity(number, unit).label()


@st.composite
def spelled_deadlines(draw):
    year = draw(st.one_of(st.none(), st.integers(1990, 2100)))
    month = draw(st.integers(1, 12))
    day = draw(st.one_of(st.none(), st.integers(1, calendar.monthrange(year or 2000, month)[1])))
    deadline = Deadline(month, day, year)
    if draw(st.booleans()):
        spelling = draw(st.sampled_from(list(PREFIX_OPS)))
        op, text = PREFIX_OPS[spelling], spelling + deadline.label()
    else:
        spelling = draw(st.sampled_from(["前", "之前", "以前", "以内", "之内"]))
        op, text = SUFFIX_OPS[spelling], deadline.label() + spelling
    if draw(st.booleans()):
        text = widen(text)
    return _with_gaps(draw, text), op, deadline


@settings(max_examples=300, deadline=None)
@given(spelled_deadlines())
def test_deadlines_round_trip(case):
    text, op, deadline = case
    parsed = parse_value(text)
    assert parsed.kind == "date", (text, parsed)
    assert parsed.op == op, text
    assert parsed.deadline == deadline, text
    assert parsed.deadline.label() == deadline.label()


# ---- 3. the scorer ------------------------------------------------------------------------

cell_numbers = st.one_of(
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([0, 0.0, -0.0, -1, 1e-9, 1e15, 1e30, 1e300, -1e300, 1.7e308, -1.7e308, float("nan"), float("inf"),
                     float("-inf"), 10**20, 10**400, -10**400]),
)
small_numbers = st.one_of(
    st.integers(-100, 10**6),
    st.decimals(min_value=-1000, max_value=10**6, places=2, allow_nan=False).map(float),
    st.sampled_from([0, 0.0, -1, 1e-6, 1e12]),
)
HUGE = "9" * 400  # a number text beyond the float range


def _quantity_text(op: str, number: float | str, unit: str) -> str:
    label = number + unit if isinstance(number, str) else Quantity(number, parse_unit(unit)).label()
    return label + op if op in SUFFIX_OPS else op + label


quantity_texts = st.builds(_quantity_text, st.sampled_from(ALL_OPS), st.one_of(small_numbers, st.just(HUGE)),
                           st.sampled_from(BRIEF_UNITS + UNITS))
deadline_texts = st.builds(
    lambda op, month, day: op + f"{month}月" + (f"{day}日" if day else ""),
    st.sampled_from(["", "≤", "<", "≥", "=", "不超过"]), st.integers(1, 13), st.one_of(st.none(), st.integers(1, 31)),
)
misc_values = st.one_of(
    st.sampled_from(PLACEHOLDERS),
    cell_numbers,
    st.sampled_from(JUNK),
    st.text(max_size=12),
    st.booleans(),
)
targets = st.one_of(quantity_texts, deadline_texts, st.sampled_from(QUALITATIVE_TARGETS), misc_values)
actuals = st.one_of(
    quantity_texts,
    deadline_texts,
    st.sampled_from(QUALITATIVE_ACTUALS),
    st.builds(lambda s, n: s.format(n=n), st.sampled_from(SENTENCES), st.one_of(st.integers(0, 5000), st.just(HUGE))),
    misc_values,
)


@st.composite
def indicator_row(draw, index: int):
    """Changes to one indicator row; the actual often shares the target's unit."""
    patch = {}
    prefix = f"indicators.{index}."
    if draw(st.booleans()):
        op = draw(st.sampled_from(ALL_OPS))
        unit = draw(st.sampled_from(BRIEF_UNITS + UNITS))
        a = draw(small_numbers)
        patch[prefix + "target"] = _quantity_text(op, a, unit)
        related = [unit, "万" + unit, unit.removeprefix("万"), ""] + draw(st.lists(st.sampled_from(BRIEF_UNITS), max_size=1))
        actual_unit = draw(st.sampled_from(related))
        b = draw(st.one_of(small_numbers, st.just(a), st.floats(0, 3).map(lambda r: a * r)))
        actual_op = draw(st.sampled_from(["", "", "", "≥", "<", "约"]))
        if draw(st.integers(0, 4)) == 0:
            patch[prefix + "actual"] = b  # a number cell
        else:
            patch[prefix + "actual"] = _quantity_text(actual_op, b, actual_unit)
    else:
        for field, values in (("target", targets), ("actual", actuals)):
            if draw(st.booleans()):
                patch[prefix + field] = draw(values)
    if draw(st.integers(0, 3)) == 0:
        patch[prefix + "weight"] = draw(st.one_of(cell_numbers, st.sampled_from(["15分", "10", "十", "—", None, ""])))
    if draw(st.booleans()):
        weight = patch.get(prefix + "weight", INDICATOR_ROWS[index][5])
        if draw(st.booleans()) and type(weight) in (int, float) and abs(weight) < 1e12:
            # near the 分值: the tier bands and tolerances are decided there
            patch[prefix + "score"] = round(draw(st.floats(-0.5, 1.5)) * weight, draw(st.integers(0, 3)))
        else:
            patch[prefix + "score"] = draw(st.one_of(cell_numbers, st.sampled_from(["15分", "满分", None, "—", "9.5", ""])))
    if draw(st.integers(0, 3)) == 0:
        patch[prefix + "reason"] = draw(st.sampled_from([None, "受疫情影响", "0", 0, "/"]))
    if draw(st.integers(0, 5)) == 0:
        patch[prefix + "name"] = draw(st.sampled_from([None, "", "指标1", "数量指标", "成本节约率", "投诉处理及时率", "×××"]))
    if draw(st.integers(0, 6)) == 0:
        field = draw(st.sampled_from(["level1", "level2"]))
        patch[prefix + field] = draw(st.sampled_from([None, "产出指标", "成本指标", "效益指标", "满意度指标", "服务对象满意度标",
                                                       "经济成本指标", "数量指标", "时效指标", "其他指标", "产出指标(50分)"]))
    return patch


fund_values = st.one_of(small_numbers, cell_numbers, st.sampled_from(["100", "35.80", "358000元", "100%", "—", None, "abc"]))
rate_values = st.one_of(st.floats(-1, 3, allow_nan=False), st.sampled_from(["100%", "62.61%", "99.5", 100, "—", None, "x"]))


@st.composite
def form_patches(draw):
    patch = {}
    for index in range(len(INDICATOR_ROWS)):
        if draw(st.integers(0, 2)) == 0:
            patch.update(draw(indicator_row(index)))
    for key, values in (
        ("funds.total.initial", fund_values), ("funds.total.annual", fund_values), ("funds.total.executed", fund_values),
        ("funds.total.weight", st.one_of(fund_values, st.sampled_from([10, 20, 0, -10]))),
        ("funds.total.rate", rate_values), ("funds.total.score", fund_values),
        ("funds.fiscal.annual", fund_values), ("funds.carryover.executed", fund_values),
        ("total.score", fund_values), ("total.weight", fund_values),
        ("total.grade", st.sampled_from(["优", "良", "中", "差", "优秀", "A", "", None])),
        ("year", st.sampled_from([2024, 2023, 2000, None, "2024年度", 1e9, -5])),
    ):
        if draw(st.integers(0, 5)) == 0:
            patch[key] = draw(values)
    return patch


_A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _refs(record) -> set[str]:
    """Every A1 reference the record was read from."""
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if "cell" in node and isinstance(node.get("cell"), str):
                refs.add(node["cell"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(record.to_dict())
    return refs


def _weights_are_the_examples(patch: dict) -> bool:
    """No indicator 分值 changed (the execution 分值 may: the bound allows for it)."""
    return not any(key.startswith("indicators.") and key.endswith(".weight") for key in patch)


PROFILES = shipped_names()


def _full(weight: float, profile) -> float:
    """The full score of a 分值, rounded as scores are."""
    return round_half_up(max(weight, 0.0), profile.decimals)


@settings(max_examples=1000, deadline=None)
@given(form_patches(), st.sampled_from(PROFILES))
@example({}, "national")
@example({"indicators.0.weight": 10**400}, "national")  # bug: OverflowError in read_amount
@example({"indicators.0.target": "≥0人", "indicators.0.actual": "-5人"}, "national")
@example({"indicators.3.target": "≤0万元", "indicators.3.actual": "5万元"}, "national")
@example({"indicators.0.target": "≥-100人", "indicators.0.actual": "-300人"}, "national")
@example({"indicators.4.score": 15.01}, "national")  # bug: computed 15.01 > 分值 15
@example({"indicators.4.actual": "未达成", "indicators.4.score": -0.005}, "national")  # bug: computed -0.01
@example({"indicators.0.weight": -20, "indicators.0.actual": "900人"}, "national")  # bug: computed -18
@example({"indicators.0.target": 1e300, "indicators.0.actual": "按时完成"}, "national")  # bug: InvalidOperation
@example({"indicators.0.weight": 1.7e308, "indicators.1.weight": 1.7e308}, "national")
@example({"funds.total.executed": 10**400, "funds.total.rate": 10**400}, "national")  # bug: OverflowError
@example({"indicators.0.target": "≥" + "9" * 400 + "人"}, "national")  # bug: math domain error
@example({"indicators.3.target": "≤" + "9" * 400 + "万元", "indicators.3.actual": "5万元"}, "national")
@example({"indicators.3.target": 1.7e308, "indicators.3.actual": "100万元"}, "national")  # bug: math domain error
@example({"indicators.3.target": "≤1万元", "indicators.3.actual": 1.7e308}, "national")  # bug: OverflowError in ZP404
@example({"funds.total.executed": 2.225073858507e-311}, "national")  # bug: OverflowError in ZP804
@example({"indicators.5.target": None, "indicators.5.score": 26}, "national")  # bug: total 111
@example({"indicators.5.target": None, "indicators.5.score": -26}, "national")
@example({"indicators.6.weight": 1.375, "funds.total.weight": 1.125}, "national")  # 1.38: rounding, not a bug
def test_check_never_raises_and_scores_stay_in_range(patch, profile_name):
    record = patched(patch)
    profile = load_profile(profile_name)
    report = check(record, profile)

    # every indicator's computed score lies within [0, 分值] (a 分值 of 1.375 gives a full score of 1.38:
    # scores are rounded to the profile's decimals, so the bound is the 分值 rounded the same way)
    for indicator in report.indicators:
        score = indicator.score_computed
        if score is None:
            continue
        assert indicator.weight is not None, indicator
        assert 0 <= score <= _full(indicator.weight, profile), indicator

    # the execution score lies within [0, execution 分值]
    execution = report.funds["execution_score"]
    execution_weight = report.evaluation.funds.weight
    if execution is not None:
        assert 0 <= execution <= _full(execution_weight, profile), report.funds

    # the computed total lies within [0, 100 + execution 分值] when the weights are the example's
    if report.total_computed is not None and _weights_are_the_examples(patch):
        assert 0 <= report.total_computed <= 100 + execution_weight, (report.total_computed, report.indicators)

    # every finding is well formed
    refs = _refs(record)
    for finding in report.findings:
        assert finding.rule in CODES, finding
        assert finding.severity in SEVERITIES, finding
        assert _CHINESE.search(finding.message), finding
        assert finding.sheet == record.sheet, finding
        if finding.cell is not None:
            assert _A1.match(finding.cell), finding
            assert finding.cell in refs, finding
    report.to_dict()  # the CLI contract can be built from it
