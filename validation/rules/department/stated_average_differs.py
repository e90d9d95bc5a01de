from __future__ import annotations

from ...department import KIND_NAMES
from ...numbers import fmt
from ..base import DEPARTMENT, Example, Rationale, Rule


class StatedAverageDiffers(Rule):
    slug = "stated-average-differs"
    title = "部门说明的平均分与各项目得分不符"
    severity = "error"
    scope = DEPARTMENT
    messages = {
        "default": "{source}说平均分 {stated} 分；按规则计算的 {forms} 张{kind}总分平均为 {computed} 分。",
        "no_forms": "{source}说平均分 {stated} 分，但没有找到可计算总分的{kind}。",
    }
    rationale = Rationale(
        what="部门在绩效评价情况说明或汇总表中写的平均分，是否等于各项目按规则计算的总分的平均数（按说明所写的小数位四舍五入）。",
        why="平均分是部门整体绩效的概括，常被写入决算说明和考核结果；它应当由各项目得分算出，不能照抄或估计。",
        example="“对6个项目开展绩效评价，平均分98.08分”，而 6 张评分表的总分平均为 97.92 分。",
        fix="核对各项目的评分表：若某项目得分有误先改正，再按各项目总分重新计算平均分，改正说明中的数字。",
    )
    passing = (Example(), Example(patch={"stated": 98.1}))
    failing = (Example(patch={"stated": 98.5}, cells=("B8",)), Example(patch={"totals": []}, cells=("B8",)))

    def check(self, ev):
        if ev.stated is None:
            return
        kind = KIND_NAMES[ev.kind]
        if ev.computed is None:
            yield self.make(ev.profile, ev.stated.sheet, ev.stated.cell, "no_forms", source=ev.stated.source,
                            stated=fmt(ev.stated.value, 6), kind=kind)
        elif not ev.agrees:
            yield self.make(ev.profile, ev.stated.sheet, ev.stated.cell, source=ev.stated.source,
                            stated=fmt(ev.stated.value, 6), forms=len(ev.totals), kind=kind,
                            computed=fmt(ev.computed, max(2, ev.stated.decimals)))


RULE = StatedAverageDiffers
