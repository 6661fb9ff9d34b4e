"""Opening an evidence file with the system's program — only after a warning when it is not a
photo, PDF, office document or text (such a file could be a program that runs when opened)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.evidence_names import KINDS_TEXT, extension_of, is_evidence_type, shown


def warning_text(name: str) -> str:
    ext = extension_of(name)
    kind = f"“.{ext}” 文件" if ext else "没有扩展名的文件"
    return (f"「{shown(name)}」是{kind}，不是常见的佐证材料类型（{KINDS_TEXT}）。\n\n"
            "这类文件可能是程序，打开时会在本机运行，带来病毒或数据泄露的风险。"
            "如果不能确认它的来源，请不要打开。\n\n仍要打开吗？")


def open_evidence_file(parent: QWidget | None, path: Path, name: str) -> bool:
    """Opens the file; asks first (default: 不打开) when its type is not an evidence type.
    Returns False only when the user chose not to open it."""
    if not is_evidence_type(name) or (path.suffix and not is_evidence_type(path.name)):
        answer = QMessageBox.warning(parent, "打开前请确认", warning_text(name),
                                     QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                                     QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Open:
            return False
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return True
