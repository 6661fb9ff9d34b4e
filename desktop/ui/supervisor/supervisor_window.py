"""The 督学汇总 window: 学校名单, 县域统计 and 整改跟踪 pages over the supervisor's workspace.

The window owns the workspace opened on the GUI thread (closed when the window closes); imports
run in tasks on a worker connection of their own, and every list is read again afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QDialog, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget,
    QToolButton, QVBoxLayout, QWidget,
)

from desktop import __version__
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.supervisor.outcomes import FailedPackage, shown_time
from desktop.supervisor.status import SchoolRow
from desktop.ui import icons
from desktop.ui.errors import show_error, show_info
from desktop.ui.supervisor.dialog_buttons import button_box
from desktop.ui.supervisor.import_dialog import (
    PackageImportDialog, ask_package_files, ask_package_folder, ask_roster_file, import_roster,
)
from desktop.ui.supervisor.overdue_page import OverduePage
from desktop.ui.supervisor.school_list_page import SchoolListPage
from desktop.ui.supervisor.stats_page import StatsPage
from desktop.ui.supervisor.table_base import Column, RowsTableModel, table_view
from desktop.ui.tasks import TaskRunner

APP_TITLE = "学校督导自评助手 — 督学汇总"
LATEST = "各校最新（不分周期）"
PAGE_SCHOOLS, PAGE_STATS, PAGE_OVERDUE = range(3)
GEOMETRY_KEY = "supervisor_window/geometry"


class FailedPackageModel(RowsTableModel[FailedPackage]):
    """Packages that failed verification; the school is what the manifest claims (unverified)."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("文件", lambda f: f.file_name, width=200),
            Column("导入时间", lambda f: shown_time(f.at), width=130),
            Column("自称的学校（未核实）", lambda f: f.claimed_name or "无法识别", width=200),
            Column("原因", lambda f: f.reason, tip=lambda f: f.reason),
        ], parent)


