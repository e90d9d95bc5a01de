"""Month and date targets: "≤11月" means done by the end of November of the budget year.

A late finish is scored as a 反向 (reverse) indicator on the day of the year, so every
deadline or completion date becomes a day number counted from 1 January of the budget year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_MONTH_DAY = re.compile(
    r"^(?:(?P<year>\d{4})年(?:度)?)?(?P<month>\d{1,2})月(?:份)?"
    r"(?:(?P<day>\d{1,2})[日号])?(?P<part>底|末|上旬|中旬|下旬|初|中)?$"
)
_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:T[\d:.]+)?$")
_YEAR_MONTH = re.compile(r"^(?P<year>(?:19|20)\d{2})[-/](?P<month>\d{1,2})$")
_QUARTER = re.compile(r"^(?:(?P<year>\d{4})年)?第?(?P<q>[一二三四1-4])季度(?:末|底)?$")
_YEAR_END = re.compile(r"^(?:(?P<year>\d{4})年)?(?:本|当)?(?:年度?)(?:底|末|内|前)$|^年(?:底|末|内)$")

DEFAULT_YEAR = 2001  # a common year, used only when neither the form nor the value names one


@dataclass(frozen=True)
class Deadline:
    """A calendar point: a month's end, or a day."""

    month: int
    day: int | None = None  # None: the end of the month
    year: int | None = None

    def resolve(self, budget_year: int | None) -> date:
        year = self.year or budget_year or DEFAULT_YEAR
        last = calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(self.day or last, last))

    def day_number(self, budget_year: int | None) -> int:
        """Days from 1 January of the budget year (1 January is day 1)."""
        base_year = budget_year or self.year or DEFAULT_YEAR
        return self.resolve(budget_year).toordinal() - date(base_year, 1, 1).toordinal() + 1

    def label(self) -> str:
        text = f"{self.year}年" if self.year else ""
        text += f"{self.month}月"
        return text + (f"{self.day}日" if self.day else "")


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    return 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def parse_deadline(text: str) -> Deadline | None:
    """A compact text without operator -> Deadline, or None when it is not a date."""
    match = _MONTH_DAY.match(text) or _ISO.match(text) or _YEAR_MONTH.match(text)
    if match:
        groups = match.groupdict()
        year = int(groups["year"]) if groups.get("year") else None
        month = int(groups["month"])
        day = int(groups["day"]) if groups.get("day") else None
        part = groups.get("part")
        if day is None and part in ("上旬", "初"):
            day = 10
        elif day is None and part in ("中旬", "中"):
            day = 20
        if not _valid(year, month, day):
            return None
        return Deadline(month, day, year)
    match = _QUARTER.match(text)
    if match:
        year = int(match["year"]) if match["year"] else None
        return Deadline(_CN_DIGITS[match["q"]] * 3, None, year)
    match = _YEAR_END.match(text)
    if match:
        year = match.groupdict().get("year")
        return Deadline(12, None, int(year) if year else None)
    return None
