"""The main window: navigator, item pane, indicator panel, overview and narrative pages, menus.

Features other modules provide are reached through one slot each, which calls a function of that
module with this window (it offers .session, .store, .catalog, .tasks and reload_assessment()):
report_dialog.generate_report(window), export_dialog.export_excel(window),
export_dialog.export_package(window), import_dialog.import_excel(window).
"""

from __future__ import annotations

import importlib
import importlib.util
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget, QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QPushButton, QSplitter,
    QStackedWidget, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from desktop import __version__
from desktop.core.answers import AnswerValue
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.ui import icons
from desktop.ui.answer_commands import AnswerCommand
from desktop.ui.dashboard import DashboardPage
from desktop.ui.errors import show_error, show_info
from desktop.ui.indicator_dock import IndicatorDock
from desktop.ui.item_pane import ItemPane
from desktop.ui.narrative_page import NarrativePage
from desktop.ui.navigator import ItemNavigator
from desktop.ui.section_grid import SectionGrid
from desktop.ui.session import AssessmentSession
from desktop.ui.tasks import TaskRunner
from desktop.ui.window_settings import (
    last_assessment_key, last_item_key, restore_window, save_window,
)

APP_TITLE = "学校督导自评助手"
# Menu features provided by other modules: slot name → (module in desktop.ui, function(window)).
FEATURES = {
    "generate_report": ("report_dialog", "generate_report"),
    "export_excel": ("export_dialog", "export_excel"),
    "export_package": ("export_dialog", "export_package"),
    "import_excel": ("import_dialog", "import_excel"),
    "prefill_from_return": ("prefill_dialog", "prefill_from_return"),
}
COMING_SOON = "该功能即将提供"
PAGE_ITEMS, PAGE_DASHBOARD, PAGE_NARRATIVE = range(3)
GRID_WITH_NAVIGATOR = 860  # logical px the splitter needs to show the navigator beside the grid
DOCK_WIDTH = 400  # logical pixels: at 125 % on a 1366 screen the item pane keeps its room


