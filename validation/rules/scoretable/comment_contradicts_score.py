from __future__ import annotations

from ...numbers import fmt
from ..base import SCORE_TABLE, Example, Rationale, Rule

# Something never done or built earns at most this share of a row's points.
ABSENCE_SHARE = 0.5


class CommentContradictsScore(Rule):
    slug = "score-table-comment-contradicts-score"
    title = "评分表：评价意见与得分矛盾"
    severity = "warning"
    scope = SCORE_TABLE
    messages = {
        "full_marks": "“{name}”得了满分 {score} 分，评价意见却指出“{phrase}”：{comment}",
        "deducted": "“{name}”扣了 {deducted} 分，评价意见却说“{phrase}”：{comment}",
        "absent": "评价意见说“{phrase}”，“{name}”却得了 {score} 分（分值 {weight} 分）：{comment}",
    }
    rationale = Rationale(
        what="评价意见与得分是否说的是一回事：指出了不足却给满分，说“完全符合”却扣分，说“未建立”“未制定”却给了一半以上的分。",
        why="得分和评价意见是同一个判断的两种写法；两者矛盾，要么得分错，要么意见错，审核时应退回核实。",
        example="“项目管理制度的健全性”分值 2 分得 1.5 分，评价意见“未建立项目管理制度”；“绩效目标明确”得满分，意见却是“绩效目标不够明确”。",
        fix="按评价意见重新打分，或改正评价意见，使两者一致。",
    )
    passing = (Example(), Example(patch={"rows.5.comment": "部分制度未建立，扣 3 分", "rows.5.score": 2, "total_score": 95}))
    failing = (Example(patch={"rows.0.comment": "绩效目标不够明确，较笼统"}, cells=("G3",)),
               Example(patch={"rows.1.comment": "完全符合要求"}, cells=("G4",)),
               Example(patch={"rows.5.comment": "未建立项目管理制度", "rows.5.score": 4, "total_score": 97}, cells=("G8",)))

    def check(self, ev):
        tolerance = ev.profile.tolerances["score"]
        for row in ev.rows:
            deducted, reading, comment = row.deducted, row.comment, row.row.comment
            if deducted is None or comment.blank:
                continue
            weight, score = row.weight.value, row.score.value
            text = comment.text
            if reading.absence and weight and score > ABSENCE_SHARE * weight + tolerance and "部分" not in text:
                yield self.finding(ev, comment.ref, "absent", name=row.label, phrase=reading.absence, score=fmt(score),
                                   weight=fmt(weight), comment=text)
            elif abs(deducted) <= tolerance and reading.negative:
                yield self.finding(ev, comment.ref, "full_marks", name=row.label, score=fmt(score),
                                   phrase=reading.shortfall or reading.absence, comment=text)
            elif deducted > tolerance and reading.full_compliance and not reading.negative:
                yield self.finding(ev, comment.ref, "deducted", name=row.label, deducted=fmt(deducted),
                                   phrase=reading.full_compliance, comment=text)


RULE = CommentContradictsScore
