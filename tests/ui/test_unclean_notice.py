"""After a run that did not end cleanly the user is told, and where the store kept its copy."""

import os
import time

from desktop.ui.start import unclean_copy, unclean_notice


def test_the_copy_made_at_this_start_is_named(tmp_path):
    started = time.time()
    old = tmp_path / "backups" / "unclean-20250101-000000-000000"
    old.mkdir(parents=True)
    os.utime(old, (started - 3600, started - 3600))
    assert unclean_copy(tmp_path, started) is None  # an earlier crash, told about back then
    new = tmp_path / "backups" / "unclean-20260101-000000-000000"
    new.mkdir()
    assert unclean_copy(tmp_path, started) == new
    text = unclean_notice(new)
    assert "没有正常退出" in text and str(new) in text and "备份与恢复" in text


def test_the_app_tells_after_a_crash(qtbot, monkeypatch, tmp_path):
    """A database left with its log (as after a power cut) opens with a notice naming the copy."""
    import shutil
    import sys
    import threading
    from argparse import Namespace

    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop import app as app_module
    from desktop.core.assessment import School
    from desktop.core.store import AnswerStore
    data = tmp_path / "school"
    crashed = tmp_path / "crashed"
    with AnswerStore.open(data) as store:
        store.add_school(School(name="青山小学", type="小学"))
        crashed.mkdir()
        for name in ("answers.db", "answers.db-wal"):  # the files as a crash leaves them
            if (data / name).exists():
                shutil.copy2(data / name, crashed / name)
    if not (crashed / "answers.db-wal").exists():
        import pytest
        pytest.skip("the store left no log to copy")
    for name in ("answers.db", "answers.db-wal"):
        shutil.copy2(crashed / name, data / name)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append((title, text)))
    monkeypatch.setattr(QApplication, "exec", lambda _app: (QApplication.processEvents(), 0)[1])
    from desktop.ui.setup_wizard import SetupWizard
    monkeypatch.setattr(SetupWizard, "ask", classmethod(lambda cls, *a, **k: None))
    saved = sys.excepthook, threading.excepthook
    try:
        app_module.main(Namespace(data_dir=str(data), screenshot=None, size="1366x768", smoke_test=False))
    finally:
        sys.excepthook, threading.excepthook = saved
        import logging
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_desktop_log", False):
                handler.close()
                logging.getLogger().removeHandler(handler)
    QApplication.processEvents()
    assert told and told[0][0] == "上次没有正常退出"
    assert "unclean-" in told[0][1]
