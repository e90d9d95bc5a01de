from dataclasses import replace

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.figures import ANNUAL, BALANCE, BUDGET, INITIAL, SPEND_RATE, SPENT, Figure
from ._shared import bounds, figures_of, overlaps, percent, ratio_bounds, roles, sentences, wan, TRUNCATION


PREFERRED = (ANNUAL, BUDGET, INITIAL)  # the denominator the message computes with, when several are written


class RateDoesNotFollow(Rule):
    slug = "report-rate-does-not-follow"
    title = "报告中的执行率与它自己写的执行数、预算数不符"
    severity = "error"
    scope = REPORT
    messages = {"default": "写执行率（支出率）{rate}，而同一句中的{spent_name} {spent} ÷ 预算 {budget} = {computed}。"}
    rationale = Rationale(
        what="同一句话里写了预算数、执行（支出）数和执行率（支出率、使用率、支付率）时，执行率是否等于执行数 ÷ 预算数（按报告所写的小数位取舍，"
             "末位截断也算对）；只写了已支付和未支付数的，预算数即两者之和。",
        why="执行率是预算执行得分的依据；报告里三个数对不上，审核人无法知道哪一个是真的，常见于改了金额忘了改比率。",
        example="“下达资金31.4万元，已支出31.28万元，支出率为98.62%”：31.28 ÷ 31.4 = 99.62%。",
        fix="按执行数 ÷ 预算数重算执行率，或改正写错的金额，并与自评表一致。",
    )
    passing = (
        Example(text="省级下达资金31.4 万元，已支出 31.28 万元，结余 0.12 万元，支出率为 99.62%。"),
        Example(text="项目预算107.3万元，实际支出67.18万元，预算执行率62.6%。"),
        Example(text="到位资金100万元，实际支出90万元，资金到位率100%。"),
        Example(text="下达资金100万元，实际支出90万元，任务完成率100%。"),
        Example(text="下达资金100万元，实际支出90万元，预算完成率90%。"),
        Example(text="全年预算数50万元，执行数50万元，执行率100%，满意度95%。"),
        Example(text="资金支付18501.096万元，未支付703万元，支付率96.34%。"),
        Example(text="补助公用经费其中:中央资金5.28万元,省级资金1.16万元,实际拨付使用6.38万元,执行率为99.07%。"),
    )
    failing = (
        Example(text="省级下达资金31.4万元，已支出31.28万元，支出率为98.62%。", paragraphs=(1,)),
        Example(text="项目概况如下。\n年初预算200万元，全年执行180万元，执行率为80%。", paragraphs=(2,)),
        Example(text="资金支付18501.096万元，未支付703万元，支付率95%。", paragraphs=(1,)),
        Example(text="下达资金100万元，实际支出90万元，资金完成率100%。", paragraphs=(1,)),
    )

    def check(self, ctx):
        for number, sentence in sentences(ctx):
            figures = figures_of(sentence)
            rates = roles(figures, SPEND_RATE)
            if not rates:
                continue
            figures = [f for f in figures if "其中" not in f.words]  # a part (中央资金…) is no budget
            budgets = [f for f in figures if f.role in (BUDGET, ANNUAL, INITIAL)]
            spent = roles(figures, SPENT)
            unspent = roles(figures, BALANCE)
            if not spent or not (budgets or unspent):
                continue
            for rate in rates:
                rate_range = bounds(rate, TRUNCATION)
                pairs = [(s, b) for s in spent for b in budgets if s.quantity.start != b.quantity.start]
                if not pairs:  # "支付X万元，未支付Y万元，支付率R%": the budget is what was and was not spent
                    pairs = [(s, _whole(s, u)) for s in spent for u in unspent]
                ranges = [ratio_bounds(s, b) for s, b in pairs]
                if any(r is not None and overlaps(r, rate_range) for r in ranges):
                    continue
                s, b = min(pairs, key=lambda pair: PREFERRED.index(pair[1].role))  # shown against 全年预算 first
                if b.value <= 0:
                    continue
                yield self.at(ctx, number, sentence, rate=rate.quantity.text, spent_name="执行数",
                              spent=wan(s.value), budget=wan(b.value), computed=percent(s.value / b.value))


def _whole(spent: Figure, unspent: Figure) -> Figure:
    """The budget of a sentence that states only what was spent and what was not."""
    quantity = replace(spent.quantity, value=spent.value + unspent.value,
                       quantum=min(spent.quantity.quantum, unspent.quantity.quantum))
    return Figure(quantity, BUDGET, "", False)


RULE = RateDoesNotFollow
