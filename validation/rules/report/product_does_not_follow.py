import re

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.quantities import quantities
from ...numbers import fmt
from ._shared import sentences

TIMES = r"\s*(?:×|\*|x|X|乘以|乘)\s*"
MAY_MULTIPLY = re.compile(r"[×*xX乘]")
PRODUCT = re.compile(r"(?P<terms>[^，,；;。=＝]*?" + TIMES + r"[^，,；;。=＝]*?)\s*(?:=|＝|共计|合计|计)\s*(?P<result>[^，,；;。]*)")


class ProductDoesNotFollow(Rule):
    slug = "report-product-does-not-follow"
    title = "“数量 × 单价 = 金额”算得不对"
    severity = "error"
    scope = REPORT
    messages = {"default": "写 {shown} = {result}，按所写数字计算应为 {computed}。"}
    rationale = Rationale(
        what="报告中明写“数量 × 单价 = 金额”（或几项乘积相加等于合计）的算式，乘积（之和）是否等于写出的结果。",
        why="测算依据是审核人核对成本的入口，算式本身算错，预算或成本指标就站不住。",
        example="“62.8万页×0.5元/页=30.4万元”：62.8 万 × 0.5 = 31.4 万元。",
        fix="重算算式，改正写错的数量、单价或金额。",
    )
    passing = (
        Example(text="按62.8万页×0.5元/页=31.4万元测算。"),
        Example(text="培训费按200人×3天×400元/人天=24万元测算。"),
    )
    failing = (Example(text="按62.8万页×0.5元/页=30.4万元测算。", paragraphs=(1,)),)

    def check(self, ctx):
        for number, sentence in sentences(ctx):
            if not MAY_MULTIPLY.search(sentence):
                continue
            for match in PRODUCT.finditer(sentence):
                result_figures = quantities(match.group("result"))
                if not result_figures:
                    continue
                result = result_figures[0]
                groups = re.split(r"\s*[+＋]\s*", match.group("terms"))
                total, shown = 0.0, []
                for group in groups:
                    factors = [_factor(f) for f in re.split(TIMES, group)]
                    if len(factors) < 2 or any(f is None for f in factors):
                        total = None
                        break
                    value = 1.0
                    for v, _ in factors:  # the operands of a written calculation are meant exactly
                        value *= v
                    total += value
                    shown.append(group.strip())
                if total is None:
                    continue
                if abs(total - result.value) <= result.quantum + 1e-9 * abs(total):
                    continue
                computed = fmt(total / 10_000, 4) + " 万元" if total >= 10_000 and result.kind == "money" else fmt(total, 4)
                yield self.at(ctx, number, sentence, shown="＋".join(shown), result=result.text, computed=computed)


def _factor(text: str):
    """(value, quantum) of one factor: a figure with or without a unit."""
    found = quantities(text)
    if found:
        q = found[-1]
        return q.value, q.quantum
    match = re.search(r"(\d+(?:\.\d+)?)\s*$", text.strip()) or re.match(r"\s*(\d+(?:\.\d+)?)", text)
    if not match:
        return None
    digits = match.group(1)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), 10 ** -decimals


RULE = ProductDoesNotFollow
