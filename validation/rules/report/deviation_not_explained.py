import re

from ..base import REPORT_FORM, Example, Rationale, Rule
from .project_not_named import compact

REASON_WORDS = re.compile(r"(原因|偏差|由于|因为|因|导致|未达|未完成|未能|超出|超额|差距|受.{0,8}影响)")


def mentions(text: str, name: str) -> bool:
    """Whether `text` names the indicator: its whole name, or its name without a leading "指标N:" label."""
    name = re.sub(r"^指标\d+\s*[:：]", "", compact(name))
    return len(name) >= 2 and name in compact(text)


class DeviationNotExplained(Rule):
    slug = "report-deviation-not-explained"
    title = "自评表要求说明偏差原因的指标，报告中没有说明"
    severity = "warning"
    scope = REPORT_FORM
    messages = {"default": "自评表第 {row} 行“{name}”需要偏差原因分析（目标 {target}，实际 {actual}），报告中没有一段既提到它又说明原因。"}
    rationale = Rationale(
        what="自评表中未完成目标或超出目标较多、需要偏差原因分析的每一行，报告中是否有一段话既提到这个指标、又说明原因（原因、偏差、由于、导致、未完成等）。",
        why="财预〔2020〕10号要求对偏离绩效目标的情况说明原因；报告是写原因的地方，只在表里写一句往往说不清。",
        example="自评表“档案扫描数量”目标 62.8 万页、实际 50 万页，报告的偏差原因分析部分没有提到它。",
        fix="在报告的偏差原因分析部分逐项说明原因和改进措施。",
    )
    passing = (Example(text="（一）偏差原因分析\n培训人数未达到目标，原因是年中调整了培训计划。",
                       patch={"indicators.0.actual": "800人", "indicators.0.score": 16}),)
    failing = (Example(text="（一）偏差原因分析\n各项指标均已完成。", patch={"indicators.0.actual": "800人", "indicators.0.score": 16},
                       paragraphs=(1,)),)

    def check(self, ctx):
        paragraphs = [p.text for p in ctx.document.paragraphs]
        for indicator in ctx.form.indicators:
            if not indicator.needs_reason:
                continue
            if any(mentions(text, indicator.name) and REASON_WORDS.search(text) for text in paragraphs):
                continue
            first = ctx.document.paragraphs[0] if ctx.document.paragraphs else None
            yield self.at(ctx, first.number if first else 1, first.title if first else "", row=indicator.row,
                          name=indicator.name, target=indicator.target, actual=indicator.actual)


RULE = DeviationNotExplained
