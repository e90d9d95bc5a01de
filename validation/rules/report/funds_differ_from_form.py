from ..base import REPORT_FORM, Example, Rationale, Rule
from ...narrative.named import ANNUAL, EXECUTED, INITIAL, RATE, named_figures
from ...numbers import fmt
from ._shared import bounds

FORM_KEYS = {INITIAL: "initial_budget", ANNUAL: "annual_budget", EXECUTED: "executed", RATE: "execution_rate"}
ALL_FUNDS_WORDS = ("其中", "财政拨款", "上年结转", "其他资金", "中央", "省级", "市级", "县级", "区级", "自筹")


def form_value(form, name: str) -> float | None:
    value = form.funds.get(FORM_KEYS[name])
    if value is None:
        return None
    return value if name == RATE else value * 10_000  # the form's amounts are in 万元, the report's figures in 元


def shown(name: str, value: float) -> str:
    return f"{fmt(value * 100, 2)}%" if name == RATE else f"{fmt(value / 10_000, 4)} 万元"


class FundsDifferFromForm(Rule):
    slug = "report-funds-differ-from-form"
    title = "报告中的预算数、执行数、执行率与自评表不同"
    severity = "error"
    scope = REPORT_FORM
    messages = {"default": "报告写{name} {reported}，自评表为 {form}。"}
    rationale = Rationale(
        what="报告中写明的年初预算数、全年预算数、全年执行数、执行率，是否与同一项目自评表中的数相同（按报告所写的小数位取舍）。",
        why="报告和自评表一起报送，是同一个项目的同一组数；两处不同，审核人只能退回核实。",
        example="自评表全年执行数 31.28 万元，报告写“全年执行数31.82万元”。",
        fix="以核实后的数为准，同时改正报告和自评表。",
    )
    passing = (Example(text="项目年初预算数100万元，全年预算数100万元，全年执行数100万元，执行率100%。"),)
    failing = (Example(text="项目全年预算数100万元，全年执行数98万元，执行率98%。", paragraphs=(1, 1)),)

    def check(self, ctx):
        for named in named_figures(ctx.document):
            if named.name not in FORM_KEYS or any(word in named.figure.words for word in ALL_FUNDS_WORDS):
                continue
            value = form_value(ctx.form, named.name)
            if value is None:
                continue
            low, high = bounds(named.figure, 1.0)
            if low - 1e-6 <= value <= high + 1e-6:
                continue
            yield self.at(ctx, named.paragraph, named.sentence, name=named.name, reported=named.figure.quantity.text,
                          form=shown(named.name, value))


RULE = FundsDifferFromForm
