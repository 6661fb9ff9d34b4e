"""The principal's whole first session, by keyboard where a principal would use it:
first launch with the suggested values → 开始填报 → the R1–R7 inputs typed in the grid with Enter →
a failed indicator gets its 整改措施 → 定稿 → the package says 已完成."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from desktop.core import period_names
from desktop.exchange.package import read_package
from desktop.ui import export_dialog, finalize
from desktop.ui.main_window import MainWindow
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.start import first_assessment
from tests.ui.conftest import type_text

# The R1–R7 inputs of a 九年一贯制 school in grid order, as typed; 20 multimedia rooms fail R7.
R_INPUTS = ("1000", "800", "60", "55", "12", "10", "11", "9", "12000", "18000", "4500000", "20")
# Rows of the section that feed no indicator (室内体育用房 and whether it was deducted): passed by.
NOT_TYPED = {"indoor_sports_m2", "indoor_sports_excluded"}
TIMEOUT = 30000


def finish_wizard_with_suggestions(qtbot, catalog):
    """The wizard as a principal meets it: only the school's name typed, then 下一步, 开始填报."""
    wizard = SetupWizard(catalog)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(wizard.school_page.name, "青山区第一实验学校")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled(), wizard.period_page.hint.text()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    return wizard.setup_result()


def test_first_launch_to_finalized_package(qtbot, store, catalog, monkeypatch, tmp_path):
    monkeypatch.setattr(SetupWizard, "ask", classmethod(
        lambda cls, catalog, parent=None: finish_wizard_with_suggestions(qtbot, catalog)))
    assessment_id = first_assessment(store, catalog)
    assert assessment_id is not None
    info = store.assessment(assessment_id)
    assert info.period == period_names.current(period_names.SCHOOL_YEAR).name

    window = MainWindow(store, catalog)
    qtbot.addWidget(window)
    window.open_assessment(assessment_id)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # 表格填报 on the 资源配置 section; every value typed and Enter, as in Excel.
    window.go_to_item("yzjh", "students_primary")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    grid = window.grid
    assert window.in_grid_mode() and grid.model.rowCount() == len(R_INPUTS) + len(NOT_TYPED)
    texts = iter(R_INPUTS)
    typed = []
    for row in range(grid.model.rowCount()):
        if grid.model.item_id(row) in NOT_TYPED:
            qtbot.keyClick(grid.view, Qt.Key.Key_Down)
            continue
        text = next(texts)
        qtbot.keyClicks(grid.view, text[0])
        editor = QApplication.focusWidget()
        qtbot.keyClicks(editor, text[1:])
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        QApplication.processEvents()
        typed.append(grid.model.item_id(row))
    answers = store.snapshot(assessment_id).answers["yzjh"]
    assert [answers[item_id] for item_id in typed] == [Fraction(t) for t in R_INPUTS]

    # R7 fails for both 学段: one plan (the rooms are shared) written in the panel.
    failed = window.session.failed_indicators("yzjh")
    assert {f.result.indicator.id for f in failed} == {"R7"}
    plans = window.indicator_panel.plans
    assert plans.isVisibleTo(window.indicator_panel)
    plans.form.measure.setFocus()
    type_text(plans.form.measure, "2026年春季学期新建4间网络多媒体教室")
    type_text(plans.form.owner, "总务处")
    window.flush_edits()
    assert store.snapshot(assessment_id).rectification("yzjh", "multimedia_rooms").owner == "总务处"

    # 定稿: the check lists what is still open; the principal finalizes anyway.
    asked = []
    monkeypatch.setattr(finalize, "ask_three", lambda parent, title, text, *b: (asked.append(text), 1)[1])
    window.actions_by_name["finalize"].trigger()
    assert "未填写" in asked[0] and "未达标但未制定整改措施" not in asked[0].split("缺佐证材料")[0]
    assert store.assessment(assessment_id).status == "已完成"

    # The package: no 尚未定稿 question any more, and it carries 已完成.
    target = tmp_path / "提交包.zpkg"
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName",
                        lambda *a: (str(target), export_dialog.PACKAGE_FILTER))
    shown = []
    monkeypatch.setattr(export_dialog, "show_info", lambda parent, title, text: shown.append(title))
    monkeypatch.setattr(export_dialog, "show_error", lambda parent, exc, title="": shown.append(exc))
    asked.clear()
    window.actions_by_name["export_package"].trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
    assert shown == ["已导出提交包"] and asked == []
    submission = read_package(Path(target), catalog)
    assert submission.snapshot.status == "已完成"
    assert submission.snapshot.rectification("yzjh", "multimedia_rooms") is not None
