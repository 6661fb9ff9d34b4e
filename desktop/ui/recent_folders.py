"""文件 → 打开数据文件夹… and 最近打开的文件夹: move between a school's folder and a 督学 workspace.

Each folder opens in its own mode (see supervisor/mode.py), so a principal who is also a 督学 sees
the school as the school and the workspace as the workspace; nothing ever looks lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop import paths
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error

RECENT_KEY = "folders/recent"
KEPT = 8


def recent() -> list[Path]:
    """Folders opened before, most recent first (those that still exist)."""
    saved = QSettings().value(RECENT_KEY, [], type=list) or []
    return [Path(p) for p in saved if isinstance(p, str) and Path(p).is_dir()]


def remember(folder: Path) -> None:
    folder = Path(folder).resolve()
    others = [str(p) for p in recent() if p.resolve() != folder]
    QSettings().setValue(RECENT_KEY, [str(folder), *others][:KEPT])


def describe(folder: Path) -> str:
    from desktop.ui.supervisor.mode import folder_contents
    has_school, has_workspace = folder_contents(folder)
    kinds = [k for k, present in (("学校填报", has_school), ("督学汇总", has_workspace)) if present]
    return f"{folder}（{'、'.join(kinds) or '空文件夹'}）"


def add_to_file_menu(window: Any, menu: QMenu) -> None:
    """打开数据文件夹… and a 最近打开的文件夹 submenu filled each time it opens."""
    action = menu.addAction("打开数据文件夹…")
    action.triggered.connect(lambda _=False: choose_folder(window))
    window.actions_by_name["open_folder"] = action
    submenu = menu.addMenu("最近打开的文件夹")
    window.recent_menu = submenu

    def fill() -> None:
        submenu.clear()
        current = paths.data_dir().resolve()
        folders = [f for f in recent() if f.resolve() != current]
        if not folders:
            submenu.addAction("（没有其他文件夹）").setEnabled(False)
        for n, folder in enumerate(folders, 1):
            entry = submenu.addAction(f"&{n} {describe(folder)}")
            entry.triggered.connect(lambda _=False, f=folder: open_folder(window, f))
    submenu.aboutToShow.connect(fill)
    fill()


def choose_folder(window: Any) -> Any:
    chosen = QFileDialog.getExistingDirectory(window, "打开数据文件夹", str(paths.data_dir().parent))
    return open_folder(window, Path(chosen)) if chosen else None


def open_folder(window: Any, folder: Path) -> Any:
    """Opens another data folder in its own mode and closes this window; None when it stays."""
    from desktop.core.store import AnswerStore
    from desktop.ui.supervisor.mode import SUPERVISOR, current_mode, open_supervisor
    folder = Path(folder).resolve()
    if folder == paths.data_dir().resolve():
        return None
    if hasattr(window, "flush_edits"):
        window.flush_edits()
    try:
        store = AnswerStore.open(folder)
    except DesktopError as exc:
        show_error(window, exc, "无法打开数据文件夹")
        return None
    previous = paths.data_dir()
    paths.init(folder)
    try:
        if current_mode(folder) == SUPERVISOR:
            new = open_supervisor(window.catalog, store)
        else:
            new = _open_school(store, window.catalog)
    except DesktopError as exc:
        store.close()
        paths.init(previous)
        show_error(window, exc, "无法打开数据文件夹")
        return None
    if new is None and current_mode(folder) == SUPERVISOR:  # 我是督学 chosen in its setup
        new = open_supervisor(window.catalog, store)
    if new is None:  # the setup of an empty folder was cancelled
        store.close()
        paths.init(previous)
        return None
    old_store = getattr(window, "store", None)
    if not window.close():
        new.close()
        paths.init(previous)
        return None
    if old_store is not None and old_store is not store:
        old_store.close()
    remember(previous)  # the folder left is listed too, even when the app started elsewhere
    remember(folder)
    return new


def _open_school(store: Any, catalog: Any) -> Any:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.start import first_assessment
    assessment_id = first_assessment(store, catalog)
    if assessment_id is None:
        return None
    window = MainWindow(store, catalog)
    window.open_assessment(assessment_id)
    window.show()
    return window
