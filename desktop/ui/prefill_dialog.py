"""文件 → 从事业统计基层表导入…: read the return in the background, preview, apply as one undo step.

The preview lists every value with the current answer, the new one and the cell it comes from
(answers the return contradicts are highlighted), and what in the file is not used and why.
Accepting writes everything in one transaction after a backup; 撤销 puts back the old answers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop.core.errors import DesktopError, StoreError
from desktop.prefill.plan import PrefillPlan
from desktop.ui.errors import show_error, show_info
from desktop.ui.export_dialog import last_folder, remember_folder, run_behind_progress
from desktop.ui.session import AssessmentSession
from desktop.ui.tasks import Task

RETURN_FILTER = "教育事业统计基层表 (*.xlsx *.xls)"
PREFILL_USER = "基层表导入"
BACKUP_REASON = "before-prefill"
VALUE_COLUMNS = ("条目", "现有答案", "报表中的值", "单元格", "报表中的栏目")
UNUSED_COLUMNS = ("工作表", "单元格", "未使用的原因")
DIFFERS = QColor("#fde2c4")  # the same soft orange as other 请核对 marks; text stays black


class PrefillPreviewDialog(QDialog):
    """Attributes: values (table of values), unused (table or None)."""

    def __init__(self, plan: PrefillPlan, target: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("从事业统计基层表导入")
        ident = plan.identity
        layout = QVBoxLayout(self)
        year = f"{ident.year}学年初" if ident.year else "（报表未写学年）"
        differ = [v for v in plan.values if v.differs]
        layout.addWidget(_wrapped(
            f"基层表「{Path(plan.file).name}」：{ident.name}（学校标识码 {ident.code}，{ident.type}），{year}。"
            f"将把其中 {len(plan.changes)} 项填入「{target}」，"
            f"其中 {len(differ)} 项与现有答案不同（橙色标出）。导入前会自动备份，导入后可用「撤销」恢复。"))
        self.values = _table(VALUE_COLUMNS, [
            (f"{v.code} {v.item.title}", v.shown_current or "（空）", v.shown,
             "＋".join(c.cell for c in v.cells), v.source.split("基层表 ", 1)[-1])
            for v in plan.values], stretch=(0, 4))
        for row, v in enumerate(plan.values):
            self.values.item(row, 4).setToolTip(f"{v.source}\n依据：{v.basis}")
            if v.differs:
                for column in range(len(VALUE_COLUMNS)):
                    self.values.item(row, column).setBackground(QBrush(DIFFERS))
        layout.addWidget(self.values, 4)
        self.unused: QTableWidget | None = None
        if plan.unused:
            layout.addWidget(_wrapped(f"报表中以下 {len(plan.unused)} 处内容没有填入任何条目："))
            self.unused = _table(UNUSED_COLUMNS, [(u.sheet, u.cell or "整张表", u.why)
                                                  for u in plan.unused], stretch=(2,))
            layout.addWidget(self.unused, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"填入 {len(plan.changes)} 项")
        ok.setEnabled(bool(plan.changes))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # 1366×768 at 125 % leaves about 1090×580 logical pixels: never open larger than the screen.
        room = self.screen().availableGeometry()
        self.resize(min(1040, int(room.width() * 0.92)), min(600, int(room.height() * 0.9)))

    @classmethod
    def ask(cls, plan: PrefillPlan, target: str, parent: QWidget | None = None) -> bool:
        """Whether the user chose to fill the values in (patched in tests)."""
        return cls(plan, target, parent).exec() == QDialog.DialogCode.Accepted


class PrefillCommand(QUndoCommand):
    """The whole prefill as one undo step; written by the caller before the push."""

    def __init__(self, session: AssessmentSession, plan: PrefillPlan):
        super().__init__()
        self.session = session
        changes = plan.changes
        sources = session.snapshot.answer_sources
        self.new = [(v.checklist, v.item.id, v.value, v.source) for v in changes]
        self.old = [(v.checklist, v.item.id, v.current, sources.get((v.checklist, v.item.id)))
                    for v in changes]
        self._first = True
        self.setText(f"从基层表填入 {len(changes)} 项")

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def _apply(self, entries: list) -> None:
        try:
            self.session.set_answers_with_sources(entries, PREFILL_USER)
        except DesktopError as exc:
            show_error(None, exc)


def prefill_from_return(window: Any) -> Task | None:
    """The menu action: choose the return, read it off the GUI thread, preview, apply."""
    session = window.session
    if session is None:
        return None
    if session.read_only:
        raise StoreError(f"「{session.info.period}」的评估已归档，只能查看，不能导入。")
    chosen, _filter = QFileDialog.getOpenFileName(window, "选择学校的教育事业统计基层表", str(last_folder()),
                                                  RETURN_FILTER)
    if not chosen:
        return None
    source = Path(chosen)
    remember_folder(source)
    snapshot = window.store.snapshot(session.id)
    catalog = window.catalog

    def work(progress: Any, is_cancelled: Any) -> PrefillPlan:
        from desktop.prefill.plan import plan_file
        return plan_file(source, catalog, snapshot)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, DesktopError):
            sys.excepthook(type(exc), exc, exc.__traceback__)
        elif not task.cancel_event.is_set():
            show_error(window, exc, "无法导入基层表")

    def done(plan: PrefillPlan) -> None:
        if not task.cancel_event.is_set():
            apply_plan(window, plan)

    task = run_behind_progress(window.tasks, window, f"正在读取「{source.name}」…", work, done, failed)
    return task


def apply_plan(window: Any, plan: PrefillPlan) -> bool:
    """Previews the plan, then writes it and pushes one undo step; True when something was written."""
    session = window.session
    if not plan.values:
        show_info(window, "从事业统计基层表导入", "报表中没有可以填入本评估的数。")
        return False
    if not PrefillPreviewDialog.ask(plan, session.title, window):
        window.statusBar().showMessage("已取消导入，数据保持不变。", 8000)
        return False
    command = PrefillCommand(session, plan)
    try:
        window.store.backup(BACKUP_REASON)
        session.set_answers_with_sources(command.new, PREFILL_USER)
    except DesktopError as exc:
        show_error(window, exc, "无法导入基层表")
        return False
    window.undo_stack.push(command)
    window.statusBar().showMessage(f"已从基层表填入 {len(command.new)} 项，可用「撤销」恢复。", 10000)
    return True


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]], stretch: tuple[int, ...]) -> QTableWidget:
    """A read-only table; the `stretch` columns share the spare width, long cells wrap."""
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
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    # Rows follow the wrapped text as the dialog is resized (a few dozen rows: cheap).
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
