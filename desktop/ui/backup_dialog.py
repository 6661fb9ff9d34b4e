"""备份与恢复: the list of backups, a backup now, and choosing one to restore (with confirmation)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox,
    QPushButton, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError
from desktop.core.store.backups import backup_dir, parse_name
from desktop.ui.errors import show_error

REASONS = {"daily": "每日自动备份", "manual": "手动备份", "before-migration": "升级前自动备份",
           "before-restore": "恢复前自动备份", "before-import": "导入前自动备份"}
PATH_ROLE = Qt.ItemDataRole.UserRole


def backup_label(path: Path) -> str:
    info = parse_name(path)
    if info is None:
        return path.name
    when, reason = info
    size = path.stat().st_size / 1024 if path.exists() else 0
    return f"{when:%Y-%m-%d %H:%M:%S}　{REASONS.get(reason, reason)}　（{size:.0f} KB）"


class BackupDialog(QDialog):
    """Accepting the dialog means: restore self.chosen (the caller closes and reopens the store)."""

    def __init__(self, store: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.chosen: Path | None = None
        self.setWindowTitle("备份与恢复")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        text = QLabel("程序每天第一次打开时自动备份，也可以随时手动备份。恢复会用所选备份替换现在的数据；"
                      "替换前，现在的数据会先另存一份备份。")
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        layout.addLayout(self._buttons())
        self.refresh()

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.backup_button = QPushButton("立即备份")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("恢复所选备份…")
        self.restore_button.clicked.connect(self.restore_selected)
        folder = QPushButton("打开备份文件夹")
        folder.clicked.connect(lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(backup_dir(self.store.data_dir)))))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        for widget in (self.backup_button, self.restore_button, folder):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def refresh(self) -> None:
        self.list.clear()
        for path in self.store.backups():
            row = QListWidgetItem(backup_label(path))
            row.setData(PATH_ROLE, str(path))
            self.list.addItem(row)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.restore_button.setEnabled(self.list.count() > 0)

    def backup_now(self) -> None:
        try:
            self.store.backup()
        except DesktopError as exc:
            show_error(self, exc)
            return
        self.refresh()

    def restore_selected(self) -> None:
        row = self.list.currentItem()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "恢复备份", f"用这个备份替换现在的全部数据？\n\n{row.text()}\n\n"
            "现在的数据会先另存为一份「恢复前自动备份」，之后仍可恢复回来。")
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = Path(row.data(PATH_ROLE))
            self.accept()

    @classmethod
    def ask(cls, store: Any, parent: QWidget | None = None) -> Path | None:
        """The backup the user chose to restore, or None (patched in tests)."""
        dialog = cls(store, parent)
        dialog.exec()
        return dialog.chosen if dialog.result() == QDialog.DialogCode.Accepted else None


def backup_and_restore(window) -> None:
    """文件 → 备份与恢复: the dialog; a chosen backup replaces the data and the store restarts.

    The store is closed on the GUI thread, the file replaced in a worker (it takes the data
    directory's lock itself), and a fresh store opened back on the GUI thread.
    """
    from desktop.core.store import AnswerStore
    from desktop.ui.tasks import run_with_progress
    window.flush_edits()
    chosen = BackupDialog.ask(window.store, window)
    if chosen is None:
        return
    data_dir = Path(window.store.data_dir)
    window.detach_store()

    def work(progress, is_cancelled) -> None:
        AnswerStore.restore(data_dir, chosen)

    def reopen(error: BaseException | None) -> None:
        window.attach_store(data_dir)
        if isinstance(error, DesktopError):
            show_error(window, error)
        elif error is not None:
            raise error
        else:
            window.statusBar().showMessage(f"已恢复备份：{backup_label(chosen)}", 10000)

    run_with_progress(window.tasks, window, "正在恢复备份…", work,
                      lambda _result: reopen(None), reopen)
