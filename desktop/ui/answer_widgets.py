"""One input widget per answer type; each emits a value already checked by parse_answer.

Typing never writes half a number: text inputs are checked as the user types (the Chinese
error appears under the field) and committed when editing ends or after a short pause.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QCalendarWidget, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu,
    QPlainTextEdit, QRadioButton, QSizePolicy, QToolButton, QVBoxLayout, QWidget, QWidgetAction,
)

from desktop.core.answers import AnswerValue, default_range, display, parse_answer, to_json
from desktop.core.errors import InputError
from desktop.core.model import AnswerType, Item
from desktop.core.numbers import fmt

IDLE_COMMIT_MS = 1200  # a pause in typing this long saves the answer
ERROR_STYLE = "color: #b00020;"


class AnswerWidget(QWidget):
    """Base of the answer inputs.

    Signals:
        answer_edited(object): the user changed the answer to this checked value (None clears).
        answer_refused(str): what the user typed was not saved, and why (a Chinese sentence).
    """

    answer_edited = Signal(object)
    answer_refused = Signal(str)

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(parent)
        self.item = item
        self._value: AnswerValue | None = None

    def value(self) -> AnswerValue | None:
        return self._value

    def set_value(self, value: AnswerValue | None) -> None:
        """Shows a stored value without emitting answer_edited."""
        self._value = value
        self._show(value)

    def flush(self) -> None:
        """Commits an edit still being typed (before the item changes or the window closes)."""

    def set_editable(self, editable: bool) -> None:
        self.setEnabled(editable)

    def focus_input(self) -> None:
        self.setFocus()

    def _show(self, value: AnswerValue | None) -> None:
        raise NotImplementedError

    def _commit(self, value: AnswerValue | None) -> None:
        if value == self._value and type(value) is type(self._value):
            return
        self._value = value
        self.answer_edited.emit(value)


class YesNoAnswerWidget(AnswerWidget):
    """Two radio buttons named with the item's own labels (是/否, 有/无 …)."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.yes = QRadioButton(item.labels[0])
        self.no = QRadioButton(item.labels[1])
        for button, answer in ((self.yes, True), (self.no, False)):
            self.group.addButton(button)
            layout.addWidget(button)
            button.clicked.connect(lambda _=False, a=answer: self._commit(a))
        layout.addStretch(1)

    def _show(self, value: AnswerValue | None) -> None:
        # An exclusive group cannot uncheck its last button; lift exclusivity for a moment.
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)

    def focus_input(self) -> None:
        (self.no if self._value is False else self.yes).setFocus()


class ChoiceAnswerWidget(AnswerWidget):
    """A combo box of the item's options; nothing chosen shows 请选择…"""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.addItems(list(item.options))
        self.combo.setPlaceholderText("请选择…")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(lambda index: self._commit(self.combo.itemText(index)))
        layout.addWidget(self.combo)
        layout.addStretch(1)

    def _show(self, value: AnswerValue | None) -> None:
        self.combo.setCurrentIndex(self.combo.findText(str(value)) if value is not None else -1)

    def focus_input(self) -> None:
        self.combo.setFocus()


