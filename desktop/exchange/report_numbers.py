"""How numbers read on paper, on top of the answer's own wording (desktop/core/answers.display).

The core decides which digits a value shows (a miss never reads as the standard); documents add
what a printed table needs: thousands separators for money (1,472,000元), a 1:n ratio where that
is how people say it (师幼比 1:14.3), Chinese dates (2025年11月20日) and decimal points that line
up in a column.
"""

from __future__ import annotations

import datetime as dt
import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.core.answers import AnswerValue, display
from desktop.core.model import Item

MONEY_UNITS = ("元", "万元")
_INTEGER_RUN = re.compile(r"(?<![\d.,])(\d{4,})")
# 「专任教师与幼儿比（每名专任教师对应幼儿数）」: a count of children per adult, said as 1:n.
_PER_ADULT = re.compile(r"与幼儿比|师生比|生师比")


class Num(str):
    """A table cell holding a number: drawn as plain text aligned on its decimal point."""


def grouped(text: str) -> str:
    """Thousands separators in every run of four or more digits: 1472000元 → 1,472,000元."""
    return _INTEGER_RUN.sub(lambda m: f"{int(m.group(1)):,}", text)


def is_money(item: Item) -> bool:
    return item.unit in MONEY_UNITS


def is_ratio(item: Item) -> bool:
    return bool(_PER_ADULT.search(item.title)) and item.unit == "人"


def answer_text(item: Item, value: AnswerValue | None, shown: str | None = None) -> str:
    """The answer as printed in a report or notice. `shown` is the engine's text beside the
    standard (enough digits that a miss never reads as the standard); it wins over display()."""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    text = display(item, value) if shown is None else shown
    if not text:
        return text
    if is_money(item):
        return grouped(text)
    if is_ratio(item):
        return "1:" + text.removesuffix(item.unit)
    return text


def standard_text(item: Item, text: str) -> str:
    """The printed standard, in the same form as the answer (money grouped, ratios as 1:n)."""
    if is_money(item):
        return grouped(text)
    if is_ratio(item):
        return re.sub(r"([≤≥<>])\s*([\d.]+)" + re.escape(item.unit), r"\1 1:\2", text)
    return text


def decimal_padding(values: list[str], font: str, size: float) -> float:
    """The room right of the decimal point for the widest fraction in a column."""
    widths = [stringWidth(v[v.index("."):] if "." in v else "", font, size) for v in values]
    return max(widths, default=0.0)
