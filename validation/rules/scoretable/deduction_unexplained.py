from __future__ import annotations

from ...numbers import fmt
from ..base import SCORE_TABLE, Example, Rationale, Rule


class DeductionUnexplained(Rule):
    slug = "score-table-deduction-unexplained"
    title = "评分表：扣分没有说明原因"
    severity = "warning"
    scope = SCORE_TABLE
    messages = {
        "default": "“{name}”扣了 {deducted} 分，评价意见没有填写。",
        "silent": "“{name}”扣了 {deducted} 分，评价意见“{comment}”没有说明扣分的原因。",
    }
    rationale = Rationale(
        what="每一项扣了分的指标，评价意见是否写明了扣分的原因（不足、问题或未完成的事项）。",
        why="评价意见是扣分的依据，也是被评价单位整改的方向；只扣分不说明原因，结论无法复核，单位也不知道改什么。",
        example="“项目实施程序合理性”分值 3 分得 2 分，评价意见写“项目实施程序合理”。",
        fix="在评价意见中写明扣分原因，如“实施方案未按期报备，扣 1 分”；确实没有问题的，不应扣分。",
    )
    passing = (Example(),)
    failing = (Example(patch={"rows.6.score": 9, "total_score": 97, "rows.2.score": 4, "rows.2.comment": None}, cells=("G9", "G5")),)

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        for row in ev.rows:
            deducted = row.deducted
            if deducted is None or deducted <= tolerance:
                continue
            comment = row.row.comment
            if comment.blank:
                yield self.finding(ev, comment.ref or row.row.score.ref, name=row.label, deducted=fmt(deducted))
            elif not row.comment.negative and row.comment.full_compliance is None:  # that one contradicts: ZP908
                yield self.finding(ev, comment.ref, "silent", name=row.label, deducted=fmt(deducted), comment=comment.text)


RULE = DeductionUnexplained
