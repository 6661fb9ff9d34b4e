"""Dialog buttons with their Chinese text set here, so they read right even without Qt's translations."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def button_box(dialog: QDialog, accept: str = "", reject: str = "关闭") -> QDialogButtonBox:
    """An accept button (when given a text) and a reject button, wired to the dialog."""
    box = QDialogButtonBox()
    if accept:
        box.addButton(accept, QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
    box.addButton(reject, QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
