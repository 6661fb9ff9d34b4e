"""First launch: the wizard asks for the school and period, and picks checklists by school type."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from desktop.ui.main_window import MainWindow
from desktop.ui.setup_wizard import SetupResult, SetupWizard, checklists_for
from desktop.ui.start import first_assessment
from tests.ui.conftest import type_text


def test_checklists_follow_the_school_type(catalog):
    assert [c for c, _ in checklists_for(catalog, "幼儿园")] == ["xqph", "xyaq", "spaq"]
    assert [c for c, _ in checklists_for(catalog, "九年一贯制")] == ["yzjh", "xyaq", "spaq"]
    assert [c for c, _ in checklists_for(catalog, "小学")][0] == "yzjh"


def test_wizard_collects_the_profile_typed_in_chinese(qtbot, catalog):
    wizard = SetupWizard(catalog)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.school_page
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # name is required
    page.name.setFocus()
    type_text(page.name, "青山幼儿园")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.type.setCurrentText("幼儿园")
    page.locale.setCurrentText("乡村")
    page.boarding.setChecked(True)
    type_text(page.principal, "李园长")
    qtbot.keyClicks(page.code, "12345678901x")  # only 10 digits are accepted
    assert page.code.text() == "1234567890"
    wizard.next()
    boxes = wizard.period_page.boxes
    assert list(boxes) == ["xqph", "xyaq", "spaq"] and all(b.isChecked() for b in boxes.values())
    overlays = [wizard.period_page.overlay.itemData(i) for i in range(wizard.period_page.overlay.count())]
    assert overlays[0] == "" and ("gd" in overlays) == ("gd" in catalog.overlays)
    boxes["spaq"].setChecked(False)
    result = wizard.setup_result()
    assert result.school.name == "青山幼儿园" and result.school.type == "幼儿园"
    assert result.school.boarding and result.school.locale == "乡村" and result.school.principal == "李园长"
    assert [c for c, _ in result.checklists] == ["xqph", "xyaq"]
    assert result.period.endswith("学年") and "—" in result.period
    for box in boxes.values():
        box.setChecked(False)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert wizard.period_page.hint.text() == "请至少选择一张检查表。"


def test_wizard_finishes_with_the_suggested_values(qtbot, catalog, store):
    """Only a name typed: every other field keeps its suggestion and 开始填报 works."""
    import datetime as dt

    from desktop.core import period_names
    from desktop.ui.start import create_from_setup
    wizard = SetupWizard(catalog)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.school_page.hint.text() == "请填写学校名称。"  # says why 下一步 is greyed
    type_text(wizard.school_page.name, "青山区第三小学")
    assert wizard.school_page.hint.text() == ""
    wizard.next()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()
    assert wizard.period_page.hint.text() == ""
    finish.click()
    result = wizard.setup_result()
    assert result.period == period_names.current(period_names.SCHOOL_YEAR).name
    today = dt.date.today()
    start = today.year if today.month >= 9 else today.year - 1
    assert result.data_date == f"{start}-09-01"  # a 学年's data are as of 学年初
    assessment_id = create_from_setup(store, result)
    assert store.assessment(assessment_id).period == result.period


def test_kindergarten_is_asked_its_nature_once(qtbot, catalog, store):
    from desktop.ui.start import create_from_setup
    wizard = SetupWizard(catalog)
    qtbot.addWidget(wizard)
    wizard.show()
    form = wizard.school_page.form
    type_text(form.name, "青山幼儿园")
    form.type.setCurrentText("幼儿园")
    assert form.kindergarten_ownership.isVisibleTo(wizard) and not form.ownership.isVisibleTo(wizard)
    form.kindergarten_ownership.setCurrentText("普惠性民办")
    wizard.next()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    result = wizard.setup_result()
    assert result.school.ownership == "民办"
    assessment_id = create_from_setup(store, result)
    # The checklist's own 办园性质 item is answered already: not asked a second time.
    assert store.snapshot(assessment_id).answers["xqph"]["ownership_type"] == "普惠性民办"


def test_school_code_must_have_ten_digits(qtbot, catalog):
    wizard = SetupWizard(catalog)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.school_page
    type_text(page.name, "青山区第三小学")
    qtbot.keyClicks(page.code, "12345")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "10 位数字" in page.hint.text() and "5 位" in page.hint.text()
    qtbot.keyClicks(page.code, "67890")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_first_launch_creates_school_and_assessment_then_opens_it(qtbot, store, catalog, monkeypatch):
    from desktop.core.assessment import School
    chosen = SetupResult(School(name="青山区第二小学", type="小学", locale="镇区", ownership="公办"),
                         "2025年度", "2025-11-01", [("yzjh", catalog.checklists["yzjh"].version)], "")
    monkeypatch.setattr(SetupWizard, "ask", classmethod(lambda cls, catalog, parent=None: chosen))
    assessment_id = first_assessment(store, catalog)
    assert assessment_id is not None
    window = MainWindow(store, catalog)
    qtbot.addWidget(window)
    window.open_assessment(assessment_id)
    assert "青山区第二小学" in window.windowTitle()
    assert list(window.session.checklists) == ["yzjh"]
    assert window.item_pane.item_id  # the first item is shown, ready to answer


def test_cancelled_setup_opens_nothing(store, catalog, monkeypatch):
    monkeypatch.setattr(SetupWizard, "ask", classmethod(lambda cls, catalog, parent=None: None))
    assert first_assessment(store, catalog) is None
    assert store.schools() == []


def test_school_profile_can_be_edited_later(qtbot, window, store, assessment_id, monkeypatch):
    from dataclasses import replace

    from desktop.ui.school_dialog import SchoolDialog
    window.go_to_item("xyaq", "last_drill_date")
    school = window.session.snapshot.school
    dialog = SchoolDialog(school)
    qtbot.addWidget(dialog)
    assert dialog.form.school() == school
    changed = replace(school, name="青山区实验学校", type="幼儿园")
    monkeypatch.setattr(SchoolDialog, "ask", classmethod(
        lambda cls, school, parent=None, kind="": (changed, "")))
    window.actions_by_name["school"].trigger()
    assert store.school(store.assessment(assessment_id).school_id).name == "青山区实验学校"
    assert "青山区实验学校" in window.windowTitle()
    # A 幼儿园 sees the kindergarten drill item and no longer the school one.
    assert window.navigator.model.index_for_item("xyaq", "last_drill_date_kg").isValid()
    assert not window.navigator.model.index_for_item("xyaq", "last_drill_date").isValid()


def test_kindergarten_nature_edited_later_keeps_the_item_in_step(qtbot, store, catalog, monkeypatch):
    from desktop.core.assessment import School
    from desktop.ui.school_dialog import SchoolDialog
    kindergarten = School(name="青山幼儿园", type="幼儿园", locale="城区", ownership="民办")
    school_id = store.add_school(kindergarten)
    aid = store.create_assessment(school_id, "2025—2026学年", [("xqph", catalog.checklists["xqph"].version)])
    store.set_answer(aid, "xqph", "ownership_type", "非普惠性民办")
    window = MainWindow(store, catalog)
    qtbot.addWidget(window)
    window.open_assessment(aid)
    dialog = SchoolDialog(kindergarten, None, "非普惠性民办")
    qtbot.addWidget(dialog)
    assert dialog.form.kindergarten_ownership.currentText() == "非普惠性民办"  # not reset to 公办
    assert dialog.form.school() == kindergarten
    monkeypatch.setattr(SchoolDialog, "ask", classmethod(
        lambda cls, school, parent=None, kind="": (school, "普惠性民办")))
    window.actions_by_name["school"].trigger()
    assert store.snapshot(aid).answers["xqph"]["ownership_type"] == "普惠性民办"
