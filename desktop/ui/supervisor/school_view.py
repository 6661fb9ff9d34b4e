"""A school's submission, read-only: facts and verdicts, every answer, 整改措施, 佐证材料 (open).

The principal's window edits a live store and cannot show a package's snapshot, so the 督学
reads the submission here. An evidence file is taken from the stored package (verified again
once per view) into a temporary folder and opened with the system's viewer.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QPushButton,
    QTabWidget, QVBoxLayout, QWidget,
)

from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError, ExportError
from desktop.exchange.package import Submission, read_package
from desktop.supervisor.outcomes import shown_time
from desktop.supervisor.status import SchoolRow
from desktop.supervisor.submissions import StoredSubmission
from desktop.ui.errors import show_error
from desktop.ui.open_evidence import open_evidence_file
from desktop.ui.supervisor.dialog_buttons import button_box
from desktop.ui.supervisor.submission_models import (
    AnswerTableModel, EvidenceTableModel, PlanTableModel, Reading, answer_lines, evidence_lines,
    is_shown, plan_lines,
)
from desktop.ui.supervisor.table_base import ROW_ROLE, table_view
from desktop.ui.tasks import Task, TaskRunner

VIEW_FOLDER = "学校督导自评助手-佐证材料"
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
SHOW_ALL, SHOW_PROBLEMS = "全部条目", "只看未达标、未填写和待复核"


def evidence_task(package: Path, catalog: Catalog, verified: Submission | None, sha256: str,
                  name: str, folder: Path) -> Callable[..., tuple[Submission, Path]]:
    """Task: verify the package (once), copy one evidence file out; returns (package, file)."""
    def work(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]):
        submission = verified or read_package(package, catalog, progress=progress,
                                              is_cancelled=is_cancelled)
        data = submission.evidence_source(sha256)
        target = folder / sha256[:12] / (_NOT_IN_NAMES.sub("_", Path(name).name) or "佐证材料")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        return submission, target
    return work


def facts_form(stored: StoredSubmission, row: SchoolRow) -> QFormLayout:
    f = stored.facts
    form = QFormLayout()
    status = row.status + ("：" + "；".join(row.reasons) if row.reasons else "")
    verdicts = "；".join(f"{f.verdicts.titles.get(c, c)} {v}" for c, v in f.verdicts.verdicts.items())
    for label, text in (("学校", f"{f.school_name}（{f.school_code or '无学校标识码'}，{f.school_type}）"),
                        ("评估周期", f"{f.period}　数据日期 {f.data_date or '—'}　学校标记：{f.data_status}"),
                        ("结论", verdicts), ("状态", status),
                        ("提交包", f"{f.file_name}　导出于 {shown_time(f.created)}　导入于 "
                                 f"{shown_time(f.imported_at)}　数据指纹 {f.fingerprint}")):
        value = QLabel(text)
        value.setWordWrap(True)
        form.addRow(label + "：", value)
    return form


class SchoolViewDialog(QDialog):
    """Attributes: stored (the StoredSubmission), answers / plans / evidence (their models).

    Signals: evidence_opened(object): the Path of an evidence file handed to the viewer.
    """

    evidence_opened = Signal(object)

    def __init__(self, stored: StoredSubmission, row: SchoolRow, catalog: Catalog,
                 tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.stored, self.row, self.catalog, self.tasks = stored, row, catalog, tasks
        self._verified: Submission | None = None
        self.task: Task | None = None
        self.setWindowTitle(f"{stored.facts.school_name} — 提交内容（只读）")
        reading = Reading.of(stored.snapshot, catalog)
        self._lines = answer_lines(reading)
        layout = QVBoxLayout(self)
        layout.addLayout(facts_form(stored, row))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._answers_tab(), "答案与结论")
        self.plans = PlanTableModel(self)
        self.plans.set_rows(plan_lines(reading))
        self.tabs.addTab(table_view(self.plans, sortable=True), f"整改措施（{self.plans.rowCount()}）")
        self.tabs.addTab(self._evidence_tab(reading), f"佐证材料（{self.evidence.rowCount()}）")
        layout.addWidget(self.tabs, 1)
        layout.addWidget(button_box(self))
        self.resize(1200, 680)

    def _answers_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.show_box = QComboBox()
        self.show_box.addItems([SHOW_ALL, SHOW_PROBLEMS])
        self.hide_na = QCheckBox("隐藏不适用的条目")
        self.hide_na.setChecked(True)
        for widget in (QLabel("显示："), self.show_box, self.hide_na):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.answers = AnswerTableModel(self)
        layout.addWidget(table_view(self.answers, sortable=True), 1)
        self.show_box.currentIndexChanged.connect(self._show_answers)
        self.hide_na.toggled.connect(self._show_answers)
        self._show_answers()
        return page

    def _show_answers(self) -> None:
        problems = self.show_box.currentText() == SHOW_PROBLEMS
        self.answers.set_rows([a for a in self._lines if is_shown(a, problems, self.hide_na.isChecked())])

    def _evidence_tab(self, reading: Reading) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.evidence = EvidenceTableModel(self)
        self.evidence.set_rows(evidence_lines(reading))
        self.evidence_view = table_view(self.evidence, sortable=True)
        self.evidence_view.activated.connect(lambda index: self.open_evidence(index.data(ROW_ROLE)))
        layout.addWidget(self.evidence_view, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("打开所选文件")
        self.open_button.clicked.connect(
            lambda: self.open_evidence(self.evidence_view.currentIndex().data(ROW_ROLE)))
        row.addWidget(self.open_button)
        note = QLabel("文件从提交包中取出（先核对校验值）到临时文件夹后打开；改动它不会改变提交包。")
        note.setStyleSheet("color: #5f6368;")
        row.addWidget(note, 1)
        layout.addLayout(row)
        return page

    def open_evidence(self, line: Any) -> Task | None:
        if line is None or (self.task is not None and self.task.running):
            return None
        folder = Path(tempfile.gettempdir()) / VIEW_FOLDER / self.stored.facts.digest[:16]
        work = evidence_task(self.stored.package_path, self.catalog, self._verified,
                             line.evidence.sha256, line.evidence.name, folder)
        self.open_button.setEnabled(False)
        self.task = self.tasks.run(work, self._on_evidence, self._on_evidence_failed)
        return self.task

    def _on_evidence(self, result: tuple[Submission, Path]) -> None:
        self.open_button.setEnabled(True)
        self._verified, path = result
        if open_evidence_file(self, path, path.name):
            self.evidence_opened.emit(path)

    def _on_evidence_failed(self, exc: BaseException) -> None:
        self.open_button.setEnabled(True)
        if isinstance(exc, DesktopError):
            show_error(self, exc, "无法打开佐证材料")
        elif isinstance(exc, OSError):
            show_error(self, ExportError(f"无法把佐证材料写到临时文件夹：{exc.strerror or exc}"),
                       "无法打开佐证材料")
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
