import re

from ..base import REPORT_FORM, Example, Rationale, Rule

SUFFIXES = ("项目", "经费", "资金", "专项")


def compact(text: str) -> str:
    return re.sub(r"[\s　“”\"'（）()《》]", "", text or "")


def names_project(document_text: str, project: str) -> bool:
    text, name = compact(document_text), compact(project)
    if not name:
        return True
    candidates = {name}
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 4:
            candidates.add(name[: -len(suffix)])
    return any(c in text for c in candidates)


class ProjectNotNamed(Rule):
    slug = "report-project-not-named"
    title = "报告没有写到自评表的项目名称"
    severity = "warning"
    scope = REPORT_FORM
    messages = {"default": "报告中没有出现自评表的项目名称“{project}”，请确认是同一个项目的报告。"}
    rationale = Rationale(
        what="报告中是否出现与之一起核对的自评表的项目名称（可省略末尾的“项目”“经费”“资金”“专项”）。",
        why="报告和自评表一起核对，先要确认是同一个项目；传错文件时，后面的比对都没有意义。",
        example="自评表是“社保档案影像化项目”，报告通篇写的是“就业培训补贴”。",
        fix="核对是否选对了报告；报告中应写明项目全称。",
    )
    passing = (Example(text="2024年职业技能培训项目绩效自评报告\n一、基本情况"),)
    failing = (Example(text="另一个工程绩效自评报告\n一、基本情况", paragraphs=(1,)),)

    def check(self, ctx):
        project = ctx.form.project or ""
        if project and not names_project(ctx.document.text, project):
            first = ctx.document.paragraphs[0] if ctx.document.paragraphs else None
            yield self.at(ctx, first.number if first else 1, first.text if first else "", project=project)


RULE = ProjectNotNamed
