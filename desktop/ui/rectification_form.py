"""The 整改措施 fields of an unmet item: 措施, 责任人, 完成时限, 状态, 完成情况 (saved as typed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFormLayout, QGroupBox, QLineEdit, QPlainTextEdit, QWidget,
)

from desktop.core.assessment import RECTIFICATION_STATES, Rectification

SAVE_DELAY_MS = 800


class RectificationForm(QGroupBox):
    """Signals: plan_edited(object): the edited Rectification, or None when every field is empty."""

    plan_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("整改措施", parent)
        self._checklist = self._item = ""
        self._loading = self._dirty = False
        form = QFormLayout(self)
        self.measure = QPlainTextEdit()
        self.measure.setPlaceholderText("针对未达标的原因，写明具体措施")
        self.measure.setTabChangesFocus(True)
        self.measure.setFixedHeight(64)
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("如：总务处 李明")
        self.deadline = QDateEdit()
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.status = QComboBox()
        self.status.addItems(list(RECTIFICATION_STATES))
        self.progress = QLineEdit()
        self.progress.setPlaceholderText("已完成的部分、尚存的困难")
        form.addRow("措施：", self.measure)
        form.addRow("责任人：", self.owner)
        form.addRow("完成时限：", self.deadline)
        form.addRow("状态：", self.status)
        form.addRow("完成情况：", self.progress)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        for signal in (self.measure.textChanged, self.owner.textEdited, self.deadline.dateChanged,
                       self.status.activated, self.progress.textEdited):
            signal.connect(self._on_edited)

    def show_plan(self, checklist_id: str, item_id: str, plan: Rectification | None) -> None:
        self._timer.stop()
        self._dirty = False
        self._checklist, self._item = checklist_id, item_id
        self._loading = True
        self.measure.setPlainText(plan.measure if plan else "")
        self.owner.setText(plan.owner if plan else "")
        deadline = _date(plan.deadline) if plan else None
        self.deadline.setDate(QDate(deadline) if deadline else _default_deadline())
        self.status.setCurrentText(plan.status if plan else RECTIFICATION_STATES[0])
        self.progress.setText(plan.progress if plan else "")
        for edit in (self.owner, self.progress):
            edit.setCursorPosition(0)  # show a long text from its start
        self._loading = False

    def plan(self) -> Rectification | None:
        measure = self.measure.toPlainText().strip()
        if not (measure or self.owner.text().strip() or self.progress.text().strip()):
            return None
        return Rectification(self._checklist, self._item, measure, self.owner.text().strip(),
                             self.deadline.date().toPython().isoformat(), self.status.currentText(),
                             self.progress.text().strip())

    def flush(self) -> None:
        """Saves a pending edit now (before the item changes or the window closes)."""
        self._timer.stop()
        if self._dirty:
            self._dirty = False
            self.plan_edited.emit(self.plan())

    def set_editable(self, editable: bool) -> None:
        for widget in (self.measure, self.owner, self.progress):
            widget.setReadOnly(not editable)
        self.deadline.setEnabled(editable)
        self.status.setEnabled(editable)

    def _on_edited(self, *_args: object) -> None:
        if not self._loading:
            self._dirty = True
            self._timer.start()


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _default_deadline() -> QDate:
    return QDate.currentDate().addMonths(3)
