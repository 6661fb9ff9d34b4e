"""新建评估周期: a new period for the school, optionally starting from the previous period's answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout,
    QWidget,
)

from desktop.core import period_names
from desktop.ui.period_chooser import PeriodChooser
from desktop.ui.session import AssessmentSession


@dataclass(frozen=True)
class NewPeriod:
    period: str
    data_date: str
    copy_from: int | None


def next_period(period: str, today: dt.date | None = None) -> str:
    """A sensible default: the period after the previous one (of its kind), at least the current."""
    parsed = period_names.parse(period)
    kind = parsed.kind if parsed is not None else period_names.SCHOOL_YEAR
    now = period_names.current(kind, today)
    if parsed is None or parsed.start + 1 < now.start:
        return now.name
    return period_names.Period(kind, parsed.start + 1).name


class NewPeriodDialog(QDialog):
    """Attributes: period, data_date, copy_box."""

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("新建评估周期")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.data_date = QDateEdit(QDate.currentDate())
        self.data_date.setCalendarPopup(True)
        self.data_date.setDisplayFormat("yyyy-MM-dd")
        self.period = PeriodChooser(self.data_date)
        self.period.select(next_period(session.info.period))
        form.addRow("评估周期：", self.period)
        form.addRow("数据日期：", self.data_date)
        layout.addLayout(form)
        self.copy_box = QCheckBox(f"以「{session.info.period}」的答案为起点")
        self.copy_box.setChecked(True)
        layout.addWidget(self.copy_box)
        note = QLabel("沿用的答案、备注和未完成的整改措施都会带入新周期；沿用的答案标为「待复核」，"
                      "逐条核对后按「确认无误」（Ctrl+Enter）。"
                      f"新建后「{session.info.period}」归档为只读。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        layout.addWidget(note)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wrapped labels get their height only from a known width (QLabel height-for-width).
        self.setMinimumSize(480, 270)

    def result_period(self) -> NewPeriod:
        return NewPeriod(self.period.name(), self.data_date.date().toString("yyyy-MM-dd"),
                         self.session.id if self.copy_box.isChecked() else None)

    @classmethod
    def ask(cls, session: AssessmentSession, parent: QWidget | None = None) -> NewPeriod | None:
        """The new period chosen, or None (patched in tests)."""
        dialog = cls(session, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_period()


def start_new_period(window) -> None:
    """文件 → 新建评估周期: asks, creates the assessment (earlier ones are archived), opens it."""
    from desktop.core.errors import DesktopError
    from desktop.ui.errors import show_error
    session = window.session
    if session is None:
        return
    window.flush_edits()
    choice = NewPeriodDialog.ask(session, window)
    if choice is None:
        return
    catalog = window.catalog
    checklists = [(cid, catalog.checklists[cid].version)
                  for cid, _version in session.info.checklists if cid in catalog.checklists]
    try:
        new_id = window.store.create_assessment(
            session.info.school_id, choice.period, checklists, overlay=session.info.overlay,
            data_date=choice.data_date, copy_from=choice.copy_from)
    except DesktopError as exc:
        show_error(window, exc)
        return
    window.open_assessment(new_id)
    if choice.copy_from is not None:
        window.statusBar().showMessage("已沿用上一周期的答案，请逐条核对「待复核」的条目。", 10000)
