"""The one place that shows a user-caused error (DesktopError) as a Chinese sentence."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.core.errors import DesktopError

TITLE = "无法完成操作"


def show_error(parent: QWidget | None, exc: DesktopError, title: str = TITLE) -> None:
    """Tells the user what went wrong and where; str(exc) is already a Chinese sentence."""
    QMessageBox.warning(parent, title, str(exc))


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
