import re

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.figures import BALANCE, SPEND_RATE, figures
from ...narrative.quantities import COUNT, MONEY
from ._shared import body_paragraphs, finest
from ...numbers import fmt

MARKER = re.compile(r"(其中|具体为|具体是|具体如下|分别为|分别是|明细如下)[:：]?")
SUBTOTAL_WORDS = re.compile(r"(合计|共计|总计|累计|小计|其中|以上|以下|不超过|不低于|约|近|超过|达到)")
CHANGE_WORDS = re.compile(r"(同比|增加|减少|增长|下降|提高|降低|上年|去年|较|比|调减|调增|调整|追加|核减|压减|实际|全年)")
BARE_WAN = re.compile(r"\d\s*[万亿千](?=[，,；;。、）)\s]|$)")  # “救助站86万。”: an amount whose unit was left off
NESTED = re.compile(r"(其中|具体为|具体是|分别为|分别是|明细如下|包括|包含|含)")
NEAR_MISS = 0.02  # parts under 其中 that fall short of the total by at most 2% were meant to make it up
EXHAUSTIVE = ("具体为", "具体是", "具体如下", "分别为", "分别是", "明细如下")  # words that promise the whole


def _sentence_start(text: str, position: int) -> int:
    cut = max(text.rfind(mark, 0, position) for mark in "。！？")
    return cut + 1


def _bracket_close(text: str, position: int) -> int | None:
    """Where the bracket that encloses `position` closes, or None when it is not bracketed."""
    depth = 0
    for index in range(position - 1, -1, -1):
        if text[index] in "）)":
            depth += 1
        elif text[index] in "（(":
            if depth == 0:
                break
            depth -= 1
    else:
        return None
    depth = 0
    for index in range(position, len(text)):
        if text[index] in "（(":
            depth += 1
        elif text[index] in "）)":
            if depth == 0:
                return index
            depth -= 1
    return len(text)


def _same_kind(a, b) -> bool:
    qa, qb = a.quantity, b.quantity
    return qa.kind == qb.kind and (qa.kind == MONEY or (qa.kind == COUNT and qa.unit == qb.unit))


