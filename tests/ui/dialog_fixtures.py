"""Fixtures for the report, export and import dialogs: the demo school in a store and a main window.

The demo is built once per session (about 1.5 s) in a template folder; each test copies that
folder into its own data directory, so tests never share a database.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from desktop import paths
from desktop.core.store.lock import LOCK_NAME

# A 1366×768 laptop: the taskbar takes about 40 px, a dialog's title bar about 30.
LAPTOP = (1366, 768)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> tuple[Path, int]:
    from desktop.core.catalog import shipped
    from desktop.core.demo import create_demo
    from desktop.core.store import AnswerStore
    folder = tmp_path_factory.mktemp("demo-template")
    with AnswerStore.open(folder) as store:
        result = create_demo(store, shipped())
    return folder, result.assessment_id


@pytest.fixture
def demo_id(demo_template) -> int:
    """The demo's current (2025年度) assessment."""
    return demo_template[1]


@pytest.fixture
def demo_store(demo_template):
    """An AnswerStore on a fresh copy of the demo, in this test's data directory."""
    from desktop.core.store import AnswerStore
    target = paths.data_dir()
    shutil.copytree(demo_template[0], target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(LOCK_NAME))
    store = AnswerStore.open(target)
    yield store
    store.close()


@pytest.fixture
def demo_window(qtbot, demo_store, demo_id, catalog):
    from desktop.ui.main_window import MainWindow
    window = MainWindow(demo_store, catalog)
    qtbot.addWidget(window)
    window.open_assessment(demo_id)
    window.resize(*LAPTOP)
    window.show()
    return window


def save_screenshot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    """Grabs the widget into tmp (and into $SCREENSHOTS when set, to look at by hand)."""
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull()
    out = tmp_path / name
    image.save(str(out))
    if os.environ.get("SCREENSHOTS"):
        image.save(str(Path(os.environ["SCREENSHOTS"]) / name))
    return out


def assert_nothing_cut_off(root: QWidget) -> None:
    """Every visible button, check box and single-line label is at least as wide as its text needs."""
    from PySide6.QtWidgets import QAbstractButton, QLabel
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or not isinstance(widget, (QAbstractButton, QLabel)):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            assert widget.height() >= widget.heightForWidth(widget.width()) - 1, widget.text()
            continue
        hint = widget.minimumSizeHint() if isinstance(widget, QLabel) else widget.sizeHint()
        assert widget.width() >= hint.width() - 1, (type(widget).__name__, widget.text(),
                                                     widget.width(), hint.width())