class SupervisorWindow(QMainWindow):
    """Attributes: ws, catalog, store (the principal's store, to switch back; may be None), tasks,
    schools, stats, overdue (the pages), pages (QTabWidget), period_box, actions_by_name,
    import_dialog (the last PackageImportDialog).

    Signals: reloaded(): the lists were read again from the workspace.
    """

    reloaded = Signal()

    def __init__(self, ws: Any, catalog: Catalog, store: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws, self.catalog, self.store = ws, catalog, store
        self.tasks = TaskRunner(self)
        self.import_dialog: PackageImportDialog | None = None
        self._closed = False
        self.setWindowTitle(APP_TITLE)
        self.setWindowIcon(icons.app_icon())
        self.schools = SchoolListPage()
        self.stats = StatsPage(ws, self.tasks)
        self.overdue = OverduePage()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.schools, "学校名单")
        self.pages.addTab(self.stats, "县域统计（差异系数）")
        self.pages.addTab(self.overdue, "整改跟踪")
        self.setCentralWidget(self.pages)
        self.schools.school_activated.connect(self.view_school)
        self.schools.selection_changed.connect(self.update_actions)
        self.overdue.notice_activated.connect(self._open_overdue_notice)
        self._build_menus()
        self._build_toolbar()
        self.statusBar().showMessage(f"数据目录：{ws.data_dir}", 10000)
        self._restore_geometry()
        self.reload()

    # --- menus and toolbar ------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, name: str, shortcut: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_menus(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        bar = self.menuBar()
        file = bar.addMenu("文件(&F)")
        self._action(file, "导入名单…", self.import_roster, "roster")
        self._action(file, "导入提交包（选择文件）…", self.import_files, "import_files", "Ctrl+O")
        self._action(file, "导入提交包（选择文件夹）…", self.import_folder, "import_folder", "Ctrl+Shift+O")
        self._action(file, "校验失败的提交包…", self.show_failed_packages, "failed")
        file.addSeparator()
        self._action(file, "督学设置…", self.edit_settings, "settings")
        self._action(file, "切换到学校填报", self.switch_to_school, "switch_mode")
        from desktop.ui.recent_folders import add_to_file_menu
        add_to_file_menu(self, file)
        file.addSeparator()
        self._action(file, "退出", self.close, "quit", "Ctrl+Q")
        school = bar.addMenu("学校(&S)")
        self._action(school, "查看提交内容", lambda: self.view_school(self.schools.current_school()),
                     "view")
        self._action(school, "督导档案（整改通知书、督导记录）…",
                     lambda: self.open_records(self.schools.current_school()), "records", "Ctrl+R")
        self._action(school, "刷新", self.reload, "reload", "F5")
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "关于", self.show_about, "about")

    def _build_toolbar(self) -> None:
        bar = self.addToolBar("常用")
        bar.setObjectName("supervisor_toolbar")
        bar.setMovable(False)
        bar.addAction(self.actions_by_name["roster"])
        packages = QToolButton()
        packages.setText("导入提交包")
        packages.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(packages)
        menu.addAction(self.actions_by_name["import_files"])
        menu.addAction(self.actions_by_name["import_folder"])
        packages.setMenu(menu)
        bar.addWidget(packages)
        bar.addSeparator()
        bar.addAction(self.actions_by_name["view"])
        bar.addAction(self.actions_by_name["records"])
        bar.addSeparator()
        bar.addWidget(QLabel(" 评估周期："))
        self.period_box = QComboBox()
        self.period_box.setMinimumWidth(170)
        self.period_box.currentIndexChanged.connect(lambda _n: self.reload())
        bar.addWidget(self.period_box)

    def update_actions(self) -> None:
        row = self.schools.current_school()
        self.actions_by_name["view"].setEnabled(row is not None)
        self.actions_by_name["records"].setEnabled(row is not None)

    # --- data -------------------------------------------------------------------------------
    def period(self) -> str | None:
        """The chosen 评估周期; None = every school's latest package of any period."""
        return self.period_box.currentData()

    def _fill_periods(self) -> None:
        periods = self.ws.periods()
        # Until a period exists the box holds only LATEST; then the newest period is the default.
        had_periods = self.period_box.count() > 1
        chosen = self.period_box.currentData() if had_periods else (periods[-1] if periods else None)
        self.period_box.blockSignals(True)
        self.period_box.clear()
        for period in reversed(periods):
            self.period_box.addItem(period, period)
        self.period_box.addItem(LATEST, None)
        found = self.period_box.findData(chosen) if chosen else self.period_box.count() - 1
        self.period_box.setCurrentIndex(found if found >= 0 else 0)
        self.period_box.blockSignals(False)

    def reload(self) -> None:
        """Reads every list again (after an import, a roster, a notice or a 复查)."""
        if self._closed:
            return  # a task's result arriving after the window (and its workspace) closed
        self._fill_periods()
        period = self.period()
        self.schools.set_rows(self.ws.school_list(period), self.ws.failed_packages())
        self.overdue.set_items(self.ws.overdue_items())
        late = self.overdue.model.rowCount()
        self.pages.setTabText(PAGE_OVERDUE, f"整改跟踪（逾期 {late} 项）" if late else "整改跟踪")
        self.stats.set_period(period)
        self.update_actions()
        self.reloaded.emit()

    # --- importing --------------------------------------------------------------------------
    def import_roster(self) -> None:
        path = ask_roster_file(self)
        if path is not None:
            import_roster(self, path)

    def import_files(self) -> PackageImportDialog | None:
        files = ask_package_files(self)
        return self.import_packages(files=files) if files else None

    def import_folder(self) -> PackageImportDialog | None:
        folder = ask_package_folder(self)
        return self.import_packages(folder=folder) if folder is not None else None

    def import_packages(self, *, files: list[Path] = (), folder: Path | None = None) -> PackageImportDialog:
        """Opens the import dialog and starts the import; the lists are re-read when it ends."""
        dialog = PackageImportDialog(self.ws.data_dir, self.tasks, folder=folder, files=files,
                                     parent=self)
        dialog.finished_import.connect(lambda _result: self.reload())
        self.import_dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    def show_failed_packages(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle("校验失败的提交包")
        layout = QVBoxLayout(dialog)
        note = QLabel("这些文件没有导入：它们在导出后被改动、损坏或不完整。请让学校重新导出并发送。"
                      "学校名称取自文件自身的说明，未经核实。")
        note.setWordWrap(True)
        layout.addWidget(note)
        model = FailedPackageModel(dialog)
        model.set_rows(self.ws.failed_packages())
        layout.addWidget(table_view(model), 1)
        layout.addWidget(button_box(dialog))
        dialog.resize(900, 420)
        dialog.open()
        return dialog

    # --- one school -------------------------------------------------------------------------
    def view_school(self, row: SchoolRow | None) -> QDialog | None:
        """The school's submission, read-only; a message when it has none that passed."""
        if row is None:
            return None
        if row.submission is None:
            reasons = "\n".join(row.reasons)
            show_info(self, row.name, f"「{row.name}」还没有通过校验的提交包（{row.status}）。"
                      + (f"\n{reasons}" if reasons else ""))
            return None
        from desktop.ui.supervisor.school_view import SchoolViewDialog
        try:
            stored = self.ws.submission(row.submission.id, self.catalog)
        except DesktopError as exc:
            show_error(self, exc, "无法打开提交内容")
            return None
        dialog = SchoolViewDialog(stored, row, self.catalog, self.tasks, self)
        dialog.open()
        return dialog

    def open_records(self, row: SchoolRow | None) -> QDialog | None:
        if row is None:
            return None
        from desktop.ui.supervisor.records_dialog import SchoolRecordsDialog
        dialog = SchoolRecordsDialog(self.ws, row, self.tasks, self)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.open()
        return dialog

    def _open_overdue_notice(self, follow: Any) -> None:
        if follow is None:
            return
        from desktop.ui.supervisor.notice_dialog import NoticeDialog
        dialog = NoticeDialog(self.ws, self.ws.notice(follow.notice.id), self.tasks, self)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.tabs.setCurrentIndex(1)
        dialog.open()

    # --- other --------------------------------------------------------------------------------
    def edit_settings(self) -> None:
        from desktop.ui.supervisor.settings_dialog import SettingsDialog
        SettingsDialog(self.ws, self).exec()

    def switch_to_school(self) -> None:
        from desktop.ui.supervisor.mode import switch_to_school
        switch_to_school(self)

    def show_about(self) -> None:
        QMessageBox.about(self, "关于督学汇总",
                          f"<h3>{APP_TITLE}</h3><p>版本 {__version__}</p>"
                          "<p>汇总各校提交包：谁未提交、谁需复核、哪些条目未达标；计算县域差异系数；"
                          "下发整改通知书、记录督导和复查。</p>"
                          f"<p>数据目录：{self.ws.data_dir}</p>")

    def _restore_geometry(self) -> None:
        geometry = QSettings().value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 720)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.tasks.running():
            answer = QMessageBox.question(self, APP_TITLE, "还有任务在进行（导入或统计），确定要退出吗？"
                                          "正在导入的那个提交包不会导入，已导入的保留。")
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            if self.import_dialog is not None:
                self.import_dialog.cancel()
            self.stats.cancel()
            self.tasks.wait()
        QSettings().setValue(GEOMETRY_KEY, self.saveGeometry())
        event.accept()
        self._closed = True
        # Open dialogs finish while the workspace is still open (they may re-read it).
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
        self.ws.close()