class PartsDoNotAddUp(Rule):
    slug = "report-parts-do-not-add-up"
    title = "“其中”“具体为”列出的各部分与总数不符"
    severity = "error"
    scope = REPORT
    messages = {
        "over": "各部分 {parts} 合计 {sum}，超过了前面写的总数 {total}。",
        "short": "各部分 {parts} 合计 {sum}，与前面写的总数 {total} 相差 {gap}。",
    }
    rationale = Rationale(
        what="一个总数之后用“其中”“具体为”“分别为”列出两个以上同一单位的部分时，部分之和是否等于总数：超过总数一定有误；"
             "“具体为”“分别为”“明细如下”说的是全部，少了也报；“其中”之后差额不超过总数的 2% 时，视为本应列全而写错了某一项，"
             "差得更多的，视为只列了主要部分，不报。",
        why="总数和明细是同一笔钱（或同一批数量），改了一处忘了另一处，审核人按明细核对时就对不上。",
        example="“共完成预算资金58.6万元。其中：20万元用于…；20万元用于…；18.5万元用于…”：20 + 20 + 18.5 = 58.5 万元。",
        fix="核对每一部分和总数，改正写错的一处。",
    )
    passing = (
        Example(text="共完成预算资金58.6万元。其中：20万元用于设备购置；20万元用于系统维护；18.6万元用于培训。"),
        Example(text="项目资金100万元，其中设备购置50万元，培训30万元。"),
        Example(text="项目资金100万元，其中中央资金60万元，省级资金20万元。"),
        Example(text="支出总额为67.18万元，具体为：库房设备36.49万元，数字化扫描30.69万元（含税2万元）。"),
        Example(text="一批项目总投资3374.3万元（其中建筑工程3292万元），二批项目总投资2069.51万元（其中建筑工程1975.775万元），"
                     "合计总投资5443.81万元。"),
        Example(text="下达我区111万元，其中低保资金100万元，孤儿基本生活保障金11万元，调减40万元，全年实际下达71万元。"),
        Example(text="共下达35331.2万元，其中，磴口县5079.16万元；福利院350万元；救助站29902.04万元；其他站86万。"),
        Example(text="收入决算数为35,820.29万元，其中：财政拨款18,879.06万元，事业收入16,812.20万元，其他收入129.03万元；"
                     "年初结转结余41.34万元。"),
    )
    failing = (
        Example(text="共完成预算资金58.6万元。其中：20万元用于设备购置；20万元用于系统维护；18.5万元用于培训。",
                paragraphs=(1,)),
        Example(text="培训共计1200人次，其中干部800人次，群众500人次。", paragraphs=(1,)),
        Example(text="下达预算资金9378万元。具体是：修缮工程3005万元；结构检测1235万元；消防工程1613万元。", paragraphs=(1,)),
    )

    def check(self, ctx):
        for paragraph in body_paragraphs(ctx):
            text = paragraph.text
            for marker in MARKER.finditer(text):
                yield from self._check_list(ctx, paragraph.number, text, marker)

    def _check_list(self, ctx, number, text, marker):
        here = _sentence_start(text, marker.start())
        starts_sentence = not text[here:marker.start()].strip(" ：:，,")
        begin = _sentence_start(text, here - 1) if starts_sentence and here > 0 else here
        if marker.group(1).startswith("分别") and starts_sentence:
            return
        before = [f for f in figures(text[begin:marker.start()]) if not f.bracketed and f.quantity.kind in (MONEY, COUNT)]
        stop = text.find("。", marker.end())
        closing = _bracket_close(text, marker.start())
        if closing is not None and (stop < 0 or closing < stop):  # “（其中…）”: the list ends with its bracket
            stop = closing
        span = text[marker.end(): stop if stop >= 0 else len(text)]
        nested = NESTED.search(span)
        if nested:
            span = span[:nested.start()]
        if BARE_WAN.search(span):  # a part that cannot be read: the sum would be short by it
            return
        items = [f for f in figures(span) if not f.bracketed]
        totals = {}
        for figure in before:  # the last figure of each unit before the marker is that unit's total
            totals[(figure.quantity.kind, figure.quantity.unit)] = figure
        for total in totals.values():
            finding = self._compare(ctx, number, text, begin, stop, total, [f for f in items if _same_kind(f, total)],
                                    marker.group(1) in EXHAUSTIVE)
            if finding is not None:
                yield finding

    def _compare(self, ctx, number, text, begin, stop, total, parts, exhaustive):
        if len(parts) < 2 or total.role in (SPEND_RATE,) or CHANGE_WORDS.search(total.words):
            return None
        if any(SUBTOTAL_WORDS.search(p.words) or CHANGE_WORDS.search(p.words) for p in parts):
            return None
        if any(p.value >= total.value for p in parts):  # levels of a tree, not parts of a whole
            return None
        if any(p.role != total.role and BALANCE in (p.role, total.role) for p in parts):
            return None  # a balance among parts of an income (“……；年初结转结余41.34万元”) is another figure
        value_sum = sum(p.value for p in parts)
        tolerance = 0.5 * finest(parts + [total]) + 1e-9 * total.value
        if abs(value_sum - total.value) <= tolerance:
            return None
        unit = "万元" if total.quantity.kind == MONEY else total.quantity.unit
        scale = 10_000 if total.quantity.kind == MONEY else 1
        shown = "＋".join(fmt(p.value / scale, 4) for p in parts)
        quote = text[begin: stop + 1 if stop >= 0 else len(text)]
        if value_sum > total.value:
            return self.at(ctx, number, quote, "over", parts=shown, sum=f"{fmt(value_sum / scale, 4)} {unit}",
                           total=total.quantity.text)
        if exhaustive or total.value - value_sum <= NEAR_MISS * total.value:
            return self.at(ctx, number, quote, "short", parts=shown, sum=f"{fmt(value_sum / scale, 4)} {unit}",
                           total=total.quantity.text, gap=f"{fmt((total.value - value_sum) / scale, 4)} {unit}")
        return None


RULE = PartsDoNotAddUp
