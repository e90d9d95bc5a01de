"""What a drafted 自评报告 says: the national reference outline (财预〔2020〕10号 附件) filled in from
one checked form, as plain blocks a writer turns into Word paragraphs and tables.

Every figure is written the way officials write it and stands in one sentence with its name
("全年执行数9.82万元", "预算执行率100.00%", "项目自评得分98分", "评价等级为“优”"), so that a checker
reading the report back can match it against the form. What only the unit knows is left as a
"【请填写：…】" placeholder.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from validation.errors import ProfileError
from validation.numbers import fmt, round_half_up
from validation.profile import load_profile

from . import template as styles

PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "【请填写：", "】"
CHINESE_NUMBERS = "一二三四五六七八九十"
SENTENCE_ENDS = "。！？；.!?;…”"
LINE_BREAK = "\n"  # a segment of its own: a line break inside the paragraph


@dataclass(frozen=True)
class Placeholder:
    """Text the unit has to write itself; drawn as "【请填写：…】" on a yellow highlight."""

    hint: str

    @property
    def text(self) -> str:
        return f"{PLACEHOLDER_OPEN}{self.hint}{PLACEHOLDER_CLOSE}"


Segment = str | Placeholder


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、 (Heading 1), 2: （一） (Heading 2)
    text: str


@dataclass(frozen=True)
class Para:
    segments: tuple[Segment, ...]
    style: str = styles.BODY

    @property
    def text(self) -> str:
        return "".join(s.text if isinstance(s, Placeholder) else s for s in self.segments)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Segment, ...], ...]
    widths_mm: tuple[float, ...]
    left: frozenset[int] = frozenset()  # columns aligned left (text); the others are centred
    merge_runs: frozenset[int] = frozenset()  # columns whose equal neighbours share one cell (二级指标)


Block = Heading | Para | Table


# ---- figures, as officials write them --------------------------------------------------------

def money(value: float | None) -> Segment:
    """万元 with two decimals: 31.4 -> "31.40"."""
    if value is None or not math.isfinite(value):
        return Placeholder("金额")
    return f"{round_half_up(value, 2):.2f}"


def percent(fraction: float | None) -> Segment:
    """A rate with two decimals: 0.99615 -> "99.62%"."""
    if fraction is None or not math.isfinite(fraction):
        return Placeholder("执行率")
    return f"{round_half_up(fraction * 100, 2):.2f}%"


def points(value: float | None) -> str:
    """A score without trailing zeros: 98.0 -> "98", 97.50 -> "97.5"."""
    return fmt(value, 2)


def _close(text: str) -> str:
    """End a sentence taken from a cell with a full stop when it has none."""
    text = text.strip()
    return text if not text or text[-1] in SENTENCE_ENDS else text + "。"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"[\r\n]+", text or "") if line.strip()]


def _para(*segments: Segment) -> Para:
    return Para(tuple(s for s in segments if s != ""))


# ---- the figures of one report ---------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """The form's figures as the checker's Report has them, and what the outline derives from them."""

    initial: float | None
    annual: float | None
    executed: float | None
    rate: float | None
    execution_weight: float | None
    execution_score: float | None
    total: float | None
    grade: str | None
    indicator_weight: float | None
    indicator_score: float | None
    reported_sum: float | None


def profile_of(report, profile=None):
    if profile is not None:
        return profile
    try:
        return load_profile(report.profile)
    except (ProfileError, OSError, KeyError, ValueError):
        return load_profile()


def figures(report, profile) -> Figures:
    funds = report.funds or {}
    ev_funds = getattr(report.evaluation, "funds", None)
    rate = funds.get("execution_rate")
    if rate is None and ev_funds is not None and ev_funds.rate_reported is not None:
        rate = ev_funds.rate_reported.value
    execution_score = funds.get("execution_score_reported")
    if execution_score is None:
        execution_score = funds.get("execution_score")
    weight = getattr(ev_funds, "weight", None) or profile.execution_weight
    total = report.total_reported if report.total_reported is not None else report.total_computed
    grade = report.grade_reported or profile.grade_for(total)
    weights = [i.weight for i in report.indicators]
    scores = [i.score_reported for i in report.indicators]
    return Figures(
        initial=funds.get("initial_budget"), annual=funds.get("annual_budget"), executed=funds.get("executed"),
        rate=rate, execution_weight=weight, execution_score=execution_score, total=total, grade=grade,
        indicator_weight=sum(weights) if weights and None not in weights else None,
        indicator_score=sum(scores) if scores and None not in scores else None,
        reported_sum=report.scores_reported_sum,
    )


# ---- the outline -------------------------------------------------------------------------------

TITLE_SUFFIX = "绩效自评报告"
TITLE_LINE = 20  # characters of 二号 on a 156 mm line


def title(report) -> str:
    return f"{report.project.strip() or '项目'}{TITLE_SUFFIX}"


def _title(report) -> Para:
    """The title; one too long for a line breaks before "绩效自评报告", as officials break it,
    rather than leaving its last character alone on the second line."""
    project = report.project.strip() or "项目"
    if _width(project + TITLE_SUFFIX) <= TITLE_LINE:
        return Para((project + TITLE_SUFFIX,), styles.TITLE)
    return Para((project, LINE_BREAK, TITLE_SUFFIX), styles.TITLE)


def _width(text: str) -> float:
    """Width in full-width characters: digits, Latin letters and spaces count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def outline(report, profile=None) -> list[Block]:
    """The report as blocks, in the order of the national reference outline."""
    profile = profile_of(report, profile)
    fig = figures(report, profile)
    blocks: list[Block] = [_title(report), _byline(report)]
    blocks += _basics(report, fig)
    blocks += _goals(report)
    blocks += [Heading(1, "三、自评工作组织情况"),
               _para(Placeholder("自评工作的组织方式、参与人员、工作过程及依据的资料"))]
    blocks += _conclusion(fig)
    blocks += _indicators(report)
    blocks += _deviations(report)
    blocks += [Heading(1, "七、存在的问题及改进措施"),
               _para(Placeholder("项目实施中存在的问题、原因及下一步改进措施"))]
    blocks += [Heading(1, "八、其他需要说明的问题"),
               _para(Placeholder("其他需要说明的问题；如无，请写“无”"))]
    return blocks


