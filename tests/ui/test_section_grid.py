"""表格填报: type, Enter, next row — same checks, undo and saving as the item pane; paste a column."""

from __future__ import annotations

from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.models.section_grid import COL_ANSWER, COL_GAP, COL_STANDARD, COL_VERDICT


@pytest.fixture
def grid(qtbot, window):
    window.go_to_item("yzjh", "students_primary")
    window.actions_by_name["grid"].trigger()
    assert window.in_grid_mode()
    return window.grid


def type_row(qtbot, grid, text: str, key=Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.NoModifier):
    """Types over the current cell as in Excel (the first key opens the editor), then Enter."""
    view = grid.view
    qtbot.keyClicks(view, text[0])
    editor = QApplication.focusWidget()
    assert editor is not view, "typing opened an editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key, modifier)
    QApplication.processEvents()  # the delegate commits and closes the editor queued


def answers(window, *items):
    return [window.session.answer("yzjh", i) for i in items]


def test_enter_saves_and_moves_down(qtbot, window, grid, store, assessment_id):
    view, model = grid.view, grid.model
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == COL_ANSWER
    type_row(qtbot, grid, "1000")
    assert view.currentIndex().row() == 1
    type_row(qtbot, grid, "800")
    assert view.currentIndex().row() == 2
    assert store.snapshot(assessment_id).answers["yzjh"]["students_primary"] == Fraction(1000)
    assert answers(window, "students_junior") == [Fraction(800)]
    # Shift+Enter goes back up, after saving.
    type_row(qtbot, grid, "10", modifier=Qt.KeyboardModifier.ShiftModifier)
    assert view.currentIndex().row() == 1
    assert window.session.answer("yzjh", model.item_id(2)) == Fraction(10)
    # The navigator follows the grid, so the item pane shows the same item afterwards.
    assert window.navigator.current_item() == ("yzjh", model.item_id(1))
    # The R1–R7 panel beside updates live.
    assert window.indicator_panel.stage_views["primary"].model.rowCount() == 7


def test_bad_entry_is_refused_in_place(qtbot, window, grid):
    type_row(qtbot, grid, "12a")
    assert grid.view.currentIndex().row() == 0  # stays on the row
    assert grid.message.isVisibleTo(grid) and "第 1.1 项" in grid.message.text()
    assert "students_primary" not in grid.message.text()
    assert window.session.answer("yzjh", "students_primary") is None


def test_verdicts_and_undo(qtbot, window, grid):
    window.go_to_item("yzjh", "music_rooms")
    model = grid.model
    row = grid.view.currentIndex().row()
    assert model.item_id(row) == "music_rooms"
    type_row(qtbot, grid, "1")
    window.set_answer("yzjh", "classes_primary", Fraction(24))
    window.set_answer("yzjh", "classes_junior", Fraction(16))
    target = next(r for r in range(model.rowCount()) if model.index(r, COL_STANDARD).data())
    assert model.index(target, COL_VERDICT).data()
    window.undo_stack.undo()
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.session.answer("yzjh", "music_rooms") is None


def test_paste_a_column_from_excel_in_one_undo_step(qtbot, window, grid):
    assert grid.paste("1000\r\n800\r\n40\r\n")
    assert answers(window, "students_primary", "students_junior") == [Fraction(1000), Fraction(800)]
    assert window.session.answer("yzjh", grid.model.item_id(2)) == Fraction(40)
    window.undo_stack.undo()  # the whole paste
    assert answers(window, "students_primary", "students_junior") == [None, None]
    # One bad value: nothing is written, and the message names the row by its code.
    assert not grid.paste("1000\n很多\n")
    assert answers(window, "students_primary", "students_junior") == [None, None]
    assert "第 1.2 项" in grid.message.text() and "都没有保存" in grid.message.text()


def test_ctrl_v_pastes_the_clipboard(qtbot, window, grid):
    QApplication.clipboard().setText("1200\t备注\n900")
    qtbot.keyClick(grid.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert answers(window, "students_primary", "students_junior") == [Fraction(1200), Fraction(900)]


def test_gap_shown_for_a_failed_standard(qtbot, window, grid):
    window.set_answer("yzjh", "students_primary", Fraction(1000))
    window.go_to_item("yzjh", "max_class_size_primary")
    model = grid.model
    row = grid.view.currentIndex().row()
    assert model.item_id(row) == "max_class_size_primary"
    type_row(qtbot, grid, "60")
    assert model.index(row, COL_VERDICT).data() == "未达标"
    assert model.index(row, COL_GAP).data()


def test_a_value_still_being_typed_is_saved_on_close(qtbot, window, grid):
    qtbot.keyClicks(grid.view, "1")
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "234")
    window.flush_edits()  # what closing the window or switching pages does
    assert window.session.answer("yzjh", "students_primary") == Fraction(1234)
