"""督导记录 (责任督学工作记录表): the REPORT-FORMAT §5.2 fields, save (numbered), print, blank form.

Fields: 学校, 督导时间, 责任督学, 督导事项, 督导方式 (听课 / 查阅资料 / 座谈 / 问卷 / 实地查看 or
the 督学's own words), 督导情况, 发现的主要问题, 意见建议, 整改要求与时限, 学校负责人; the two
signatures are left to the printed form.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError
from desktop.supervisor.records import VISIT_METHODS, Visit
from desktop.ui.errors import show_error
from desktop.ui.supervisor.notice_dialog import date_edit
from desktop.ui.supervisor.outputs import PDF_FILTER, file_name, save_in_task
from desktop.ui.tasks import Task, TaskRunner

TEXT_FIELDS = (("seen", "督导情况"), ("problems", "发现的主要问题"), ("suggestions", "意见建议"),
               ("requirements", "整改要求与时限"))


def _box(text: str, hint: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setPlaceholderText(hint)
    box.setMinimumHeight(64)
    return box


class VisitDialog(QDialog):
    """Attributes: visit (as last saved or given), the field widgets by Visit field name.

    Signals: saved(object): the stored Visit; pdf_written(object): the PDF's Path.
    """

    saved = Signal(object)
    pdf_written = Signal(object)

    def __init__(self, ws: Any, visit: Visit, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.visit, self.tasks = ws, visit, tasks
        self.setWindowTitle(f"督导记录 — {visit.school_name}")
        layout = QVBoxLayout(self)
        self.head = QLabel()
        layout.addWidget(self.head)
        form = QFormLayout()
        self.visited_on = date_edit(visit.visited_on)
        self.inspector = QLineEdit(visit.inspector)
        self.school_head = QLineEdit(visit.school_head)
        self.school_head.setPlaceholderText("在记录表上签名的学校负责人")
        top = QHBoxLayout()
        for label, widget in (("督导时间：", self.visited_on), ("责任督学：", self.inspector),
                              ("学校负责人：", self.school_head)):
            top.addWidget(QLabel(label))
            top.addWidget(widget, 1)
        form.addRow(top)
        self.topic = QLineEdit(visit.topic)
        self.topic.setPlaceholderText("如：校园安全专项督导、开学工作检查")
        form.addRow("督导事项：", self.topic)
        form.addRow("督导方式：", self._methods(visit.methods))
        self.texts: dict[str, QPlainTextEdit] = {}
        hints = {"seen": "听了哪些课、查了哪些资料、看了哪些场所……", "problems": "逐条写明",
                 "suggestions": "", "requirements": "整改要求及完成时限"}
        for field, label in TEXT_FIELDS:
            self.texts[field] = _box(getattr(visit, field), hints[field])
            form.addRow(label + "：", self.texts[field])
        layout.addLayout(form, 1)
        layout.addWidget(self._buttons())
        self._show_head()
        self.resize(900, 660)

    def _methods(self, chosen: tuple[str, ...]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.method_boxes = {m: QCheckBox(m) for m in VISIT_METHODS}
        for method, check in self.method_boxes.items():
            check.setChecked(method in chosen)
            row.addWidget(check)
        self.other_methods = QLineEdit("、".join(m for m in chosen if m not in VISIT_METHODS))
        self.other_methods.setPlaceholderText("其他方式（用顿号分隔）")
        row.addWidget(self.other_methods, 1)
        return box

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.save_button = box.addButton("保存", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.pdf_button = box.addButton("打印（生成 PDF）…", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(self.write_pdf)
        blank = box.addButton("打印空白记录表…", QDialogButtonBox.ButtonRole.ActionRole)
        blank.clicked.connect(self.write_blank_pdf)
        close = box.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        return box

    def _show_head(self) -> None:
        v = self.visit
        number = f"编号 {v.number}" if v.number else "尚未保存（保存后编号）"
        self.head.setText(f"{v.school_name}（{v.school_code or '无学校标识码'}）　{number}")
        self.pdf_button.setEnabled(v.id is not None)

    # --- data -----------------------------------------------------------------------------------
    def edited(self) -> Visit:
        """The visit as typed in the form."""
        others = [m for m in re.split(r"[、,，;；\s]+", self.other_methods.text()) if m]
        methods = tuple(m for m, box in self.method_boxes.items() if box.isChecked()) + tuple(others)
        texts = {field: box.toPlainText().strip() for field, box in self.texts.items()}
        return dataclasses.replace(self.visit, visited_on=self.visited_on.date().toPython().isoformat(),
                                   inspector=self.inspector.text().strip(), topic=self.topic.text().strip(),
                                   methods=methods, school_head=self.school_head.text().strip(), **texts)

    def save(self) -> Visit | None:
        try:
            stored = self.ws.save_visit(self.edited())
        except DesktopError as exc:
            show_error(self, exc, "未保存")
            return None
        self.visit = stored
        self._show_head()
        self.saved.emit(stored)
        return stored

    def write_pdf(self) -> Task | None:
        """Saves what was typed, then prints the record."""
        visit = self.save()
        if visit is None:
            return None
        return self._print(visit, visit.number, "督导记录")

    def write_blank_pdf(self) -> Task | None:
        """A form for the visit to come: school and 督学 filled in, the rest left to write by hand."""
        blank = Visit(self.visit.school_name, self.visit.school_code,
                      inspector=self.inspector.text().strip())
        return self._print(blank, "", "督导记录表（空白）")

    def _print(self, visit: Visit, number: str, what: str) -> Task | None:
        issuer = self.ws.settings()["issuer"]
        name = file_name(visit.school_name, number, what, extension=".pdf")

        def write(out: Path) -> Any:
            from desktop.supervisor.visit_pdf import write_visit_pdf  # reportlab, in the task
            return write_visit_pdf(out, visit, issuer=issuer)

        return save_in_task(self, self.tasks, "生成督导记录表", name, PDF_FILTER, ".pdf", write,
                            self.pdf_written.emit)
