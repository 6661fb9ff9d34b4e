"""Undo/redo, reopening, history, 待复核, filters, search and the keyboard, in the main window."""

from __future__ import annotations

from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.history_dialog import HistoryDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.models.checklist_tree import ITEM_ROLE, KIND_ROLE, STATUS_ROLE
from desktop.ui.models.item_filter import ItemFilter
from desktop.ui.new_period_dialog import NewPeriod, NewPeriodDialog
from tests.ui.conftest import type_text


def _answer(window, checklist_id, item_id, value):
    window.go_to_item(checklist_id, item_id)
    window.item_pane.answer_widget.answer_edited.emit(value)


def _visible_items(window):
    nav = window.navigator
    return [(i.data(Qt.ItemDataRole.UserRole + 1), i.data(ITEM_ROLE)) for i in nav._visible_items()]


def test_undo_and_redo_write_through_the_store(qtbot, window, store, assessment_id):
    _answer(window, "yzjh", "students_primary", Fraction(1000))
    _answer(window, "yzjh", "students_primary", Fraction(1200))
    _answer(window, "yzjh", "classes_primary", Fraction(24))
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    assert undo.text().startswith("撤销")
    undo.trigger()
    assert "classes_primary" not in store.answers(assessment_id, "yzjh")
    undo.trigger()
    assert store.answers(assessment_id, "yzjh")["students_primary"] == Fraction(1000)
    # Undo shows the item it changed, with the value it now has.
    assert window.item_pane.item_id == "students_primary"
    assert window.item_pane.answer_widget.edit.text() == "1000"
    redo.trigger()
    redo.trigger()
    answers = store.answers(assessment_id, "yzjh")
    assert answers["students_primary"] == Fraction(1200) and answers["classes_primary"] == Fraction(24)


def test_close_and_reopen_shows_everything(qtbot, store, catalog, assessment_id):
    first = MainWindow(store, catalog)
    qtbot.addWidget(first)
    first.open_assessment(assessment_id)
    first.show()
    _answer(first, "yzjh", "max_class_size_primary", Fraction(52))
    first.item_pane.note_edit.setFocus()
    type_text(first.item_pane.note_edit, "两个班超额")
    first.item_pane.rectification.measure.setFocus()
    type_text(first.item_pane.rectification.measure, "分班")
    first.narrative.editors["overview"].setFocus()
    type_text(first.narrative.editors["overview"], "学校概况")
    first.resize(760, 560)  # within the offscreen screen (800×600), so restoring keeps it
    first.close()  # saves pending edits and the window geometry
    second = MainWindow(store, catalog)
    qtbot.addWidget(second)
    from desktop.ui.start import first_assessment
    assert first_assessment(store, catalog) == assessment_id
    second.open_assessment(assessment_id)
    assert (second.size().width(), second.size().height()) == (760, 560)
    # It carries on at the item the user was on.
    assert second.navigator.current_item() == ("yzjh", "max_class_size_primary")
    pane = second.item_pane
    assert pane.answer_widget.edit.text() == "52"
    assert pane.note_edit.toPlainText() == "两个班超额"
    assert pane.rectification.measure.toPlainText() == "分班"
    assert second.narrative.editors["overview"].toPlainText() == "学校概况"


def _two_periods(store, assessment_id):
    store.set_answer(assessment_id, "yzjh", "students_primary", Fraction(1000))
    store.set_answer(assessment_id, "yzjh", "students_junior", Fraction(800))
    info = store.assessment(assessment_id)
    return store.create_assessment(info.school_id, "2026年度", list(info.checklists),
                                   data_date="2026-11-01", copy_from=assessment_id)


