"""The labels that locate a form and its parts, as they appear on real forms.

Labels are matched on a key: whitespace and line breaks removed, full-width forms folded,
a leading "其中：" and a bracketed suffix ("（万元）", "（A）", "(20分*执行率)") dropped.
Truncations and typos seen on published forms are listed as aliases.
"""

from __future__ import annotations

import re
from functools import lru_cache

from validation.text import label_key

_BRACKETS = re.compile(r"\([^()]*\)$|\[[^\[\]]*\]$")

EXACT: dict[str, str] = {}


def _add(name: str, *keys: str) -> None:
    for key in keys:
        EXACT[key] = name


_add("title", "项目支出绩效自评表")
_add("project", "项目名称")
_add("department", "主管部门", "主管单位", "主管部门名称")
_add("unit", "实施单位", "项目实施单位", "实施单位名称", "预算单位")
_add("funds", "项目资金", "项目资金情况", "预算执行情况", "资金情况")
_add("initial", "年初预算数", "年初预算", "年初预算数A")
_add("annual", "全年预算数", "全年预算", "调整后预算数", "全年预算数B")
_add("executed", "全年执行数", "全年实际执行数", "实际执行数", "全年执行数C")
_add("weight", "分值", "权重", "指标分值")
_add("rate", "执行率", "预算执行率")
_add("score", "得分", "自评得分", "评分")
_add("funds_total", "年度资金总额", "资金总额", "合计资金")
_add("fiscal", "当年财政拨款", "财政拨款", "本年财政拨款")
_add("carryover", "上年结转资金", "上年结转", "结转资金")
_add("other", "其他资金", "其他")
_add("goals", "年度总体目标", "总体目标", "年度目标")
_add("expected", "预期目标", "年初设定目标", "预期目标内容")
_add("goal_actual", "实际完成情况", "全年实际完成情况", "总体目标完成情况")
_add("indicators", "绩效指标")
_add("level1", "一级指标")
_add("level2", "二级指标")
_add("level3", "三级指标", "指标名称", "具体指标")
_add("target", "年度指标值", "年初目标值", "目标值", "年度目标值", "指标值")
_add("actual", "实际完成值", "全年实际值", "实际值", "完成值", "全年实际完成值")
_add("nature", "指标性质")
_add("measure", "计量单位", "度量单位")
_add("total", "总分", "合计", "总计", "自评总分")
_add("grade", "等级", "评价等级", "自评等级", "绩效等级")

PREFIXES: tuple[tuple[str, str], ...] = (
    ("偏差原因", "reason"),
    ("项目支出绩效自评表", "title"),
    ("项目资金", "funds"),
    ("总分", "total"),
)


FIRST_CHARS: frozenset[str] = frozenset()


def label_of(text: str) -> str | None:
    """The label a cell text stands for, or None when it is not a label."""
    if not text or len(text) > 40:
        return None
    first = text.lstrip()[:1]
    if first not in FIRST_CHARS:  # cheap rejection of values: every label starts with one of these
        return None
    return _label_of(text)


@lru_cache(maxsize=65536)
def _label_of(text: str) -> str | None:
    key = label_key(text)
    if key in EXACT:
        return EXACT[key]
    bare = _BRACKETS.sub("", key)
    if bare in EXACT:
        return EXACT[bare]
    for prefix, name in PREFIXES:
        if key.startswith(prefix):
            return name
    return None


FIRST_CHARS = frozenset(
    [k[0] for k in EXACT] + [p[0] for p, _ in PREFIXES] + ["其", "(", "（", "[", "【"]
)

_YEAR = re.compile(r"(?:^|[(（])((?:19|20)\d{2})年度?(?:[)）]|$|项目支出绩效自评表)")


def year_in(text: str) -> int | None:
    """The budget year of a title cell such as "（2024年度）"."""
    if not text or len(text) > 60:
        return None
    match = _YEAR.search(label_key(text))
    return int(match.group(1)) if match else None
