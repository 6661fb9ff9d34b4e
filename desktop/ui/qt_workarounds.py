"""WORKAROUND: PySide6 6.12 takes a reference from True on every Signal.emit() called from Python.

SignalInstance.emit() returns True without adding the reference it hands out, so each call whose
result is dropped lowers True's reference count by one (measured: 10 emits → −10 on PySide6
6.12.0, Python 3.11; a discarded result is what every `sig.emit(...)` statement does). Python 3.11
does not make True immortal (3.12 does), so once the count runs out the interpreter aborts with
"Fatal Python error: bool_dealloc": at exit after a few dozen emits in a small script, and in a
long session of this app (each answer emits a dozen signals or more).

The guard holds references to True that are never released, not even at exit, and a timer tops
them up long before they run out. It does nothing where emit() is correct, so it can stay after
PySide is fixed. On Python 3.12 and later True is immortal (its count is fixed at 2**32 - 1 and
never falls), so the guard is off there: the Windows build ships CPython 3.13, the Linux build
runs on Debian 12's 3.11, where it is on (tests/ui/test_qt_workarounds.py shows both).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

FLOOR = 500_000  # top up when True has fewer references than this
TOP_UP = 1_000_000  # references added at a time (8 MB of list slots)
CHECK_MS = 5000

_guards: list[list[bool]] = []

TRUE_IS_IMMORTAL = sys.version_info >= (3, 12)  # PEP 683


class _Probe(QObject):
    fired = Signal()


def emit_takes_a_reference() -> bool:
    """Whether this PySide has the bug: one emit with its result dropped lowers True's count."""
    if TRUE_IS_IMMORTAL:
        return False  # its count cannot run out
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        _add_references(lost)  # give back what the probe took
    return lost > 0


def guard_true() -> bool:
    """Tops up True's references if they are running low; returns whether any were added."""
    if sys.getrefcount(True) >= FLOOR:
        return False
    _add_references(TOP_UP)
    return True


def install(parent: QObject) -> QTimer | None:
    """Guards now and every few seconds while parent (the application) lives; None if not needed."""
    if not emit_takes_a_reference():
        return None
    guard_true()
    timer = QTimer(parent)
    timer.setInterval(CHECK_MS)
    timer.timeout.connect(guard_true)
    timer.start()
    return timer


def _add_references(count: int) -> None:
    guard = [True] * count
    # The list itself is given a reference nobody releases, so it (and its references to True)
    # outlives interpreter shutdown, when True would otherwise reach zero.
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(guard))
    _guards.append(guard)