class MainWindow(QMainWindow):
    """Attributes: store, catalog, session (the open AssessmentSession or None), undo_stack, tasks,
    navigator, item_pane, indicator_panel, dashboard, narrative, pages."""

    def __init__(self, store: Any, catalog: Catalog, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.catalog = store, catalog
        self.session: AssessmentSession | None = None
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)
        self._dock_sized = False
        self._item_sizes: list[int] = []
        self.setWindowIcon(icons.app_icon())
        self.setWindowTitle(APP_TITLE)
        self._build_central()
        self._build_dock()
        self._build_status_bar()
        from desktop.ui.main_menus import build_menus
        build_menus(self)
        self._restore_geometry()

    # --- layout ----------------------------------------------------------------------------
    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = self._read_only_banner()
        layout.addWidget(self.banner)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.navigator = ItemNavigator()
        self.item_pane = ItemPane()
        self.grid = SectionGrid()
        self.grid.set_writer(self.set_answer, self.undo_batch)
        # 逐项 (one item) or 表格 (a section's items in a grid), beside the same navigator.
        self.entry = QStackedWidget()
        self.entry.addWidget(self.item_pane)
        self.entry.addWidget(self.grid)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.entry)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 460])
        self.dashboard = DashboardPage()
        self.narrative = NarrativePage()
        self.pages.addTab(self.splitter, "逐项填报")
        self.pages.addTab(self.dashboard, "达标情况总览")
        self.pages.addTab(self.narrative, "自评报告正文")
        self.pages.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in the work; Ctrl+1–3
        self.pages.setCornerWidget(self._entry_switch(), Qt.Corner.TopRightCorner)
        self.pages.currentChanged.connect(self._on_page_changed)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.navigator.item_selected.connect(self._on_item_selected)
        self.navigator.item_activated.connect(lambda *_: self.item_pane.focus_answer())
        self.navigator.checklist_selected.connect(self._on_checklist_selected)
        self.navigator.section_selected.connect(self._on_section_selected)
        self.item_pane.advance.connect(lambda step: self.next_item() if step > 0 else self.previous_item())
        self.grid.item_selected.connect(self._on_grid_row)
        self.grid.section_chosen.connect(self._on_grid_section)
        self.grid.model.refused.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.item_pane.answer_edited.connect(self.set_answer)
        self.item_pane.review_confirmed.connect(self.confirm_review)
        self.item_pane.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.dashboard.item_activated.connect(self.go_to_item)

    def _entry_switch(self) -> QWidget:
        """The 逐项填报 / 表格填报 switch at the right of the page tabs (also 视图 menu, Ctrl+T)."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(2)
        self.grid_action = QAction("表格填报", self, checkable=True)
        self.grid_action.setShortcut(QKeySequence("Ctrl+T"))
        self.grid_action.setToolTip("表格填报（Ctrl+T）：本部分的条目排成一张表，像 Excel 一样逐行输入")
        self.grid_action.toggled.connect(self.set_grid_mode)
        button = QToolButton()
        button.setDefaultAction(self.grid_action)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(button)
        return box

    def in_grid_mode(self) -> bool:
        return self.entry.currentWidget() is self.grid

    def set_grid_mode(self, on: bool) -> None:
        """Shows the current item's section as a grid, or the item on its own again."""
        self.flush_edits()
        self.grid_action.setChecked(on)
        self.pages.setCurrentIndex(PAGE_ITEMS)
        if on != self.in_grid_mode():
            # The grid's six columns need the room; the navigator gets it back afterwards.
            if on:
                self._item_sizes = self.splitter.sizes()
                total = sum(self._item_sizes)
                # Too narrow for both (125 % on a laptop): the grid's section list stands in
                # for the navigator, which can still be dragged open.
                navigator = 0 if total < GRID_WITH_NAVIGATOR else int(total * 0.28)
                self.splitter.setSizes([navigator, total - navigator])
            elif self._item_sizes:
                self.splitter.setSizes(self._item_sizes)
        self.entry.setCurrentWidget(self.grid if on else self.item_pane)
        current = self.navigator.current_item()
        if current is not None:
            self._on_item_selected(*current)
        if on:
            self.grid.focus_answer()
        else:
            self.item_pane.focus_answer()

    @contextmanager
    def undo_batch(self, text: str):
        """Writes inside the block are one step of 撤销 (a paste of a column)."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def _on_grid_row(self, checklist_id: str, item_id: str) -> None:
        if self.navigator.current_item() != (checklist_id, item_id):
            self.navigator.select_item(checklist_id, item_id)

    def _on_grid_section(self, checklist_id: str, section_id: str) -> None:
        if self.session is None:
            return
        shown = self.session.tree_state(checklist_id).shown_items
        first = next((i.id for i in self.session.checklists[checklist_id].items_in(section_id)
                      if i.id in shown), None)
        if first is not None:
            self.navigator.select_item(checklist_id, first)
            self.grid.focus_answer()

    def _on_section_selected(self, checklist_id: str, section_id: str) -> None:
        if self.in_grid_mode() and self.session is not None:
            self.grid.show_section(self.session, checklist_id, section_id)

    def _read_only_banner(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("read_only_banner")
        frame.setStyleSheet("#read_only_banner { background: #fff4e0; border-bottom: 1px solid #e0a040; }")
        row = QHBoxLayout(frame)
        row.setContentsMargins(12, 6, 12, 6)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_button = QPushButton("回到当前评估")
        self.banner_button.clicked.connect(self.open_current_assessment)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.banner_button)
        frame.hide()
        return frame

    def _build_dock(self) -> None:
        self.indicator_dock = IndicatorDock(self)
        self.indicator_panel = self.indicator_dock.panel
        self.indicator_panel.plans.plan_edited.connect(self.set_indicator_plan)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.indicator_dock)
        self.resizeDocks([self.indicator_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)

    def _build_status_bar(self) -> None:
        self.saved_label = QLabel("")
        self.counts_label = QLabel("")
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().showMessage("每一项改动都会立即保存。", 8000)

    # --- opening ---------------------------------------------------------------------------
    def open_assessment(self, assessment_id: int) -> None:
        """Shows an assessment (read-only when archived); clears undo history of the previous one."""
        self.flush_edits()
        session = AssessmentSession(self.store, self.catalog, assessment_id, self)
        self.undo_stack.clear()
        self.session = session
        session.answers_changed.connect(self._on_answers_changed)
        session.details_changed.connect(self._on_details_changed)
        session.saved.connect(self._on_saved)
        self.item_pane.set_session(session)
        self.grid.show_section(None, "", "")
        self.navigator.clear_filter()
        self.navigator.set_states(session.tree_states())
        self.dashboard.set_session(session)
        self.narrative.set_session(session)
        self._show_read_only(session)
        self.show_title()
        self._update_counts()
        self._select_last_item(session)
        self.navigator.tree.setFocus()
        QSettings().setValue(last_assessment_key(self.store.data_dir), assessment_id)
        self.update_actions()

    def show_title(self) -> None:
        session = self.session
        if session is None:
            self.setWindowTitle(APP_TITLE)
            return
        suffix = "（只读）" if session.read_only else "（已定稿）" if session.info.status == "已完成" else ""
        self.setWindowTitle(f"{session.title}{suffix} — {APP_TITLE}")

    def close_assessment(self) -> None:
        """Empties the views (before the store closes, e.g. for a restore)."""
        self.flush_edits()
        self.undo_stack.clear()
        self.session = None
        self.item_pane.set_session(None)
        self.grid.show_section(None, "", "")
        self.navigator.set_states([])
        self.dashboard.set_session(None)
        self.narrative.set_session(None)
        self.indicator_dock.show_result(None)
        self.banner.hide()
        self.update_actions()

    def detach_store(self) -> None:
        """Closes the store (its lock too) so a backup can replace the file."""
        self.close_assessment()
        self.store.close()
        self.centralWidget().setEnabled(False)
        self.menuBar().setEnabled(False)

    def attach_store(self, data_dir: Path) -> None:
        """Opens the store again after detach_store() and shows the most recent assessment."""
        from desktop.core.store import AnswerStore
        try:
            self.store = AnswerStore.open(data_dir)
        except DesktopError as exc:
            show_error(self, exc, "无法打开数据")
            self.close()
            return
        self.centralWidget().setEnabled(True)
        self.menuBar().setEnabled(True)
        self.open_current_assessment()

    def _select_last_item(self, session: AssessmentSession) -> None:
        saved = str(QSettings().value(last_item_key(self.store.data_dir, session.id), "", type=str))
        checklist_id, _, item_id = saved.partition("/")
        if not (item_id and self.navigator.select_item(checklist_id, item_id)):
            self.navigator.select_first()

    def reload_assessment(self) -> None:
        """Re-reads the open assessment from the store (after an import or restore)."""
        if self.session is not None:
            current = self.navigator.current_item()
            self.open_assessment(self.session.id)
            if current is not None:
                self.navigator.select_item(*current)

    def open_current_assessment(self) -> None:
        latest = self.store.latest_assessment()
        if latest is not None:
            self.open_assessment(latest)

    def _show_read_only(self, session: AssessmentSession) -> None:
        self.banner_label.setText(
            f"正在查看「{session.info.period}」的历史评估：已归档，只能查看，不能修改。")
        self.banner.setVisible(session.read_only)

    # --- answers and undo ------------------------------------------------------------------
    def set_answer(self, checklist_id: str, item_id: str, value: AnswerValue | None) -> bool:
        """Writes an answer now and records it for undo; a refused write is shown, not recorded.

        The item pane and the grid both write here: one path for undo, saving and live results.
        """
        session = self.session
        if session is None:
            return False
        old = session.answer(checklist_id, item_id)
        try:
            session.set_answer(checklist_id, item_id, value)
        except DesktopError as exc:
            show_error(self, exc)
            self.item_pane.refresh()
            self.grid.refresh()
            return False
        self.undo_stack.push(AnswerCommand(session, checklist_id, item_id, old, value,
                                           on_applied=self.go_to_item))
        return True

    def confirm_review(self, checklist_id: str | None = None, item_id: str | None = None) -> None:
        if self.session is None:
            return
        if checklist_id is None or item_id is None:
            current = self.navigator.current_item()
            if current is None or not self.session.is_pending_review(*current):
                return
            checklist_id, item_id = current
        try:
            self.session.confirm_review(checklist_id, item_id)
        except DesktopError as exc:
            show_error(self, exc)

    def flush_edits(self) -> None:
        """Saves whatever is still being typed anywhere in the window."""
        self.item_pane.flush()
        self.grid.flush()
        self.indicator_panel.plans.flush()
        self.narrative.flush()

    # --- navigation ------------------------------------------------------------------------
    def go_to_item(self, checklist_id: str, item_id: str) -> None:
        self.pages.setCurrentIndex(PAGE_ITEMS)
        self.navigator.select_item(checklist_id, item_id)

    def next_item(self) -> None:
        self._move(lambda: self.navigator.move(1))

    def previous_item(self) -> None:
        self._move(lambda: self.navigator.move(-1))

    def next_unanswered(self) -> None:
        def jump() -> None:
            if not self.navigator.next_unanswered():
                self.statusBar().showMessage("所有条目都已填写。", 5000)
        self._move(jump)

    def _move(self, step) -> None:
        self.flush_edits()
        self.pages.setCurrentIndex(PAGE_ITEMS)
        step()
        self.grid.focus_answer() if self.in_grid_mode() else self.item_pane.focus_answer()

    def focus_tree(self) -> None:
        self.flush_edits()
        self.pages.setCurrentIndex(PAGE_ITEMS)
        self.navigator.tree.setFocus()

    def focus_search(self) -> None:
        self.pages.setCurrentIndex(PAGE_ITEMS)
        self.navigator.search.setFocus()
        self.navigator.search.selectAll()

    def _on_item_selected(self, checklist_id: str, item_id: str) -> None:
        if self.in_grid_mode() and self.session is not None:
            section = self.session.checklists[checklist_id].item(item_id).section
            self.grid.show_section(self.session, checklist_id, section, item_id)
        else:
            self.item_pane.show_item(checklist_id, item_id)
        if self.session is not None:
            QSettings().setValue(last_item_key(self.store.data_dir, self.session.id),
                                 f"{checklist_id}/{item_id}")
        self.update_actions()

    def _on_checklist_selected(self, checklist_id: str) -> None:
        if self.session is not None and checklist_id in self.session.results:
            self.show_indicators(checklist_id)

    def _on_page_changed(self, index: int) -> None:
        self.flush_edits()
        # The indicator panel belongs to item entry; the overview draws the same figures itself.
        self.indicator_dock.set_on_item_page(index == PAGE_ITEMS)
        if index == PAGE_DASHBOARD:
            current = self.navigator.current_item()
            if current is not None:
                self.dashboard.show_checklist(current[0])

    # --- session signals -------------------------------------------------------------------
    def _on_answers_changed(self, checklist_id: str) -> None:
        assert self.session is not None
        self.navigator.update_state(self.session.tree_state(checklist_id))
        self.item_pane.refresh()
        self.grid.refresh()
        self.dashboard.refresh(checklist_id)
        current = self.navigator.current_item()
        if current is not None and current[0] == checklist_id:
            self.show_indicators(checklist_id)
        self._update_counts()
        self.update_actions()

    def show_indicators(self, checklist_id: str) -> None:
        """The R1–R7 panel for a checklist, with the plans of its failed indicators."""
        assert self.session is not None
        self.indicator_dock.show_result(self.session.results[checklist_id])
        self.indicator_panel.plans.show_failed(self.session.failed_indicators(checklist_id),
                                               self.session.rectification)
        self.indicator_panel.plans.form.set_editable(not self.session.read_only)

    def set_indicator_plan(self, checklist_id: str, item_id: str, plan: object) -> None:
        """Saves (or deletes, for None) the 整改措施 of a failed indicator written in the panel."""
        session = self.session
        if session is None:
            return
        try:
            if plan is not None:
                session.set_rectification(plan)
            elif session.rectification(checklist_id, item_id) is not None:
                session.delete_rectification(checklist_id, item_id)
        except DesktopError as exc:
            show_error(self, exc)

    def _on_details_changed(self, checklist_id: str, item_id: str) -> None:
        assert self.session is not None
        self.navigator.update_state(self.session.tree_state(checklist_id))
        current = self.navigator.current_item()
        if current is not None and current[0] == checklist_id and self.indicator_dock.has_indicators:
            self.indicator_panel.plans.show_failed(self.session.failed_indicators(checklist_id),
                                                   self.session.rectification)
        if (checklist_id, item_id) == (self.item_pane.checklist_id, self.item_pane.item_id):
            self.item_pane.refresh()
        self.update_actions()

    def _on_saved(self, time: str) -> None:
        self.saved_label.setText(f"已保存 {time}")

    def _update_counts(self) -> None:
        if self.session is None:
            self.counts_label.setText("")
            return
        answered = total = pending = 0
        for cid, result in self.session.results.items():
            shown = set(self.session.tree_state(cid).shown_items)
            for r in result.items:
                if r.item.id in shown and r.status.value != "not_applicable":
                    total += 1
                    answered += r.status.value in ("met", "unmet", "recorded")
        pending = len(self.session.snapshot.pending_review)
        extra = f"　待复核 {pending} 项" if pending else ""
        self.counts_label.setText(f"已填写 {answered}/{total} 项{extra}")

    def update_actions(self) -> None:
        """Enables actions by state (read-only history, a task running, an item 待复核)."""
        from desktop.ui.main_menus import update_menu_state
        update_menu_state(self)

    # --- features in other modules ---------------------------------------------------------
    def call_feature(self, module: str, function: str) -> None:
        """Runs desktop.ui.<module>.<function>(self), or says the feature is not there yet."""
        self.flush_edits()
        name = f"desktop.ui.{module}"
        if importlib.util.find_spec(name) is None:
            show_info(self, APP_TITLE, COMING_SOON)
            return
        feature = getattr(importlib.import_module(name), function, None)
        if feature is None:
            show_info(self, APP_TITLE, COMING_SOON)
            return
        try:
            feature(self)
        except DesktopError as exc:
            show_error(self, exc)

    def generate_report(self) -> None:
        self.call_feature(*FEATURES["generate_report"])

    def export_excel(self) -> None:
        self.call_feature(*FEATURES["export_excel"])

    def export_package(self) -> None:
        self.call_feature(*FEATURES["export_package"])

    def import_excel(self) -> None:
        self.call_feature(*FEATURES["import_excel"])

    # --- dialogs of this module's own features ---------------------------------------------
    def new_period(self) -> None:
        from desktop.ui.new_period_dialog import start_new_period
        start_new_period(self)

    def finalize(self) -> None:
        from desktop.ui.finalize import finalize
        finalize(self)

    def unfinalize(self) -> None:
        from desktop.ui.finalize import unfinalize
        unfinalize(self)

    def show_history(self) -> None:
        from desktop.ui.history_dialog import HistoryDialog
        self.flush_edits()
        chosen = HistoryDialog.ask(self.store, self.catalog, self.session.id if self.session else None, self)
        if chosen is not None:
            self.open_assessment(chosen)

    def edit_school(self) -> None:
        from desktop.ui.school_dialog import edit_school
        edit_school(self)

    def edit_data_date(self) -> None:
        from desktop.ui.data_date_dialog import edit_data_date
        edit_data_date(self)

    def backup_and_restore(self) -> None:
        from desktop.ui.backup_dialog import backup_and_restore
        backup_and_restore(self)

    def show_about(self) -> None:
        QMessageBox.about(self, f"关于{APP_TITLE}",
                          f"<h3>{APP_TITLE}</h3><p>版本 {__version__}</p>"
                          "<p>面向中小学、幼儿园校（园）长的督导评估离线自评工具："
                          "逐项填报、即时判断是否达标、上传佐证材料、制定整改措施、生成自评报告。</p>"
                          f"<p>数据目录：{self.store.data_dir}</p>")

    def show_shortcuts(self) -> None:
        from desktop.ui.main_menus import SHORTCUT_HELP
        show_info(self, "键盘操作", SHORTCUT_HELP)

    # --- window state ----------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        restore_window(self, self.splitter)
        self.indicator_dock.set_wanted(QSettings().value("main_window/indicator_panel", True, type=bool))

    def save_geometry(self) -> None:
        # Saved as seen on the item page, where the indicator panel lives.
        self.pages.setCurrentIndex(PAGE_ITEMS)
        save_window(self, self.splitter)
        QSettings().setValue("main_window/indicator_panel", self.indicator_dock.wanted)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._dock_sized and QSettings().value("main_window/state") is None:
            # First start: the panel takes about a third, so at 125 % on a 1366×768 laptop the
            # navigator's names and the item pane keep room enough.
            self.resizeDocks([self.indicator_dock], [min(DOCK_WIDTH, int(self.width() * 0.31))],
                             Qt.Orientation.Horizontal)
        self._dock_sized = True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.flush_edits()
        if self.tasks.running():
            answer = QMessageBox.question(self, APP_TITLE, "还有任务在进行，确定要退出吗？")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.save_geometry()
        event.accept()

    def data_dir(self) -> Path:
        return Path(self.store.data_dir)
