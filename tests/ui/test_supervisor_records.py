"""整改通知书 and 督导记录 from a school's 督导档案: draft, edit, save (numbered), print, follow up."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.supervisor.follow_up import CLOSED
from desktop.ui.supervisor import notice_dialog, outputs, records_dialog
from desktop.ui.supervisor.notice_dialog import NoticeDialog, ReviewDialog
from desktop.ui.supervisor.notice_models import COL_DEADLINE, COL_REQUIREMENT
from desktop.ui.supervisor.settings_dialog import SettingsDialog
from desktop.ui.supervisor.visit_dialog import VisitDialog
from tests.pdf_reading import flat_text
from tests.supervisor.factories import school, snapshot, write
from tests.ui.conftest import type_text
from tests.ui.supervisor_fixtures import (  # noqa: F401 (fixtures)
    import_and_wait, sup_window, sup_ws,
)

SOUTH = school("城南小学", "2144190002")


@pytest.fixture
def south(qtbot, sup_window, tmp_path, monkeypatch):
    """城南小学 with three unmet items imported; PDFs go to tmp, messages are collected."""
    import_and_wait(qtbot, sup_window, files=[write(snapshot(SOUTH, fail=3), tmp_path)]).accept()
    sup_window.ws.set_settings(issuer="青山县人民政府教育督导室", inspector="张督学",
                               notice_prefix="青督整")
    monkeypatch.setattr(outputs, "show_info", lambda *a: None)
    row = sup_window.schools.model.row_at(0)
    records = sup_window.open_records(row)
    qtbot.addWidget(records)
    return sup_window, records


def pdf_text(path) -> str:
    """The PDF's text without white space (table cells wrap Chinese anywhere)."""
    return flat_text(path)


def test_notice_drafted_edited_saved_numbered_and_printed(qtbot, south, tmp_path, monkeypatch):
    window, records = south
    records.new_notice()
    dialog = records.last_dialog
    assert isinstance(dialog, NoticeDialog) and dialog.notice.id is None
    assert dialog.items.rowCount() == 3 and not dialog.pdf_button.isEnabled()
    assert dialog.inspector.text() == "张督学" and not dialog.tabs.isTabEnabled(1)
    items = dialog.items
    assert items.setData(items.index(0, COL_REQUIREMENT), "两周内更换并报送照片")
    assert items.setData(items.index(1, COL_DEADLINE), "2026-01-15")
    dialog.items_view.setCurrentIndex(items.index(2, 0))
    dialog.remove_selected()
    assert items.rowCount() == 2
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.save_button.click()
    saved = blocker.args[0]
    year = dt.date.today().year
    assert saved.number == f"青督整〔{year}〕第 1 号" and saved.issuer == "青山县人民政府教育督导室"
    assert [i.requirement for i in saved.items][0] == "两周内更换并报送照片"
    assert saved.items[1].deadline == "2026-01-15"
    assert dialog.tabs.isTabEnabled(1) and dialog.pdf_button.isEnabled()
    assert saved.number in dialog.head.text()

    # After saving a deadline can still change; the workspace stores it at once.
    assert items.setData(items.index(0, COL_DEADLINE), "2026-02-01")
    assert window.ws.notice(saved.id).items[0].deadline == "2026-02-01"

    out = tmp_path / "通知书.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(dialog.pdf_written, timeout=60000):
        dialog.pdf_button.click()
    text = pdf_text(out)
    assert "城南小学" in text and f"青督整〔{year}〕第1号" in text and "两周内更换并报送照" in text
    assert "2026年2月1日" in text  # the deadline changed after saving is the one printed
    dialog.reject()
    assert records.notices.rowCount() == 1


def test_a_draft_with_no_problem_left_is_not_saved(qtbot, south, monkeypatch):
    _, records = south
    records.new_notice()
    dialog = records.last_dialog
    for _ in range(3):
        dialog.items_view.setCurrentIndex(dialog.items.index(0, 0))
        dialog.remove_selected()
    errors = []
    monkeypatch.setattr(notice_dialog, "show_error", lambda parent, exc, title="": errors.append(str(exc)))
    assert dialog.save() is None and "至少要列出一个问题" in errors[0]
    assert dialog.ws.notices() == []


