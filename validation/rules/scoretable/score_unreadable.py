from __future__ import annotations

from ..base import SCORE_TABLE, Example, Rationale, Rule


class ScoreUnreadable(Rule):
    slug = "score-table-score-unreadable"
    title = "评分表：分值或得分缺失、不是数值"
    severity = "error"
    scope = SCORE_TABLE
    messages = {
        "missing": "“{name}”有分值 {weight}，没有评价得分。",
        "unreadable": "“{name}”的{column}“{value}”不是数值。",
        "no_weight": "“{name}”有得分，没有分值。",
    }
    rationale = Rationale(
        what="每项指标是否都有分值和评价得分，且都是数值。",
        why="缺一项得分或写成文字，合计就无法核对，等级也定不下来。",
        example="“项目实施程序合理性”分值 3，得分一栏空着；或得分写成“满分”。",
        fix="每项指标填写数值形式的分值和得分（不扣分时得分等于分值）。",
    )
    passing = (Example(),)
    failing = (Example(patch={"rows.6.score": None, "rows.7.score": "二十九", "rows.8.weight": None}, cells=("F9", "F10", "E11")),)

    def check(self, ev):
        for row in ev.rows:
            cells = row.row
            if row.weight.problem:
                yield self.finding(ev, cells.weight.ref, "unreadable", name=row.label, column="分值", value=cells.weight.text)
            elif cells.weight.blank:
                yield self.finding(ev, cells.weight.ref, "no_weight", name=row.label)
            if row.score.problem:
                yield self.finding(ev, cells.score.ref, "unreadable", name=row.label, column="得分", value=cells.score.text)
            elif cells.score.blank and not cells.weight.blank:
                yield self.finding(ev, cells.score.ref, "missing", name=row.label, weight=cells.weight.text)


RULE = ScoreUnreadable
