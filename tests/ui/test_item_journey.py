"""A principal answers items of every type and sees verdicts, gaps, icons and indicators follow."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.model import Source
from desktop.ui.answer_widgets import (
    ChoiceAnswerWidget, DateAnswerWidget, LineAnswerWidget, YesNoAnswerWidget,
)
from desktop.ui.item_pane import basis_note_text
from desktop.ui.models.checklist_tree import COL_STATE, STATUS_ROLE
from desktop.ui.models.indicator_table import COL_GAP, COL_VALUE
from tests.ui.conftest import type_text


def _go(window, checklist_id, item_id):
    window.go_to_item(checklist_id, item_id)
    assert (window.item_pane.checklist_id, window.item_pane.item_id) == (checklist_id, item_id)
    return window.item_pane.answer_widget


def _type_number(qtbot, window, checklist_id, item_id, text):
    widget = _go(window, checklist_id, item_id)
    assert isinstance(widget, LineAnswerWidget)
    widget.edit.setFocus()
    widget.edit.selectAll()
    qtbot.keyClicks(widget.edit, text)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)
    if widget.has_error():  # a refused value keeps the user on the item
        return widget
    # Enter saved the answer and went on to the next item, as in a spreadsheet: come back to look.
    assert window.item_pane.item_id != item_id
    return _go(window, checklist_id, item_id)


def _verdict(window) -> str:
    """The verdict line as the user reads it (without the colour markup)."""
    return re.sub(r"<[^>]+>", "", window.item_pane.verdict_label.text())


def _tree_status(window, checklist_id, item_id):
    return window.navigator.model.index_for_item(checklist_id, item_id).data(STATUS_ROLE)


def test_number_answer_saves_and_updates_tree_and_indicators(qtbot, window, store, assessment_id):
    _type_number(qtbot, window, "yzjh", "students_primary", "1000")
    assert store.answers(assessment_id, "yzjh")["students_primary"] == Fraction(1000)
    assert window.saved_label.text().startswith("已保存 ")
    assert _tree_status(window, "yzjh", "students_primary") == "recorded"
    _type_number(qtbot, window, "yzjh", "students_junior", "800")
    _type_number(qtbot, window, "yzjh", "multimedia_rooms", "40")
    pane = window.item_pane
    assert _verdict(window) == "结论：已填写"
    stage = window.indicator_panel.stage_views["primary"]
    r7 = stage.model.index(6, COL_VALUE).data()
    assert r7 == "2.13间"  # 40 rooms × 1000/(1000+880) ÷ 1000 × 100
    assert "还需 4 间" in stage.model.index(6, COL_GAP).data()


def test_invalid_number_shows_chinese_error_inline_and_saves_nothing(qtbot, window, store, assessment_id):
    widget = _type_number(qtbot, window, "yzjh", "students_primary", "12.5")
    assert not widget.error_label.isHidden()
    assert "应填整数" in widget.error_label.text()
    assert "students_primary" not in store.answers(assessment_id, "yzjh")
    widget.edit.clear()
    qtbot.keyClicks(widget.edit, "abc")
    assert "应填数字" in widget.error_label.text()
    widget.edit.clear()
    qtbot.keyClicks(widget.edit, "-3")
    assert "小于允许的最小值" in widget.error_label.text()
    widget.edit.clear()
    qtbot.keyClicks(widget.edit, "930")
    assert widget.error_label.isHidden()
    qtbot.waitUntil(lambda: "students_primary" in store.answers(assessment_id, "yzjh"), timeout=3000)


def test_unmet_number_shows_gap_in_pane(qtbot, window):
    _type_number(qtbot, window, "yzjh", "max_class_size_primary", "52")
    pane = window.item_pane
    assert _verdict(window) == "结论：未达标"
    assert pane.standard_label.text() == "标准：≤ 45人"
    assert pane.gap_label.text() and not pane.gap_label.isHidden()
    assert _tree_status(window, "yzjh", "max_class_size_primary") == "unmet"
    assert pane.key_badge.isVisibleTo(pane)  # ★ key item
    assert pane.rectification.isVisibleTo(pane)
    _type_number(qtbot, window, "yzjh", "max_class_size_primary", "45")
    assert _verdict(window) == "结论：达标"
    assert pane.gap_label.isHidden()


def test_percent_answer(qtbot, window, store, assessment_id):
    widget = _type_number(qtbot, window, "yzjh", "nearby_admission_primary_percent", "98.5%")
    assert widget.error_label.isHidden()
    assert store.answers(assessment_id, "yzjh")["nearby_admission_primary_percent"] == Fraction("98.5")
    assert _verdict(window) == "结论：未达标"


def test_yes_no_answer_with_item_labels_and_veto_badge(qtbot, window, store, assessment_id):
    widget = _go(window, "yzjh", "veto_exam_admission")
    assert isinstance(widget, YesNoAnswerWidget)
    assert (widget.yes.text(), widget.no.text()) == ("有", "无")
    assert window.item_pane.veto_badge.isVisibleTo(window.item_pane)
    qtbot.mouseClick(widget.yes, Qt.MouseButton.LeftButton)
    assert store.answers(assessment_id, "yzjh")["veto_exam_admission"] is True
    assert _verdict(window) == "结论：未达标"
    window.pages.setCurrentIndex(1)  # the overview shows the veto too
    assert window.dashboard.pages["yzjh"].veto_label.text().startswith("一票否决")
    window.pages.setCurrentIndex(0)
    qtbot.mouseClick(widget.no, Qt.MouseButton.LeftButton)
    assert store.answers(assessment_id, "yzjh")["veto_exam_admission"] is False
    qtbot.mouseClick(window.item_pane.clear_button, Qt.MouseButton.LeftButton)
    assert "veto_exam_admission" not in store.answers(assessment_id, "yzjh")
    assert not widget.yes.isChecked() and not widget.no.isChecked()


def test_choice_answer(qtbot, window, store, assessment_id):
    widget = _go(window, "yzjh", "moral_education_rating")
    assert isinstance(widget, ChoiceAnswerWidget)
    assert widget.combo.currentIndex() == -1
    widget.combo.setCurrentIndex(2)
    widget.combo.activated.emit(2)
    assert store.answers(assessment_id, "yzjh")["moral_education_rating"] == "一般"
    assert _verdict(window) == "结论：未达标"


def test_date_answer_typed_in_chinese_and_picked(qtbot, window, store, assessment_id):
    widget = _go(window, "xyaq", "last_drill_date")
    assert isinstance(widget, DateAnswerWidget)
    widget.edit.setFocus()
    type_text(widget.edit, "2025年10月20日")
    qtbot.keyClick(widget.edit, Qt.Key.Key_Return)  # saves and goes on …
    widget = _go(window, "xyaq", "last_drill_date")  # … and back to look
    assert store.answers(assessment_id, "xyaq")["last_drill_date"] == dt.date(2025, 10, 20)
    assert _verdict(window) == "结论：达标"
    widget.pick(dt.date(2025, 8, 1))  # more than 31 days before the data date 2025-11-01
    assert store.answers(assessment_id, "xyaq")["last_drill_date"] == dt.date(2025, 8, 1)
    assert "超过 31 天" in window.item_pane.gap_label.text()


def test_note_typed_in_chinese_is_saved(qtbot, window, store, assessment_id):
    _go(window, "yzjh", "students_primary")
    note = window.item_pane.note_edit
    note.setFocus()
    type_text(note, "按学年初统计口径")
    qtbot.waitUntil(lambda: store.snapshot(assessment_id).notes.get("yzjh", {}).get("students_primary")
                    == "按学年初统计口径", timeout=3000)


def test_rectification_plan_for_unmet_item(qtbot, window, store, assessment_id):
    _type_number(qtbot, window, "yzjh", "max_class_size_primary", "52")
    form = window.item_pane.rectification
    form.measure.setFocus()
    type_text(form.measure, "下学期增设两个教学班")
    form.owner.setFocus()
    type_text(form.owner, "教务处")
    form.status.setCurrentText("整改中")
    form.status.activated.emit(1)
    window.flush_edits()
    plan = store.snapshot(assessment_id).rectification("yzjh", "max_class_size_primary")
    assert plan is not None
    assert (plan.measure, plan.owner, plan.status) == ("下学期增设两个教学班", "教务处", "整改中")
    assert dt.date.fromisoformat(plan.deadline) > dt.date.today()


def test_evidence_add_and_remove(qtbot, window, store, assessment_id, tmp_path, monkeypatch):
    photo = tmp_path / "学籍名册.pdf"
    photo.write_bytes(b"%PDF-1.4\n% test file\n")
    _go(window, "yzjh", "students_primary")
    panel = window.item_pane.evidence
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(photo)], ""))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1
    assert [e.name for e in store.snapshot(assessment_id).evidence] == ["学籍名册.pdf"]
    assert window.navigator.model.index_for_item("yzjh", "students_primary").data(
        Qt.ItemDataRole.UserRole + 5) is False  # no longer 缺佐证材料
    panel.view.setCurrentIndex(panel.model.index(0))
    from dataclasses import replace

    from desktop.ui.evidence_dialog import EvidenceDialog
    monkeypatch.setattr(EvidenceDialog, "ask", classmethod(
        lambda cls, e, parent=None: replace(e, caption="2025 学年学籍名册", archive="留校备查")))
    qtbot.mouseClick(panel.details_button, Qt.MouseButton.LeftButton)
    saved = store.snapshot(assessment_id).evidence[0]
    assert (saved.caption, saved.archive) == ("2025 学年学籍名册", "留校备查")
    assert "2025 学年学籍名册" in panel.model.index(0).data()
    panel.view.setCurrentIndex(panel.model.index(0))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert store.snapshot(assessment_id).evidence == ()


def test_evidence_dropped_on_the_panel(qtbot, window, store, assessment_id, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent
    photo = tmp_path / "运动场.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    _go(window, "yzjh", "sports_area_m2")
    panel = window.item_pane.evidence
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    assert [e.name for e in store.snapshot(assessment_id).evidence] == ["运动场.png"]


def test_tree_state_column_and_counts(qtbot, window):
    _type_number(qtbot, window, "yzjh", "max_class_size_primary", "52")
    index = window.navigator.model.index_for_item("yzjh", "max_class_size_primary")
    assert index.siblingAtColumn(COL_STATE).data() == "52人"
    assert "状态：未达标" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "已填写" in window.counts_label.text()



def _visible_text(label) -> str:
    return re.sub(r"<[^>]+>", "", label.text())


def test_basis_shows_the_official_citation_only_with_a_small_basis_note_link(qtbot, window):
    _go(window, "yzjh", "max_class_size_primary")  # a V2 item: its note stays behind the link
    pane = window.item_pane
    shown = _visible_text(pane.source_label)
    assert shown.startswith("依据：《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）第六条")
    assert shown.endswith("依据说明")
    for word in ("注意", "二手资料", "fudaoke", "公开实现", "报道", "REFERENCE", "YZJH"):
        assert word not in shown, word
    assert not [w for w in pane.findChildren(type(pane.source_label))
                if w.isVisibleTo(pane) and "注意：本条依据" in w.text()]
    pane.source_label.linkActivated.emit("basis-note")
    dialog = pane.basis_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "依据说明"
    assert "尚未读到官方原文" in dialog.text() and "fudaoke" in dialog.text()
    assert "REFERENCE" not in dialog.text()  # maintainers' row ids are dropped
    dialog.close()


def test_basis_of_a_checked_item_without_a_note_has_no_link(qtbot, window):
    checked = next(i for i in window.catalog.get("xyaq").items
                   if i.source.confidence == "V" and not i.source.note)
    assert basis_note_text(checked.source) == ""
    _go(window, "xyaq", checked.id)
    shown = _visible_text(window.item_pane.source_label)
    assert shown == f"依据：{checked.source.text}"
    assert basis_note_text(Source("某文件", "M", "凭记忆（REFERENCE AQ-19）")) == \
        "可信程度：凭回忆整理，尚待核实\n说明：凭记忆"


def test_threshold_items_show_their_standard_before_an_answer(qtbot, window):
    _go(window, "yzjh", "max_class_size_primary")
    assert window.session.answer("yzjh", "max_class_size_primary") is None
    assert window.item_pane.standard_label.text() == "标准：≤ 45人"
    _go(window, "yzjh", "teacher_certification_rate")
    assert window.item_pane.standard_label.text() == "标准：≥ 100%"
