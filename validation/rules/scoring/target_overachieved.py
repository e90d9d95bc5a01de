from ..base import Example, Rationale, Rule
from ..helpers import fmt, indicator_name


class TargetOverachieved(Rule):
    slug = "target-overachieved"
    title = "大幅超额完成，目标可能设置偏低"
    severity = "warning"
    messages = {"default": "{name}实际完成值“{actual}”为年度指标值“{target}”的 {ratio} 倍（达到 {threshold} 倍即提示），年度目标可能设置偏低，需说明原因；评价时可酌情扣分。"}
    rationale = Rationale(
        what="正向指标的实际完成值达到年度指标值的一定倍数以上（全国口径 1.2 倍，可在评分口径中设置）。",
        why="大幅超额往往说明目标设置过低、绩效目标编制不严谨；按规定需说明偏差原因，评价时可以扣分。",
        example="年度指标值“≥400卷”，实际完成“870卷”（2.18 倍）。",
        fix="在偏差原因分析中说明超额原因（如任务调整），并在下一年度合理设定目标。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.actual": "1300人"}, cells=("F13",)),)

    def check(self, ev):
        threshold = ev.profile.scoring["overachievement"]["flag_ratio"]
        for result in ev.filled:
            if result.status == "exceeded":
                ratio = result.ratio if result.ratio is not None else 0
                if result.direction == "reverse" and ratio:
                    ratio = 1 / ratio
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result), actual=result.row.actual.text,
                                   target=result.row.target.text, ratio=fmt(ratio), threshold=fmt(threshold))


RULE = TargetOverachieved
