"""The live panel of the seven 资源配置 indicators per 学段, with each 学段's rule line and verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget,
)

from desktop.core.engine import ChecklistResult
from desktop.core.numbers import fmt
from desktop.core.resources import StageResult
from desktop.ui.models.indicator_table import (
    COL_GAP, COL_INDICATOR, COL_STANDARD, COL_VALUE, COL_VERDICT, IndicatorTableModel,
)

VERDICT_COLORS = {"达标": "#2e7d32", "未达标": "#b00020", "未完成": "#5f6368", "不适用": "#5f6368"}


def verdict_html(verdict: str) -> str:
    return f"<b style='color:{VERDICT_COLORS.get(verdict, '#202124')}'>{verdict}</b>"


class StageView(QWidget):
    """One 学段: heading with verdict, the rule line, and the indicator table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.heading = QLabel()
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet("color: #3c4043;")
        self.model = IndicatorTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_INDICATOR, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_GAP, QHeaderView.ResizeMode.Stretch)
        for column in (COL_VALUE, COL_STANDARD, COL_VERDICT):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for widget in (self.heading, self.rule_label, self.table):
            layout.addWidget(widget)
        # Row heights depend on the wrapped text, so they follow the final column widths.
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit_height)
        header.sectionResized.connect(lambda *_: self._fit_timer.start())

    def set_stage(self, stage: StageResult, titles: dict[str, str]) -> None:
        students = f"　在校生 {fmt(stage.students, 0)} 人" if stage.students is not None else ""
        self.heading.setText(f"<b>{stage.name}</b>{students}　结论：{verdict_html(stage.verdict)}")
        self.rule_label.setText(stage.reason)
        self.model.set_stage(stage, titles)
        self._fit_timer.start()

    def fit_height(self) -> None:
        """The table shows all rows without its own scroll bar (the panel scrolls instead)."""
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        self.table.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override): rows rewrap on resize
        super().resizeEvent(event)
        self._fit_timer.start()


class IndicatorPanel(QScrollArea):
    """Shows ChecklistResult.stages; says so when the checklist has no 资源配置 indicators."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self._layout.addWidget(self.intro)
        self.stage_views: dict[str, StageView] = {}
        self._layout.addStretch(1)
        self.setWidget(body)

    def show_result(self, result: ChecklistResult | None) -> None:
        rule = result.checklist.resources if result else None
        if result is None or rule is None:
            self.intro.setText("当前检查表没有资源配置七项指标。")
            self._set_stages({}, {})
            return
        self.intro.setText(f"每个学段 {len(rule.indicators)} 项指标中至少 {rule.min_met} 项达标，"
                           f"其余各项不低于标准值的 {fmt(rule.floor * 100, 0)}%。"
                           "共用校舍、场馆和设备按加权在校生数拆分到各学段。")
        titles = {i.id: i.title for i in result.checklist.items}
        self._set_stages(result.stages, titles)

    def _set_stages(self, stages: dict[str, StageResult], titles: dict[str, str]) -> None:
        for stage_id in list(self.stage_views):
            if stage_id not in stages:
                view = self.stage_views.pop(stage_id)
                view.hide()  # deleteLater() waits for the event loop
                self._layout.removeWidget(view)
                view.deleteLater()
        for position, (stage_id, stage) in enumerate(stages.items()):
            view = self.stage_views.get(stage_id)
            if view is None:
                view = self.stage_views[stage_id] = StageView()
                self._layout.insertWidget(1 + position, view)
            view.set_stage(stage, titles)
