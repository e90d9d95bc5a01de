from ...taxonomy import LEVEL2_NAMES, match_level2
from ..base import Example, Rationale, Rule

_LONGEST = max(len(n) for n in LEVEL2_NAMES) + 2


class Level2NameUsedAsLevel3(Rule):
    slug = "level2-name-used-as-level3"
    title = "三级指标名称照抄了二级指标"
    severity = "warning"
    messages = {"default": "三级指标名称“{found}”是二级指标名称，应写具体指标（如“培训人数”“验收合格率”）。"}
    rationale = Rationale(
        what="三级指标一栏填的是“数量指标”“社会效益指标”这样的二级指标名称。",
        why="三级指标应说明具体衡量什么；照抄二级名称等于没有设置指标，审核会退回。",
        example="二级指标“数量指标”，三级指标也写“数量指标”。",
        fix="写出具体的衡量对象，如“回访人数”“档案数字化加工份数”。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.0.name": "数量指标"}, cells=("D13",)),)

    def check(self, ev):
        for result in ev.filled:
            cell = result.row.name
            if cell.blank or len(cell.text) > _LONGEST:  # a real 三级 name is longer than any 二级 name
                continue
            match = match_level2(cell.text)
            if match.canonical is not None and len(cell.text) <= len(match.canonical) + 1:
                yield self.finding(ev, cell.ref, found=cell.text)


RULE = Level2NameUsedAsLevel3
