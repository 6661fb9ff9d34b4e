"""督导档案 of one school: its 整改通知书 (with 逾期 counts) and 督导记录; create or open either."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError
from desktop.supervisor.records import Notice, Visit
from desktop.supervisor.status import SchoolRow
from desktop.ui.errors import show_error
from desktop.ui.supervisor.dialog_buttons import button_box
from desktop.ui.supervisor.table_base import (
    CENTER, GREEN, RED, RIGHT, ROW_ROLE, Column, RowsTableModel, table_view,
)
from desktop.ui.tasks import TaskRunner


@dataclass(frozen=True)
class NoticeLine:
    notice: Notice
    overdue: int
    closed: int


def _overdue_text(line: NoticeLine) -> str:
    return f"{line.overdue} 项逾期" if line.overdue else "无"


class NoticeListModel(RowsTableModel[NoticeLine]):
    """The school's notices: number, date, problems, how many are closed or overdue."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("编号", lambda l: l.notice.number, width=170),
            Column("下发日期", lambda l: l.notice.issued_on, align=CENTER, width=90),
            Column("依据周期", lambda l: l.notice.period, width=90),
            Column("问题", lambda l: str(len(l.notice.items)), align=RIGHT, width=50),
            Column("已销号", lambda l: str(l.closed), align=RIGHT, width=60),
            Column("逾期", _overdue_text, align=CENTER,
                   background=lambda l: RED if l.overdue else GREEN),
        ], parent)


class VisitListModel(RowsTableModel[Visit]):
    """The school's visit records."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("编号", lambda v: v.number, width=170),
            Column("督导时间", lambda v: v.visited_on, align=CENTER, width=90),
            Column("督导事项", lambda v: v.topic, tip=lambda v: v.topic, width=220),
            Column("督导方式", lambda v: "、".join(v.methods)),
        ], parent)


class SchoolRecordsDialog(QDialog):
    """Attributes: school (the SchoolRow), notices / visits (their models); last_dialog (the
    notice or visit dialog opened last, for tests)."""

    def __init__(self, ws: Any, school: SchoolRow, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.school, self.tasks = ws, school, tasks
        self.last_dialog: QDialog | None = None
        self.setWindowTitle(f"督导档案 — {school.name}")
        layout = QVBoxLayout(self)
        head = QLabel(f"{school.name}（{school.code or '无学校标识码'}）　状态：{school.status}")
        layout.addWidget(head)
        self.notices = NoticeListModel(self)
        self.visits = VisitListModel(self)
        self.notice_view = table_view(self.notices)
        self.visit_view = table_view(self.visits)
        self.notice_view.activated.connect(lambda index: self.open_notice(index.data(ROW_ROLE)))
        self.visit_view.activated.connect(lambda index: self.open_visit(index.data(ROW_ROLE)))
        layout.addWidget(self._group("整改通知书", self.notice_view, (
            ("新建整改通知书…", self.new_notice),
            ("打开", lambda: self.open_notice(self.notice_view.currentIndex().data(ROW_ROLE))))), 1)
        layout.addWidget(self._group("督导记录", self.visit_view, (
            ("新建督导记录…", self.new_visit),
            ("打开", lambda: self.open_visit(self.visit_view.currentIndex().data(ROW_ROLE))))), 1)
        layout.addWidget(button_box(self))
        self.reload()
        self.resize(760, 560)

    @staticmethod
    def _group(title: str, view: QWidget, actions: tuple) -> QGroupBox:
        group = QGroupBox(title)
        layout = QVBoxLayout(group)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        for text, slot in actions:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return group

    @property
    def ref(self) -> str:
        return self.school.code or self.school.name

    def reload(self) -> None:
        try:
            notices = self.ws.notices(self.ref)
            visits = self.ws.visits(self.ref)
        except DesktopError:
            notices, visits = [], []  # a school only on the roster, nothing recorded yet
        lines = []
        for notice in notices:
            follow = self.ws.follow_up(notice.id)
            lines.append(NoticeLine(notice, sum(1 for f in follow if f.overdue),
                                    sum(1 for i in notice.items if i.closed)))
        self.notices.set_rows(lines)
        self.visits.set_rows(visits)

    # --- opening --------------------------------------------------------------------------------
    def new_notice(self) -> None:
        try:
            draft = self.ws.draft_notice(self.ref)
        except DesktopError as exc:
            show_error(self, exc, "无法生成整改通知书")
            return
        self._open_notice_dialog(draft)

    def open_notice(self, line: NoticeLine | None) -> None:
        if line is not None:
            self._open_notice_dialog(self.ws.notice(line.notice.id))

    def _open_notice_dialog(self, notice: Notice) -> None:
        from desktop.ui.supervisor.notice_dialog import NoticeDialog
        dialog = NoticeDialog(self.ws, notice, self.tasks, self)
        dialog.finished.connect(self._on_child_finished)
        self.last_dialog = dialog
        dialog.open()

    def _on_child_finished(self, _result: int) -> None:
        if self.isVisible():  # not while the window closes everything (and its workspace)
            self.reload()

    def new_visit(self) -> None:
        try:
            visit = self.ws.blank_visit(self.ref)
        except DesktopError as exc:
            show_error(self, exc, "无法新建督导记录")
            return
        self._open_visit_dialog(visit)

    def open_visit(self, visit: Visit | None) -> None:
        if visit is not None:
            self._open_visit_dialog(visit)

    def _open_visit_dialog(self, visit: Visit) -> None:
        from desktop.ui.supervisor.visit_dialog import VisitDialog
        dialog = VisitDialog(self.ws, visit, self.tasks, self)
        dialog.finished.connect(self._on_child_finished)
        self.last_dialog = dialog
        dialog.open()
