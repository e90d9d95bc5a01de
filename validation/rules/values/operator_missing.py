from ..base import Example, Rationale, Rule
from ..helpers import DIRECTION_NAMES, indicator_name


class OperatorMissing(Rule):
    slug = "operator-missing"
    title = "年度指标值缺少比较符号"
    severity = "info"
    messages = {"default": "{name}年度指标值“{target}”没有比较符号（≥、≤、=），已按{direction}指标计分；请写明，如“{suggestion}”。"}
    rationale = Rationale(
        what="定量的年度指标值只写了数值和单位，没有“≥、≤、=”或“不低于、不超过”等。",
        why="没有比较符号就不知道是越多越好还是越少越好。工具按指标类别推断（成本、时效按反向，其余按正向），但推断可能与本意不符。",
        example="年度指标值“1000人”。",
        fix="写明比较符号，如“≥1000人”“≤100万元”“≤11月”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.target": "1000人"}, cells=("E13",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.kind == "quantitative" and result.direction_assumed:
                symbol = "≤" if result.direction == "reverse" else "≥"
                yield self.finding(ev, result.row.target.ref, name=indicator_name(result), target=result.row.target.text,
                                   direction=DIRECTION_NAMES[result.direction], suggestion=symbol + result.target.text)


RULE = OperatorMissing
