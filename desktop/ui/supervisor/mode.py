"""学校填报 or 督学汇总: which mode the app opens in (QSettings) and switching between the two.

The mode is a UI preference of this computer, so it lives in QSettings (app/mode). Both modes
share the data directory: the school's answers.db and the supervisor's supervisor.db have their
own locks (the workspace's is in submissions/), so the two can be open at the same time.
"""

from __future__ import annotations

from argparse import Namespace
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error

MODE_KEY = "app/mode"
SCHOOL, SUPERVISOR = "school", "supervisor"


def current_mode() -> str:
    value = str(QSettings().value(MODE_KEY, SCHOOL, type=str))
    return value if value in (SCHOOL, SUPERVISOR) else SCHOOL


def set_mode(mode: str) -> None:
    QSettings().setValue(MODE_KEY, mode)


def supervisor_chosen(args: Namespace) -> bool:
    """Start in 督学汇总? (A --screenshot always shows the school side.)"""
    return not getattr(args, "screenshot", None) and current_mode() == SUPERVISOR


def open_supervisor(catalog: Catalog, store: Any = None) -> Any:
    """Opens the workspace of the data directory and shows the supervisor's window.

    Raises StoreError when the workspace cannot be opened (another copy of the app has it…).
    """
    from desktop.supervisor.workspace import Workspace
    from desktop.ui.supervisor.supervisor_window import SupervisorWindow
    ws = Workspace.open(paths.data_dir())
    try:
        window = SupervisorWindow(ws, catalog, store)
    except BaseException:
        ws.close()
        raise
    window.show()
    return window


def run_supervisor(app: QApplication, store: Any, catalog: Catalog, args: Namespace) -> int:
    """app.py's start in 督学汇总 mode: the window, the event loop, the workspace closed after."""
    window = open_supervisor(catalog, store)
    try:
        return app.exec()
    finally:
        window.ws.close()  # the window may still be open when the app is told to quit


def switch_to_supervisor(main_window: Any) -> Any:
    """视图 → 切换到督学汇总 in the principal's window; None when it stays (error, or 退出 refused)."""
    main_window.flush_edits()
    try:
        window = open_supervisor(main_window.catalog, main_window.store)
    except DesktopError as exc:
        show_error(main_window, exc, "无法打开督学汇总")
        return None
    if not main_window.close():  # a task still running and the user said no
        window.close()
        return None
    set_mode(SUPERVISOR)
    return window


def switch_to_school(window: Any) -> Any:
    """文件 → 切换到学校填报: the principal's window on the last assessment (set up if none)."""
    from desktop.core.store import AnswerStore
    from desktop.ui.main_window import MainWindow
    from desktop.ui.start import first_assessment
    store = window.store
    try:
        if store is None:
            store = window.store = AnswerStore.open(paths.data_dir())
        set_mode(SCHOOL)  # before the setup wizard, which may choose 督学汇总 again
        assessment_id = first_assessment(store, window.catalog)
    except DesktopError as exc:
        show_error(window, exc, "无法切换到学校填报")
        return None
    if assessment_id is None:  # the first-launch setup was cancelled: stay here
        set_mode(SUPERVISOR)
        return None
    main = MainWindow(store, window.catalog)
    main.open_assessment(assessment_id)
    main.show()
    window.close()
    return main
