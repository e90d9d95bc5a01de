"""The labels that locate a form and its parts, as they appear on real forms.

What the reader knows about labels is data (`data/labels.json`, validated by
`schemas/labels.schema.json`): per role, the label texts seen on published forms. Labels are
matched on a key: whitespace and line breaks removed, full-width forms folded, a leading
"其中：" and a trailing bracket ("（万元）", "（A）", "(20分*执行率)") dropped.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from validation.text import compact, label_key

_BRACKETS = re.compile(r"\([^()]*\)$|\[[^\[\]]*\]$")


def load_label_data(validate: bool = False) -> dict:
    """The label table; `validate` checks it against its schema (the tests do, for every entry;
    the reader skips it to keep start-up fast)."""
    package = resources.files("workbooks")
    data = json.loads(package.joinpath("data/labels.json").read_text("utf-8"))
    if validate:
        import jsonschema

        schema = json.loads(package.joinpath("schemas/labels.schema.json").read_text("utf-8"))
        jsonschema.validate(data, schema)
    return data


DATA = load_label_data()
EXACT: dict[str, str] = {}
PREFIXES: list[tuple[str, str]] = []
for _role, _entry in DATA["roles"].items():
    for _text in _entry.get("exact", ()):
        EXACT.setdefault(label_key(_text), _role)
    for _text in _entry.get("prefix", ()):
        PREFIXES.append((label_key(_text), _role))
PREFIXES.sort(key=lambda item: -len(item[0]))  # the longest prefix wins
OTHER_FORMS: dict[str, tuple[str, ...]] = {
    kind: tuple(compact(t) for t in entry["contains"]) for kind, entry in DATA["other_forms"].items()
}

# Every label starts with one of these characters: a cheap rejection of values.
FIRST_CHARS: frozenset[str] = frozenset(
    [k[0] for k in EXACT] + [p[0] for p, _ in PREFIXES] + ["其", "(", "（", "[", "【"]
)


def label_of(text: str) -> str | None:
    """The role a cell text stands for, or None when it is not a label."""
    if not text or len(text) > 40:
        return None
    first = text.lstrip()[:1]
    if first not in FIRST_CHARS:
        return None
    return _label_of(text)


@lru_cache(maxsize=65536)
def _label_of(text: str) -> str | None:
    key = label_key(text)
    if key in EXACT:
        return EXACT[key]
    bare = key
    for _ in range(2):  # "预算执行情况(万元)(20分)": a unit and a weight
        bare = _BRACKETS.sub("", bare)
        if bare in EXACT:
            return EXACT[bare]
    for prefix, name in PREFIXES:
        if key.startswith(prefix):
            return name
    return None


def other_form_kind(text: str) -> str | None:
    """The kind of another form a title names ("部门整体支出绩效自评表"), or None."""
    if not text or len(text) > 80 or "自评" not in text:
        return None
    key = compact(text)
    for kind, markers in OTHER_FORMS.items():
        if any(marker in key for marker in markers):
            return kind
    return None


_YEAR = re.compile(r"(?:^|[(（])((?:19|20)\d{2})年度?(?:[)）]|$|项目支出绩效自评表)")


def year_in(text: str) -> int | None:
    """The budget year of a title cell such as "（2024年度）"."""
    if not text or len(text) > 60:
        return None
    match = _YEAR.search(label_key(text))
    return int(match.group(1)) if match else None


_MONEY_UNIT = re.compile(r"(?:\(|单位:|单位：)\s*(万元|元)")


def money_unit_in(text: str) -> str | None:
    """The money unit a funds header states: "项目资金（元）" -> "元"; None when it says none."""
    if not isinstance(text, str) or "元" not in text:
        return None
    match = _MONEY_UNIT.search(compact(text))
    return match.group(1) if match else None
