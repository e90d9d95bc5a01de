from ..base import Example, Rationale, Rule
from ..helpers import fmt


class WeightSplitDiffersFromGuidance(Rule):
    slug = "weight-split-differs-from-guidance"
    title = "一级指标分值分配与指引不同"
    severity = "warning"
    messages = {"default": "一级指标分值为 {found}；指引为 {guidance}。分值分配与指引不同，请确认有依据。"}
    rationale = Rationale(
        what="各一级指标的分值之和与评分口径的指引不同（全国口径：产出 50、效益 30、满意度 10）。",
        why="指引分配不是硬性规定（成本指标单列后各地做法不一），但偏离较大时审核会询问依据。",
        example="产出指标 40 分、效益指标 40 分。",
        fix="按指引调整分值，或保留现有分配并准备依据（如主管部门的统一要求）。这是提示，不影响报送。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.weight": 15, "indicators.4.weight": 20}, cells=("B13",)),)

    def check(self, ev):
        guidance = ev.profile.data["weights"].get("guidance")
        if not guidance or not ev.filled:
            return
        found = ev.weights_by_level1
        if not found:  # no 分值 read at all (a form without a 分值 column says so in ZP007)
            return
        differing = [name for name, points in guidance.items() if abs(found.get(name, 0) - points) > ev.profile.tolerances["score"]]
        if not differing:
            return
        first = next((r for r in ev.filled if r.level1 == differing[0] and r.level1_cell), None)
        cell = first.level1_cell if first else next((r.level1_cell for r in ev.filled if r.level1_cell), None)
        found_text = "、".join(f"{name.removesuffix('指标')} {fmt(points)}" for name, points in found.items())
        guidance_text = "、".join(f"{name.removesuffix('指标')} {fmt(points)}" for name, points in guidance.items())
        yield self.finding(ev, cell, found=found_text or "（无）", guidance=guidance_text)


RULE = WeightSplitDiffersFromGuidance
