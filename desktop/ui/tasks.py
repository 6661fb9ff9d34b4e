"""Runs long work off the GUI thread and hands its result or exception back on the GUI thread.

Task functions are plain Python: they receive progress(done, total) and is_cancelled() and must
not touch widgets, models or the GUI thread's store (sqlite3 objects stay in their thread; a
worker opens its own connection or works on a snapshot).
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.core.errors import DesktopError

TaskFunction = Callable[..., Any]


class _TaskSignals(QObject):
    """Created on the GUI thread, so the worker's emits are queued to it."""

    finished = Signal(object)
    failed = Signal(object)
    progress_changed = Signal(int, int)


class _Runnable(QRunnable):
    def __init__(self, function: TaskFunction, signals: _TaskSignals, cancel: threading.Event):
        super().__init__()
        self.setAutoDelete(True)
        self._function, self._signals, self._cancel = function, signals, cancel

    def run(self) -> None:
        try:
            result = self._function(progress=self._signals.progress_changed.emit,
                                    is_cancelled=self._cancel.is_set)
        except BaseException as exc:  # delivered to on_error on the GUI thread, never lost
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class Task(QObject):
    """A handle on one running task.

    Signals:
        done(object): the function's return value (GUI thread).
        failed(object): the exception it raised (GUI thread).
        progress_changed(int, int): done, total.
    """

    done = Signal(object)
    failed = Signal(object)
    progress_changed = Signal(int, int)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.running = True
        self.signals = _TaskSignals()
        self.signals.finished.connect(self._on_finished)
        self.signals.failed.connect(self._on_failed)
        self.signals.progress_changed.connect(self.progress_changed)

    def cancel(self) -> None:
        self.cancel_event.set()

    def _on_finished(self, result: object) -> None:
        self.running = False
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self.running = False
        self.failed.emit(exc)


class TaskRunner(QObject):
    """Starts tasks in a thread pool and keeps a reference to each until it ends."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def run(self, function: TaskFunction, on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Runs function(progress=…, is_cancelled=…) in the pool; on_done/on_error on the GUI thread.

        Without on_error, a DesktopError goes to the shared error box and anything else to the
        crash handler (sys.excepthook), so no failure is silent.
        """
        task = Task(self)
        self._running.add(task)
        task.done.connect(lambda result: self._finish(task, on_done, result))
        task.failed.connect(lambda exc: self._finish(task, on_error or _default_error, exc))
        self._pool.start(_Runnable(function, task.signals, task.cancel_event))
        return task

    def running(self) -> int:
        return len(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def _finish(self, task: Task, callback: Callable[[Any], None], value: Any) -> None:
        self._running.discard(task)
        callback(value)


def _default_error(exc: BaseException) -> None:
    if isinstance(exc, DesktopError):
        from desktop.ui.errors import show_error
        show_error(None, exc)
        return
    sys.excepthook(type(exc), exc, exc.__traceback__)


def run_with_progress(runner: TaskRunner, parent: QWidget, label: str, function: TaskFunction,
                      on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None) -> Task:
    """Runs a task behind a window-modal progress dialog whose 取消 button cancels it."""
    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    def finish() -> None:
        # NOTE: QProgressDialog.close() emits canceled, which would mark a finished task as
        # cancelled; hide it and let Qt delete it instead.
        dialog.canceled.disconnect(task.cancel)
        dialog.hide()
        dialog.deleteLater()

    task = runner.run(function, lambda r: (finish(), on_done(r)),
                      lambda e: (finish(), (on_error or _default_error)(e)))
    task.progress_changed.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done)))
    dialog.canceled.connect(task.cancel)
    return task
