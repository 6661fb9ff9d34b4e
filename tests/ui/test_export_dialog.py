"""导出 Excel / 提交包 and 导入 Excel from the main window: files written, messages, all-or-nothing imports."""

from __future__ import annotations

import dataclasses
import threading
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QProgressDialog, QPushButton

from desktop.core.errors import ImportFileError, StoreError
from desktop.core.snapshot_json import digest, short_fingerprint
from desktop.core.store import AnswerStore
from desktop.exchange.excel_export import export_workbook
from desktop.exchange.excel_import import Unmapped
from desktop.exchange.excel_merge import import_workbook
from desktop.exchange.excel_sheet import COL, FIRST_ROW
from desktop.exchange.package import read_package
from desktop.ui import export_dialog, import_dialog
from desktop.ui.export_dialog import FINGERPRINT_NOTICE, default_file_name
from desktop.ui.import_dialog import ImportConfirmDialog
from tests.ui.dialog_fixtures import (  # noqa: F401 (fixtures)
    assert_nothing_cut_off, demo_id, demo_store, demo_template, demo_window, save_screenshot,
)

TIMEOUT = 30000
YZJH = "义务教育优质均衡"  # the sheet of the yzjh checklist


@pytest.fixture
def shown(monkeypatch) -> dict[str, list]:
    """Messages and errors the export and import dialogs showed, instead of message boxes."""
    seen: dict[str, list] = {"info": [], "errors": []}
    for module in (export_dialog, import_dialog):
        monkeypatch.setattr(module, "show_info", lambda parent, title, text: seen["info"].append(
            (title, text)))
        monkeypatch.setattr(module, "show_error", lambda parent, exc, title="": seen["errors"].append(
            exc))
    # The demo's assessment is still 填报中: the unfinished-package question says 仍然导出.
    from desktop.ui import finalize
    monkeypatch.setattr(finalize, "ask_three", lambda parent, title, text, *buttons: (
        seen.setdefault("asked", []).append(text), 1)[1])
    return seen


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """Answers the save dialog with tmp/<name>; records the name the program proposed."""
    proposed: list[str] = []

    def answer(name: str) -> Path:
        def fake(parent, title, suggestion, file_filter):
            proposed.append(suggestion)
            return str(tmp_path / name), file_filter
        monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", fake)
        return tmp_path / name
    answer.proposed = proposed
    return answer


# --- export ------------------------------------------------------------------------------------
def test_default_file_names_are_safe_on_windows():
    assert default_file_name("城关镇第一学校", "2025年度", "自评报告", ".pdf") == \
        "城关镇第一学校_2025年度_自评报告.pdf"
    assert default_file_name('一中/二部:"新"', "2025 年度 ", "提交包", ".zpkg") == \
        "一中_二部__新__2025 年度_提交包.zpkg"


def test_export_excel_writes_the_workbook_and_says_where(qtbot, demo_window, shown, save_to):
    target = save_to("导出.xlsx")
    demo_window.actions_by_name["export_excel"].trigger()
    qtbot.waitUntil(lambda: bool(shown["info"] or shown["errors"]), timeout=TIMEOUT)
    assert shown["errors"] == []
    assert Path(save_to.proposed[0]).name == "城关镇第一学校_2025年度_自评数据.xlsx"
    title, text = shown["info"][0]
    assert title == "已导出 Excel 工作簿" and str(target) in text and "导入 Excel" in text
    workbook = openpyxl.load_workbook(target)
    assert {"汇总", YZJH, "校园安全", "食品安全（校园餐）"} <= set(workbook.sheetnames)


def test_export_package_verifies_and_states_what_the_fingerprint_proves(
        qtbot, demo_window, demo_store, demo_id, catalog, shown, save_to):
    target = save_to("提交包")  # typed without the extension
    demo_window.actions_by_name["export_package"].trigger()
    qtbot.waitUntil(lambda: bool(shown["info"] or shown["errors"]), timeout=TIMEOUT)
    assert shown["errors"] == []
    assert Path(save_to.proposed[0]).name == "城关镇第一学校_2025年度_提交包.zpkg"
    written = target.with_name("提交包.zpkg")
    submission = read_package(written, catalog)  # raises if anything does not verify
    snapshot = demo_store.snapshot(demo_id)
    assert submission.digest == digest(snapshot) == digest(submission.snapshot)
    assert len(submission.manifest.evidence_names) > 0
    title, text = shown["info"][0]
    assert title == "已导出提交包" and str(written) in text
    assert f"数据指纹：{short_fingerprint(digest(snapshot))}" in text
    assert FINGERPRINT_NOTICE in text and "含佐证材料文件" in text
    assert "尚未定稿" in shown["asked"][0]  # warned like the report warns of a draft


