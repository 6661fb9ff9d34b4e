"""Start-up, --screenshot, a second instance, background tasks and the error and crash dialogs."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from desktop import app as app_module
from desktop.core.errors import InputError, StoreError
from desktop.ui import errors as ui_errors
from desktop.ui.crash_dialog import CrashDialog
from desktop.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _keep_hooks():
    """main() installs the crash hooks and a log handler for the process; put them back."""
    import logging
    saved = sys.excepthook, threading.excepthook, list(logging.getLogger().handlers)
    yield
    sys.excepthook, threading.excepthook = saved[0], saved[1]
    for handler in logging.getLogger().handlers:
        if handler not in saved[2]:
            handler.close()
    logging.getLogger().handlers = saved[2]


def _run_app(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_screenshot_option_writes_a_png_of_the_latest_assessment(tmp_path, store, assessment_id):
    store.close()  # the app opens the data directory itself
    out = tmp_path / "shot.png"
    done = _run_app("--data-dir", str(store.data_dir), "--screenshot", str(out), "--size", "1024x700")
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1024, 700)


def test_second_instance_is_refused_with_a_message(qtbot, store, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    code = app_module.main(Namespace(data_dir=str(store.data_dir), screenshot=None,
                                     size="1366x768", smoke_test=False))
    assert code == app_module.EXIT_STARTUP_FAILED
    assert shown and "另一个正在运行" in shown[0]


def test_damaged_database_is_a_message_and_non_zero_exit(qtbot, tmp_path, monkeypatch):
    data = tmp_path / "broken"
    data.mkdir()
    (data / "answers.db").write_bytes(b"this is not a database" * 10)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    code = app_module.main(Namespace(data_dir=str(data), screenshot=None, size="1366x768",
                                     smoke_test=False))
    assert code == app_module.EXIT_STARTUP_FAILED
    assert shown and "数据库" in shown[0]
    assert (data / "answers.db").read_bytes() == b"this is not a database" * 10


def test_size_option_is_checked():
    from desktop.ui.start import size_from_text
    assert size_from_text("1920x1080").width() == 1920
    with pytest.raises(InputError, match="宽x高"):
        size_from_text("big")


def test_task_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    threads, results = [], []

    def work(progress, is_cancelled):
        threads.append(threading.current_thread())
        progress(1, 2)
        return 42

    task = runner.run(work, results.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert results == [42]
    assert threads[0] is not threading.main_thread()
    assert runner.running() == 0


def test_task_errors_reach_on_error_or_the_shared_handlers(qtbot, monkeypatch):
    runner = TaskRunner()
    errors = []
    task = runner.run(lambda progress, is_cancelled: 1 / 0, lambda r: None, errors.append)
    with qtbot.waitSignal(task.failed, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)
    shown = []
    monkeypatch.setattr(ui_errors, "show_error", lambda parent, exc: shown.append(str(exc)))

    def refuse(progress, is_cancelled):
        raise StoreError("数据目录不可写")
    task = runner.run(refuse, lambda r: None)
    with qtbot.waitSignal(task.failed, timeout=5000):
        pass
    assert shown == ["数据目录不可写"]


def test_task_can_be_cancelled(qtbot):
    runner = TaskRunner()
    started = threading.Event()

    def work(progress, is_cancelled):
        started.set()
        while not is_cancelled():
            threading.Event().wait(0.01)
        return "cancelled"
    results = []
    task = runner.run(work, results.append)
    started.wait(5)
    with qtbot.waitSignal(task.done, timeout=5000):
        task.cancel()
    assert results == ["cancelled"]


def test_show_error_uses_a_warning_box(qtbot, monkeypatch):
    seen = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append((title, text)))
    ui_errors.show_error(None, InputError("条目「小学在校生数」：应填数字"))
    assert seen == [("无法完成操作", "条目「小学在校生数」：应填数字")]


def test_crash_hook_logs_and_shows_the_dialog(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(CrashDialog, "show_crash", classmethod(lambda cls, text, path: shown.append((text, path))))
    if True:
        log_path = app_module.setup_logging(tmp_path)
        app_module.install_crash_handlers(log_path)
        try:
            raise RuntimeError("意外")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: bool(shown), timeout=3000)
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=3000)
    assert "RuntimeError: 意外" in shown[0][0] and shown[0][1] == log_path
    assert "ZeroDivisionError" in shown[1][0]
    assert "RuntimeError: 意外" in log_path.read_text(encoding="utf-8")


def test_crash_dialog_names_the_log_file(qtbot, tmp_path):
    from PySide6.QtWidgets import QLabel, QPlainTextEdit
    log = tmp_path / "logs" / "app.log"
    dialog = CrashDialog("Traceback (most recent call last): …", log)
    qtbot.addWidget(dialog)
    assert any(str(log) in label.text() for label in dialog.findChildren(QLabel))
    details = dialog.findChild(QPlainTextEdit, "crash_details")
    assert details.toPlainText().startswith("Traceback")


def test_qt_standard_buttons_speak_chinese_and_a_cjk_font_is_chosen(qtbot, qapp):
    from PySide6.QtWidgets import QDialogButtonBox
    saved_font = qapp.font()
    try:
        assert app_module.load_translations(qapp)
        family = app_module.choose_font(qapp)
    finally:
        qapp.setFont(saved_font)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().startswith("取消")
    assert family in app_module.CJK_FAMILIES
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QKeySequence
    native = QKeySequence.SequenceFormat.NativeText
    assert QKeySequence("Ctrl+Down").toString(native) == "Ctrl+↓"  # not 「Ctrl+下方向」
    assert QKeySequence("Ctrl+Return").toString(native) == "Ctrl+回车"
    assert QCoreApplication.translate("QFileDialog", "Open") == "打开"


def test_a_bug_at_start_up_is_shown_and_exits_non_zero(qtbot, store, monkeypatch):
    store.close()
    shown = []
    monkeypatch.setattr(CrashDialog, "show_crash", classmethod(lambda cls, text, path: shown.append(text)))

    def broken(*args):
        raise RuntimeError("启动时的错误")
    monkeypatch.setattr(app_module, "_run", broken)
    code = app_module.main(Namespace(data_dir=str(store.data_dir), screenshot=None, size="1366x768",
                                     smoke_test=False))
    assert code == app_module.EXIT_STARTUP_FAILED
    assert shown and "RuntimeError: 启动时的错误" in shown[0]


def test_bad_size_is_a_message(qtbot, store, monkeypatch):
    store.close()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    code = app_module.main(Namespace(data_dir=str(store.data_dir), screenshot="x.png", size="huge",
                                     smoke_test=False))
    assert code == app_module.EXIT_STARTUP_FAILED
    assert "宽x高" in shown[0]
