"""Assessment periods are chosen, never typed: 「2025—2026学年」 or 「2025年度」, one spelling each.

Schools and the county must name a period the same way, or the 督学's list splits one period into
several. Free text typed by older versions ("2025-2026学年", "2025 年度", "2025年") is mapped to
the one spelling by normalise(); text that names no year is kept as it is and shown as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

SCHOOL_YEAR, CALENDAR_YEAR = "学年", "年度"
DASH = "—"  # the em dash official documents use between the two years of a 学年
SCHOOL_YEAR_STARTS = 9  # a 学年 runs from September; its data are as of 学年初

_SCHOOL_YEAR = re.compile(r"(\d{4})\s*(?:年)?\s*[-－—–~～至到/]+\s*(\d{4})\s*(?:年)?\s*(?:学年)?(?:度)?")
_ONE_YEAR = re.compile(r"(\d{4})\s*(?:年度|年|学年)?")


@dataclass(frozen=True)
class Period:
    kind: str  # SCHOOL_YEAR or CALENDAR_YEAR
    start: int  # the first calendar year

    @property
    def name(self) -> str:
        if self.kind == SCHOOL_YEAR:
            return f"{self.start}{DASH}{self.start + 1}学年"
        return f"{self.start}年度"

    def data_date(self, today: dt.date | None = None) -> dt.date:
        """The default 数据日期: 学年初 (1 September) for a 学年, today within a 年度 (else its end)."""
        today = today or dt.date.today()
        if self.kind == SCHOOL_YEAR:
            return dt.date(self.start, SCHOOL_YEAR_STARTS, 1)
        return today if today.year == self.start else dt.date(self.start, 12, 31)


def current(kind: str, today: dt.date | None = None) -> Period:
    today = today or dt.date.today()
    if kind == SCHOOL_YEAR:
        return Period(kind, today.year if today.month >= SCHOOL_YEAR_STARTS else today.year - 1)
    return Period(kind, today.year)


def choices(kind: str, today: dt.date | None = None, before: int = 2, after: int = 1) -> list[Period]:
    """The periods offered for a kind, oldest first: a few back, the current one, the next."""
    now = current(kind, today)
    return [Period(kind, now.start + n) for n in range(-before, after + 1)]


def parse(text: str) -> Period | None:
    """The period a text names, or None when it names no year (kept as typed)."""
    text = (text or "").strip()
    match = _SCHOOL_YEAR.fullmatch(text)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        return Period(SCHOOL_YEAR, first) if second == first + 1 else None
    match = _ONE_YEAR.fullmatch(text)
    if match:
        year = int(match.group(1))
        if "学年" in text:
            return Period(SCHOOL_YEAR, year)
        return Period(CALENDAR_YEAR, year)
    return None


def normalise(text: str) -> str:
    """The one spelling of a period; a text that names no period comes back unchanged (stripped)."""
    period = parse(text)
    return period.name if period is not None else (text or "").strip()
