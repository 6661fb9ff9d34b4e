"""The seven 差异系数 of one 学段 as horizontal bars against the limit, drawn with QPainter.

Like the district PDF's chart: bars within the limit are solid, bars over it are hatched and
labelled 「超出」, so the verdict does not depend on telling colours apart; a dashed line marks
the limit. Values are printed with the district's cv_text (three decimals, more when needed).
"""

from __future__ import annotations

import math
from fractions import Fraction

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.numbers import fmt_fixed
from desktop.district.cv import cv_text
from desktop.district.summary import StageSummary

LABEL_WIDTH, VALUE_WIDTH, TOP, BOTTOM, GAP = 44, 116, 22, 24, 6
BAR_FILL, OVER_FILL, LIMIT_PEN = QColor("#7f9cc0"), QColor("#c0392b"), QColor("#333333")


def axis_top(values: list[Fraction], limit: Fraction) -> Fraction:
    """Right end of the axis in tenths, with room right of the largest CV or the limit."""
    top = max(values + [limit, Fraction(1, 2)])
    return Fraction(math.ceil(top * 10 + Fraction(1, 2)), 10)


class CvChartWidget(QWidget):
    """Attributes: stage (the StageSummary drawn, or None for an empty chart)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage: StageSummary | None = None
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_stage(self, stage: StageSummary | None) -> None:
        self.stage = stage
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(440, 240)

    def bars(self) -> list[tuple[str, Fraction | None, bool]]:
        """(indicator id, CV or None, over the limit) per indicator, in table order."""
        if self.stage is None:
            return []
        return [(ind_id, s.dispersion.cv_fraction, s.within_limit is False)
                for ind_id, s in self.stage.spreads.items()]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), QColor("white"))
            if self.stage is None:
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "暂无统计数据")
                return
            self._draw(painter)
        finally:
            painter.end()

    def _draw(self, painter: QPainter) -> None:
        assert self.stage is not None
        bars, limit = self.bars(), self.stage.limit
        top = axis_top([v for _, v, _ in bars if v is not None], limit)
        plot = max(self.width() - LABEL_WIDTH - VALUE_WIDTH, 40)
        row = (self.height() - TOP - BOTTOM) / max(len(bars), 1)

        def x_of(value: Fraction) -> float:
            return LABEL_WIDTH + float(value / top) * plot

        for n, (ind_id, value, over) in enumerate(bars):
            y = TOP + n * row
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(0, y, LABEL_WIDTH - 6, row), Qt.AlignmentFlag.AlignRight |
                             Qt.AlignmentFlag.AlignVCenter, ind_id)
            if value is None:
                painter.drawText(QRectF(LABEL_WIDTH + 4, y, plot, row),
                                 Qt.AlignmentFlag.AlignVCenter, "无法计算")
                continue
            bar = QRectF(LABEL_WIDTH, y + GAP / 2, x_of(value) - LABEL_WIDTH, row - GAP)
            self._draw_bar(painter, bar, over)
            label = cv_text(value, limit) + ("　超出" if over else "")
            painter.setPen(QColor("#b00020") if over else QColor("#222222"))
            painter.drawText(QRectF(bar.right() + 4, y, VALUE_WIDTH + plot, row),
                             Qt.AlignmentFlag.AlignVCenter, label)
        self._draw_axis(painter, x_of, top, limit)

    @staticmethod
    def _draw_bar(painter: QPainter, bar: QRectF, over: bool) -> None:
        painter.setPen(QPen(OVER_FILL if over else BAR_FILL.darker(130), 1))
        if over:  # hatched: still readable on a black-and-white printout or for colour blindness
            painter.setBrush(QColor("#fbe9e7"))
            painter.drawRect(bar)
            painter.setBrush(QBrush(OVER_FILL, Qt.BrushStyle.BDiagPattern))
        else:
            painter.setBrush(BAR_FILL)
        painter.drawRect(bar)

    def _draw_axis(self, painter: QPainter, x_of, top: Fraction, limit: Fraction) -> None:
        base = self.height() - BOTTOM
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.drawLine(LABEL_WIDTH, TOP, LABEL_WIDTH, base)
        painter.drawLine(LABEL_WIDTH, base, int(x_of(top)), base)
        tick = Fraction(1, 10)
        steps = int(top / tick)
        every = 1 if steps <= 8 else 2
        for n in range(0, steps + 1, every):
            x = x_of(n * tick)
            painter.drawText(QRectF(x - 20, base + 2, 40, BOTTOM - 2), Qt.AlignmentFlag.AlignHCenter,
                             fmt_fixed(n * tick, 1))
        x = x_of(limit)
        painter.setPen(QPen(LIMIT_PEN, 1.5, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), TOP - 4, int(x), base)
        painter.setPen(LIMIT_PEN)
        painter.drawText(QRectF(x - 60, 2, 120, TOP - 4), Qt.AlignmentFlag.AlignHCenter,
                         f"限值 {fmt_fixed(limit, 2)}")
