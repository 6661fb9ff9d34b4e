"""The overview (dashboard), the narrative page with its sign-offs, and backup and restore."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtWidgets import QMessageBox

from desktop.core.engine import evaluate
from desktop.ui.backup_dialog import BackupDialog
from desktop.ui.indicator_chart import IndicatorChart
from tests.ui.conftest import SCHOOL, type_text

ANSWERS = {"students_primary": Fraction(1000), "students_junior": Fraction(800),
           "classes_primary": Fraction(24), "classes_junior": Fraction(16),
           "fulltime_teachers_total": Fraction(128), "multimedia_rooms": Fraction(40),
           "max_class_size_primary": Fraction(52)}


def _fill(store, assessment_id):
    for item_id, value in ANSWERS.items():
        store.set_answer(assessment_id, "yzjh", item_id, value)


def test_dashboard_counts_verdict_and_unmet_list(qtbot, window, store, assessment_id):
    _fill(store, assessment_id)
    window.reload_assessment()
    window.pages.setCurrentIndex(1)
    page = window.dashboard.pages["yzjh"]
    assert "未" in page.verdict_label.text()
    # Every answer counts, and so do the computed items the answers make known.
    assert len(ANSWERS) < page.progress.value() < page.progress.maximum()
    assert "未达标 <b>1</b> 项" in page.counts_label.text()
    rows = [page.unmet_list.item(i).text() for i in range(page.unmet_list.count())]
    assert rows[0] == "★ 小学最大班额 —— 超出 7 人"
    # 40 multimedia rooms shared by 1000 + 800 pupils fall short in both 学段.
    assert rows[1].startswith("小学 R7 每百名学生拥有网络多媒体教室数 —— 还需")
    page.unmet_list.itemActivated.emit(page.unmet_list.item(0))
    assert window.pages.currentIndex() == 0
    assert window.navigator.current_item() == ("yzjh", "max_class_size_primary")
    window.pages.setCurrentIndex(1)
    page.unmet_list.itemActivated.emit(page.unmet_list.item(1))
    assert window.navigator.current_item() == ("yzjh", "multimedia_rooms")


def test_dashboard_updates_live_and_compares_with_the_previous_period(qtbot, window, store, assessment_id):
    _fill(store, assessment_id)
    info = store.assessment(assessment_id)
    new_id = store.create_assessment(info.school_id, "2026年度", list(info.checklists),
                                     data_date="2026-11-01", copy_from=assessment_id)
    window.open_assessment(new_id)
    window.pages.setCurrentIndex(1)
    page = window.dashboard.pages["yzjh"]
    assert "2025年度" in page.verdict_label.text()
    assert "上一周期：达标" in page.counts_label.text()
    charts = [w for w in page._charts if isinstance(w, IndicatorChart)]
    assert len(charts) == 2 and all(c.previous is not None for c in charts)
    window.go_to_item("yzjh", "max_class_size_primary")
    window.item_pane.answer_widget.answer_edited.emit(Fraction(45))
    window.pages.setCurrentIndex(1)  # redrawn when looked at
    rows = [page.unmet_list.item(i).text() for i in range(page.unmet_list.count())]
    assert not any("最大班额" in row for row in rows)
    window.go_to_item("yzjh", "multimedia_rooms")
    window.item_pane.answer_widget.answer_edited.emit(Fraction(50))
    window.pages.setCurrentIndex(1)
    assert [page.unmet_list.item(i).text() for i in range(page.unmet_list.count())] == ["（没有未达标的条目）"]


def test_indicator_chart_paints_every_state(qtbot, catalog):
    answers = {**ANSWERS, "teaching_rooms_m2": Fraction(3000)}
    result = evaluate(catalog.get("yzjh"), SCHOOL.profile, answers)
    chart = IndicatorChart()
    qtbot.addWidget(chart)
    chart.resize(700, 300)
    chart.set_stage(result.stages["primary"], result.stages["primary"])
    image = chart.grab().toImage()
    assert chart.height() >= 7 * 30
    colours = {image.pixelColor(x, y).name() for x in range(0, 700, 3) for y in range(0, chart.height(), 3)}
    assert "#c62828" in colours  # R4 below the 85 % floor drawn in red
    assert "#9aa0a6" in colours  # the previous period's thin bars


def test_narrative_insert_facts_type_and_sign_off(qtbot, window, store, assessment_id):
    _fill(store, assessment_id)
    window.reload_assessment()
    page = window.narrative
    page.facts_button.click()
    overview = page.editors["overview"].toPlainText()
    assert overview.startswith("青山区第一实验学校（学校标识码 1234567890）是一所城区公办九年一贯制")
    assert "小学在校生 1000 人" in overview and "初中教学班 16 个" in overview
    assert "专任教师 128 人" in overview
    page.editors["problems"].setFocus()
    type_text(page.editors["problems"], "小学个别班级超额。")
    box = page.signoff_boxes["yzjh"]
    type_text(box.filled_by, "李明")
    type_text(box.checker_title, "副校长")
    qtbot.waitUntil(lambda: store.snapshot(assessment_id).signoffs.get("yzjh") is not None
                    and store.snapshot(assessment_id).signoffs["yzjh"].checker_title == "副校长",
                    timeout=3000)
    snapshot = store.snapshot(assessment_id)
    assert snapshot.narrative.problems == "小学个别班级超额。"
    assert snapshot.narrative.overview == overview
    assert snapshot.signoffs["yzjh"].filled_by == "李明"
    assert window.saved_label.text().startswith("已保存")


def test_backup_then_restore_replaces_data_and_reopens(qtbot, window, store, assessment_id, monkeypatch):
    store.set_answer(assessment_id, "yzjh", "students_primary", Fraction(1000))
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    dialog.backup_now()
    assert dialog.list.count() >= 1 and "手动备份" in dialog.list.item(0).text()
    backup = store.backups()[0]
    store.set_answer(assessment_id, "yzjh", "students_primary", Fraction(1500))
    monkeypatch.setattr(BackupDialog, "ask", classmethod(lambda cls, store, parent=None: backup))
    window.actions_by_name["backup"].trigger()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.store is not store  # a fresh store on the restored file
    assert window.store.answers(assessment_id, "yzjh")["students_primary"] == Fraction(1000)
    window.go_to_item("yzjh", "students_primary")
    assert window.item_pane.answer_widget.edit.text() == "1000"
    reasons = [p.name for p in window.store.backups()]
    assert any("before-restore" in name for name in reasons)
    window.store.close()


def test_restore_asks_for_confirmation(qtbot, store, monkeypatch):
    store.backup()
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.restore_selected()
    assert dialog.chosen is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.restore_selected()
    assert dialog.chosen == store.backups()[0]
