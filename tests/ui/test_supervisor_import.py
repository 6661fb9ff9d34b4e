"""导入名单 and 导入提交包 from the window: progress, 取消, 校验失败 with reasons, duplicates asked."""

from __future__ import annotations

import dataclasses

import csv
import datetime as dt
import threading

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.exchange import package
from desktop.supervisor.outcomes import Outcome
from desktop.supervisor.status import FAILED, NOT_SUBMITTED, REVIEW
from desktop.ui.supervisor import import_dialog
from desktop.ui.supervisor.duplicate_dialog import DuplicateDialog
from tests.supervisor.factories import EXPORTED, write
from tests.ui.supervisor_fixtures import (  # noqa: F401 (fixtures)
    county, county_snapshot, county_template, import_and_wait, sup_window, sup_ws,
)


@pytest.fixture
def infos(monkeypatch):
    shown = []
    monkeypatch.setattr(import_dialog, "show_info", lambda parent, title, text: shown.append(text))
    return shown


def roster_csv(path, schools):
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["学校名称", "学校标识码", "学校类型", "小学在校生数", "初中在校生数", "责任督学"])
        for s in schools:
            primary, junior = (s.students, "") if s.kind == "小学" else ("", s.students)
            writer.writerow([s.name, s.code, s.kind, primary, junior, "张督学"])
    return path


def rows_by_name(window):
    return {r.name: r for r in window.schools.model.rows()}


def test_roster_from_a_csv_lists_every_school_as_not_submitted(qtbot, sup_window, county, infos,
                                                               monkeypatch, tmp_path):
    _, schools = county
    path = roster_csv(tmp_path / "名单.csv", schools)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(sup_window.reloaded, timeout=30000):
        sup_window.import_roster()
    assert [r.name for r in sup_window.schools.model.rows()] == [s.name for s in schools]
    assert {r.status for r in sup_window.schools.model.rows()} == {NOT_SUBMITTED}
    assert sup_window.schools.counts.text().startswith("应交 20 所，已提交 0，需复核 0，校验失败 0，未提交 20")
    assert "20 所学校" in infos[0]

    # A second roster replaces the first only when the user says so.
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or
                        QMessageBox.StandardButton.No)
    path = roster_csv(tmp_path / "新名单.csv", schools[:5])
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    sup_window.import_roster()
    qtbot.waitUntil(lambda: bool(asked), timeout=30000)
    assert "替换现有名单（20 所）" in asked[0] and len(sup_window.ws.roster()) == 20


def test_roster_from_an_xlsx_with_a_title_row(qtbot, sup_window, county, infos, monkeypatch,
                                              tmp_path):
    from openpyxl import Workbook
    _, schools = county
    book = Workbook()
    sheet = book.active
    sheet.title = "学校名单"
    sheet.append(["青山县 2025 年度义务教育学校名单"])
    sheet.append(["学校名称", "学校标识码", "类型", "小学在校生数（人）"])
    for s in schools[:4]:
        sheet.append([s.name, s.code, s.kind, s.students if s.kind == "小学" else None])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(sup_window.reloaded, timeout=30000):
        sup_window.import_roster()
    assert [(r.name, r.code, r.type) for r in sup_window.schools.model.rows()] == \
        [(s.name, s.code, s.kind) for s in schools[:4]]


