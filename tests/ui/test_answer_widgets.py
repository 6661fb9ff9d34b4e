"""Each answer widget emits only checked values, and only when the user changes the answer."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import Qt

from desktop.core.assessment import Evidence
from desktop.core.model import AnswerType, Item, Source
from desktop.ui.answer_widgets import (
    ComputedAnswerWidget, LineAnswerWidget, TextAnswerWidget, make_answer_widget,
)
from desktop.ui.evidence_dialog import EvidenceDialog
from tests.ui.conftest import type_text


def _item(kind: AnswerType, **extra) -> Item:
    return Item(id="x", section="s", title="测试条目", type=kind, source=Source("测试依据"), **extra)


def test_text_widget_takes_chinese_and_saves_on_focus_out(qtbot):
    widget = make_answer_widget(_item(AnswerType.TEXT, required_text=True))
    assert isinstance(widget, TextAnswerWidget)
    qtbot.addWidget(widget)
    widget.show()
    edited = []
    widget.answer_edited.connect(edited.append)
    widget.edit.setFocus()
    type_text(widget.edit, "已建立校园欺凌防治工作制度")
    widget.flush()
    assert edited == ["已建立校园欺凌防治工作制度"]
    widget.flush()
    assert len(edited) == 1  # no change, no second write


def test_text_widget_saves_after_a_pause(qtbot):
    widget = make_answer_widget(_item(AnswerType.TEXT))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.answer_edited, timeout=3000) as blocker:
        type_text(widget.edit, "说明")
    assert blocker.args == ["说明"]


def test_showing_a_value_emits_nothing(qtbot):
    widget = make_answer_widget(_item(AnswerType.PERCENT))
    assert isinstance(widget, LineAnswerWidget)
    qtbot.addWidget(widget)
    with qtbot.assertNotEmitted(widget.answer_edited, wait=50):
        widget.set_value(Fraction("97.5"))
    assert widget.edit.text() == "97.5"
    assert widget.hint_label.text() == "填数字，0–100"


def test_number_cleared_means_no_answer(qtbot):
    widget = make_answer_widget(_item(AnswerType.NUMBER, unit="㎡"))
    qtbot.addWidget(widget)
    widget.set_value(Fraction(120))
    edited = []
    widget.answer_edited.connect(edited.append)
    widget.edit.clear()
    widget.flush()
    assert edited == [None]
    type_text(widget.edit, "1,250.5㎡")  # separators and the unit are accepted
    widget.flush()
    assert edited[-1] == Fraction("1250.5")


def test_computed_widget_shows_the_value_and_takes_no_input(qtbot):
    widget = make_answer_widget(_item(AnswerType.COMPUTED, unit="%"))
    assert isinstance(widget, ComputedAnswerWidget)
    qtbot.addWidget(widget)
    widget.set_value(Fraction("97.33"))
    assert "97.33" in widget.label.text() and "自动计算" in widget.label.text()
    widget.set_value(None)
    assert "尚无法计算" in widget.label.text()


def test_evidence_dialog_edits_caption_date_and_archive(qtbot):
    evidence = Evidence("yzjh", "x", "运动场.jpg", "ab" * 32, 100, "2025-11-01T10:00:00")
    dialog = EvidenceDialog(evidence)
    qtbot.addWidget(dialog)
    dialog.caption.clear()
    type_text(dialog.caption, "运动场全景")
    qtbot.keyClicks(dialog.taken_on, "2025-10-20")
    dialog.archive.setCurrentText("留校备查")
    edited = dialog.edited()
    assert (edited.caption, edited.taken_on, edited.archive) == ("运动场全景", "2025-10-20", "留校备查")
    assert edited.sha256 == evidence.sha256


def test_yes_no_keyboard_choice(qtbot):
    widget = make_answer_widget(_item(AnswerType.YES_NO, labels=("有", "无"), expected=False))
    qtbot.addWidget(widget)
    widget.show()
    edited = []
    widget.answer_edited.connect(edited.append)
    widget.no.setFocus()
    qtbot.keyClick(widget.no, Qt.Key.Key_Space)
    assert edited == [False]