def _byline(report) -> Para:
    """单位 and 年度 under the title, one above the other (a long unit name fills a line)."""
    unit = report.unit or report.department
    year = f"{report.year}年度" if report.year else Placeholder("评价年度")
    return Para(("单位：", unit or Placeholder("单位名称"), LINE_BREAK, "年度：", year), styles.SUBTITLE)


def _basics(report, fig: Figures) -> list[Block]:
    blocks: list[Block] = [Heading(1, "一、基本情况"), Heading(2, "（一）项目概况")]
    department, unit = report.department, report.unit
    if department and unit:
        blocks.append(_para(f"本项目主管部门为{department}，实施单位为{unit}。"))
    elif department or unit:
        blocks.append(_para(f"本项目{'主管部门' if department else '实施单位'}为{department or unit}。"))
    blocks.append(_para(Placeholder("项目立项依据、主要内容、实施范围及资金来源")))
    blocks.append(Heading(2, "（二）资金情况"))
    year = f"{report.year}年度" if report.year else Placeholder("年度")
    blocks.append(_para(year, "项目年初预算数", money(fig.initial), "万元，全年预算数", money(fig.annual),
                        "万元，全年执行数", money(fig.executed), "万元，预算执行率", percent(fig.rate), "。"))
    blocks.append(_funds_table(report, fig))
    return blocks


def _funds_table(report, fig: Figures) -> Table:
    header = ("项目", "年初预算数\n（万元）", "全年预算数\n（万元）", "全年执行数\n（万元）", "执行率", "分值", "得分")
    rows: list[tuple[Segment, ...]] = [(
        "年度资金总额", money(fig.initial), money(fig.annual), money(fig.executed), percent(fig.rate),
        points(fig.execution_weight), points(fig.execution_score),
    )]
    ev_funds = getattr(report.evaluation, "funds", None)
    if ev_funds is not None:
        for name, amounts in ev_funds.rows.items():
            values = [amounts[c].value for c in ("initial", "annual", "executed") if c in amounts]
            if name == "total" or all(v is None for v in values):
                continue
            label = ev_funds.labels.get(name, name)
            cells = [money(amounts[c].value) if amounts[c].value is not None else "—"
                     for c in ("initial", "annual", "executed")]
            rows.append((f"其中：{label}" if len(rows) == 1 else label, *cells, "—", "—", "—"))
    return Table(header, tuple(rows), (30, 25, 25, 25, 19, 16, 16), left=frozenset({0}))


def _goals(report) -> list[Block]:
    record = getattr(report.evaluation, "record", None)
    expected = _lines(record.goal_expected.text) if record is not None else []
    actual = _lines(record.goal_actual.text) if record is not None else []
    blocks: list[Block] = [Heading(1, "二、绩效目标"), Heading(2, "（一）年度总体目标")]
    blocks += [_para(_close(line)) for line in expected] or [_para(Placeholder("年度总体目标（预期目标）"))]
    blocks.append(Heading(2, "（二）总体目标完成情况"))
    blocks += [_para(_close(line)) for line in actual] or [_para(Placeholder("年度总体目标的实际完成情况"))]
    return blocks