def test_follow_up_shows_overdue_in_words_and_records_the_review(qtbot, south, monkeypatch):
    window, records = south
    ws = window.ws
    draft = ws.draft_notice("2144190002", issued_on=dt.date(2025, 11, 1), deadline_days=10)
    notice = ws.save_notice(draft)  # deadlines 2025-11-11: long past
    dialog = NoticeDialog(ws, notice, window.tasks, window)
    qtbot.addWidget(dialog)
    follow = dialog.follow
    states = [follow.index(r, 5).data() for r in range(follow.rowCount())]
    days = (dt.date.today() - dt.date(2025, 11, 11)).days
    assert states == [f"逾期 {days} 天"] * 3
    assert "逾期 3 项" in dialog.tabs.tabText(1)
    monkeypatch.setattr(ReviewDialog, "ask", classmethod(
        lambda cls, item, parent=None: ("2025-12-20", "已整改", "继续保持")))
    dialog.review(follow.row_at(0))
    assert follow.row_at(0).state == CLOSED and follow.index(0, 7).data() == "已整改"
    assert ws.notice(notice.id).items[0].review_on == "2025-12-20"
    window.reload()
    assert window.overdue.model.rowCount() == 2
    assert "逾期 2 项" in window.pages.tabText(2)
    assert window.schools.model.row_at(0).overdue == 2


def test_review_dialog_offers_the_workspace_results(qtbot, south):
    window, _ = south
    ws = window.ws
    notice = ws.save_notice(ws.draft_notice("2144190002"))
    review = ReviewDialog(notice.items[0])
    qtbot.addWidget(review)
    assert [review.result.itemText(n) for n in range(review.result.count())] == ["已整改", "部分整改", "未整改"]
    assert review.values()[1] == "已整改"


def test_visit_record_typed_saved_and_printed(qtbot, south, tmp_path, monkeypatch):
    window, records = south
    records.new_visit()
    dialog = records.last_dialog
    assert isinstance(dialog, VisitDialog) and dialog.inspector.text() == "张督学"
    dialog.topic.setFocus()
    type_text(dialog.topic, "校园安全专项督导")
    dialog.method_boxes["听课"].setChecked(True)
    dialog.method_boxes["实地查看"].setChecked(True)
    dialog.other_methods.setText("查看监控、访谈家长")
    dialog.texts["problems"].setPlainText("1. 灭火器过期\n2. 晨检记录不全")
    dialog.school_head.setText("王校长")
    saved = dialog.save()
    assert saved.number == f"青山督记〔{dt.date.today().year}〕第 1 号"  # the office's abbreviation
    assert saved.methods == ("听课", "实地查看", "查看监控", "访谈家长")
    out = tmp_path / "记录.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(dialog.pdf_written, timeout=60000):
        dialog.pdf_button.click()
    text = pdf_text(out)
    assert "校园安全专项督导" in text and "灭火器过期" in text and "青山县人民政府教育督导室" in text
    blank = tmp_path / "空白.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(blank), ""))
    with qtbot.waitSignal(dialog.pdf_written, timeout=60000):
        dialog.write_blank_pdf()
    assert "城南小学" in pdf_text(blank) and "灭火器过期" not in pdf_text(blank)
    dialog.reject()
    assert records.visits.rowCount() == 1 and records.visits.index(0, 2).data() == "校园安全专项督导"


def test_no_notice_for_a_school_without_unmet_items(qtbot, sup_window, tmp_path, monkeypatch):
    import_and_wait(qtbot, sup_window, files=[write(snapshot(SOUTH), tmp_path)]).accept()
    records = sup_window.open_records(sup_window.schools.model.row_at(0))
    qtbot.addWidget(records)
    errors = []
    monkeypatch.setattr(records_dialog, "show_error", lambda parent, exc, title="": errors.append(str(exc)))
    records.new_notice()
    assert records.last_dialog is None and "没有未达标的条目" in errors[0]


def test_settings_are_stored_and_a_bad_value_is_refused(qtbot, sup_ws):
    dialog = SettingsDialog(sup_ws)
    qtbot.addWidget(dialog)
    dialog.issuer.setText("白水县教育督导室")
    dialog.deadline_days.setValue(45)
    dialog.accept()
    assert sup_ws.settings()["issuer"] == "白水县教育督导室" and sup_ws.settings()["deadline_days"] == "45"