def test_a_bad_roster_is_refused_whole_with_row_and_column(qtbot, sup_window, monkeypatch, tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("学校名称,学校标识码\n城关小学,2144190001\n城南小学,12345\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr(import_dialog, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    sup_window.import_roster()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "第 3 行" in shown[0] and "学校标识码" in shown[0] and "10 位数字" in shown[0]
    assert sup_window.ws.roster() == []


def test_folder_import_shows_progress_statuses_and_the_tampered_package(qtbot, sup_window, county):
    folder, schools = county
    sup_window.ws.set_roster([s.roster for s in schools])
    sup_window.reload()
    progress = []
    dialog = sup_window.import_packages(folder=folder)
    dialog.task.progress_changed.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(dialog.finished_import, timeout=60000) as blocker:
        pass
    result = blocker.args[0]
    assert not result.cancelled and result.count(Outcome.IMPORTED) == 16
    assert result.count(Outcome.FAILED) == 1
    assert progress[-1] == (17, 17) and dialog.progress.value() == 17
    assert dialog.label.text() == "共 17 个提交包：已导入 16，校验失败 1"
    failed = dialog.model.row_at(0)  # failures are listed first
    assert failed.outcome is Outcome.FAILED and failed.path.name == "城北小学.zpkg"
    assert "SHA-256" in dialog.model.index(0, 2).data()
    assert dialog.close_button.isEnabled() and not dialog.cancel_button.isEnabled()

    rows = rows_by_name(sup_window)
    assert rows["城北小学"].status == FAILED and "SHA-256" in rows["城北小学"].reasons[0]
    assert rows["城南小学"].status == REVIEW  # marked 填报中 by the school
    assert rows[schools[-1].name].status == NOT_SUBMITTED
    assert sup_window.schools.counts.text() == "应交 20 所，已提交 15，需复核 1，校验失败 1，未提交 3"
    assert sup_window.period_box.currentText() == "2025年度"
    dialog.accept()


def test_cancel_keeps_what_was_imported_and_nothing_half(qtbot, sup_window, county, monkeypatch):
    folder, _ = county
    gate, calls = threading.Event(), []
    real = package.read_package

    def held(path, catalog, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            gate.wait(30)  # the third package is being checked when the user cancels
        return real(path, catalog, **kwargs)

    monkeypatch.setattr(package, "read_package", held)
    dialog = sup_window.import_packages(folder=folder)
    qtbot.waitUntil(lambda: len(calls) == 3, timeout=30000)
    dialog.reject()  # Esc: cancels rather than closing
    assert dialog.isVisible() and "正在取消" in dialog.label.text()
    gate.set()
    with qtbot.waitSignal(dialog.finished_import, timeout=30000) as blocker:
        pass
    result = blocker.args[0]
    assert result.cancelled and 2 <= len(result.outcomes) <= 3 < result.total
    assert "已取消" in dialog.label.text()
    stored = sup_window.ws.submissions()
    assert len(stored) == result.count(Outcome.IMPORTED)
    assert not list((sup_window.ws.data_dir / "submissions").glob(".incoming-*"))
    assert len(list((sup_window.ws.data_dir / "submissions").glob("*.zpkg"))) == len(stored)


def test_duplicate_asks_and_replaces_with_the_newer_package(qtbot, sup_window, county, monkeypatch,
                                                            tmp_path):
    folder, schools = county
    import_and_wait(qtbot, sup_window, folder=folder)
    first = rows_by_name(sup_window)[schools[0].name]
    newer = write(county_snapshot(schools[0], 99), tmp_path / "补报",
                  created=EXPORTED + dt.timedelta(days=3))
    asked = []
    monkeypatch.setattr(DuplicateDialog, "ask", classmethod(
        lambda cls, conflict, parent=None: asked.append(conflict) or True))
    dialog = import_and_wait(qtbot, sup_window, files=[newer])
    (conflict,) = asked
    assert conflict.existing.digest == first.submission.digest and conflict.incoming_is_newer
    assert [o.outcome for o in dialog.result.outcomes] == [Outcome.REPLACED]
    assert "已替换 1" in dialog.label.text()
    now = rows_by_name(sup_window)[schools[0].name]
    assert now.submission.digest == conflict.incoming.digest != first.submission.digest
    assert len(sup_window.ws.history(now.name, now.code)) == 2


def test_duplicate_kept_as_it_was_when_the_user_keeps_the_old_one(qtbot, sup_window, county,
                                                                  monkeypatch, tmp_path):
    folder, schools = county
    import_and_wait(qtbot, sup_window, folder=folder)
    before = rows_by_name(sup_window)[schools[0].name].submission.digest
    again = write(county_snapshot(schools[0], 98), tmp_path / "again")
    monkeypatch.setattr(DuplicateDialog, "ask", classmethod(lambda cls, conflict, parent=None: False))
    dialog = import_and_wait(qtbot, sup_window, files=[again])
    assert [o.outcome for o in dialog.result.outcomes] == [Outcome.DUPLICATE]
    assert rows_by_name(sup_window)[schools[0].name].submission.digest == before


def test_duplicate_dialog_shows_both_sides(qtbot, sup_ws, county, tmp_path):  # noqa: F811
    folder, schools = county
    sup_ws.import_folder(folder)
    outcome = sup_ws.import_package(write(county_snapshot(schools[0], 97), tmp_path,
                                          created=EXPORTED - dt.timedelta(days=1)))
    dialog = DuplicateDialog(outcome.conflict)
    qtbot.addWidget(dialog)
    table = dialog.table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    row = labels.index("数据指纹")
    assert table.item(row, 0).text() == outcome.conflict.existing.fingerprint
    assert table.item(row, 1).text() == outcome.conflict.incoming.fingerprint
    assert "义务教育优质均衡" in table.item(labels.index("检查表结论"), 0).text()
    assert dialog.keep_button.isDefault()  # the incoming one is older: keeping is the default


def test_a_folder_that_vanished_is_an_error_message_and_nothing_changes(qtbot, sup_window,
                                                                      monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(import_dialog, "show_error", lambda parent, exc, title="": shown.append(str(exc)))
    dialog = sup_window.import_packages(folder=tmp_path / "不存在")
    with qtbot.waitSignal(dialog.finished_import, timeout=30000):
        pass
    assert "找不到文件夹" in shown[0] and dialog.label.text() == "导入未完成。"
    assert dialog.close_button.isEnabled() and sup_window.ws.submissions() == []


def test_duplicate_wording_for_equal_export_times():
    from desktop.supervisor.outcomes import Conflict, PackageSide
    from desktop.ui.supervisor.duplicate_dialog import export_order
    side = PackageSide("青山小学", "", "2025—2026学年", "2026-01-05T10:00:00+08:00", "d", {}, 0, "a.zpkg")
    same = Conflict(1, side, dataclasses.replace(side, created="2026-01-05T02:00:00+00:00"))
    assert export_order(same) == "两个提交包的导出时间相同，请比较数据指纹等内容。"
    later = Conflict(1, side, dataclasses.replace(side, created="2026-01-06T10:00:00+08:00"))
    assert export_order(later) == "新的提交包导出得更晚。"
    earlier = Conflict(1, side, dataclasses.replace(side, created="2026-01-04T10:00:00+08:00"))
    assert "更早" in export_order(earlier)
