"""Numbered headings in 公文 style: 一、 （一） 1. （1）, as GB/T 9704 documents number them."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from desktop.exchange.report_styles import Styles, para

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (headings never go past 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十"))
    return text + (_DIGITS[ones] if ones else "")


def level_mark(level: int, n: int) -> str:
    """The number as printed at each heading level."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


class Outline:
    """Hands out heading numbers; starting a level restarts the numbering of the levels below."""

    def __init__(self, styles: Styles):
        self._styles = styles
        self._counters = [0, 0, 0, 0]

    def heading(self, level: int, title: str) -> Paragraph:
        self._counters[level - 1] += 1
        for deeper in range(level, len(self._counters)):
            self._counters[deeper] = 0
        style = {1: self._styles.h1, 2: self._styles.h2}.get(level, self._styles.h3)
        return para(level_mark(level, self._counters[level - 1]) + title, style)


def chinese_date(iso: str) -> str:
    """'2025-11-01' → '2025年11月1日' (公文 dates use Arabic numerals without leading zeros)."""
    try:
        year, month, day = (int(part) for part in iso[:10].split("-"))
    except ValueError:
        return iso
    return f"{year}年{month}月{day}日"