class LineAnswerWidget(AnswerWidget):
    """A line edit checked with parse_answer as the user types (numbers, percents, dates).

    Attributes: edit, error_label (the inline Chinese parse error), hint_label.
    """

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        row = QHBoxLayout()
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(220)
        self.edit.setClearButtonEnabled(True)
        row.addWidget(self.edit)
        self._add_after_edit(row)
        self.hint_label = QLabel(self._hint())
        self.hint_label.setStyleSheet("color: #5f6368;")
        row.addWidget(self.hint_label)
        row.addStretch(1)
        outer.addLayout(row)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        self._timer = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self._timer.timeout.connect(self.flush)
        self.edit.textEdited.connect(self._on_text_edited)
        self.edit.editingFinished.connect(self.flush)

    def _add_after_edit(self, row: QHBoxLayout) -> None:
        unit = "%" if self.item.type is AnswerType.PERCENT else self.item.unit
        if unit:
            row.addWidget(QLabel(unit))

    def _hint(self) -> str:
        low, high = default_range(self.item)
        if self.item.type is AnswerType.INTEGER:
            kind = "整数"
        else:
            kind = "数字"
        if high is not None:
            return f"填{kind}，{fmt(low, 4)}–{fmt(high, 4)}"
        return f"填{kind}，不小于 {fmt(low, 4)}" if low is not None else f"填{kind}"

    def _show(self, value: AnswerValue | None) -> None:
        self._timer.stop()
        self.edit.setText("" if value is None else str(to_json(value)))
        self._set_error("")

    def _parse(self) -> tuple[bool, AnswerValue | None]:
        try:
            return True, parse_answer(self.item, self.edit.text())
        except InputError as exc:
            self._set_error(str(exc))
            return False, None

    def _on_text_edited(self, _text: str) -> None:
        ok, _ = self._parse()
        if ok:
            self._set_error("")
            self._timer.start()
        else:
            self._timer.stop()

    def flush(self) -> None:
        self._timer.stop()
        ok, value = self._parse()
        if ok:
            self._commit(value)
        else:
            self.answer_refused.emit(self.error_label.text())

    def has_error(self) -> bool:
        return not self.error_label.isHidden()

    def _set_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def focus_input(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()


class DateAnswerWidget(LineAnswerWidget):
    """A date typed (2025-09-01, 2025年9月1日 …) or picked from a calendar."""

    def _add_after_edit(self, row: QHBoxLayout) -> None:
        self.edit.setPlaceholderText("如 2025-09-01")
        button = QToolButton()
        button.setText("选择日期…")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        menu = QMenu(button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.clicked.connect(lambda d: (menu.close(), self.pick(d.toPython())))
        button.setMenu(menu)
        row.addWidget(button)

    def _hint(self) -> str:
        return f"须在评估日期前 {self.item.within_days} 天内" if self.item.within_days else ""

    def _prepare_calendar(self) -> None:
        value = self.value()
        self.calendar.setSelectedDate(QDate(value) if isinstance(value, dt.date) else QDate.currentDate())

    def pick(self, date: dt.date) -> None:
        self.edit.setText(date.isoformat())
        self._set_error("")
        self.flush()


class TextAnswerWidget(AnswerWidget):
    """Multi-line text, saved when the field loses focus or after a pause."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.edit)
        self._timer = QTimer(self, singleShot=True, interval=IDLE_COMMIT_MS)
        self._timer.timeout.connect(self.flush)
        self.edit.textChanged.connect(self._on_text_changed)
        self._showing = False

    def _on_text_changed(self) -> None:
        if not self._showing:
            self._timer.start()

    def _show(self, value: AnswerValue | None) -> None:
        self._timer.stop()
        self._showing = True
        self.edit.setPlainText("" if value is None else str(value))
        self._showing = False

    def flush(self) -> None:
        self._timer.stop()
        self._commit(parse_answer(self.item, self.edit.toPlainText()))

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.flush()
        super().focusOutEvent(event)

    def focus_input(self) -> None:
        self.edit.setFocus()


class ComputedAnswerWidget(AnswerWidget):
    """Shows a value the checklist computes from other answers; nothing to type."""

    def __init__(self, item: Item, parent: QWidget | None = None):
        super().__init__(item, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.threshold = None
        self.label = QLabel()
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        layout.addStretch(1)

    def _show(self, value: AnswerValue | None) -> None:
        # the standard, when the pane sets it, keeps a miss from reading as the standard
        shown = display(self.item, value, self.threshold) if value is not None else "（尚无法计算）"
        self.label.setText(f"<b>{shown}</b>　<span style='color:#5f6368'>由本表其他条目自动计算</span>")


_WIDGETS: dict[AnswerType, type[AnswerWidget]] = {
    AnswerType.YES_NO: YesNoAnswerWidget,
    AnswerType.CHOICE: ChoiceAnswerWidget,
    AnswerType.NUMBER: LineAnswerWidget,
    AnswerType.INTEGER: LineAnswerWidget,
    AnswerType.PERCENT: LineAnswerWidget,
    AnswerType.DATE: DateAnswerWidget,
    AnswerType.TEXT: TextAnswerWidget,
    AnswerType.COMPUTED: ComputedAnswerWidget,
}


def make_answer_widget(item: Item, parent: QWidget | None = None) -> AnswerWidget:
    widget = _WIDGETS[item.type](item, parent)
    widget.set_value(None)  # e.g. a combo box would otherwise show its first option as chosen
    return widget
