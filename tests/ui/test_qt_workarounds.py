"""The guard keeps True alive however many signals the app emits (PySide6 6.12 emit() bug) on
Python 3.11, and is off on 3.12+, where True is immortal (the Windows build's CPython 3.13)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from desktop.ui import qt_workarounds

SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal
    app = QCoreApplication([])
    emits = sys.getrefcount(True) + 100  # more than True has references, unguarded
    if sys.argv[1] == "guard":
        from desktop.ui import qt_workarounds
        qt_workarounds.install(app)
    class Probe(QObject):
        fired = Signal()
    probe = Probe()
    for _ in range(emits):
        probe.fired.emit()
    print("survived")
""")

mortal_true = pytest.mark.skipif(qt_workarounds.TRUE_IS_IMMORTAL,
                                 reason="Python 3.12+: True is immortal, there is nothing to guard")
immortal_true = pytest.mark.skipif(not qt_workarounds.TRUE_IS_IMMORTAL,
                                   reason="Python 3.11: True's count can run out")


class _Probe(qt_workarounds.QObject):
    fired = qt_workarounds.Signal()


def _run(mode: str) -> subprocess.CompletedProcess:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], cwd=root, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


@mortal_true
def test_many_emits_survive_with_the_guard():
    done = _run("guard")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "survived"


@mortal_true
def test_guard_is_needed_only_where_emit_loses_references():
    unguarded = _run("none")
    if qt_workarounds.emit_takes_a_reference():
        assert unguarded.returncode != 0 and "bool_dealloc" in unguarded.stderr
    else:
        assert unguarded.returncode == 0


@mortal_true
def test_guard_tops_up_below_the_floor(monkeypatch):
    monkeypatch.setattr(qt_workarounds, "FLOOR", sys.getrefcount(True) + 10)
    monkeypatch.setattr(qt_workarounds, "TOP_UP", 1000)
    before = sys.getrefcount(True)
    assert qt_workarounds.guard_true()
    assert sys.getrefcount(True) >= before + 1000


@immortal_true
def test_emits_leave_an_immortal_true_alone_and_the_guard_stays_off(qapp):
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10_000):
        probe.fired.emit()
    assert sys.getrefcount(True) == before
    assert qt_workarounds.install(qapp) is None


def test_the_guard_is_off_where_true_is_immortal(qapp, monkeypatch):
    monkeypatch.setattr(qt_workarounds, "TRUE_IS_IMMORTAL", True)
    guards = len(qt_workarounds._guards)
    assert not qt_workarounds.emit_takes_a_reference()
    assert qt_workarounds.install(qapp) is None
    assert len(qt_workarounds._guards) == guards
