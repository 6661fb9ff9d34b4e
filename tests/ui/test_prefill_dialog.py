"""文件 → 从事业统计基层表导入…: the preview dialog, one undo step for the whole prefill, the menu."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from desktop.prefill.plan import plan_file
from desktop.ui import prefill_dialog
from desktop.ui.prefill_dialog import PrefillPreviewDialog, apply_plan
from tests.prefill.returns import combined_return, write_return
from tests.ui.conftest import SCHOOL


def our_return(tmp_path: Path, **changes) -> Path:
    spec = combined_return(**changes)
    spec.school.update(code=SCHOOL.code, name=SCHOOL.name)
    return write_return(spec, tmp_path / "基层表.xlsx", shifted=True)


def test_preview_highlights_answers_the_return_contradicts(qtbot, window, tmp_path: Path):
    window.set_answer("yzjh", "students_primary", Fraction(880))
    window.set_answer("yzjh", "students_junior", Fraction(600))
    plan = plan_file(our_return(tmp_path), window.catalog, window.store.snapshot(window.session.id))
    dialog = PrefillPreviewDialog(plan, window.session.title, window)
    qtbot.addWidget(dialog)
    table = dialog.values
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    primary = rows[next(k for k in rows if k.endswith("小学在校生数"))]
    junior = rows[next(k for k in rows if k.endswith("初中在校生数"))]
    assert table.item(primary, 1).text().startswith("880") and table.item(primary, 2).text().startswith("900")
    assert table.item(primary, 3).text() == "F7"
    assert table.item(primary, 4).text() == "基础基312 在校生数 合计"
    assert table.item(primary, 0).background().color() == prefill_dialog.DIFFERS
    assert table.item(junior, 0).background().color() != prefill_dialog.DIFFERS  # same value
    assert dialog.unused is not None and dialog.unused.rowCount() == len(plan.unused)
    assert "2020/2021学年初 基层表 基础基312 在校生数 合计" in table.item(primary, 4).toolTip()
    dialog.show()
    dialog.grab().save(str(tmp_path / "prefill_preview.png"))  # looked at by hand when changed


def test_apply_is_one_undo_step(qtbot, window, tmp_path: Path, monkeypatch):
    window.set_answer("yzjh", "students_primary", Fraction(880))
    plan = plan_file(our_return(tmp_path), window.catalog, window.store.snapshot(window.session.id))
    monkeypatch.setattr(PrefillPreviewDialog, "ask", classmethod(lambda cls, *a, **k: True))
    depth = window.undo_stack.count()
    assert apply_plan(window, plan)
    answers = window.store.answers(window.session.id, "yzjh")
    assert answers["students_primary"] == 900 and answers["multimedia_rooms"] == 35
    assert window.undo_stack.count() == depth + 1
    assert window.undo_stack.undoText() == f"从基层表填入 {len(plan.changes)} 项"
    assert window.session.snapshot.answer_sources[("yzjh", "students_primary")].endswith("基础基312 在校生数 合计")
    r4 = window.session.results["yzjh"].stages["primary"].indicators["R4"]
    assert r4.value == Fraction(9800) / Fraction(900 + 600 * Fraction(11, 10))

    window.undo_stack.undo()
    answers = window.store.answers(window.session.id, "yzjh")
    assert answers == {"students_primary": Fraction(880)}
    assert window.session.snapshot.answer_sources == {}
    window.undo_stack.redo()
    assert window.store.answers(window.session.id, "yzjh")["multimedia_rooms"] == 35
    assert ("yzjh", "multimedia_rooms") in window.session.snapshot.answer_sources


def test_cancelling_the_preview_changes_nothing(qtbot, window, tmp_path: Path, monkeypatch):
    plan = plan_file(our_return(tmp_path), window.catalog, window.store.snapshot(window.session.id))
    monkeypatch.setattr(PrefillPreviewDialog, "ask", classmethod(lambda cls, *a, **k: False))
    assert not apply_plan(window, plan)
    assert window.store.answers(window.session.id, "yzjh") == {}


def test_menu_reads_the_file_off_the_gui_thread(qtbot, window, tmp_path: Path, monkeypatch):
    path = our_return(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(PrefillPreviewDialog, "ask", classmethod(lambda cls, *a, **k: True))
    action = window.actions_by_name["prefill"]
    assert action.text() == "从事业统计基层表导入…" and action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: window.tasks.running() == 0, timeout=15000)
    qtbot.waitUntil(lambda: "multimedia_rooms" in window.store.answers(window.session.id, "yzjh"),
                    timeout=5000)


def test_a_refused_file_is_shown_and_nothing_changes(qtbot, window, tmp_path: Path, monkeypatch):
    path = our_return(tmp_path, primary="很多")
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(prefill_dialog, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    window.actions_by_name["prefill"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    assert "工作表「基础基312」" in shown[0] and "应为数字，现为「很多」" in shown[0]
    assert window.store.answers(window.session.id, "yzjh") == {}


def test_the_menu_entry_is_off_for_an_archived_assessment(qtbot, window):
    window.store.set_read_only(window.session.id, True)
    window.open_assessment(window.session.id)
    assert not window.actions_by_name["prefill"].isEnabled()
