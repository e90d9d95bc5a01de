import json
from functools import lru_cache
from importlib import resources

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.document import HEADING

MIN_HEADINGS = 3  # a text with fewer top-level headings is no outlined report (a note, a cell)


@lru_cache(maxsize=1)
def outlines() -> dict:
    text = resources.files("validation").joinpath("data/report_outlines.json").read_text("utf-8")
    return json.loads(text)["outlines"]


def outline_for(profile) -> list[dict]:
    table = outlines()
    return table.get(getattr(profile, "name", "national"), table["national"])


def _run_in_title(text: str) -> str | None:
    """“总体评价。充分利用……”: a short lead ended by 。 or ： that titles its paragraph."""
    for mark in "。：:":
        cut = text.find(mark)
        if 0 < cut <= 10:
            return text[:cut]
    return None


class OutlineSectionMissing(Rule):
    slug = "report-outline-section-missing"
    title = "报告缺少提纲要求的部分"
    severity = "warning"
    scope = REPORT
    messages = {"default": "报告的标题中没有“{section}”这一部分（可用的标题如“{example}”）。"}
    rationale = Rationale(
        what="报告是否有评分口径要求的各部分：全国口径按财预〔2020〕10号所附项目支出绩效自评报告参考提纲，"
             "要有基本情况、绩效目标、自评工作组织情况、自评结论、绩效指标完成情况、存在的问题及改进措施。"
             "按标题判断；少于 3 个一级标题的文字不看作成篇的报告，不检查。",
        why="提纲各部分是审核人逐项核对的顺序，缺了一部分往往是漏写，而不是没有可写的。",
        example="报告只有“一、基本情况”“二、自评结论”“三、下一步工作”，没有绩效目标和指标完成情况。",
        fix="按提纲补上缺少的部分；确实没有内容的，写明“无”。",
    )
    passing = (Example(text="一、基本情况\n二、绩效目标\n三、自评工作组织情况\n四、自评结论\n五、绩效指标完成情况\n六、存在的问题及改进措施"),)
    failing = (Example(text="一、基本情况\n二、自评工作组织情况\n三、自评结论\n四、存在的问题及改进措施", paragraphs=(1, 1)),)

    def check(self, ctx):
        headings = [p for p in ctx.document.paragraphs if p.kind == HEADING]
        if sum(1 for p in headings if p.level == 1) < MIN_HEADINGS:
            return
        titles = [p.title for p in headings] + [lead for p in ctx.document.paragraphs if (lead := _run_in_title(p.text))]
        first = headings[0].number
        for section in outline_for(ctx.profile):
            if not any(word in title for title in titles for word in section["any"]):
                yield self.at(ctx, first, headings[0].title, section=section["section"], example=section["any"][0])


RULE = OutlineSectionMissing
