"""历史评估: every assessment in the store; earlier periods open read-only."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import Catalog
from desktop.ui.models.assessment_table import COL_CHECKLISTS, AssessmentTableModel


class HistoryDialog(QDialog):
    """Attributes: model (AssessmentTableModel), view."""

    def __init__(self, store: Any, catalog: Catalog, current: int | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("历史评估")
        self.resize(820, 360)
        layout = QVBoxLayout(self)
        note = QLabel("新建评估周期后，以前各期的评估自动归档，只能查看，不能修改。双击一行打开。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = AssessmentTableModel(self)
        titles = {cid: c.title for cid, c in catalog.checklists.items()}
        self.model.set_assessments(store.assessments(), titles, current)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHECKLISTS, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.accept())
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Open).setText("打开")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        row = self.model.row_of(current) if current is not None else -1
        self.view.selectRow(max(row, 0))

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.info(rows[0].row()).id if rows else None

    @classmethod
    def ask(cls, store: Any, catalog: Catalog, current: int | None,
            parent: QWidget | None = None) -> int | None:
        """The assessment to open, or None (patched in tests)."""
        dialog = cls(store, catalog, current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.selected_id()
