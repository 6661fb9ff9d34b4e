"""Choosing 督学汇总: in the first-launch wizard, at start-up (remembered), and from either window."""

from __future__ import annotations

import sys
import threading
from argparse import Namespace

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QWizard

from desktop import app as app_module
from desktop import paths
from desktop.ui.main_window import MainWindow
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.supervisor.mode import SCHOOL, SUPERVISOR, current_mode, set_mode
from desktop.ui.supervisor.supervisor_window import SupervisorWindow


@pytest.fixture(autouse=True)
def _keep_hooks():
    """main() installs crash hooks and a log handler for the process; put them back."""
    import logging
    saved = sys.excepthook, threading.excepthook, list(logging.getLogger().handlers)
    yield
    sys.excepthook, threading.excepthook = saved[0], saved[1]
    for handler in logging.getLogger().handlers:
        if handler not in saved[2]:
            handler.close()
    logging.getLogger().handlers = saved[2]


def shown(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


@pytest.fixture
def started(qtbot, monkeypatch):
    """Runs app.main without its event loop; returns the windows shown when it would start."""
    windows = []

    def no_loop(_app) -> int:
        windows.extend(shown(SupervisorWindow) + shown(MainWindow))
        for w in windows:
            qtbot.addWidget(w)
        return 0

    monkeypatch.setattr(QApplication, "exec", no_loop)

    def start(data_dir) -> int:
        return app_module.main(Namespace(data_dir=str(data_dir), screenshot=None, size="1366x768",
                                         smoke_test=False))
    return start, windows


def test_the_wizard_offers_the_supervisor_mode(qtbot, catalog):
    wizard = SetupWizard(catalog)
    qtbot.addWidget(wizard)
    wizard.show()
    button = wizard.button(QWizard.WizardButton.CustomButton1)
    assert button.isVisible() and button.text() == "我是督学：改用督学汇总"
    assert current_mode() == SCHOOL
    button.click()
    assert current_mode() == SUPERVISOR and wizard.result() == QDialog.DialogCode.Rejected


def test_first_launch_choosing_supervisor_opens_the_workspace(started, monkeypatch):
    start, windows = started
    data = paths.data_dir()
    monkeypatch.setattr(SetupWizard, "ask", classmethod(
        lambda cls, catalog, parent=None: set_mode(SUPERVISOR)))  # the button: mode set, None
    assert start(data) == 0
    assert [type(w) for w in windows] == [SupervisorWindow]
    assert (data / "supervisor.db").exists()


def test_the_remembered_mode_starts_the_supervisor_window(started, monkeypatch):
    start, windows = started
    # Remembered under the app's own names (main() sets them; the settings folder is tmp).
    QCoreApplication.setOrganizationName(app_module.ORGANIZATION)
    QCoreApplication.setApplicationName(app_module.APPLICATION)
    set_mode(SUPERVISOR)
    asked = []
    monkeypatch.setattr(SetupWizard, "ask", classmethod(lambda cls, *a, **k: asked.append(1)))
    assert start(paths.data_dir()) == 0
    assert not asked and [type(w) for w in windows] == [SupervisorWindow]
    # main() closed the workspace on the way out: it opens again.
    from desktop.supervisor.workspace import Workspace
    Workspace.open(paths.data_dir()).close()


def test_the_school_mode_is_the_default(started, store, assessment_id):
    start, windows = started
    store.close()  # the app opens the data directory itself
    assert start(paths.data_dir()) == 0
    assert [type(w) for w in windows] == [MainWindow]


def test_switching_from_the_principals_window_and_back(qtbot, window):
    window.actions_by_name["switch_mode"].trigger()
    (supervisor,) = shown(SupervisorWindow)
    qtbot.addWidget(supervisor)
    assert not window.isVisible() and current_mode() == SUPERVISOR
    assert supervisor.store is window.store and supervisor.windowTitle().endswith("督学汇总")
    supervisor.actions_by_name["switch_mode"].trigger()
    assert not supervisor.isVisible() and current_mode() == SCHOOL
    (principal,) = shown(MainWindow)
    qtbot.addWidget(principal)
    assert principal.session is not None and principal.session.id == window.session.id
    # The workspace was closed with its window: it opens again at once.
    from desktop.supervisor.workspace import Workspace
    Workspace.open(paths.data_dir()).close()
