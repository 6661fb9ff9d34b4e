"""文件 → 导入 Excel…: check a filled workbook in the background, confirm its changes, write them at once.

All or nothing: a workbook with any bad cell is refused whole (the message names sheet, row and
column) and the store is untouched; confirmed changes are written in one transaction on the
GUI thread's store, after a backup.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop.core.assessment import AssessmentSnapshot
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError, StoreError
from desktop.exchange.excel_merge import ImportReport
from desktop.ui.errors import show_error, show_info
from desktop.ui.export_dialog import EXCEL_FILTER, last_folder, remember_folder, run_behind_progress
from desktop.ui.tasks import Task

IMPORT_USER = "Excel 导入"
BACKUP_REASON = "before-import"
CHANGE_COLUMNS = ("检查表", "条目", "原填报值", "导入后")
UNMAPPED_COLUMNS = ("工作表", "行", "条目编号", "填写的值")


class ImportConfirmDialog(QDialog):
    """Lists what a workbook would change; accepting means: write it.

    Attributes: changes (QTableWidget of answer changes), unmapped (rows not imported, or None).
    """

    def __init__(self, report: ImportReport, source: Path, target: str,
                 checklist_titles: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("确认导入 Excel")
        layout = QVBoxLayout(self)
        head = _wrapped(f"将把工作簿「{source.name}」中的改动写入「{target}」。"
                        "导入前会自动备份现有数据，可在「文件 → 备份与恢复」中找回。")
        layout.addWidget(head)
        for note in report.version_notes:
            layout.addWidget(_wrapped(f"注意：{note}"))
        # lines(): the version notes, then the one-line summary, then one line per change.
        layout.addWidget(_wrapped(report.lines()[len(report.version_notes)]))
        self.changes = _table(CHANGE_COLUMNS, [
            (checklist_titles.get(c.checklist, c.checklist), f"{c.title}（{c.item}）",
             c.before or "（空）", c.after) for c in report.answers], stretch=1)
        self.changes.setVisible(bool(report.answers))
        layout.addWidget(self.changes, 3)
        self.unmapped: QTableWidget | None = None
        if report.unmapped:
            layout.addWidget(_wrapped(f"以下 {len(report.unmapped)} 行在当前版本的检查表中没有对应条目，"
                                      "不会导入："))
            self.unmapped = _table(UNMAPPED_COLUMNS, [
                (u.sheet, str(u.row), u.item_id, u.value) for u in report.unmapped], stretch=3)
            layout.addWidget(self.unmapped, 1)
        layout.addWidget(self._buttons())
        self.resize(900, 560)

    def _buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()
        return buttons

    @classmethod
    def ask(cls, report: ImportReport, source: Path, target: str, checklist_titles: dict[str, str],
            parent: QWidget | None = None) -> bool:
        """Whether the user confirmed the import (patched in tests)."""
        return cls(report, source, target, checklist_titles, parent).exec() == QDialog.DialogCode.Accepted


def import_excel(window: Any) -> Task | None:
    """The main window's 导入 Excel… (window offers .session, .store, .catalog, .tasks).

    Returns the Task checking the workbook (None when nothing was chosen); when it ends and the
    user confirms, the changes are written and window.reload_assessment() shows them.
    """
    session = window.session
    if session is None:
        return None
    if session.read_only:
        raise StoreError(f"「{session.info.period}」的评估已归档，只能查看，不能导入。")
    chosen, _filter = QFileDialog.getOpenFileName(window, "导入 Excel 工作簿", str(last_folder()),
                                                  EXCEL_FILTER)
    if not chosen:
        return None
    source = Path(chosen)
    remember_folder(source)
    before = window.store.snapshot(session.id)
    work = check_task(before, source, window.catalog)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, DesktopError):
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: to the crash dialog
        elif not task.cancel_event.is_set():
            show_error(window, exc, "无法导入")

    def done(result: tuple[AssessmentSnapshot, ImportReport]) -> None:
        if not task.cancel_event.is_set():
            confirm_and_write(window, source, before, *result)

    task = run_behind_progress(window.tasks, window, f"正在检查「{source.name}」…", work, done, failed)
    return task


def check_task(before: AssessmentSnapshot, source: Path,
               catalog: Catalog) -> Callable[..., tuple[AssessmentSnapshot, ImportReport]]:
    """The worker: reads and checks the workbook against the snapshot; writes nothing."""
    def work(progress: Callable[[int, int], None],
             is_cancelled: Callable[[], bool]) -> tuple[AssessmentSnapshot, ImportReport]:
        from desktop.exchange.excel_merge import import_workbook
        return import_workbook(before, source, catalog)
    return work


def confirm_and_write(window: Any, source: Path, before: AssessmentSnapshot,
                      after: AssessmentSnapshot, report: ImportReport) -> bool:
    """Asks, then writes on the GUI thread's store; True when something was imported."""
    session = window.session
    if not report.changed:
        show_info(window, "导入 Excel", "\n".join(["工作簿中没有需要导入的改动，数据保持不变。",
                                                  *report.lines()]))
        return False
    titles = {cid: checklist.title for cid, checklist in session.checklists.items()}
    if not ImportConfirmDialog.ask(report, source, session.title, titles, window):
        window.statusBar().showMessage("已取消导入，数据保持不变。", 8000)
        return False
    try:
        window.store.backup(BACKUP_REASON)
        written = window.store.apply_changes(session.id, before, after, user=IMPORT_USER)
    except DesktopError as exc:
        show_error(window, exc, "无法导入")
        return False
    window.reload_assessment()
    window.statusBar().showMessage(f"已从「{source.name}」导入 {written} 项改动。", 10000)
    return True


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], stretch: int) -> QTableWidget:
    """A read-only table; column `stretch` takes the spare width, long cells wrap."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
