from ..base import REPORT_FORM, Example, Rationale, Rule
from ...narrative.named import SCORE_NAME, named_figures
from ...numbers import fmt
from ._shared import bounds, sentences
from .grade_does_not_match_score import stated_grade


def form_total(form) -> float | None:
    return form.total_reported if form.total_reported is not None else form.total_computed


def form_grade(form) -> str | None:
    return form.grade_reported or form.grade


class ScoreDiffersFromForm(Rule):
    slug = "report-score-differs-from-form"
    title = "报告中的自评得分或等级与自评表不同"
    severity = "error"
    scope = REPORT_FORM
    messages = {
        "score": "报告写自评得分 {reported}，自评表总分为 {form} 分。",
        "grade": "报告写等级“{reported}”，自评表为“{form}”。",
    }
    rationale = Rationale(
        what="报告中写明的自评得分（总分）和评价等级，是否与同一项目自评表的总分、等级相同。",
        why="报告是对自评表的说明，得分和等级必须是同一个结论。",
        example="自评表总分 92 分、等级“优”，报告写“自评得分88分，等级为良”。",
        fix="以自评表核实后的总分和等级为准改正报告（或改正自评表）。",
    )
    passing = (Example(text="经自评，项目自评得分100分，评价等级为“优”。"),)
    failing = (Example(text="经自评，项目自评得分88分，评价等级为“良”。", paragraphs=(1, 1)),)

    def check(self, ctx):
        total = form_total(ctx.form)
        if total is not None:
            for named in named_figures(ctx.document):
                if named.name != SCORE_NAME:
                    continue
                low, high = bounds(named.figure, 1.0)
                if not low - 1e-6 <= total <= high + 1e-6:
                    yield self.at(ctx, named.paragraph, named.sentence, "score", reported=named.figure.quantity.text,
                                  form=fmt(total))
        grade = form_grade(ctx.form)
        if grade:
            expected = ctx.profile.canonical_grade(grade) or grade
            for number, sentence in sentences(ctx):
                stated = stated_grade(sentence)
                if stated and (ctx.profile.canonical_grade(stated[1]) or stated[1]) != expected:
                    yield self.at(ctx, number, sentence, "grade", reported=stated[0], form=grade)


RULE = ScoreDiffersFromForm
