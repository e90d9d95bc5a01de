from ..base import Example, Rationale, Rule
from ..helpers import DIRECTION_NAMES, indicator_name


class OperatorMissing(Rule):
    slug = "operator-missing"
    title = "年度指标值缺少比较符号"
    severity = "info"
    messages = {
        "word": "{name}年度指标值“{target}”没有比较符号（≥、≤、=），按指标名称中的“{basis}”推断为{direction}指标计分；请写明，如“{suggestion}”。",
        "level": "{name}年度指标值“{target}”没有比较符号（≥、≤、=），按二级指标“{basis}”推断为{direction}指标计分；请写明，如“{suggestion}”。",
        "deadline": "{name}年度指标值“{target}”没有比较符号，按完成时限（越早越好）计分；请写明，如“{suggestion}”。",
        "default": "{name}年度指标值“{target}”没有比较符号（≥、≤、=），指标名称看不出方向，按{direction}指标计分；请写明，如“{suggestion}”。",
    }
    rationale = Rationale(
        what="定量的年度指标值只写了数值和单位，没有“≥、≤、=”或“不低于、不超过”等。",
        why="没有比较符号就不知道是越多越好还是越少越好。工具按指标名称推断：完成率、及时率、覆盖率、满意度等越高越好，"
            "成本、费用、差错率、投诉、时长等越低越好；名称看不出时，成本、时效类二级指标按反向，其余按正向。推断可能与本意不符，提示中写明了依据。",
        example="时效指标“项目完成及时率”年度指标值“100%”：按“及时率”推断为正向，实际 95% 未完成。",
        fix="写明比较符号，如“≥100%”“≤100万元”“≤11月”。",
    )
    passing = (Example(),)
    failing = (
        Example(patch={"indicators.0.target": "1000人"}, cells=("E13",)),
        Example(patch={"indicators.2.name": "项目完成及时率", "indicators.2.target": "100%", "indicators.2.actual": "100%"},
                cells=("E15",)),
    )

    def check(self, ev):
        for result in ev.filled:
            if result.kind != "quantitative" or not result.direction_assumed:
                continue
            symbol = "≤" if result.direction == "reverse" else "≥"
            basis = result.direction_basis
            if result.target.kind == "date":
                variant, text = "deadline", ""
            elif basis is not None and basis.word:
                variant, text = "word", basis.word
            elif basis is not None and basis.level:
                variant, text = "level", basis.level
            else:
                variant, text = "default", ""
            yield self.finding(ev, result.row.target.ref, variant, name=indicator_name(result), target=result.row.target.text,
                               direction=DIRECTION_NAMES[result.direction], suggestion=symbol + result.target.text, basis=text)


RULE = OperatorMissing
