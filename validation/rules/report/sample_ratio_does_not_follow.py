import re

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.figures import figures
from ...narrative.quantities import COUNT, PERCENT
from ._shared import bounds, overlaps, percent, sentences, TRUNCATION

SAMPLED = re.compile(r"(抽检|抽查|抽取|抽样|随机检查|抽核)")
POPULATION = re.compile(r"(共|总数|总量|全部|合计|总计|累计|涉及|完成|整理|扫描)")
RATIO = re.compile(r"(比例|占比|抽检率|抽查率|抽样率)")


class SampleRatioDoesNotFollow(Rule):
    slug = "report-sample-ratio-does-not-follow"
    title = "抽检比例与抽检数、总数不符"
    severity = "error"
    scope = REPORT
    messages = {"default": "写抽检（抽查）比例 {ratio}，而 {sampled} ÷ {population} = {computed}。"}
    rationale = Rationale(
        what="同一句话里写了总数、抽检（抽查）数和抽检比例时，比例是否等于抽检数 ÷ 总数。",
        why="抽检比例是质量指标的证据；三个数对不上，质量结论就没有依据。",
        example="“共扫描62.8万页，抽检1.9万份，抽检比例5%”：同一单位才能相除；“共整理3.7875万份，抽检1.9万份，比例5%”：1.9 ÷ 3.7875 = 50.17%。",
        fix="按抽检数 ÷ 总数重算比例，或改正写错的数量。",
    )
    passing = (Example(text="共整理档案3.7875万份，抽检1894份，抽检比例5%。"),)
    failing = (Example(text="共整理档案3.7875万份，抽检1.9万份，抽检比例5%。", paragraphs=(1,)),)

    def check(self, ctx):
        for number, sentence in sentences(ctx):
            if not SAMPLED.search(sentence):
                continue
            found = [f for f in figures(sentence) if not f.bracketed]
            sampled = [f for f in found if f.quantity.kind == COUNT and SAMPLED.search(f.words)]
            ratios = [f for f in found if f.quantity.kind == PERCENT and RATIO.search(f.words)]
            if len(sampled) != 1 or len(ratios) != 1:
                continue
            unit = sampled[0].quantity.unit
            population = [f for f in found if f.quantity.kind == COUNT and f.quantity.unit == unit
                          and f is not sampled[0] and POPULATION.search(f.words) and not SAMPLED.search(f.words)]
            if len(population) != 1 or population[0].value <= 0:
                continue
            s, p, r = sampled[0], population[0], ratios[0]
            low = bounds(s)[0] / bounds(p)[1]
            high = bounds(s)[1] / bounds(p)[0]
            if overlaps((low, high), bounds(r, TRUNCATION)):
                continue
            yield self.at(ctx, number, sentence, ratio=r.quantity.text, sampled=s.quantity.text,
                          population=p.quantity.text, computed=percent(s.value / p.value))


RULE = SampleRatioDoesNotFollow
