import re

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.figures import SCORE_ROLE, figures
from ...numbers import fmt
from ._shared import sentences

GRADE = re.compile(r"(?:等级|等次|评价结果|评价级别|评定为|评为|结论为|级别)\s*(?:为|是|：|:|评定为|评为)?\s*[“\"「]?(优秀|良好|优|良|中|差)[”\"」]?(?![\u4e00-\u9fa5]{0,1}[等级])")
WORDS = {"优秀": "优", "良好": "良"}


def stated_grade(sentence: str) -> tuple[str, str] | None:
    found = GRADE.findall(sentence)
    grades = {WORDS.get(g, g) for g in found}
    if len(grades) != 1:
        return None
    return found[0], grades.pop()


class GradeDoesNotMatchScore(Rule):
    slug = "report-grade-does-not-match-score"
    title = "报告中的等级与自评得分不符"
    severity = "error"
    scope = REPORT
    messages = {"default": "写自评得分 {score}、等级“{shown}”，按评分口径 {score} 应为“{expected}”。"}
    rationale = Rationale(
        what="同一句话里写了自评得分（总分）和评价等级时，等级是否是该得分按评分口径对应的等级（全国口径：90 分及以上优，80–90 良，60–80 中，60 以下差）。",
        why="等级由得分决定，不能另行评定；报告与自评表的等级也应一致。",
        example="“自评得分85分，评价等级为优”：85 分应为“良”。",
        fix="按得分写等级，或改正写错的得分。",
    )
    passing = (Example(text="经自评，项目自评得分98分，评价等级为“优”。"), Example(text="自评得分85分，等级为良好。"))
    failing = (Example(text="经自评，项目自评得分85分，评价等级为“优”。", paragraphs=(1,)),)

    def check(self, ctx):
        for number, sentence in sentences(ctx):
            grade = stated_grade(sentence)
            if grade is None:
                continue
            scores = [f for f in figures(sentence) if f.role == SCORE_ROLE and not f.bracketed]
            if len({f.value for f in scores}) != 1:
                continue
            score = scores[0].value
            if not 0 <= score <= 100:
                continue
            expected = ctx.profile.grade_for(score)
            canonical = ctx.profile.canonical_grade(grade[1]) or grade[1]
            if canonical != expected:
                yield self.at(ctx, number, sentence, score=f"{fmt(score)} 分", shown=grade[0], expected=expected)


RULE = GradeDoesNotMatchScore
