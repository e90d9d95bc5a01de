from ..base import Example, Rationale, Rule
from ..helpers import rows_and_names


class BreakdownRowsNotScored(Rule):
    slug = "breakdown-rows-not-scored"
    title = "“其中”分项行不单独计分"
    severity = "info"
    messages = {"default": "第 {rows} 行是上一指标的分项（{names}），有指标值和完成值而没有分值和得分，不单独计分，"
                           "完成情况计入所属指标。"}
    rationale = Rationale(
        what="指标下面用“其中……”列出分项（“其中桃树种植面积 1.5亩 / 1.5亩”），分项只有年度指标值和实际完成值，分值、得分两栏为空。",
        why="分项是上一指标的组成部分，分值和得分记在所属指标上。若把分项当作独立指标，会对每一行报“未填写得分”，"
            "而这些行本来就不该有得分；跳过计分并提示一次，审核人知道这些行没有参与计分。",
        example="“★补助各类瓜果蔬菜种植面积 29.5亩（20分）”下有“其中桃树种植面积”“其中露天蔬菜”等四行。",
        fix="无需改动。若某个“其中”行其实是独立的指标，填写它的分值和得分（并相应调整所属指标的分值）。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.1.name": "其中：线上培训人数", "indicators.1.target": "≥300人",
                       "indicators.1.actual": "320人", "indicators.1.weight": None, "indicators.1.score": None,
                       "indicators.0.weight": 30, "indicators.0.score": 30}, cells=("D14",)),
    )

    def check(self, ev):
        rows = ev.breakdown_rows
        if rows:
            yield self.finding(ev, rows[0].row.name.ref, **rows_and_names(rows, most=3))


RULE = BreakdownRowsNotScored
