"""学校填报 or 督学汇总: which mode a data folder opens in, and switching between the two.

The mode belongs to the data folder, not to the computer: a folder holding a school's assessments
opens as that school, one holding only a 督学 workspace opens as the workspace. Only a folder that
holds both (or neither yet) needs the user's last choice, remembered per folder in QSettings.
Both modes can share a folder: answers.db and supervisor.db have their own locks (the workspace's
is in submissions/), so the two can be open at the same time.
"""

from __future__ import annotations

import hashlib
import sqlite3
from argparse import Namespace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error

SCHOOL, SUPERVISOR = "school", "supervisor"


def _mode_key(data_dir: Path) -> str:
    # QSettings keys treat "/" as groups and "\\" specially: a digest names the folder instead.
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"folders/{digest}/mode"


def folder_contents(data_dir: Path) -> tuple[bool, bool]:
    """(holds a school's assessment, holds a 督学 workspace), read without opening either."""
    from desktop.core.store.base import DB_NAME
    from desktop.supervisor.workspace_file import DB_NAME as WORKSPACE_NAME
    has_workspace = (data_dir / WORKSPACE_NAME).exists()
    has_school = False
    path = data_dir / DB_NAME
    if path.exists() and path.stat().st_size > 0:
        try:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                has_school = conn.execute("SELECT 1 FROM assessments LIMIT 1").fetchone() is not None
            finally:
                conn.close()
        except sqlite3.Error:
            has_school = True  # a file we cannot read now: the school side says what is wrong
    return has_school, has_workspace


def current_mode(data_dir: Path | None = None) -> str:
    """The mode a folder opens in: what it holds, else the choice last made for it, else 学校."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    has_school, has_workspace = folder_contents(data_dir)
    if has_school != has_workspace:
        return SCHOOL if has_school else SUPERVISOR
    value = str(QSettings().value(_mode_key(data_dir), SCHOOL, type=str))
    return value if value in (SCHOOL, SUPERVISOR) else SCHOOL


def set_mode(mode: str, data_dir: Path | None = None) -> None:
    """Remembers the mode chosen for a folder (it decides only where the folder holds both)."""
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    QSettings().setValue(_mode_key(data_dir), mode)


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
