"""A bar chart of one 学段's indicators as a share of their standard, drawn with QPainter.

Each bar is value ÷ standard, so indicators with different units share one axis: the solid line
is the standard (100 %), the dashed line the 85 % floor. The previous period, when known, is a
thin grey bar under each bar.
"""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.core.numbers import fmt_beside
from desktop.core.resources import IndicatorResult, StageResult

ROW_HEIGHT = 30
AXIS_MAX = Fraction(3, 2)  # bars are drawn up to 150 % of the standard, longer ones are capped
MET_COLOR, BELOW_FLOOR_COLOR, NEAR_COLOR = QColor("#2e8b3d"), QColor("#c62828"), QColor("#e08a00")
PREVIOUS_COLOR = QColor("#9aa0a6")


def bar_color(r: IndicatorResult) -> QColor:
    if r.status == "met":
        return MET_COLOR
    return NEAR_COLOR if r.above_floor else BELOW_FLOOR_COLOR


class IndicatorChart(QWidget):
    """Attributes: stage (the StageResult drawn), previous (last period's, or None)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage: StageResult | None = None
        self.previous: StageResult | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_stage(self, stage: StageResult | None, previous: StageResult | None = None) -> None:
        self.stage, self.previous = stage, previous
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        rows = len(self.stage.indicators) if self.stage else 0
        return QSize(480, 28 + rows * ROW_HEIGHT + 22)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.stage is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        left = metrics.horizontalAdvance("R7 ") + 8
        sample = "2454.55 / 2000元" + ("（上期 2454.55）" if self.previous else "")
        right = metrics.horizontalAdvance(sample) + 16
        plot = QRectF(left, 24, max(60, self.width() - left - right), len(self.stage.indicators) * ROW_HEIGHT)
        self._draw_axis(painter, plot, metrics)
        previous = self.previous.indicators if self.previous else {}
        for row, (ind_id, r) in enumerate(self.stage.indicators.items()):
            top = plot.top() + row * ROW_HEIGHT
            self._draw_row(painter, plot, top, r, previous.get(ind_id), metrics)
        self._draw_legend(painter, plot, metrics)
        painter.end()

    def _x(self, plot: QRectF, share: Fraction) -> float:
        return plot.left() + float(min(share, AXIS_MAX) / AXIS_MAX) * plot.width()

    def _draw_axis(self, painter: QPainter, plot: QRectF, metrics: QFontMetrics) -> None:
        painter.setPen(QPen(QColor("#5f6368")))
        for share, text in ((Fraction(0), "0"), (Fraction(17, 20), "85%"), (Fraction(1), "标准"),
                            (AXIS_MAX, "150%")):
            x = self._x(plot, share)
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(x - width / 2 - 2, 2, width + 4, 18), Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor("#202124"), 1.5))
        x = self._x(plot, Fraction(1))
        painter.drawLine(QPointF(x, plot.top() - 2), QPointF(x, plot.bottom()))
        painter.setPen(QPen(QColor("#80868b"), 1, Qt.PenStyle.DashLine))
        x = self._x(plot, Fraction(17, 20))
        painter.drawLine(QPointF(x, plot.top() - 2), QPointF(x, plot.bottom()))

    def _draw_row(self, painter: QPainter, plot: QRectF, top: float, r: IndicatorResult,
                  previous: IndicatorResult | None, metrics: QFontMetrics) -> None:
        painter.setPen(QColor("#202124"))
        painter.drawText(QRectF(0, top, plot.left() - 6, ROW_HEIGHT),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, r.indicator.id)
        share = r.share_of_standard
        if share is not None:
            painter.fillRect(QRectF(plot.left(), top + 5, self._x(plot, share) - plot.left(), 14), bar_color(r))
        if previous is not None and previous.share_of_standard is not None:
            width = self._x(plot, previous.share_of_standard) - plot.left()
            painter.fillRect(QRectF(plot.left(), top + 21, width, 4), PREVIOUS_COLOR)
        text = (f"{fmt_beside(r.value, r.threshold)} / {fmt_beside(r.threshold, None)}{r.indicator.unit}"
                if r.value is not None else "未填写")
        if previous is not None and previous.value is not None:
            text += f"（上期 {fmt_beside(previous.value, previous.threshold)}）"
        painter.setPen(QColor("#202124"))
        painter.drawText(QRectF(plot.right() + 8, top, self.width() - plot.right() - 8, ROW_HEIGHT),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _draw_legend(self, painter: QPainter, plot: QRectF, metrics: QFontMetrics) -> None:
        y = plot.bottom() + 4
        x = plot.left()
        entries = [(MET_COLOR, "达标"), (NEAR_COLOR, "未达标（≥85%）"), (BELOW_FLOOR_COLOR, "低于85%")]
        if self.previous is not None:
            entries.append((PREVIOUS_COLOR, "上一周期"))
        for color, text in entries:
            painter.fillRect(QRectF(x, y + 4, 10, 10), color)
            painter.setPen(QColor("#3c4043"))
            painter.drawText(QRectF(x + 14, y, 200, 18), Qt.AlignmentFlag.AlignVCenter, text)
            x += 14 + metrics.horizontalAdvance(text) + 16
