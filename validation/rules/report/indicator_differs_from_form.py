import re

from ..base import REPORT_FORM, Example, Rationale, Rule
from ...narrative.figures import figures
from ...narrative.quantities import quantities
from ._shared import bounds, sentences
from .project_not_named import compact

ACTUAL_WORDS = re.compile(r"(实际|完成|达到|达|共|累计|为|是)")
TARGET_WORDS = re.compile(r"(目标|计划|指标值|预期|不低于|不少于|不高于|不超过|≥|≤|以上|以下|要求|预计|年初)")


def bare_name(name: str) -> str:
    return re.sub(r"^指标\d+\s*[:：]", "", compact(name))


class IndicatorDiffersFromForm(Rule):
    slug = "report-indicator-differs-from-form"
    title = "报告中指标的实际完成值与自评表不同"
    severity = "warning"
    scope = REPORT_FORM
    messages = {"default": "报告写“{name}”实际完成 {reported}，自评表第 {row} 行为“{form}”。"}
    rationale = Rationale(
        what="报告提到自评表中的某个指标并写了它的实际完成值（同一句、同一单位、有“实际”“完成”“达到”等字样）时，是否与自评表的实际完成值相同。",
        why="报告和自评表对同一指标给出两个完成值，得分依据就不清楚。",
        example="自评表“培训人数”实际完成 1100 人，报告写“培训人数实际完成1010人”。",
        fix="以核实后的完成值为准，统一报告和自评表。",
    )
    passing = (Example(text="培训人数实际完成1100人，培训合格率达到98%。"),)
    failing = (Example(text="培训人数实际完成1010人，培训合格率达到98%。", paragraphs=(1,)),)

    def check(self, ctx):
        wanted = []
        for indicator in ctx.form.indicators:
            name = bare_name(indicator.name)
            actual = quantities(indicator.actual or "")
            if len(name) >= 2 and len(actual) == 1:
                wanted.append((indicator, name, actual[0]))
        if not wanted:
            return
        for number, sentence in sentences(ctx):
            flat = compact(sentence)
            for indicator, name, form_value in wanted:
                at = flat.find(name)
                if at < 0 or flat.count(name) != 1:
                    continue
                start = sentence.find(name[:2])
                after = [f for f in figures(sentence) if f.quantity.start > start and not f.bracketed
                         and f.quantity.kind == form_value.kind and f.quantity.unit == form_value.unit]
                if not after:
                    continue
                candidate = after[0]
                if not ACTUAL_WORDS.search(candidate.words) or TARGET_WORDS.search(candidate.words):
                    continue
                if any(bare_name(other.name) in candidate.words for other, _, _ in wanted if other is not indicator):
                    continue
                low, high = bounds(candidate, 1.0)
                f_low, f_high = form_value.value - form_value.quantum, form_value.value + form_value.quantum
                if low <= f_high + 1e-9 and f_low <= high + 1e-9:
                    continue
                yield self.at(ctx, number, sentence, name=indicator.name, reported=candidate.quantity.text,
                              row=indicator.row, form=indicator.actual)


RULE = IndicatorDiffersFromForm
