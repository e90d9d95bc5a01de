from ..base import REPORT, Example, Rationale, Rule
from ...narrative.figures import ANNUAL, BALANCE, BUDGET, INITIAL, SPENT
from ._shared import figures_of, finest, roles, sentences, wan


class BalanceDoesNotFollow(Rule):
    slug = "report-balance-does-not-follow"
    title = "报告中的结余不等于预算减支出"
    severity = "error"
    scope = REPORT
    messages = {"default": "写结余 {balance}，而同一句中的预算 {budget} − 支出 {spent} = {computed}。"}
    rationale = Rationale(
        what="同一句话里写了预算（下达、到位）数、支出数和结余（结转、剩余）数时，结余是否等于预算数减支出数。",
        why="结余是预算与支出的差，三个数对不上说明至少一个写错了。",
        example="“下达资金31.4万元，已支出31.28万元，结余0.21万元”：31.4 − 31.28 = 0.12 万元。",
        fix="按预算数减支出数重算结余，或改正写错的金额。",
    )
    passing = (
        Example(text="省级下达资金31.4 万元，已支出 31.28 万元，结余 0.12 万元，支出率为 99.62%。"),
        Example(text="项目资金200万元，支出150万元，结余50万元已按规定上缴。"),
    )
    failing = (
        Example(text="省级下达资金31.4万元，已支出31.28万元，结余0.21万元。", paragraphs=(1,)),
    )

    def check(self, ctx):
        for number, sentence in sentences(ctx):
            figures = figures_of(sentence)
            balances = roles(figures, BALANCE)
            budgets = [f for f in figures if f.role in (BUDGET, ANNUAL, INITIAL)]
            spent = roles(figures, SPENT)
            if not balances or not budgets or not spent:
                continue
            for balance in balances:
                ok = False
                for b in budgets:
                    for s in spent:
                        quantum = finest([b, s, balance])
                        if abs(b.value - s.value - balance.value) <= quantum + 1e-9 * b.value:
                            ok = True
                if not ok:
                    b, s = budgets[0], spent[0]
                    yield self.at(ctx, number, sentence, balance=balance.quantity.text, budget=wan(b.value),
                                  spent=wan(s.value), computed=wan(b.value - s.value))


RULE = BalanceDoesNotFollow
