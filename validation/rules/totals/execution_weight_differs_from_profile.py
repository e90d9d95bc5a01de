from ..base import Example, Rationale, Rule
from ..helpers import fmt


class ExecutionWeightDiffersFromProfile(Rule):
    slug = "execution-weight-differs-from-profile"
    title = "预算执行率分值与评分口径不同"
    severity = "warning"
    messages = {"default": "预算执行率分值为 {shown}，评分口径“{profile}”规定为 {expected}。得分按表上分值 {shown} 计算。"}
    rationale = Rationale(
        what="表上预算执行率的分值与所选评分口径不同（全国口径 10 分，湖北口径 20 分）。",
        why="分值不同通常说明选错了评分口径或套用了别地的表样，总分会因此失真。",
        example="全国口径下，预算执行率分值填 20。",
        fix="改为口径规定的分值；若本地确实按 20 分计，请在“ziping.conf”中把 PROFILE 设为对应口径（如 hubei）。",
    )
    passing = (Example(), Example(patch={"funds.total.weight": 20, "funds.total.score": 20}, profile="hubei"))
    failing = (Example(patch={"funds.total.weight": 20}, cells=("G6",)),)

    def check(self, ev):
        shown = ev.funds.weight_reported.value if ev.funds.weight_reported else None
        expected = ev.profile.execution_weight
        if shown is not None and shown > 0 and abs(shown - expected) > ev.profile.tolerances["score"]:
            yield self.finding(ev, ev.funds.weight_reported.cell.ref, shown=fmt(shown),
                               profile=ev.profile.title, expected=fmt(expected))


RULE = ExecutionWeightDiffersFromProfile