def _conclusion(fig: Figures) -> list[Block]:
    blocks: list[Block] = [Heading(1, "四、自评结论")]
    total = points(fig.total) if fig.total is not None else Placeholder("自评得分")
    grade = fig.grade or Placeholder("评价等级")
    blocks.append(_para("项目自评得分", total, "分，评价等级为“", grade, "”。"))
    parts: list[Segment] = ["其中，预算执行率", percent(fig.rate), "，预算执行得分",
                            points(fig.execution_score) if fig.execution_score is not None else Placeholder("得分"), "分"]
    if fig.execution_weight is not None:
        parts.append(f"（分值{points(fig.execution_weight)}分）")
    if fig.indicator_score is not None:
        parts.append(f"；绩效指标得分{points(fig.indicator_score)}分")
        if fig.indicator_weight is not None:
            parts.append(f"（分值{points(fig.indicator_weight)}分）")
    parts.append("。")
    blocks.append(_para(*parts))
    if (fig.total is not None and fig.reported_sum is not None
            and not math.isclose(fig.total, fig.reported_sum, abs_tol=0.005)):
        blocks.append(_para(Placeholder(
            f"自评表总分{points(fig.total)}分与预算执行得分、各项指标得分之和{points(fig.reported_sum)}分不一致，"
            "请核对自评表后修改本段")))
    return blocks


def _indicators(report) -> list[Block]:
    blocks: list[Block] = [Heading(1, "五、绩效指标完成情况")]
    groups: dict[str, list] = {}
    for indicator in report.indicators:
        groups.setdefault(indicator.level1 or "其他指标", []).append(indicator)
    if not groups:
        return blocks + [_para(Placeholder("各项绩效指标的年度指标值和实际完成值"))]
    for number, (level1, items) in enumerate(groups.items()):
        blocks.append(Heading(2, f"（{_chinese(number + 1)}）{level1}"))
        weights = [i.weight for i in items]
        scores = [i.score_reported for i in items]
        sentence = f"{level1}共{len(items)}项"
        if None not in weights:
            sentence += f"，分值{points(sum(weights))}分"
        if None not in scores:
            sentence += f"，得分{points(sum(scores))}分"
        short = [i.name for i in items if i.score_reported is not None and i.weight is not None
                 and i.score_reported < i.weight - 1e-9]
        sentence += "，各项指标均得满分。" if not short and None not in scores else "。"
        if short:
            sentence += "未得满分的指标为" + "、".join(f"“{name}”" for name in short) + "，原因见第六部分。"
        blocks.append(_para(sentence))
        rows = tuple((i.level2 or "—", i.name, i.target or "—", i.actual or "—", points(i.weight) if i.weight is not None else "—",
                      points(i.score_reported) if i.score_reported is not None else "—") for i in items)
        blocks.append(Table(("二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"), rows,
                            (28, 42, 30, 30, 13, 13), left=frozenset({1}), merge_runs=frozenset({0})))
    return blocks


def _deviations(report) -> list[Block]:
    blocks: list[Block] = [Heading(1, "六、偏差原因分析")]
    needed = [i for i in report.indicators if i.needs_reason]
    explained = [i for i in report.indicators if not i.needs_reason and i.reason.strip()]
    if not needed:
        blocks.append(_para("各项绩效指标均完成年度指标值，未出现需要分析原因的偏差。"))
    for number, indicator in enumerate(needed, 1):
        reason: Segment = _close(indicator.reason) if indicator.reason.strip() else Placeholder(f"“{indicator.name}”的偏差原因")
        blocks.append(_para(f"{number}．“{indicator.name}”：", *_measured(indicator), "偏差原因：", reason))
    if explained:
        blocks.append(_para("自评表对以下指标另有说明："))
        for number, indicator in enumerate(explained, len(needed) + 1):
            blocks.append(_para(f"{number}．“{indicator.name}”：", *_measured(indicator), "说明：",
                                _close(indicator.reason)))
    return blocks


def _measured(indicator) -> tuple[str, ...]:
    text = f"年度指标值为“{indicator.target or '（空）'}”，实际完成值为“{indicator.actual or '（空）'}”"
    if indicator.weight is not None:
        text += f"，分值{points(indicator.weight)}分"
    if indicator.score_reported is not None:
        text += f"，得分{points(indicator.score_reported)}分"
    return (text + "。",)


def _chinese(number: int) -> str:
    if number <= 10:
        return CHINESE_NUMBERS[number - 1]
    tens, ones = divmod(number, 10)
    return (CHINESE_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")
