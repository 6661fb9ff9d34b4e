"""The 表格填报 grid of one section: 编号, 条目, 答案, 标准, 结论, 差距 — one row per item shown.

The answer column is edited in place. setData() checks the text with parse_answer (the same
check as the item pane) and hands the value to a writer, which is the main window's set_answer:
the same undo stack, the same store write, the same live results.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop.core.answers import AnswerValue, display, parse_answer, to_json
from desktop.core.engine import ItemResult, Status, blank_standard_text
from desktop.core.errors import InputError
from desktop.core.model import AnswerType
from desktop.ui import icons

COL_CODE, COL_TITLE, COL_ANSWER, COL_STANDARD, COL_VERDICT, COL_GAP = range(6)
COLUMN_TITLES = ("编号", "条目", "答案", "标准", "结论", "差距")
UNMET_COLOR = QColor("#b00020")
ITEM_ROLE = Qt.ItemDataRole.UserRole

Writer = Callable[[str, str, "AnswerValue | None"], bool]


class SectionGridModel(QAbstractTableModel):
    """Rows: the items of one section that fit the school. Signals: refused(str) — why an entry
    was not saved (a Chinese sentence naming the item by its code)."""

    refused = Signal(str)

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.session: Any = None
        self.checklist_id = self.section_id = ""
        self._items: list[str] = []
        self._writer: Writer = lambda c, i, v: False

    def set_writer(self, writer: Writer) -> None:
        self._writer = writer

    def show_section(self, session: Any, checklist_id: str, section_id: str) -> None:
        self.beginResetModel()
        self.session, self.checklist_id, self.section_id = session, checklist_id, section_id
        self._items = []
        if session is not None and checklist_id in session.checklists:
            shown = set(session.tree_state(checklist_id).shown_items)
            checklist = session.checklists[checklist_id]
            self._items = [i.id for i in checklist.items_in(section_id) if i.id in shown]
        self.endResetModel()

    def refresh(self) -> None:
        """Results changed (any write, undo): repaint every row, keep the rows."""
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, COL_GAP))

    def item_id(self, row: int) -> str:
        return self._items[row] if 0 <= row < len(self._items) else ""

    def row_of(self, item_id: str) -> int:
        return self._items.index(item_id) if item_id in self._items else -1

    def is_editable(self, row: int) -> bool:
        if self.session is None or self.session.read_only or not 0 <= row < len(self._items):
            return False
        return self._item(row).type is not AnswerType.COMPUTED

    # --- QAbstractTableModel -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_ANSWER and self.is_editable(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        row, column = index.row(), index.column()
        result = self._result(row)
        if role == ITEM_ROLE:
            return self._items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, result)
        if role == Qt.ItemDataRole.EditRole and column == COL_ANSWER:
            value = self._value(row)
            return "" if value is None else _edit_text(self._item(row), value)
        if role == Qt.ItemDataRole.ToolTipRole and column in (COL_TITLE, COL_GAP):
            return "\n".join(t for t in (result.item.title, result.gap_text, result.message) if t)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_VERDICT:
            return icons.status_icon(result.status.value)
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_VERDICT, COL_GAP) \
                and result.status is Status.UNMET:
            return QBrush(UNMET_COLOR)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_ANSWER and self.is_editable(row):
            return QBrush(QColor("#fffbe6"))  # the cells to fill, as in the exported workbook
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_ANSWER and \
                self._item(row).type.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_ANSWER \
                or not self.is_editable(index.row()):
            return False
        row = index.row()
        try:
            parsed = self.parse(row, value)
        except InputError as exc:
            self.refused.emit(self.where(row) + str(exc))
            return False
        if parsed == self._value(row) and type(parsed) is type(self._value(row)):
            return True
        return self._writer(self.checklist_id, self._items[row], parsed)

    def parse(self, row: int, value: Any) -> AnswerValue | None:
        """The checked answer for text typed or pasted into a row; raises InputError."""
        return parse_answer(self._item(row), value)

    def where(self, row: int) -> str:
        checklist = self.session.checklists[self.checklist_id]
        return f"第 {checklist.item_code(self._items[row])} 项："

    # --- reading the session -------------------------------------------------------------------
    def _item(self, row: int):
        return self.session.checklists[self.checklist_id].item(self._items[row])

    def _result(self, row: int) -> ItemResult:
        return self.session.results[self.checklist_id].result(self._items[row])

    def _value(self, row: int) -> AnswerValue | None:
        return self.session.answer(self.checklist_id, self._items[row])

    def _text(self, row: int, column: int, result: ItemResult) -> str:
        item = result.item
        if column == COL_CODE:
            return self.session.checklists[self.checklist_id].item_code(item.id)
        if column == COL_TITLE:
            return ("★ " if item.key else "") + item.title
        if column == COL_ANSWER:
            return display(item, result.value)
        if column == COL_STANDARD:
            return result.threshold_text or blank_standard_text(item, with_unit=True)
        if column == COL_VERDICT:
            return result.status.label
        return result.gap_text or result.message


def _edit_text(item: Any, value: AnswerValue) -> str:
    """What the editor starts with: the plain number (no unit), 是/否 labels, ISO dates."""
    if isinstance(value, bool):
        return item.labels[0] if value else item.labels[1]
    return str(to_json(value))
