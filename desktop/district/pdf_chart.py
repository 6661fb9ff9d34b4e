"""Bar chart of one 学段's seven 差异系数 against the limit, readable on a black-and-white copy.

Bars within the limit are solid grey; bars over it are white with diagonal hatching, so the
difference survives a photocopier. A dashed vertical line marks the limit.
"""

from __future__ import annotations

import math
from fractions import Fraction

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from desktop.core.numbers import fmt_fixed
from desktop.district.cv import cv_text
from desktop.district.summary import StageSummary

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, VALUE_WIDTH, AXIS_HEIGHT = 12.0, 6.0, 30.0, 70.0, 20.0
TOP_MARGIN = 14.0  # room for the limit's label above the bars
GREY = colors.Color(0.55, 0.55, 0.55)


def axis_top(values: list[Fraction], limit: Fraction) -> Fraction:
    """Right end of the axis in tenths, leaving room right of the largest CV or the limit."""
    top = max(values + [limit, Fraction(1, 2)])
    return Fraction(math.ceil(top * 10 + Fraction(1, 2)), 10)


def cv_chart(stage: StageSummary, width: float, font: str, over_mark: str) -> Drawing:
    spreads = list(stage.spreads.values())
    values = [Fraction(s.dispersion.cv) for s in spreads if s.dispersion.cv is not None]
    top = axis_top(values, stage.limit)
    plot = width - LABEL_WIDTH - VALUE_WIDTH
    height = len(spreads) * (BAR_HEIGHT + BAR_GAP) + AXIS_HEIGHT + TOP_MARGIN
    drawing = Drawing(width, height, initialFontName=font)  # no stray unembedded Helvetica

    def x_of(value: Fraction) -> float:
        return LABEL_WIDTH + float(value / top) * plot

    for n, spread in enumerate(spreads):
        y = height - TOP_MARGIN - (n + 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
        drawing.add(String(2, y + 3, spread.indicator.id, fontName=font, fontSize=9))
        cv = spread.dispersion.cv
        if cv is None:
            drawing.add(String(LABEL_WIDTH + 2, y + 3, "无法计算", fontName=font, fontSize=8))
            continue
        end = x_of(Fraction(cv))
        _bar(drawing, LABEL_WIDTH, y, end - LABEL_WIDTH, spread.within_limit is True)
        label = cv_text(cv, stage.limit) + ("" if spread.within_limit else f" {over_mark}")
        drawing.add(String(end + 4, y + 3, label, fontName=font, fontSize=8.5))
    _axis(drawing, x_of, top, stage.limit, height, font)
    return drawing


def _bar(drawing: Drawing, x: float, y: float, length: float, within: bool) -> None:
    if within:
        drawing.add(Rect(x, y, length, BAR_HEIGHT, fillColor=GREY, strokeColor=GREY))
        return
    drawing.add(Rect(x, y, length, BAR_HEIGHT, fillColor=colors.white, strokeColor=colors.black,
                     strokeWidth=0.8))
    step = 5.0
    offset = 0.0
    while offset < length + BAR_HEIGHT:
        # A 45° line from the bottom edge, clipped to the bar by hand.
        x0, y0 = x + offset, y
        x1, y1 = x + offset - BAR_HEIGHT, y + BAR_HEIGHT
        if x0 > x + length:
            y0 += x0 - (x + length)
            x0 = x + length
        if x1 < x:
            y1 -= x - x1
            x1 = x
        if y1 > y0:
            drawing.add(Line(x0, y0, x1, y1, strokeColor=colors.black, strokeWidth=0.5))
        offset += step


def _axis(drawing: Drawing, x_of, top: Fraction, limit: Fraction, height: float, font: str) -> None:
    base = AXIS_HEIGHT - 4
    drawing.add(Line(x_of(Fraction(0)), base, x_of(top), base, strokeWidth=0.6))
    tick = Fraction(1, 10)
    value = Fraction(0)
    while value <= top:
        x = x_of(value)
        drawing.add(Line(x, base, x, base - 3, strokeWidth=0.6))
        drawing.add(String(x, 2, fmt_fixed(value, 1), fontName=font, fontSize=7, textAnchor="middle"))
        value += tick
    x = x_of(limit)
    drawing.add(Line(x, base, x, height, strokeDashArray=[3, 2], strokeWidth=1,
                     strokeColor=colors.black))
    drawing.add(String(x + 2, height - 9, f"限值 {fmt_fixed(limit, 2)}", fontName=font, fontSize=7.5))
