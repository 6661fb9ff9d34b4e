"""Bar chart of the seven 资源配置 indicators as a share of their standard, for black-and-white print.

Met bars are solid grey, unmet bars are white with diagonal hatching, so the difference survives
a photocopier; a solid line marks 100 % of the standard and a dashed one the 85 % floor.
"""

from __future__ import annotations

import math
from fractions import Fraction

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from desktop.core.resources import StageResult
from desktop.exchange.report_tables import hatch_segments
from desktop.exchange.report_styles import Styles

BAR_HEIGHT = 11.0
BAR_GAP = 6.0
LABEL_WIDTH = 34.0
VALUE_WIDTH = 52.0
AXIS_HEIGHT = 18.0
MET_FILL = colors.Color(0.45, 0.45, 0.45)


def axis_maximum(shares: list[Fraction]) -> int:
    """The right end of the axis in percent: at least 125, in steps of 25, at most 200."""
    top = max([s * 100 for s in shares], default=Fraction(0))
    return int(min(200, max(125, math.ceil(top / 25) * 25)))


def share_chart(stage: StageResult, styles: Styles, missing_text: str) -> Drawing:
    results = list(stage.indicators.values())
    shares = [r.share_of_standard for r in results if r.share_of_standard is not None]
    top = axis_maximum(shares)
    width = styles.content_width
    plot_width = width - LABEL_WIDTH - VALUE_WIDTH
    height = len(results) * (BAR_HEIGHT + BAR_GAP) + AXIS_HEIGHT
    # initialFontName: otherwise the drawing's default state names Helvetica, not embedded.
    drawing = Drawing(width, height, initialFontName=styles.font)

    def x_at(percent: float) -> float:
        return LABEL_WIDTH + plot_width * min(percent, top) / top

    _axis(drawing, styles, x_at, top, height)
    for row, result in enumerate(results):
        y = height - (row + 1) * (BAR_HEIGHT + BAR_GAP)
        drawing.add(String(2, y + 2, result.indicator.id, fontName=styles.font, fontSize=8))
        share = result.share_of_standard
        if share is None:
            drawing.add(String(x_at(0) + 3, y + 2, missing_text, fontName=styles.font, fontSize=8))
            continue
        _bar(drawing, x_at(0), y, x_at(float(share * 100)) - x_at(0), result.status == "met")
        # Values sit in a column right of the plot so they never cross the reference lines.
        label = result.share_text + "%"
        drawing.add(String(width - 4, y + 2, label, fontName=styles.font, fontSize=8,
                           textAnchor="end"))
    _reference_lines(drawing, x_at, stage.floor_ratio, height)
    return drawing


def _bar(drawing: Drawing, x: float, y: float, w: float, met: bool) -> None:
    if met:
        drawing.add(Rect(x, y, w, BAR_HEIGHT, fillColor=MET_FILL, strokeColor=colors.black,
                         strokeWidth=0.5))
        return
    drawing.add(Rect(x, y, w, BAR_HEIGHT, fillColor=colors.white, strokeColor=colors.black,
                     strokeWidth=0.5))
    for x0, y0, x1, y1 in hatch_segments(x, y, w, BAR_HEIGHT, 3.0):
        drawing.add(Line(x0, y0, x1, y1, strokeColor=colors.black, strokeWidth=0.4))


def _axis(drawing: Drawing, styles: Styles, x_at, top: int, height: float) -> None:
    base = AXIS_HEIGHT - 4
    drawing.add(Line(x_at(0), base, x_at(top), base, strokeWidth=0.5))
    drawing.add(Line(x_at(0), base, x_at(0), height, strokeWidth=0.5))
    for percent in range(0, top + 1, 25):
        x = x_at(percent)
        drawing.add(Line(x, base, x, base - 3, strokeWidth=0.5))
        if percent % 50 == 0 or top <= 150:
            drawing.add(String(x, 2, f"{percent}%", fontName=styles.font, fontSize=7,
                               textAnchor="middle"))


def _reference_lines(drawing: Drawing, x_at, floor: Fraction, height: float) -> None:
    base = AXIS_HEIGHT - 4
    drawing.add(Line(x_at(100), base, x_at(100), height, strokeWidth=1.2))
    drawing.add(Line(x_at(float(floor * 100)), base, x_at(float(floor * 100)), height,
                     strokeWidth=0.8, strokeDashArray=[3, 2]))
