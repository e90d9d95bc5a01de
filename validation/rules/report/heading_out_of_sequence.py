from ..base import REPORT, Example, Rationale, Rule
from ...narrative.document import HEADING

LEVEL_NAMES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）", 5: "①"}
SHOWN = {1: "一二三四五六七八九十", 2: "一二三四五六七八九十"}


def _shown(level: int, number: int) -> str:
    if level in SHOWN and 1 <= number <= 10:
        digit = SHOWN[level][number - 1]
        return f"{digit}、" if level == 1 else f"（{digit}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    return "①②③④⑤⑥⑦⑧⑨⑩"[number - 1] if 1 <= number <= 10 else str(number)


class HeadingOutOfSequence(Rule):
    slug = "report-heading-out-of-sequence"
    title = "标题序号不连续"
    severity = "warning"
    scope = REPORT
    messages = {
        "default": "标题序号“{shown}”接在“{previous}”之后，应为“{expected}”。",
        "first": "这一组标题从“{shown}”开始，应从“{expected}”开始。",
    }
    rationale = Rationale(
        what="同一级标题（一、（一）1.（1）①）在同一个上级标题下是否从 1 开始依次编号：跳号、重号、不从 1 开始都会报。中途从 1 重新开始的视为新的一组，不报。",
        why="跳号往往说明删掉或漏掉了一节，重号说明复制后忘了改；公文的层次序号应连续。",
        example="“一、基本情况”“二、绩效目标”之后是“四、自评结论”。",
        fix="补上漏掉的一节，或把序号改为连续。",
    )
    passing = (Example(text="一、基本情况\n（一）项目概况\n（二）资金情况\n二、绩效目标\n（一）总体目标\n1.产出\n2.效益"),)
    failing = (Example(text="一、基本情况\n（一）项目概况\n（三）资金情况\n二、绩效目标\n四、自评结论", paragraphs=(3, 5)),
               Example(text="一、基本情况\n（一）项目基本情况\n（一）项目概况\n（二）资金情况", paragraphs=(3,)))

    def check(self, ctx):
        last: dict[int, int] = {}  # level -> number of the last heading at that level under the open parent
        for paragraph in ctx.document.paragraphs:
            if paragraph.kind != HEADING or paragraph.marker is None or paragraph.level is None:
                continue
            level, number = paragraph.level, paragraph.marker
            for deeper in [k for k in last if k > level]:
                del last[deeper]
            previous = last.get(level)
            last[level] = number
            if (number == 1 and previous != 1) or (previous is not None and number == previous + 1):
                continue  # (a new list starts at 1; a second 1 right after a 1 is the same number twice)
            if previous is None:
                yield self.at(ctx, paragraph.number, paragraph.title, "first", shown=_shown(level, number),
                              expected=_shown(level, 1))
            else:
                yield self.at(ctx, paragraph.number, paragraph.title, shown=_shown(level, number),
                              previous=_shown(level, previous), expected=_shown(level, previous + 1))


RULE = HeadingOutOfSequence
