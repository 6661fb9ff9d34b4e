"""GUI test fixtures: offscreen Qt, settings in a temp folder, a store with one school and assessment."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.assessment import School  # noqa: E402
from desktop.core.catalog import shipped  # noqa: E402

SCHOOL = School(name="青山区第一实验学校", type="九年一贯制", code="1234567890", locale="城区",
                ownership="公办", principal="王校长")
CHECKLISTS = [("yzjh", "2025.1"), ("xyaq", "2025.1"), ("spaq", "2025.1")]


@pytest.fixture(autouse=True, scope="session")
def _guard_true_refcount():
    """PySide6 6.12 loses a reference to True per emit (see desktop/ui/qt_workarounds.py)."""
    from desktop.ui import qt_workarounds
    if qt_workarounds.emit_takes_a_reference():
        qt_workarounds.guard_true()
    yield


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path, qapp):
    """QSettings of the app under test live in tmp, never in the user's registry or ~/.config."""
    QCoreApplication.setOrganizationName("SchoolSelfAssessmentTest")
    QCoreApplication.setApplicationName("SchoolSelfAssessmentTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield


@pytest.fixture
def catalog():
    return shipped()


@pytest.fixture
def store():
    from desktop.core.store import AnswerStore
    opened = AnswerStore.open(paths.data_dir())
    yield opened
    opened.close()


@pytest.fixture
def assessment_id(store, catalog) -> int:
    school_id = store.add_school(SCHOOL)
    versions = [(cid, catalog.checklists[cid].version) for cid, _v in CHECKLISTS]
    return store.create_assessment(school_id, "2025年度", versions, data_date="2025-11-01")


@pytest.fixture
def window(qtbot, store, catalog, assessment_id):
    from desktop.ui.main_window import MainWindow
    w = MainWindow(store, catalog)
    qtbot.addWidget(w)
    w.open_assessment(assessment_id)
    w.resize(1366, 768)
    w.show()
    return w


def type_text(widget, text: str) -> None:
    """Types text key by key; works for Chinese, unlike qtbot.keyClicks (see STACK-NOTES)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
