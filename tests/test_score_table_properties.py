"""Property-based tests over the 评分表 engine: whatever a table holds, checking it never
raises, the sums it reports are the sums of what it read, and every finding is well formed
and points at a cell of the table."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from validation.findings import SEVERITIES
from validation.numbers import round_half_up
from validation.record import Cell
from validation.rules.codes import CODES
from validation.scoretable import ScoreRow, ScoreTable, check_score_table
from validation.scoretable.comments import _words

WORDS = list(_words()["shortfall"][:12] + _words()["absence"][:4] + _words()["full_compliance"][:4]
             + _words()["not_a_shortfall"][:4])
numbers = st.one_of(st.none(), st.integers(-5, 120), st.floats(-5, 120, allow_nan=False).map(lambda x: round(x, 2)),
                    st.sampled_from(["", "—", "2分", "满分", "3.5", "1e400", "二"]))
comments = st.one_of(st.none(), st.text(max_size=30), st.lists(st.sampled_from(WORDS), max_size=3).map("，".join))
labels = st.one_of(st.none(), st.sampled_from(["决策（15）", "过程(20分)", "产出", "效益（55）", "项目 决策（15）", "绩效目标（5）", "x"]))


@st.composite
def tables(draw):
    rows = []
    for offset in range(draw(st.integers(0, 12))):
        r = 3 + offset
        rows.append(ScoreRow(r, (Cell(draw(labels), f"A{r}"), Cell(draw(labels), f"B{r}"), Cell(draw(st.text(max_size=8)), f"C{r}"),
                                 Cell(None, f"D{r}")),
                             Cell(draw(numbers), f"E{r}"), Cell(draw(numbers), f"F{r}"), Cell(draw(comments), f"G{r}")))
    total = 3 + len(rows)
    return ScoreTable("评分表", "A2", rows=tuple(rows), total_label=Cell("合计", f"A{total}"),
                      total_weight=Cell(draw(numbers), f"E{total}"), total_score=Cell(draw(numbers), f"F{total}"),
                      grade=Cell(draw(st.sampled_from([None, "优", "良", "优秀", "中等", "差", "A"])), f"G{total + 1}"),
                      level_columns=3)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_checking_any_table_is_safe_and_consistent(table):
    report = check_score_table(table)
    weights = [r["weight"] for r in report.rows if r["weight"] is not None]
    assert report.weight_total == round_half_up(math.fsum(weights), 6)
    scores = [r["score"] for r in report.rows]
    if report.total_computed is not None:
        assert None not in scores and report.total_computed == round_half_up(math.fsum(scores), 2)
    cells = {c.ref for row in table.rows for c in (*row.levels, row.weight, row.score, row.comment)}
    cells |= {table.total_weight.ref, table.total_score.ref, table.grade.ref, table.total_label.ref}
    for finding in report.findings:
        assert finding.rule in CODES and finding.severity in SEVERITIES
        assert re.search(r"[\u4e00-\u9fff]", finding.message) and finding.cell in cells
    out_of_range = any(r["score"] is not None and (r["score"] < -0.01 or (r["weight"] is not None and r["score"] > r["weight"] + 0.01))
                       for r in report.rows)
    assert out_of_range == any(f.rule == "ZP903" for f in report.findings) or report.blank
