"""评估周期 chosen from a list (学年 or 年度), never typed, so every school names it the same way."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QRadioButton, QWidget

from desktop.core import period_names
from desktop.core.period_names import CALENDAR_YEAR, SCHOOL_YEAR, Period

KIND_HINTS = {SCHOOL_YEAR: "按学年填报，数据以学年初（9月1日）为准",
              CALENDAR_YEAR: "按自然年度填报"}


class PeriodChooser(QWidget):
    """学年 / 年度 and the period itself; the current period is suggested.

    A data_date edit given to the constructor follows the choice (学年初 for a 学年) until the user
    changes the date themselves. Signals: changed(): another period was chosen.
    """

    changed = Signal()

    def __init__(self, data_date: QDateEdit | None = None, kind: str = SCHOOL_YEAR,
                 today: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.data_date = data_date
        self._date_touched = False
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.school_year = QRadioButton("学年")
        self.calendar_year = QRadioButton("年度")
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(12)
        row.addWidget(self.school_year)
        row.addWidget(self.calendar_year)
        row.addWidget(self.combo, 1)
        (self.school_year if kind == SCHOOL_YEAR else self.calendar_year).setChecked(True)
        self._fill()
        self.school_year.toggled.connect(self._on_kind_changed)
        self.combo.currentIndexChanged.connect(self._on_period_changed)
        if data_date is not None:
            data_date.dateChanged.connect(self._on_date_edited)
            self._follow_date()

    @property
    def kind(self) -> str:
        return SCHOOL_YEAR if self.school_year.isChecked() else CALENDAR_YEAR

    def period(self) -> Period:
        return self.combo.currentData()

    def name(self) -> str:
        return self.period().name

    def select(self, name: str) -> None:
        """Shows a period by name (e.g. the one after the previous period)."""
        period = period_names.parse(name)
        if period is None:
            return
        if period.kind != self.kind:
            (self.school_year if period.kind == SCHOOL_YEAR else self.calendar_year).setChecked(True)
        index = self._index_of(period)
        if index < 0:
            self.combo.addItem(period.name, period)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def _fill(self) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        now = period_names.current(self.kind, self.today)
        for period in period_names.choices(self.kind, self.today):
            suffix = "（本期）" if period == now else ""
            self.combo.addItem(period.name + suffix, period)
        self.combo.setCurrentIndex(self._index_of(now))
        self.combo.blockSignals(False)
        self.combo.setToolTip(KIND_HINTS[self.kind])

    def _index_of(self, period: Period) -> int:
        return next((n for n in range(self.combo.count()) if self.combo.itemData(n) == period), -1)

    def _on_kind_changed(self, _checked: bool) -> None:
        self._fill()
        self._on_period_changed()

    def _on_period_changed(self, *_args: object) -> None:
        self._follow_date()
        self.changed.emit()

    def _follow_date(self) -> None:
        if self.data_date is None or self._date_touched:
            return
        self.data_date.blockSignals(True)
        self.data_date.setDate(QDate(self.period().data_date(self.today)))
        self.data_date.blockSignals(False)

    def _on_date_edited(self, *_args: object) -> None:
        self._date_touched = True
