"""The school list as a 督学 uses it: counts, status filter, search typed in Chinese, sorting, and
a double-click that opens the school's submission read-only (evidence opened from the package)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices

from desktop.supervisor.status import FAILED, NOT_ON_ROSTER, NOT_SUBMITTED, REVIEW, SUBMITTED
from desktop.ui.supervisor import supervisor_window
from desktop.ui.supervisor.school_table_model import COL_NAME, COL_STATUS
from desktop.ui.supervisor.school_view import SchoolViewDialog
from desktop.ui.supervisor.school_view import SHOW_PROBLEMS
from tests.supervisor.factories import blob, plan, school, snapshot, write, yes_no_items
from tests.ui.conftest import type_text
from tests.ui.supervisor_fixtures import (  # noqa: F401 (fixtures)
    county, county_template, import_and_wait, sup_window, sup_ws,
)


@pytest.fixture
def filled(qtbot, sup_window, county):
    folder, schools = county
    sup_window.ws.set_roster([s.roster for s in schools])
    import_and_wait(qtbot, sup_window, folder=folder).accept()
    return sup_window, schools


def shown_names(window):
    return [r.name for r in window.schools.shown_schools()]


def test_status_filter_lists_who_is_missing(filled):
    window, schools = filled
    page = window.schools
    boxes = [page.status_box.itemText(n) for n in range(page.status_box.count())]
    assert boxes == ["全部（20）", "未提交（3）", "已提交（15）", "校验失败（1）", "需复核（1）"]
    page.set_status_filter(NOT_SUBMITTED)
    assert shown_names(window) == [s.name for s in schools[-3:]]
    assert page.shown_label.text() == "显示 3 所，共 20 所"
    page.set_status_filter(FAILED)
    assert shown_names(window) == ["城北小学"]
    page.set_status_filter(REVIEW)
    assert shown_names(window) == ["城南小学"]
    assert "填报中" in page.model.index(page.model.row_of(window.schools.shown_schools()[0].key),
                                       page.model.columnCount() - 1).data()


def test_search_typed_in_chinese_and_sorting_by_header(qtbot, filled):
    window, schools = filled
    page = window.schools
    page.search.setFocus()
    type_text(page.search, "中学")
    assert shown_names(window) == [s.name for s in schools if s.kind == "初中"]
    page.search.clear()
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(COL_STATUS) + header.sectionSize(COL_STATUS) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    statuses = [r.status for r in page.shown_schools()]
    assert statuses == sorted(statuses, key=[FAILED, REVIEW, NOT_SUBMITTED, SUBMITTED].index)
    page.view.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert page.shown_schools()[0].name == max((s.name for s in schools),
                                                key=lambda n: "".join(n.split()))


def test_selection_survives_a_reload(filled):
    window, schools = filled
    assert window.schools.select_school(schools[5].roster.key)
    window.reload()
    assert window.schools.current_school().name == schools[5].name
    assert window.actions_by_name["records"].isEnabled()


def test_a_school_not_on_the_roster_is_flagged(qtbot, filled, tmp_path):
    window, _ = filled
    outsider = write(snapshot(school("外县实验小学", "3344190001")), tmp_path / "外县")
    import_and_wait(qtbot, window, files=[outsider]).accept()
    rows = {r.name: r for r in window.schools.model.rows()}
    assert not rows["外县实验小学"].on_roster and rows["外县实验小学"].status == SUBMITTED
    assert window.schools.counts.text().endswith("另有 1 所学校不在名单内")
    window.schools.set_status_filter(NOT_ON_ROSTER)
    assert shown_names(window) == ["外县实验小学"]


def test_double_click_opens_the_submission_read_only(qtbot, filled):
    window, schools = filled
    page = window.schools
    index = page.proxy.index(0, COL_NAME)
    rect = page.view.visualRect(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (dialog,) = window.findChildren(SchoolViewDialog)
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and schools[0].name in dialog.windowTitle() and "只读" in dialog.windowTitle()
    answers = dialog.answers
    assert answers.rowCount() > 20
    assert {answers.index(r, 0).data() for r in range(answers.rowCount())} == {"义务教育优质均衡", "校园安全"}
    dialog.show_box.setCurrentText(SHOW_PROBLEMS)
    problems = [answers.index(r, 5).data() for r in range(answers.rowCount())]
    assert problems and set(problems) <= {"未达标", "未填写"} | {p for p in problems if "待复核" in p}


def test_a_school_without_a_package_says_why(filled, monkeypatch):
    window, schools = filled
    shown = []
    monkeypatch.setattr(supervisor_window, "show_info", lambda parent, title, text: shown.append(text))
    rows = {r.name: r for r in window.schools.model.rows()}
    assert window.view_school(rows["城北小学"]) is None
    assert "还没有通过校验的提交包（校验失败）" in shown[0] and "SHA-256" in shown[0]


def test_plans_and_evidence_of_a_submission(qtbot, sup_window, catalog, tmp_path, monkeypatch):
    items = yes_no_items()
    snap = snapshot(school("城南小学", "2144190002"), fail=1,
                    plans=(plan(items[0], "整改中", "更换过期灭火器", "已采购"),))
    path = write(snap, tmp_path, evidence=blob("消防检查记录"))
    import_and_wait(qtbot, sup_window, files=[path]).accept()
    row = sup_window.schools.model.row_at(0)
    dialog = sup_window.view_school(row)
    qtbot.addWidget(dialog)
    assert dialog.plans.rowCount() == 1 and dialog.plans.index(0, 2).data() == "更换过期灭火器"
    assert dialog.tabs.tabText(1) == "整改措施（1）" and dialog.tabs.tabText(2) == "佐证材料（1）"
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    with qtbot.waitSignal(dialog.evidence_opened, timeout=30000) as blocker:
        dialog.open_evidence(dialog.evidence.row_at(0))
    file = blocker.args[0]
    assert [Path(p) for p in opened] == [file] and file.name == "佐证1.pdf"  # C:/… from QUrl
    assert file.read_bytes() == next(iter(blob("消防检查记录").values()))
