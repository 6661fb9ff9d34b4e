"""Keystrokes and time to type the R1–R7 inputs of a 九年一贯制 school: grid vs item pane.

Run: `python -m tests.ui.entry_speed` (offscreen). Each way starts with the focus on the first
input and types the same values; a keystroke is one key pressed (Ctrl+↓ counts two). Time is the
program's own time to take the keys, save each value and redraw — what the user waits for.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

VALUES = ("1000", "800", "60", "55", "12", "10", "11", "9", "12000", "18000", "4500000", "20")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="entry-speed-"))
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    from desktop import app as app_module
    from desktop import paths
    app = app_module._application()
    try:
        for way in ("grid", "pane", "pane-before"):
            paths.init(work / way)
            keys, seconds, saved = run(app, way)
            print(f"{way:12s} {len(VALUES)} inputs: {keys} keystrokes, {seconds:.2f} s program time, "
                  f"{saved} values saved as typed")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def run(app, way: str) -> tuple[int, float, int]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from desktop import paths
    from desktop.core.assessment import School
    from desktop.core.catalog import shipped
    from desktop.core.store import AnswerStore
    from desktop.ui.main_window import MainWindow
    catalog = shipped()
    store = AnswerStore.open(paths.data_dir())
    school = store.add_school(School(name="青山区第一实验学校", type="九年一贯制"))
    aid = store.create_assessment(school, "2025—2026学年", [("yzjh", catalog.checklists["yzjh"].version)])
    window = MainWindow(store, catalog)
    window.open_assessment(aid)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    app.processEvents()
    window.go_to_item("yzjh", "students_primary")
    if way == "grid":
        window.set_grid_mode(True)
    else:
        window.item_pane.focus_answer()
    app.processEvents()
    keys = 0
    start = time.perf_counter()
    for text in VALUES:
        target = QApplication.focusWidget()
        for ch in text:
            QTest.keyClick(QApplication.focusWidget() or target, ch)
            keys += 1
        if way == "pane-before":  # before Enter moved on: Ctrl+↓ saved and went to the next item
            window.next_item()
            keys += 2
        else:
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            keys += 1
        app.processEvents()
    seconds = time.perf_counter() - start
    from fractions import Fraction
    answers = store.snapshot(aid).answers.get("yzjh", {})
    checklist = window.session.checklists["yzjh"]
    order = [i.id for i in checklist.items_in("resources") if i.id in answers]
    saved = sum(answers[i] == Fraction(t) for i, t in zip(order, VALUES))
    window.close()
    store.close()
    return keys, seconds, saved


if __name__ == "__main__":
    sys.exit(main())
