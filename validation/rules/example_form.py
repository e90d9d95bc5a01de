"""The example form every rule's examples are written against.

A clean national-layout form that passes every rule (total 100, grade 优). Its cells sit
where the official form puts them when the table starts at A1, so an example can say
"score H13 becomes 25" and expect a finding on H13.

    row 3  项目名称            C3
    row 4  主管部门 C4          实施单位 G4
    row 6  年度资金总额  D6 年初 E6 全年预算 F6 全年执行 G6 分值 H6 执行率 I6 得分
    row 7  当年财政拨款  D7..F7   row 8 上年结转资金  row 9 其他资金
    row 13–19 indicators: B 一级 C 二级 D 三级 E 指标值 F 完成值 G 分值 H 得分 I 偏差原因
    row 20 总分: G20 分值 H20 得分 I20 等级
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..record import Cell, FundRow, Funds, IndicatorRow, Record, Total

INDICATOR_ROWS = (
    # level1, level2, name, target, actual, weight, score
    ("产出指标", "数量指标", "培训人数", "≥1000人", "1100人", 20, 20),
    (None, "质量指标", "培训合格率", "≥95%", "98%", 10, 10),
    (None, "时效指标", "完成时间", "≤11月", "11月", 10, 10),
    (None, "成本指标", "培训成本", "≤100万元", "100万元", 10, 10),
    ("效益指标", "社会效益指标", "就业服务能力", "稳步提升", "达成年度指标", 15, 15),
    (None, "可持续影响指标", "长效机制建设", "优良中差", "优", 15, 15),
    ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "95%", 10, 10),
)
FIRST_INDICATOR_ROW = 13


def _fund_row(row: int, label: str, initial, annual, executed, weight=None, rate=None, score=None) -> FundRow:
    return FundRow(
        label=Cell(label, f"C{row}"),
        initial=Cell(initial, f"D{row}"),
        annual=Cell(annual, f"E{row}"),
        executed=Cell(executed, f"F{row}"),
        weight=Cell(weight if weight is not None else "—", f"G{row}"),
        rate=Cell(rate, f"H{row}"),
        score=Cell(score if score is not None else "—", f"I{row}"),
    )


def example_record() -> Record:
    indicators = []
    for offset, (l1, l2, name, target, actual, weight, score) in enumerate(INDICATOR_ROWS):
        r = FIRST_INDICATOR_ROW + offset
        indicators.append(
            IndicatorRow(
                row=r,
                level1=Cell(l1, f"B{r}"),
                level2=Cell(l2, f"C{r}"),
                name=Cell(name, f"D{r}"),
                target=Cell(target, f"E{r}"),
                actual=Cell(actual, f"F{r}"),
                weight=Cell(weight, f"G{r}"),
                score=Cell(score, f"H{r}"),
                reason=Cell(None, f"I{r}"),
            )
        )
    total_row = FIRST_INDICATOR_ROW + len(INDICATOR_ROWS)
    return Record(
        sheet="示例",
        origin="A3",
        year=Cell(2024, "A2"),
        project=Cell("2024年职业技能培训项目", "C3"),
        department=Cell("某区人力资源和社会保障局", "C4"),
        unit=Cell("某区职业技能培训中心", "G4"),
        funds=Funds(
            total=_fund_row(6, "年度资金总额", 100, 100, 100, 10, 1.0, 10),
            fiscal=_fund_row(7, "其中：当年财政拨款", 100, 100, 100),
            carryover=_fund_row(8, "上年结转资金", None, None, None),
            other=_fund_row(9, "其他资金", None, None, None),
        ),
        goal_expected=Cell("完成1000人次职业技能培训。", "B11"),
        goal_actual=Cell("完成1100人次职业技能培训。", "F11"),
        indicators=tuple(indicators),
        total=Total(
            label=Cell("总分", f"A{total_row}"),
            weight=Cell(100, f"G{total_row}"),
            score=Cell(100, f"H{total_row}"),
            grade=Cell("优", f"I{total_row}"),
        ),
    )


def set_path(obj, path: list[str], value: Any):
    head, rest = path[0], path[1:]
    if head.isdigit():
        items = list(obj)
        items[int(head)] = set_path(items[int(head)], rest, value)
        return tuple(items)
    current = getattr(obj, head)
    if rest:
        return replace(obj, **{head: set_path(current, rest, value)})
    if isinstance(current, Cell) and not isinstance(value, Cell):  # a Cell replaces the whole cell (its ref too)
        return replace(obj, **{head: replace(current, value=value)})
    return replace(obj, **{head: value})


def blank_record() -> Record:
    """The example form as a fresh template: labels and layout, nothing filled in."""
    record = example_record()
    rows = tuple(
        replace(r, **{f: replace(getattr(r, f), value=None) for f in ("name", "target", "actual", "weight", "score")})
        for r in record.indicators
    )
    funds = Funds(**{
        name: replace(row, initial=replace(row.initial, value=None), annual=replace(row.annual, value=None),
                      executed=replace(row.executed, value=None), rate=replace(row.rate, value=None),
                      score=replace(row.score, value=None))
        for name in ("total", "fiscal", "carryover", "other") if (row := getattr(record.funds, name))
    })
    return replace(record, project=replace(record.project, value=None), department=replace(record.department, value=None),
                   unit=replace(record.unit, value=None), funds=funds, indicators=rows,
                   goal_expected=replace(record.goal_expected, value=None), goal_actual=replace(record.goal_actual, value=None),
                   total=replace(record.total, score=replace(record.total.score, value=None),
                                 grade=replace(record.total.grade, value=None)))


def patched(patch: dict[str, Any]) -> Record:
    """The example form with some cell values changed ("indicators.0.score": 25).

    The key "@blank" starts from the unfilled template instead.
    """
    patch = dict(patch)
    record = blank_record() if patch.pop("@blank", False) else example_record()
    for path, value in patch.items():
        record = set_path(record, path.split("."), value)
    return record
