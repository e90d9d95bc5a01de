from ...taxonomy import allowed_parents
from ..base import Example, Rationale, Rule


class Level2UnderWrongLevel1(Rule):
    slug = "level2-under-wrong-level1"
    title = "二级指标归属的一级指标不对"
    severity = "warning"
    messages = {"default": "二级指标“{level2}”应归入{parents}，却放在“{level1}”下。"}
    rationale = Rationale(
        what="二级指标放在了不属于它的一级指标下（如“数量指标”放在“效益指标”下）。",
        why="一级指标的分值合计和汇总统计都按归属计算；放错位置会让分值分配和汇总失真。",
        example="“社会效益指标”写在“产出指标”下面。",
        fix="把该行移到正确的一级指标下，或更正二级指标名称。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.4.level2": "数量指标"}, cells=("C17",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.row.level2.blank or not result.level1 or not result.level2:
                continue
            parents = allowed_parents(result.level2)
            if parents and result.level1 not in parents:
                yield self.finding(ev, result.row.level2.ref, level2=result.level2, level1=result.level1,
                                   parents="、".join(f"“{p}”" for p in parents))


RULE = Level2UnderWrongLevel1
