import re

from ..base import REPORT, Example, Rationale, Rule
from ...narrative.quantities import document_numbers
from ._shared import sentences

CITATION = re.compile(r"《([^《》]{4,80})》\s*[（(]\s*([^（）()]{2,40}?)\s*[）)]")


class DocumentCitedWithTwoYears(Rule):
    slug = "report-document-cited-with-two-years"
    title = "同一文件的文号前后年份不同"
    severity = "warning"
    scope = REPORT
    messages = {
        "default": "《{title}》的文号写作“{number}”，而第{first}段写作“{first_number}”。",
        "number": "文号“{number}”与第{first}段的“{first_number}”发文机关代字和序号相同而年份不同，请核对是否同一文件。",
    }
    rationale = Rationale(
        what="同一份文件在报告中引用了两次以上时，文号中的年份是否一致：书名号内的标题相同，或文号的发文机关代字和序号相同（如粤财社〔2022〕301号与粤财社〔2021〕301号）而年份不同。",
        why="文号是立项和资金的依据，年份写错会让审核人找错文件。",
        example="第 2 段《关于下达2022年专项资金的通知》（粤财社〔2022〕301号），第 8 段同一文件写作（粤财社〔2021〕301号）。",
        fix="查对原文件，统一文号。",
    )
    passing = (Example(text="根据《关于下达专项资金的通知》（粤财社〔2022〕301号）安排。\n按《关于下达专项资金的通知》（粤财社〔2022〕301号）执行。"),)
    failing = (Example(text="根据《关于下达专项资金的通知》（粤财社〔2022〕301号）安排。\n按《关于下达专项资金的通知》（粤财社〔2021〕301号）执行。", paragraphs=(2,)),)

    def check(self, ctx):
        first: dict[object, tuple[int, str, int]] = {}
        for number, sentence in sentences(ctx):
            for match in CITATION.finditer(sentence):
                cited = document_numbers(match.group(2))
                if len(cited) != 1:
                    continue
                written, issuer, year, serial = cited[0]
                title = re.sub(r"\s+", "", match.group(1))
                for key in (("title", title), ("number", issuer, serial)):
                    seen = first.get(key)
                    if seen is None:
                        first[key] = (number, written, year)
                    elif seen[2] != year:
                        variant = "default" if key[0] == "title" else "number"
                        yield self.at(ctx, number, sentence, variant, title=match.group(1), number=written,
                                      first=seen[0], first_number=seen[1])
                        break


RULE = DocumentCitedWithTwoYears
