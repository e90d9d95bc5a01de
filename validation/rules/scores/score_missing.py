from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class ScoreMissing(Rule):
    slug = "score-missing"
    title = "缺少得分"
    severity = "error"
    messages = {
        "default": "{name}未填写得分。",
        "execution": "预算执行率未填写得分。",
    }
    rationale = Rationale(
        what="已填写的指标（或已填写资金的预算执行率）没有得分。",
        why="报送的自评表每项都必须有得分，总分由各项得分相加；缺一项总分就无法核对。",
        example="“完成时间”分值 10，得分一栏空着。",
        fix="按评分规则填写得分；可点击“计算得分”由工具按规则填入空白得分。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.2.score": None}, cells=("H15",)),
        Example(patch={"funds.total.score": "—"}, cells=("I6",)),
    )

    def check(self, ev):
        uncached = ev.record.uncached_formulas
        funds = ev.funds
        if funds.score_reported is not None and funds.filled:
            cell = funds.score_reported.cell
            if cell.blank and cell.ref is not None and cell.ref not in uncached:
                yield self.finding(ev, cell.ref, "execution")
        for result in ev.filled:
            cell = result.row.score
            if cell.blank and cell.ref is not None and cell.ref not in uncached:
                yield self.finding(ev, cell.ref, name=indicator_name(result))


RULE = ScoreMissing