def test_export_cancelled_in_the_save_dialog_does_nothing(qtbot, demo_window, shown, monkeypatch):
    monkeypatch.setattr(export_dialog.QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert export_dialog.export_package(demo_window) is None
    assert demo_window.tasks.running() == 0 and shown["info"] == shown["errors"] == []


def test_cancel_in_the_progress_dialog_leaves_no_file(qtbot, demo_window, shown, save_to,
                                                     monkeypatch):
    from desktop.exchange import excel_export
    release, real = threading.Event(), excel_export.export_workbook

    def held(*args, **kwargs):  # waits until the test has pressed 取消
        release.wait(10)
        return real(*args, **kwargs)
    monkeypatch.setattr(excel_export, "export_workbook", held)
    target = save_to("导出.xlsx")
    demo_window.actions_by_name["export_excel"].trigger()
    progress = demo_window.findChild(QProgressDialog)
    (button,) = [b for b in progress.findChildren(QPushButton) if b.text() == "取消"]
    button.click()
    release.set()
    qtbot.waitUntil(lambda: demo_window.tasks.running() == 0, timeout=TIMEOUT)
    assert shown == {"info": [], "errors": []} and not target.exists()
    assert list(target.parent.glob("*.part")) == []
    assert "已取消导出" in demo_window.statusBar().currentMessage()


def test_export_error_is_shown_in_chinese(qtbot, demo_window, shown, save_to, tmp_path):
    save_to("没有这个文件夹/导出.xlsx")
    demo_window.actions_by_name["export_excel"].trigger()
    qtbot.waitUntil(lambda: bool(shown["info"] or shown["errors"]), timeout=TIMEOUT)
    assert shown["info"] == [] and "不存在" in str(shown["errors"][0])


# --- import ------------------------------------------------------------------------------------
@pytest.fixture
def workbook(demo_store, demo_id, catalog, tmp_path):
    """An export of the demo and an edit(changes) that saves a copy with {(item, column): value}."""
    exported = tmp_path / "exported.xlsx"
    export_workbook(demo_store.snapshot(demo_id), catalog, exported)

    def edit(changes: dict, name: str = "edited.xlsx", after=None) -> Path:
        wb = openpyxl.load_workbook(exported)
        ws = wb[YZJH]
        rows = {ws.cell(r, COL["item_id"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
        for (item, key), value in changes.items():
            ws.cell(rows[item], COL[key]).value = value
        if after is not None:
            after(wb, rows)
        out = tmp_path / name
        wb.save(out)
        return out
    edit.exported = exported
    return edit


@pytest.fixture
def choose(monkeypatch):
    def pick(path: Path) -> None:
        monkeypatch.setattr(import_dialog.QFileDialog, "getOpenFileName",
                            lambda *a: (str(path), "Excel 工作簿 (*.xlsx)"))
    return pick


@pytest.fixture
def confirm(monkeypatch):
    """ImportConfirmDialog.ask answered with .answer (True); the reports it was shown are kept."""
    asked: list = []

    def ask(report, source, target, titles, parent=None):
        asked.append((report, source, target, titles))
        return confirm.answer
    confirm.answer = True
    confirm.asked = asked
    monkeypatch.setattr(ImportConfirmDialog, "ask", staticmethod(ask))
    return confirm


def run_import(qtbot, window):
    """文件 → 导入 Excel…, waiting for the background check to end."""
    window.actions_by_name["import_excel"].trigger()
    qtbot.waitUntil(lambda: window.tasks.running() == 0, timeout=TIMEOUT)


def test_import_writes_the_confirmed_changes_into_the_same_assessment(
        qtbot, demo_window, demo_store, demo_id, workbook, choose, confirm, shown):
    before = demo_store.snapshot(demo_id)
    count = len(demo_store.assessments())
    choose(workbook({("students_primary", "answer"): 1100, ("classes_primary", "answer"): 25,
                     ("students_primary", "note"): "含随班就读学生 4 人"}))
    run_import(qtbot, demo_window)
    assert shown == {"info": [], "errors": []}
    report, source, target, titles = confirm.asked[0]
    assert source.name == "edited.xlsx" and target == "城关镇第一学校 · 2025年度"
    assert {c.item for c in report.answers} == {"students_primary", "classes_primary"}
    assert report.notes == 1 and titles["yzjh"] == YZJH
    answers = demo_store.answers(demo_id, "yzjh")
    assert answers["students_primary"] == Fraction(1100) and answers["classes_primary"] == 25
    assert demo_store.notes(demo_id, "yzjh")["students_primary"] == "含随班就读学生 4 人"
    assert len(demo_store.assessments()) == count and demo_window.session.id == demo_id
    assert {e.user for e in demo_store.audit_log(demo_id)[-2:]} == {"Excel 导入"}
    assert any("before-import" in p.name for p in demo_store.backups())
    # The window shows the imported values (it reloaded the assessment).
    assert demo_window.session.answer("yzjh", "students_primary") == 1100
    assert "导入 3 项改动" in demo_window.statusBar().currentMessage()
    untouched = {c: a for c, a in before.answers.items() if c != "yzjh"}
    assert {c: demo_store.answers(demo_id, c) for c in untouched} == untouched


def test_a_bad_cell_refuses_the_whole_workbook(qtbot, demo_window, demo_store, demo_id, workbook,
                                               choose, confirm, shown):
    before = digest(demo_store.snapshot(demo_id))
    path = workbook({("classes_primary", "answer"): 25, ("students_primary", "answer"): "很多"})
    row = openpyxl.load_workbook(path)[YZJH]
    row = next(r for r in range(FIRST_ROW, row.max_row + 1)
               if row.cell(r, COL["item_id"]).value == "students_primary")
    choose(path)
    run_import(qtbot, demo_window)
    (error,) = shown["errors"]
    assert isinstance(error, ImportFileError)
    assert (error.sheet, error.row, error.column) == (YZJH, row, "E")
    assert f"工作表「{YZJH}」" in str(error) and f"第 {row} 行" in str(error) and "E 列" in str(error)
    assert confirm.asked == [] and digest(demo_store.snapshot(demo_id)) == before


def test_declining_the_confirmation_changes_nothing(qtbot, demo_window, demo_store, demo_id,
                                                    workbook, choose, confirm, shown):
    before = digest(demo_store.snapshot(demo_id))
    choose(workbook({("students_primary", "answer"): 1100}))
    confirm.answer = False
    run_import(qtbot, demo_window)
    assert len(confirm.asked) == 1 and shown == {"info": [], "errors": []}
    assert digest(demo_store.snapshot(demo_id)) == before
    assert "已取消导入" in demo_window.statusBar().currentMessage()


def test_an_unchanged_workbook_imports_nothing(qtbot, demo_window, demo_store, demo_id, workbook,
                                               choose, confirm, shown):
    before = digest(demo_store.snapshot(demo_id))
    choose(workbook.exported)
    run_import(qtbot, demo_window)
    assert confirm.asked == [] and "没有需要导入的改动" in shown["info"][0][1]
    assert digest(demo_store.snapshot(demo_id)) == before


def test_a_failed_write_is_shown_and_nothing_changes(qtbot, demo_window, demo_store, demo_id,
                                                     workbook, choose, confirm, shown, monkeypatch):
    before = digest(demo_store.snapshot(demo_id))
    choose(workbook({("students_primary", "answer"): 1100, ("classes_primary", "answer"): 25}))
    real = AnswerStore.set_answer
    calls = []

    def fail_second(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise StoreError("磁盘已满，无法保存")
        return real(self, *args, **kwargs)
    monkeypatch.setattr(AnswerStore, "set_answer", fail_second)
    run_import(qtbot, demo_window)
    assert "磁盘已满" in str(shown["errors"][0])
    monkeypatch.setattr(AnswerStore, "set_answer", real)
    assert digest(demo_store.snapshot(demo_id)) == before  # the first change was rolled back too


def test_an_archived_assessment_cannot_be_imported_into(qtbot, demo_window, demo_store, demo_id):
    earlier = demo_store.assessment(demo_id).copied_from
    demo_window.open_assessment(earlier)
    assert not demo_window.actions_by_name["import_excel"].isEnabled()
    with pytest.raises(StoreError, match="已归档"):
        import_dialog.import_excel(demo_window)


def test_confirmation_screenshot_at_laptop_size(qtbot, demo_store, demo_id, catalog, workbook,
                                                tmp_path):
    def retire_a_row(wb, rows):  # a sheet made for another version, with an item since removed
        wb[YZJH].cell(rows["max_class_size_primary"], COL["item_id"]).value = "retired_item"
        meta = wb["_meta"]
        key = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "sheet.1.version")
        meta.cell(key, 2).value = "2024.1"
    path = workbook({("students_primary", "answer"): 1100, ("classes_primary", "answer"): 25,
                     ("teaching_rooms_m2", "answer"): "4500.5"}, after=retire_a_row)
    before = demo_store.snapshot(demo_id)
    _after, report = import_workbook(before, path, catalog)
    assert report.unmapped and report.version_notes
    report = dataclasses.replace(report, unmapped=report.unmapped + (
        Unmapped("校园安全", 31, "old_fire_check", "是"),))
    titles = {cid: catalog.get(cid, before.overlay or None).title for cid, _ in before.checklists}
    dialog = ImportConfirmDialog(report, path, "城关镇第一学校 · 2025年度", titles)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1326 and dialog.height() <= 678  # fits a 1366×768 screen
    assert dialog.changes.rowCount() == len(report.answers) == 3
    assert dialog.unmapped is not None and dialog.unmapped.rowCount() == 2
    assert dialog.changes.horizontalScrollBar().maximum() == 0  # every column visible
    assert_nothing_cut_off(dialog)
    shot = save_screenshot(dialog, "import_confirm.png", tmp_path)
    assert QImage(str(shot)).size() == QSize(dialog.width(), dialog.height())
