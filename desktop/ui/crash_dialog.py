"""Shows an unexpected error (a bug) with its traceback and the log file, instead of a silent exit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)


class CrashDialog(QDialog):
    """Attributes: details (the traceback text), log_path."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.details, self.log_path = details, log_path
        self.setWindowTitle("程序出现意外错误")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message_label())
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        text.setObjectName("crash_details")
        layout.addWidget(text, 1)
        layout.addWidget(self._buttons())

    def _message_label(self) -> QLabel:
        where = f"<br>错误详情已记录在日志文件：<br><b>{self.log_path}</b>" if self.log_path else ""
        label = QLabel("程序遇到了一个意外错误。已经填写的答案都已随填随存，不会丢失。"
                       f"{where}<br>请把这个文件或下面的内容发给技术支持人员。")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        copy = QPushButton("复制错误详情")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details))
        box.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        if self.log_path is not None:
            folder = QPushButton("打开日志文件夹")
            folder.clicked.connect(self._open_log_folder)
            box.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        return box

    def _open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))

    @classmethod
    def show_crash(cls, details: str, log_path: Path | None) -> None:
        """Shows the dialog modally (patched in tests)."""
        cls(details, log_path).exec()
