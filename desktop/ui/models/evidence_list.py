"""The 佐证材料 files attached to one item, as a list model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.core.assessment import Evidence

SHA256_ROLE = Qt.ItemDataRole.UserRole


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class EvidenceListModel(QAbstractListModel):
    """One row per file: name, size and caption; SHA256_ROLE gives the file's key in the store."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[Evidence] = []

    def set_evidence(self, rows: list[Evidence]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def evidence(self, row: int) -> Evidence:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
             ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        e = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            caption = f"　{e.caption}" if e.caption and e.caption != e.name else ""
            return f"{e.name}（{size_text(e.size)}）{caption}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.name}\n添加于 {e.added_at.replace('T', ' ')}\n{e.archive}　SHA-256 {e.sha256[:16]}…"
        if role == SHA256_ROLE:
            return e.sha256
        return None
