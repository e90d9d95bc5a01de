from ..base import Example, Rationale, Rule
from ..helpers import indicator_name


class QualitativeActualUndecidable(Rule):
    slug = "qualitative-actual-undecidable"
    title = "定性指标无法判定评价档次"
    severity = "warning"
    messages = {"default": "{name}实际完成值“{actual}”无法判定评价档次（年度指标值“{target}”），未计分。请填写“达成年度指标”“部分达成年度指标并具有一定效果”“未达成年度指标且效果较差”或评价等级。"}
    rationale = Rationale(
        what="定性指标的实际完成值既不是评价档次或等级，也找不到可据以判断的关键词。",
        why="无法判断档次就无法确定得分区间，得分没有依据。",
        example="年度指标值“稳步提升”，实际完成值“详见附件”。",
        fix="填写评价档次或评价等级；说明性文字写在偏差原因分析中。",
    )
    passing = (Example(),)
    failing = (Example(patch={"indicators.4.actual": "详见附件"}, cells=("F17",)),)

    def check(self, ev):
        for result in ev.filled:
            if result.kind == "qualitative" and result.answer is not None and result.answer.tier is None:
                yield self.finding(ev, result.row.actual.ref, name=indicator_name(result),
                                   actual=result.row.actual.text[:40], target=result.row.target.text)


RULE = QualitativeActualUndecidable
