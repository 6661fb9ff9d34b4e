"""督学设置: 发文机关, 责任督学, number prefixes and the default 整改期限 (kept in the workspace)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QSpinBox, QWidget

from desktop.core.errors import DesktopError
from desktop.supervisor.records import MAX_DEADLINE_DAYS
from desktop.ui.errors import show_error
from desktop.ui.supervisor.dialog_buttons import button_box


class SettingsDialog(QDialog):
    """Attributes: the fields by setting name (issuer, inspector, notice_prefix, visit_prefix,
    deadline_days); accept() stores them."""

    def __init__(self, ws: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle("督学设置")
        values = ws.settings()
        form = QFormLayout(self)
        self.issuer = QLineEdit(values["issuer"])
        self.issuer.setPlaceholderText("如：××县人民政府教育督导室（印在通知书和记录表上）")
        self.inspector = QLineEdit(values["inspector"])
        self.notice_prefix = QLineEdit(values["notice_prefix"])
        self.notice_prefix.setPlaceholderText("如：×督整（编号印作 ×督整〔2025〕第 1 号）")
        self.visit_prefix = QLineEdit(values["visit_prefix"])
        self.deadline_days = QSpinBox()
        self.deadline_days.setRange(1, MAX_DEADLINE_DAYS)
        self.deadline_days.setSuffix(" 天")
        self.deadline_days.setValue(int(values["deadline_days"]))
        for label, widget in (("发文机关", self.issuer), ("责任督学", self.inspector),
                              ("整改通知书编号前缀", self.notice_prefix),
                              ("督导记录编号前缀", self.visit_prefix),
                              ("默认整改期限", self.deadline_days)):
            form.addRow(label + "：", widget)
        form.addRow(button_box(self, "保存", "取消"))
        self.resize(560, 240)

    def accept(self) -> None:
        try:
            self.ws.set_settings(issuer=self.issuer.text(), inspector=self.inspector.text(),
                                 notice_prefix=self.notice_prefix.text(),
                                 visit_prefix=self.visit_prefix.text(),
                                 deadline_days=str(self.deadline_days.value()))
        except DesktopError as exc:
            show_error(self, exc, "未保存")
            return
        super().accept()
