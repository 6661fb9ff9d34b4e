"""Tables of an 整改通知书: its problems (requirement and deadline editable) and their follow-up.

Edits go through a callback the dialog gives (the workspace for a saved notice, the draft in
memory otherwise); a refused edit is reported by the edit_refused signal, never half-applied.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QDateEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core.errors import DesktopError
from desktop.supervisor.follow_up import CLOSED, DONE, OVERDUE, ItemFollowUp
from desktop.supervisor.records import NoticeItem
from desktop.ui.supervisor.table_base import (
    AMBER, CENTER, GREEN, RED, Column, RowsTableModel,
)

COL_REQUIREMENT, COL_DEADLINE = 5, 6
EDITABLE = {COL_REQUIREMENT: "requirement", COL_DEADLINE: "deadline"}
Editor = Callable[[int, str, str], NoticeItem]  # (seq, field, new text) → the item as stored


def _item_columns() -> list[Column[NoticeItem]]:
    return [
        Column("序号", lambda i: str(i.seq), align=CENTER, sort=lambda i: i.seq, width=44),
        Column("编号", lambda i: i.code, width=60),
        Column("问题", lambda i: i.title, tip=lambda i: i.title, width=210),
        Column("现状与标准", lambda i: i.problem, tip=lambda i: i.problem, width=220),
        Column("依据", lambda i: i.standard, tip=lambda i: i.standard, width=150),
        Column("整改要求（双击修改）", lambda i: i.requirement, tip=lambda i: i.requirement, width=260),
        Column("整改期限（双击修改）", lambda i: i.deadline, align=CENTER, width=140),
    ]


class NoticeItemsModel(RowsTableModel[NoticeItem]):
    """The notice's problems; 整改要求 and 整改期限 can be edited in place.

    Signals: edit_refused(object): the DesktopError an edit raised (nothing was changed).
    """

    edit_refused = Signal(object)

    def __init__(self, editor: Editor, parent: Any = None):
        super().__init__(_item_columns(), parent)
        self._editor = editor
        self.editable = True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() in EDITABLE:
            return getattr(self.row_at(index.row()), EDITABLE[index.column()])
        return super().data(index, role)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE:
            return False
        item = self.row_at(index.row())
        try:
            stored = self._editor(item.seq, EDITABLE[index.column()], str(value).strip())
        except DesktopError as exc:
            self.edit_refused.emit(exc)
            return False
        self.replace_row(index.row(), stored)
        return True


class DateDelegate(QStyledItemDelegate):
    """Edits an ISO date cell with a calendar; writes the date back as 2025-12-31."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        try:
            editor.setDate(QDate(dt.date.fromisoformat(text)))
        except ValueError:
            editor.setDate(QDate.currentDate())

    def setModelData(self, editor: QWidget, model: Any,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        model.setData(index, editor.date().toPython().isoformat(), Qt.ItemDataRole.EditRole)


# --- follow-up --------------------------------------------------------------------------------

def state_text(f: ItemFollowUp) -> str:
    """The follow-up state in words; 逾期 says by how many days (not only a red cell)."""
    if f.state == OVERDUE:
        return f"逾期 {f.days_overdue} 天"
    return f.state


def _state_colour(f: ItemFollowUp) -> str | None:
    return {OVERDUE: RED, CLOSED: GREEN, DONE: AMBER}.get(f.state)


def reported_text(f: ItemFollowUp) -> str:
    """What the school reported for the problem in its latest package."""
    plan = f.reported
    if plan is None:
        return "未报告" if f.now_met is not True else "未报告（最新数据已达标）"
    parts = [plan.measure, f"责任人 {plan.owner}" if plan.owner else "",
             f"完成时限 {plan.deadline}" if plan.deadline else "", plan.progress]
    return "；".join(p for p in parts if p)


def _follow_columns() -> list[Column[ItemFollowUp]]:
    return [
        Column("序号", lambda f: str(f.item.seq), align=CENTER, sort=lambda f: f.item.seq, width=44),
        Column("问题", lambda f: f"{f.item.code} {f.item.title}", tip=lambda f: f.item.problem,
               width=220),
        Column("整改期限", lambda f: f.item.deadline, align=CENTER, width=90),
        Column("学校报告的状态", lambda f: f.reported.status if f.reported else "未报告", align=CENTER,
               width=110),
        Column("学校报告的整改情况", reported_text, tip=reported_text, width=260),
        Column("跟踪情况", state_text, align=CENTER, background=_state_colour,
               sort=lambda f: (f.state != OVERDUE, -f.days_overdue), width=100),
        Column("复查日期", lambda f: f.item.review_on, align=CENTER, width=90),
        Column("复查结论", lambda f: f.item.review_result, align=CENTER, width=80),
        Column("督学后续建议", lambda f: f.item.follow_up, tip=lambda f: f.item.follow_up),
    ]


class FollowUpModel(RowsTableModel[ItemFollowUp]):
    """Each problem of a saved notice: the school's report, 逾期 or not, the 督学's 复查."""

    def __init__(self, parent: Any = None):
        super().__init__(_follow_columns(), parent)
