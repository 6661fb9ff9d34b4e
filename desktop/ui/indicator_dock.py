"""The indicator panel's dock: shown on the item page for a checklist with indicators, unless closed."""

from __future__ import annotations

from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QDockWidget, QWidget

from desktop.core.engine import ChecklistResult
from desktop.ui.indicator_panel import IndicatorPanel

TITLE = "资源配置七项指标"


class IndicatorDock(QDockWidget):
    """Attributes: panel (IndicatorPanel), toggle_action (the 视图 menu entry), wanted (the user's
    choice). On the item page the dock stays put from checklist to checklist, so the navigator and
    item pane never jump; a checklist without indicators shows its own counts there instead."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(TITLE, parent)
        self.setObjectName("indicator_dock")
        self.panel = IndicatorPanel()
        self.setWidget(self.panel)
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.wanted, self.on_item_page, self.has_indicators = True, True, False
        self.toggle_action = QAction("资源配置指标面板", self, checkable=True, checked=True)
        self.toggle_action.toggled.connect(self.set_wanted)

    def show_result(self, result: ChecklistResult | None) -> None:
        self.panel.show_result(result)
        self.has_indicators = bool(result is not None and result.stages)
        self.setWindowTitle(TITLE if self.has_indicators or result is None else "本检查表概况")
        self.sync()

    def set_wanted(self, wanted: bool) -> None:
        self.wanted = wanted
        self.toggle_action.setChecked(wanted)
        self.sync()

    def set_on_item_page(self, on_item_page: bool) -> None:
        self.on_item_page = on_item_page
        self.sync()

    def sync(self) -> None:
        self.setVisible(self.wanted and self.on_item_page)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override): the × button
        self.set_wanted(False)
        super().closeEvent(event)
