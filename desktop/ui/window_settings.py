"""UI-only preferences kept in QSettings: window geometry and the assessment open last (per data dir)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

DEFAULT_SIZE = (1280, 720)  # fits a 1366×768 laptop screen with the task bar


def last_assessment_key(data_dir: Path | str) -> str:
    """Settings key of the assessment last open in this data directory (one per directory)."""
    digest = hashlib.sha1(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"last_assessment/{digest}"


def last_item_key(data_dir: Path | str, assessment_id: int) -> str:
    """Settings key of the item last shown in an assessment, to carry on where the user left off."""
    return f"{last_assessment_key(data_dir)}_items/{assessment_id}"


def restore_window(window: QMainWindow, splitter: QSplitter) -> None:
    settings = QSettings()
    geometry = settings.value("main_window/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*DEFAULT_SIZE)
    state = settings.value("main_window/state")
    if state is not None:
        window.restoreState(state)
    sizes = settings.value("main_window/splitter")
    if sizes is not None:
        splitter.restoreState(sizes)


def save_window(window: QMainWindow, splitter: QSplitter) -> None:
    settings = QSettings()
    settings.setValue("main_window/geometry", window.saveGeometry())
    settings.setValue("main_window/state", window.saveState())
    settings.setValue("main_window/splitter", splitter.saveState())