def test_new_period_copies_answers_as_pending_review(qtbot, window, store, assessment_id, monkeypatch):
    store.set_answer(assessment_id, "yzjh", "students_primary", Fraction(1000))
    window.reload_assessment()
    monkeypatch.setattr(NewPeriodDialog, "ask", classmethod(
        lambda cls, session, parent=None: NewPeriod("2026年度", "2026-11-01", session.id)))
    window.actions_by_name["new_period"].trigger()
    new_id = window.session.id
    assert new_id != assessment_id and window.session.info.period == "2026年度"
    assert not window.session.read_only
    assert store.assessment(assessment_id).read_only
    assert window.session.is_pending_review("yzjh", "students_primary")
    window.go_to_item("yzjh", "students_primary")
    assert window.item_pane.review_banner.isVisibleTo(window.item_pane)
    index = window.navigator.model.index_for_item("yzjh", "students_primary")
    assert "（待复核）" in index.data(Qt.ItemDataRole.ToolTipRole)
    window.navigator.set_filter(ItemFilter.PENDING_REVIEW)
    assert _visible_items(window) == [("yzjh", "students_primary")]
    window.navigator.tree.setFocus()
    qtbot.keyClick(window.navigator.tree, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not window.session.is_pending_review("yzjh", "students_primary")
    assert store.pending_review(new_id) == frozenset()
    assert window.item_pane.review_banner.isHidden()


def test_history_opens_read_only(qtbot, window, store, assessment_id, monkeypatch):
    new_id = _two_periods(store, assessment_id)
    window.open_assessment(new_id)
    monkeypatch.setattr(HistoryDialog, "ask", classmethod(
        lambda cls, store, catalog, current, parent=None: assessment_id))
    window.actions_by_name["history"].trigger()
    assert window.session.id == assessment_id and window.session.read_only
    assert window.banner.isVisibleTo(window)
    assert "只能查看" in window.banner_label.text()
    window.go_to_item("yzjh", "students_primary")
    pane = window.item_pane
    assert not pane.answer_widget.isEnabled()
    assert pane.note_edit.isReadOnly()
    assert not pane.evidence.add_button.isEnabled()
    assert window.narrative.editors["overview"].isReadOnly()
    assert not window.actions_by_name["new_period"].isEnabled()
    qtbot.mouseClick(window.banner_button, Qt.MouseButton.LeftButton)
    assert window.session.id == new_id and window.banner.isHidden()


def test_history_dialog_lists_both_periods(qtbot, store, catalog, assessment_id):
    new_id = _two_periods(store, assessment_id)
    dialog = HistoryDialog(store, catalog, new_id)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    assert dialog.selected_id() == new_id
    assert "只读" in dialog.model.index(1, 2).data()


def test_filters_and_search(qtbot, window):
    _answer(window, "yzjh", "max_class_size_primary", Fraction(52))
    nav = window.navigator
    all_items = len(_visible_items(window))
    qtbot.mouseClick(nav.filter_buttons[ItemFilter.UNMET], Qt.MouseButton.LeftButton)
    assert _visible_items(window) == [("yzjh", "max_class_size_primary")]
    qtbot.mouseClick(nav.filter_buttons[ItemFilter.UNANSWERED], Qt.MouseButton.LeftButton)
    unanswered = _visible_items(window)
    assert 0 < len(unanswered) < all_items
    assert all(window.navigator.model.index_for_item(*k).data(STATUS_ROLE) == "unanswered"
               for k in unanswered)
    qtbot.mouseClick(nav.filter_buttons[ItemFilter.MISSING_EVIDENCE], Qt.MouseButton.LeftButton)
    assert ("yzjh", "max_class_size_primary") in _visible_items(window)
    qtbot.mouseClick(nav.filter_buttons[ItemFilter.ALL], Qt.MouseButton.LeftButton)
    assert len(_visible_items(window)) == all_items
    window.actions_by_name["search"].trigger()
    assert QApplication.focusWidget() is nav.search
    type_text(nav.search, "班额")
    found = _visible_items(window)
    assert found and all("班额" in window.session.checklists[c].item(i).title
                         or "班额" in window.session.checklists[c].item(i).guidance for c, i in found)
    # The pane follows the list: it shows a match, not an item the search hid.
    assert (window.item_pane.checklist_id, window.item_pane.item_id) in found
    assert nav.empty_label.isHidden()
    # ↓ goes into the results; Enter goes on to the answer of the match.
    qtbot.keyClick(nav.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is nav.tree and nav.current_item() in found
    nav.search.setFocus()
    qtbot.keyClick(nav.search, Qt.Key.Key_Return)
    assert window.item_pane.isAncestorOf(QApplication.focusWidget())
    # Nothing found: it says so.
    nav.search.setFocus()
    nav.search.clear()
    type_text(nav.search, "没有这种条目")
    assert _visible_items(window) == []
    assert nav.empty_label.isVisibleTo(nav) and "没有符合条件" in nav.empty_label.text()
    assert "没有这种条目" in nav.empty_label.text()


def test_enter_moves_to_the_next_item_and_shift_enter_back(qtbot, window):
    from desktop.ui.answer_widgets import LineAnswerWidget
    window.go_to_item("yzjh", "students_primary")
    pane = window.item_pane
    pane.focus_answer()
    widget = pane.answer_widget
    assert isinstance(widget, LineAnswerWidget)
    qtbot.keyClicks(widget.edit, "1000")
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    assert window.session.answer("yzjh", "students_primary") == Fraction(1000)
    assert pane.item_id == "students_junior"
    assert QApplication.focusWidget() is pane.answer_widget.edit  # ready to type the next
    qtbot.keyClicks(pane.answer_widget.edit, "8x")
    qtbot.keyClick(pane.answer_widget.edit, Qt.Key.Key_Return)
    assert pane.item_id == "students_junior"  # a refused value keeps the user here
    pane.answer_widget.edit.clear()
    qtbot.keyClicks(pane.answer_widget.edit, "800")
    qtbot.keyClick(pane.answer_widget.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.item_id == "students_primary"
    assert window.session.answer("yzjh", "students_junior") == Fraction(800)
    # Tab goes on inside the pane, not to the page tabs.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert pane.isAncestorOf(QApplication.focusWidget())


def test_keyboard_navigation(qtbot, window):
    window.activateWindow()
    nav = window.navigator
    first, second, third = _visible_items(window)[:3]
    window.go_to_item(*first)
    window.item_pane.focus_answer()
    qtbot.keyClicks(QApplication.focusWidget(), "1000")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert nav.current_item() == second
    assert window.session.answer(*first) == Fraction(1000)  # saved on the way out
    # The answer field has the focus after a move, and the shortcut still works from there.
    assert QApplication.focusWidget() is window.item_pane.answer_widget.edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert nav.current_item() == third
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert nav.current_item() == second
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert nav.current_item() == first
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is nav.tree
    qtbot.keyClick(nav.tree, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.item_pane.answer_widget.edit


def test_an_entry_that_cannot_be_saved_is_reported_when_leaving(qtbot, window):
    window.go_to_item("yzjh", "students_primary")
    window.item_pane.focus_answer()
    qtbot.keyClicks(QApplication.focusWidget(), "abc")
    window.next_item()
    assert window.session.answer("yzjh", "students_primary") is None
    assert window.statusBar().currentMessage().startswith("未保存：")


def test_jump_to_next_unanswered(qtbot, window):
    _answer(window, "yzjh", "students_primary", Fraction(1000))
    _answer(window, "yzjh", "students_junior", Fraction(800))
    window.go_to_item("yzjh", "students_primary")
    window.navigator.set_filter(ItemFilter.UNMET)  # hides the target: the jump lifts the filter
    window.actions_by_name["next_unanswered"].trigger()
    current = window.navigator.current_item()
    assert current == ("yzjh", "students_senior") or \
        window.navigator.model.index_for_item(*current).data(STATUS_ROLE) == "unanswered"
    assert current not in (("yzjh", "students_primary"), ("yzjh", "students_junior"))
    assert window.navigator.proxy.item_filter() is ItemFilter.ALL


def test_section_rows_do_not_change_the_item(qtbot, window):
    window.go_to_item("yzjh", "students_junior")
    nav = window.navigator
    section = nav.proxy.index(0, 0, nav.proxy.index(0, 0))
    assert section.data(KIND_ROLE) == "section"
    nav.tree.setCurrentIndex(section)
    assert window.item_pane.item_id == "students_junior"


@pytest.mark.parametrize("page", [1, 2])
def test_pages_hide_the_indicator_panel_and_bring_it_back(qtbot, window, page):
    assert window.indicator_dock.isVisible()
    window.pages.setCurrentIndex(page)
    assert not window.indicator_dock.isVisible()
    window.pages.setCurrentIndex(0)
    assert window.indicator_dock.isVisible()


def test_indicator_panel_stays_put_between_checklists(qtbot, window):
    dock = window.indicator_dock
    window.go_to_item("yzjh", "students_primary")
    assert dock.isVisible()
    widths = (window.navigator.width(), window.item_pane.width(), dock.width())
    window.go_to_item("spaq", window.session.tree_state("spaq").shown_items[0])
    qtbot.wait(10)
    # 食品安全 has no 资源配置 indicators: the panel says so and gives its counts; nothing jumps.
    assert dock.isVisible() and "没有资源配置七项指标" in window.indicator_panel.intro.text()
    assert "已填写 0/" in window.indicator_panel.intro.text()
    assert (window.navigator.width(), window.item_pane.width(), dock.width()) == widths
    window.go_to_item("yzjh", "students_primary")
    dock.close()  # the user closes it: it stays closed
    window.go_to_item("yzjh", "students_junior")
    assert not dock.isVisible() and not dock.toggle_action.isChecked()
    dock.toggle_action.trigger()
    assert dock.isVisible()


def test_switching_items_leaves_no_old_input_on_screen(qtbot, window):
    window.go_to_item("yzjh", "students_primary")
    old = window.item_pane.answer_widget
    window.go_to_item("yzjh", "veto_exam_admission")
    assert old.isHidden()


def test_changing_the_data_date_rejudges_date_items(qtbot, window, store, assessment_id, monkeypatch):
    import datetime as dt

    from desktop.ui.data_date_dialog import DataDateDialog
    store.set_answer(assessment_id, "xyaq", "last_drill_date", dt.date(2025, 10, 20))
    window.reload_assessment()
    window.go_to_item("xyaq", "last_drill_date")
    assert window.session.results["xyaq"].result("last_drill_date").status.value == "met"
    monkeypatch.setattr(DataDateDialog, "ask", classmethod(
        lambda cls, current, parent=None: dt.date(2026, 1, 15)))
    window.actions_by_name["data_date"].trigger()
    assert store.assessment(assessment_id).data_date == "2026-01-15"
    assert window.session.results["xyaq"].result("last_drill_date").status.value == "unmet"
    assert window.item_pane.item_id == "last_drill_date"
    assert "超过 31 天" in window.item_pane.gap_label.text()


def test_a_refused_write_is_shown_and_not_put_on_the_undo_stack(qtbot, window, store, assessment_id,
                                                                monkeypatch):
    from desktop.ui import main_window as main_window_module
    new_id = _two_periods(store, assessment_id)
    window.open_assessment(assessment_id)  # archived now
    shown = []
    monkeypatch.setattr(main_window_module, "show_error", lambda parent, exc: shown.append(str(exc)))
    window.set_answer("yzjh", "students_primary", Fraction(5))
    assert shown and "只能查看" in shown[0]
    assert window.undo_stack.count() == 0
    assert store.answers(assessment_id, "yzjh")["students_primary"] == Fraction(1000)
    assert new_id != assessment_id


def test_tab_visits_only_visible_controls_and_never_the_page_tabs(qtbot, window):
    from PySide6.QtWidgets import QTabBar
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.go_to_item("yzjh", "max_class_size_primary")
    window.set_answer("yzjh", "max_class_size_primary", Fraction(60))  # the 整改 form shows
    window.item_pane.focus_answer()
    seen = []
    for _ in range(40):
        widget = QApplication.focusWidget()
        seen.append(widget)
        assert widget.isVisible() and widget.width() > 0 and widget.height() > 0, widget
        assert not isinstance(widget, QTabBar)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    pane = window.item_pane
    assert pane.rectification.measure in seen and pane.note_edit in seen
    order = [w for w in seen if pane.isAncestorOf(w)]
    assert order.index(pane.rectification.measure) < order.index(pane.note_edit)
