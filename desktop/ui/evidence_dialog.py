"""The details of one 佐证材料 file: caption, date taken, how it is archived (随报 / 留校备查)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget,
)

from desktop.core.assessment import ARCHIVE_MODES, Evidence


class EvidenceDialog(QDialog):
    """Attributes: caption, taken_on, archive (the fields)."""

    def __init__(self, evidence: Evidence, parent: QWidget | None = None):
        super().__init__(parent)
        self.evidence = evidence
        self.setWindowTitle(f"佐证材料说明 — {evidence.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.caption = QLineEdit(evidence.caption)
        self.caption.setPlaceholderText("报告中图片下方的文字，如：学校运动场全景")
        self.taken_on = QLineEdit(evidence.taken_on)
        self.taken_on.setPlaceholderText("如 2025-10-20，可不填")
        self.archive = QComboBox()
        self.archive.addItems(list(ARCHIVE_MODES))
        self.archive.setCurrentText(evidence.archive)
        form.addRow("说明：", self.caption)
        form.addRow("拍摄（形成）日期：", self.taken_on)
        form.addRow("归档方式：", self.archive)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 0)

    def edited(self) -> Evidence:
        return replace(self.evidence, caption=self.caption.text().strip(),
                       taken_on=self.taken_on.text().strip(), archive=self.archive.currentText())

    @classmethod
    def ask(cls, evidence: Evidence, parent: QWidget | None = None) -> Evidence | None:
        """The edited record, or None (patched in tests)."""
        dialog = cls(evidence, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edited()
