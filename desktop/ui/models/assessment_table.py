"""The assessments in the store (the history), newest first, as a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

COL_SCHOOL, COL_PERIOD, COL_STATUS, COL_CHECKLISTS, COL_UPDATED = range(5)
COLUMN_TITLES = ("学校", "评估周期", "状态", "检查表", "最后修改")
ASSESSMENT_ID_ROLE = Qt.ItemDataRole.UserRole


class AssessmentTableModel(QAbstractTableModel):
    """Rows are AssessmentInfo records; checklist ids are shown by title."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Any] = []
        self._titles: dict[str, str] = {}
        self._current: int | None = None

    def set_assessments(self, rows: list[Any], titles: dict[str, str], current: int | None = None) -> None:
        self.beginResetModel()
        self._rows, self._titles, self._current = list(rows), dict(titles), current
        self.endResetModel()

    def info(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, assessment_id: int) -> int:
        return next((n for n, a in enumerate(self._rows) if a.id == assessment_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
             ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(a, index.column())
        if role == ASSESSMENT_ID_ROLE:
            return a.id
        if role == Qt.ItemDataRole.FontRole and a.id == self._current:
            from PySide6.QtGui import QFont
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, a: Any, column: int) -> str:
        if column == COL_SCHOOL:
            return a.school_name
        if column == COL_PERIOD:
            return a.period + ("（当前）" if a.id == self._current else "")
        if column == COL_STATUS:
            return f"{a.status}（已归档，只读）" if a.read_only else a.status
        if column == COL_CHECKLISTS:
            return "、".join(self._titles.get(cid, cid) for cid, _v in a.checklists)
        return a.updated_at.replace("T", " ")
