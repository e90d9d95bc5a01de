"""What the reader knows is data: every label and every direction word, checked entry by entry."""

import pytest

from validation.directions import POSITIVE, REVERSE, direction_from_name, infer_direction, load_direction_data
from workbooks.reading.labels import label_of, load_label_data, other_form_kind

LABELS = load_label_data(validate=True)
DIRECTIONS = load_direction_data(validate=True)


def _label_entries():
    for role, entry in LABELS["roles"].items():
        for text in entry.get("exact", ()):
            yield pytest.param(role, text, "exact", id=f"{role}-{text}")
        for text in entry.get("prefix", ()):
            yield pytest.param(role, text, "prefix", id=f"{role}-{text}*")


@pytest.mark.parametrize("role, text, how", list(_label_entries()))
def test_every_label_is_read_as_its_role(role, text, how):
    assert label_of(text) == role
    # as real forms write it: spaces and line breaks inside, full-width brackets, a unit suffix
    spaced = text[0] + " " + text[1:] if len(text) > 1 else text
    assert label_of(spaced) == role
    assert label_of(text + "（万元）") == role
    if how == "prefix":
        assert label_of(text + "及改进措施") == role


def test_no_label_text_belongs_to_two_roles():
    seen = {}
    for role, entry in LABELS["roles"].items():
        for text in entry.get("exact", ()):
            assert seen.setdefault(text, role) == role, f"“{text}” is listed for {seen[text]} and {role}"


@pytest.mark.parametrize("text", ["产出指标", "培训人数", "≥1000人", "达成年度指标", "北京市丰台区人力资源公共服务中心", "100%"])
def test_values_are_not_labels(text):
    assert label_of(text) is None


@pytest.mark.parametrize("kind, text", [(k, t) for k, e in LABELS["other_forms"].items() for t in e["contains"]])
def test_other_kinds_of_form_are_named_by_their_titles(kind, text):
    assert other_form_kind(f"2023年度{text}") == kind
    assert other_form_kind("2023年度项目支出绩效自评表") is None


def _direction_entries():
    for direction in (POSITIVE, REVERSE):
        for entry in DIRECTIONS[direction]:
            yield pytest.param(direction, entry["word"], entry["example"], id=f"{direction}-{entry['word']}")


@pytest.mark.parametrize("direction, word, example", list(_direction_entries()))
def test_every_direction_word_decides_its_example(direction, word, example):
    assert word in example
    assert direction_from_name(example)[0] == direction


@pytest.mark.parametrize("name, level2, expected, basis", [
    ("项目完成及时率", "时效指标", POSITIVE, "及时率"),
    ("资金拨付时间", "时效指标", REVERSE, "时间"),
    ("投诉处理及时率", "满意度指标", POSITIVE, "及时率"),
    ("群众投诉率", "社会效益指标", REVERSE, "投诉率"),
    ("成本节约率", "经济成本指标", POSITIVE, "节约率"),
])
def test_the_word_that_ends_the_name_decides(name, level2, expected, basis):
    inference = infer_direction(name, level2, None, ("时效指标", "经济成本指标"))
    assert (inference.direction, inference.word) == (expected, basis)


def test_without_a_word_the_level_decides():
    assert infer_direction("宣传片制作", "成本指标", "产出指标", ("成本指标",)).direction == REVERSE
    assert infer_direction("宣传片制作", "成本指标", "产出指标", ("成本指标",)).level == "成本指标"
    assert infer_direction("宣传片制作", "数量指标", "产出指标", ("成本指标",)).direction == POSITIVE
