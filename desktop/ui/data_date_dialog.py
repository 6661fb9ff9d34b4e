"""文件 → 数据日期: the date the answers describe; items such as 最近一次演练 count days back from it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error


class DataDateDialog(QDialog):
    """Attributes: date_edit."""

    def __init__(self, current: dt.date | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("数据日期")
        layout = QVBoxLayout(self)
        note = QLabel("数据日期是本次自评数据所反映的日期（如统计截止日）。"
                      "「最近一次应急疏散演练」等条目按距此日期的天数判断。")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.date_edit = QDateEdit(QDate(current) if current else QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("数据日期：", self.date_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wrapped labels get their height only from a known width (QLabel height-for-width).
        self.setMinimumSize(420, 180)

    @classmethod
    def ask(cls, current: dt.date | None, parent: QWidget | None = None) -> dt.date | None:
        """The chosen date, or None (patched in tests)."""
        dialog = cls(current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.date_edit.date().toPython()


def edit_data_date(window) -> None:
    session = window.session
    if session is None:
        return
    window.flush_edits()
    chosen = DataDateDialog.ask(session.snapshot.on_date, window)
    if chosen is None or chosen == session.snapshot.on_date:
        return
    try:
        window.store.set_data_date(session.id, chosen.isoformat())
    except DesktopError as exc:
        show_error(window, exc)
        return
    window.reload_assessment()
