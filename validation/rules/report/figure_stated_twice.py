from ..base import REPORT, Example, Rationale, Rule
from ...narrative.named import named_figures
from ._shared import bounds, overlaps


class FigureStatedTwice(Rule):
    slug = "report-figure-stated-twice"
    title = "同一个数在报告中写了两个不同的值"
    severity = "warning"
    scope = REPORT
    messages = {"default": "{name}写作 {value}，而第{first}段写作 {first_value}。"}
    rationale = Rationale(
        what="报告中以同样的名称（年初预算数、全年预算数、全年执行数、执行率、自评得分）写出的数，前后是否一致。列举分项、子项目的句子不算；"
             "执行率只取与预算数或执行数写在同一句的（单独一句“……资金预算执行率0%”可能说的是其中一笔资金）。",
        why="同一个数前后两个值，读者无法判断哪个是真的；通常是修改时只改了一处。",
        example="第 3 段“全年执行数31.28万元”，第 9 段“全年执行数31.82万元”。",
        fix="核对后统一为正确的值（并与自评表一致）。",
    )
    passing = (Example(text="全年预算数31.4万元，全年执行数31.28万元。\n项目全年执行数为31.28万元，执行率99.62%。"),
               Example(text="项目全年预算数100万元，全年执行数100万元，预算执行率100%。\n管护补助资金当年未使用，预算执行率0%。"))
    failing = (Example(text="全年预算数31.4万元，全年执行数31.28万元。\n项目全年执行数为31.82万元。", paragraphs=(2,)),)

    def check(self, ctx):
        first: dict[str, object] = {}
        for named in named_figures(ctx.document):
            seen = first.get(named.name)
            if seen is None:
                first[named.name] = named
                continue
            if not overlaps(bounds(seen.figure, 1.0), bounds(named.figure, 1.0)):
                yield self.at(ctx, named.paragraph, named.sentence, name=named.name, value=named.figure.quantity.text,
                              first=seen.paragraph, first_value=seen.figure.quantity.text)


RULE = FigureStatedTwice
