"""整改跟踪 page: every overdue problem of every notice, the most overdue first, to follow schools up."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.supervisor.follow_up import ItemFollowUp
from desktop.ui.supervisor.notice_models import reported_text
from desktop.ui.supervisor.table_base import (
    CENTER, RED, RIGHT, ROW_ROLE, Column, RowsTableModel, table_view,
)


class OverdueTableModel(RowsTableModel[ItemFollowUp]):
    """Overdue problems across notices: school, notice, problem, deadline, days, school's report."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("学校", lambda f: f.notice.school_name, width=190),
            Column("整改通知书", lambda f: f.notice.number, width=160),
            Column("序号", lambda f: str(f.item.seq), align=CENTER, sort=lambda f: f.item.seq, width=44),
            Column("问题", lambda f: f"{f.item.code} {f.item.title}", tip=lambda f: f.item.problem,
                   width=240),
            Column("整改期限", lambda f: f.item.deadline, align=CENTER, width=90),
            Column("逾期", lambda f: f"逾期 {f.days_overdue} 天", align=RIGHT,
                   sort=lambda f: f.days_overdue, background=lambda f: RED, width=90),
            Column("学校报告的整改情况", reported_text, tip=reported_text),
        ], parent)


class OverduePage(QWidget):
    """Signals: notice_activated(object): the ItemFollowUp whose notice should be opened."""

    notice_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.model = OverdueTableModel(self)
        self.view = table_view(self.model, sortable=True)
        self.view.activated.connect(lambda index: self.notice_activated.emit(index.data(ROW_ROLE)))
        layout.addWidget(self.view, 1)

    def set_items(self, items: list[ItemFollowUp]) -> None:
        self.model.set_rows(items)
        schools = len({f.notice.key for f in items})
        self.summary.setText(f"{schools} 所学校共 {len(items)} 项整改逾期未完成（双击打开整改通知书，记录复查）。"
                             if items else "没有逾期未完成的整改。")
