"""导入名单… and 导入提交包…: files or a folder, in a task with a progress bar and 取消.

Every package is verified and imported whole or not at all by the workspace; the dialog lists
each file's outcome (校验失败 with its reason). A package of a school and period already there
is a duplicate: DuplicateDialog.ask shows both sides and, if the user picks the new one, that
package is imported again with replace=True (the old one stays in the history).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError
from desktop.supervisor.outcomes import FolderImport, ImportOutcome, Outcome
from desktop.ui.errors import show_error, show_info
from desktop.ui.export_dialog import last_folder, remember_folder
from desktop.ui.supervisor.duplicate_dialog import DuplicateDialog
from desktop.ui.supervisor.import_work import import_task, roster_task, summary_line
from desktop.ui.supervisor.table_base import (
    AMBER, GREEN, GREY, RED, Column, RowsTableModel, table_view,
)
from desktop.ui.tasks import Task, TaskRunner

PACKAGE_FILTER = "提交包 (*.zpkg)"
ROSTER_FILTER = "学校名单 (*.xlsx *.csv *.txt);;所有文件 (*)"
OUTCOME_COLOURS = {Outcome.IMPORTED: GREEN, Outcome.REPLACED: GREEN, Outcome.SAME: GREY,
                   Outcome.DUPLICATE: AMBER, Outcome.FAILED: RED}


def _explanation(outcome: ImportOutcome) -> str:
    prefix = f"{outcome.path.name}："
    text = outcome.message
    return text[len(prefix):] if text.startswith(prefix) else text


class ImportResultModel(RowsTableModel[ImportOutcome]):
    """One row per package handled: file, outcome (coloured and in words), explanation."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("文件", lambda o: o.path.name, tip=lambda o: str(o.path), width=220),
            Column("结果", lambda o: o.outcome.label, background=lambda o: OUTCOME_COLOURS[o.outcome],
                   width=80),
            Column("说明", _explanation, tip=_explanation),
        ], parent)

    def replace_outcome(self, old: ImportOutcome, new: ImportOutcome) -> None:
        rows = self.rows()
        self.set_rows([new if r is old else r for r in rows])


class PackageImportDialog(QDialog):
    """Imports packages in a task and lists what happened to each.

    Attributes: result (the FolderImport once done, duplicates resolved), model, progress.
    Signals:
        finished_import(object): the final FolderImport (after any replacement); the caller
            re-reads its lists then.
    """

    finished_import = Signal(object)

    def __init__(self, data_dir: Path, tasks: TaskRunner, *, folder: Path | None = None,
                 files: Sequence[Path] = (), parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("导入提交包")
        self.data_dir, self.tasks = Path(data_dir), tasks
        self._folder, self._files = folder, list(files)
        self.result: FolderImport | None = None
        self.task: Task | None = None
        layout = QVBoxLayout(self)
        where = f"文件夹「{folder}」及其子文件夹中的提交包" if folder else f"选中的 {len(self._files)} 个提交包"
        self.label = QLabel(f"正在校验并导入{where}……")
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFormat("%v/%m")
        layout.addWidget(self.progress)
        self.model = ImportResultModel(self)
        self.view = table_view(self.model)
        layout.addWidget(self.view, 1)
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)
        self.resize(860, 480)

    # --- running --------------------------------------------------------------------------------
    def start(self) -> Task:
        work = import_task(self.data_dir, folder=self._folder, files=self._files)
        self.task = self._run(work, self._on_imported)
        return self.task

    def _run(self, work: Any, on_done: Any) -> Task:
        task = self.tasks.run(work, on_done, self._on_failed)
        task.progress_changed.connect(self._on_progress)
        self.cancel_button.setEnabled(True)
        self.close_button.setEnabled(False)
        return task

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.cancel_button.setEnabled(False)
            self.label.setText("正在取消：等正在校验的提交包结束……")
            self.task.cancel()

    def running(self) -> bool:
        return self.task is not None and self.task.running

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_imported(self, result: FolderImport) -> None:
        self.model.set_rows(result.outcomes)
        self.result = result
        duplicates = [o for o in result.outcomes if o.outcome is Outcome.DUPLICATE and o.conflict]
        chosen = [o for o in duplicates if DuplicateDialog.ask(o.conflict, self)]
        if not chosen:
            self._finish(result)
            return
        self.label.setText(f"正在用新的提交包替换 {len(chosen)} 所学校原有的提交包……")
        work = import_task(self.data_dir, files=[o.path for o in chosen], replace=True)
        self.task = self._run(work, lambda replaced: self._on_replaced(result, chosen, replaced))

    def _on_replaced(self, first: FolderImport, chosen: list[ImportOutcome],
                     replaced: FolderImport) -> None:
        by_path = dict(zip([o.path for o in chosen], replaced.outcomes))
        outcomes = [by_path.get(o.path, o) if o in chosen else o for o in first.outcomes]
        self._finish(FolderImport(outcomes, first.total, first.cancelled))

    def _on_failed(self, exc: BaseException) -> None:
        self.label.setText("导入未完成。")
        self._end_buttons()
        if isinstance(exc, DesktopError):
            show_error(self, exc, "导入失败")
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        self.finished_import.emit(self.result)

    def _finish(self, result: FolderImport) -> None:
        self.result = result
        # What needs the user's attention first: failures, then duplicates kept as they were.
        attention = {Outcome.FAILED: 0, Outcome.DUPLICATE: 1}
        self.model.set_rows(sorted(result.outcomes, key=lambda o: attention.get(o.outcome, 2)))
        self.label.setText(summary_line(result))
        self.progress.setRange(0, max(result.total, 1))
        self.progress.setValue(len(result.outcomes))
        self._end_buttons()
        self.finished_import.emit(result)

    def _end_buttons(self) -> None:
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)

    def reject(self) -> None:
        """Esc or the window's close button: cancel first; close once the task has ended."""
        if self.running():
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.running():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


# --- entry points used by the window -----------------------------------------------------------

def ask_package_files(parent: QWidget) -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(parent, "选择提交包", str(last_folder()), PACKAGE_FILTER)
    if names:
        remember_folder(Path(names[0]))
    return [Path(n) for n in names]


def ask_package_folder(parent: QWidget) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "选择存放提交包的文件夹", str(last_folder()))
    if not chosen:
        return None
    remember_folder(Path(chosen) / "x")  # remember the folder itself, not its parent
    return Path(chosen)


def ask_roster_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "选择学校名单", str(last_folder()), ROSTER_FILTER)
    if not name:
        return None
    remember_folder(Path(name))
    return Path(name)


def import_roster(window: Any, path: Path) -> Task | None:
    """Reads the roster in a task, then (after asking, if one is there) replaces the stored one."""
    def done(schools: list) -> None:
        if window.ws.roster() and QMessageBox.question(
                window, "导入名单",
                f"用「{path.name}」中的 {len(schools)} 所学校替换现有名单（{len(window.ws.roster())} 所）？"
                "已导入的提交包和督导记录都会保留，按新名单重新对应。") != QMessageBox.StandardButton.Yes:
            return
        try:
            window.ws.set_roster(schools, source=path.name)
        except DesktopError as exc:
            show_error(window, exc, "无法导入名单")
            return
        window.reload()
        show_info(window, "导入名单", f"已导入名单：{len(schools)} 所学校（{path.name}）。")

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DesktopError):
            show_error(window, exc, "无法导入名单")
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    return window.tasks.run(roster_task(path), done, failed)
