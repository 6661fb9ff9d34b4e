"""The 佐证材料 box of an item: list, add (file dialog or drag and drop), open, remove."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog, QGroupBox, QHBoxLayout, QLabel, QListView, QMessageBox, QPushButton, QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.evidence_list import EvidenceListModel
from desktop.ui.open_evidence import open_evidence_file

FOLDER_KEY = "evidence/last_folder"
FILE_FILTER = "佐证材料 (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.xls *.xlsx *.ppt *.pptx *.txt);;所有文件 (*)"


class EvidencePanel(QGroupBox):
    """Signals: files_dropped(list) (paths to add), remove_requested(str) (sha256),
    details_edited(object) (an Evidence with a new caption, date or archive mode)."""

    files_dropped = Signal(list)
    remove_requested = Signal(str)
    details_edited = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("佐证材料", parent)
        self.setAcceptDrops(True)
        self.model = EvidenceListModel(self)
        layout = QVBoxLayout(self)
        self.required_label = QLabel()
        self.required_label.setWordWrap(True)
        self.required_label.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.required_label)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setMaximumHeight(96)
        self.view.setAcceptDrops(False)  # the box takes the drop
        self.view.doubleClicked.connect(lambda index: self.open_file(index.row()))
        layout.addWidget(self.view)
        layout.addLayout(self._buttons())
        layout.addWidget(self.drop_hint)
        self._open_path = lambda sha256: None  # set by the item pane: sha256 → Path
        self._editable = True

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("添加文件…")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(lambda: self.open_file(self.view.currentIndex().row()))
        self.details_button = QPushButton("说明…")
        self.details_button.clicked.connect(self._on_details_clicked)
        self.remove_button = QPushButton("移除")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        # Its own line under the buttons: beside them it would widen the pane past its area.
        self.drop_hint = hint = QLabel("也可以把文件拖到这个框里")
        hint.setStyleSheet("color: #80868b;")
        hint.setWordWrap(True)
        for widget in (self.add_button, self.open_button, self.details_button, self.remove_button):
            # Narrow buttons: the four fit a 125 % item pane beside the navigator and panel.
            widget.setMinimumWidth(widget.fontMetrics().horizontalAdvance(widget.text()) + 16)
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def set_path_lookup(self, lookup) -> None:
        self._open_path = lookup

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self.details_button.setEnabled(editable)

    def set_required(self, names: tuple[str, ...]) -> None:
        self.required_label.setText("需要：" + "；".join(names) if names else "")
        self.required_label.setVisible(bool(names))

    def open_file(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            evidence = self.model.evidence(row)
            open_evidence_file(self, Path(self._open_path(evidence.sha256)), evidence.name)

    def _on_add_clicked(self) -> None:
        settings = QSettings()
        folder = str(settings.value(FOLDER_KEY, "", type=str))
        names, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", folder, FILE_FILTER)
        if names:
            settings.setValue(FOLDER_KEY, str(Path(names[0]).parent))
            self.files_dropped.emit([Path(n) for n in names])

    def _on_details_clicked(self) -> None:
        from desktop.ui.evidence_dialog import EvidenceDialog
        row = self.view.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            edited = EvidenceDialog.ask(self.model.evidence(row), self)
            if edited is not None:
                self.details_edited.emit(edited)

    def _on_remove_clicked(self) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return
        evidence = self.model.evidence(row)
        answer = QMessageBox.question(self, "移除佐证材料", f"从本条目中移除「{evidence.name}」？")
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_requested.emit(evidence.sha256)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self._editable and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        if files and self._editable:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
