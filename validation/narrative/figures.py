"""What a figure in a sentence stands for, read from the words right before it in its clause:
"已支出 31.28 万元" is spending, "结余 0.12 万元" a balance, "支出率为 99.62%" a spending rate.

Only words the writer used decide a role; a figure whose clause names nothing has no role and
takes part in no check (precision before recall)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .quantities import MONEY, PERCENT, SCORE, Quantity, quantities

INITIAL, ANNUAL, BUDGET, SPENT, BALANCE, SPEND_RATE, SCORE_ROLE = (
    "initial_budget", "annual_budget", "budget", "spent", "balance", "spend_rate", "score")

# Order matters: the first pattern that matches the clause's words before the figure wins.
MONEY_ROLES: tuple[tuple[str, re.Pattern], ...] = (
    (BALANCE, re.compile(r"(结余|结转|剩余|余额|未支出|未支付|未支|未使用|尚未支付|未拨付)")),
    (INITIAL, re.compile(r"年初预算")),
    (ANNUAL, re.compile(r"(全年预算|调整后预算|预算调整为|调整预算)")),
    (SPENT, re.compile(r"(支出|执行数|执行金额|已执行|实际执行|已使用|实际使用|使用资金|完成支付|已支付|实际支付|资金支付|累计支付|共支付|拨付使用|执行)")),
    (BUDGET, re.compile(r"(预算|下达|安排|批复|到位|拨付|资金总额|项目资金|投入资金|总投资|计划投资|资金规模|经费)")),
)
SPEND_RATE_WORDS = re.compile(r"(预算执行率|资金执行率|执行率|支出率|支付率|使用率|支出进度|(?:资金|预算|支出|投资)完成率)")
OTHER_RATE_WORDS = re.compile(r"(到位率|(?<![资金预算支出投资])完成率|合格率|满意度|覆盖率|比例|占比|增长|下降|同比|提高|降低|比率)")
SCORE_WORDS = re.compile(r"(自评得分|自评总分|综合得分|评价得分|自评分数|最终得分|总得分|总分|得分|自评为|自评|评分为|评分)")
NOT_SCORE_WORDS = re.compile(r"(满分|分值|扣|权重|占|每项|每个|每条|以上|以下|不低于|低于|高于|至|及以上)")
CLAUSE_BREAK = re.compile(r"[，,；;。！？!?]|(?<![\d])、")
OPEN_BRACKETS, CLOSE_BRACKETS = "（(", "）)"


@dataclass(frozen=True, slots=True)
class Figure:
    quantity: Quantity
    role: str | None
    words: str  # the clause's words before the figure
    bracketed: bool  # inside （…）: an aside, not a figure of the sentence

    @property
    def value(self) -> float:
        return self.quantity.value


def _bracket_depths(sentence: str) -> list[int]:
    depth, depths = 0, []
    for ch in sentence:
        if ch in OPEN_BRACKETS:
            depth += 1
        depths.append(depth)
        if ch in CLOSE_BRACKETS and depth:
            depth -= 1
    return depths


def clause_words(sentence: str, start: int, previous_end: int) -> str:
    """The words between the previous figure (or clause break) and a figure's start."""
    begin = previous_end
    for match in CLAUSE_BREAK.finditer(sentence, previous_end, start):
        begin = match.end()
    return sentence[begin:start]


def money_role(words: str) -> str | None:
    for role, pattern in MONEY_ROLES:
        if pattern.search(words):
            return role
    return None


@lru_cache(maxsize=16384)
def figures(sentence: str) -> tuple[Figure, ...]:
    """The figures of a sentence with their roles (cached: every rule reads the same sentences)."""
    return tuple(_read_figures(sentence))


def _read_figures(sentence: str) -> list[Figure]:
    found: list[Figure] = []
    depths = _bracket_depths(sentence)
    previous_end = 0
    for q in quantities(sentence):
        words = clause_words(sentence, q.start, previous_end)
        previous_end = q.end
        role = None
        if q.kind == MONEY:
            role = money_role(words)
            if role in (SPENT, BUDGET) and SPEND_RATE_WORDS.search(words):
                role = None
        elif q.kind == PERCENT:
            role = SPEND_RATE if SPEND_RATE_WORDS.search(words) and not OTHER_RATE_WORDS.search(words) else None
        elif q.kind == SCORE:
            role = SCORE_ROLE if SCORE_WORDS.search(words) and not NOT_SCORE_WORDS.search(words) else None
        found.append(Figure(q, role, words, depths[q.start] > 0))
    return found


def main_figures(sentence: str) -> list[Figure]:
    """The figures of a sentence outside brackets."""
    return [f for f in figures(sentence) if not f.bracketed]
