"""Every table model of the 督学汇总 mode passes Qt's model tester, before and after it changes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.district.sources import load_schools
from desktop.district.summary import summarise
from desktop.district.whatif import what_ifs
from desktop.supervisor.status import NOT_SUBMITTED, REVIEW, SUBMITTED
from desktop.ui.supervisor.county_stats import CountyStats, best_what_ifs
from desktop.ui.supervisor.import_dialog import ImportResultModel
from desktop.ui.supervisor.notice_models import (
    COL_DEADLINE, COL_REQUIREMENT, FollowUpModel, NoticeItemsModel, state_text,
)
from desktop.ui.supervisor.overdue_page import OverdueTableModel
from desktop.ui.supervisor.records_dialog import NoticeLine, NoticeListModel, VisitListModel
from desktop.ui.supervisor.school_table_model import (
    COL_NAME, COL_STATUS, SchoolFilterProxy, SchoolTableModel,
)
from desktop.ui.supervisor.stats_models import CvTableModel, FailingTableModel, WhatIfTableModel
from desktop.ui.supervisor.submission_models import (
    AnswerTableModel, EvidenceTableModel, PlanTableModel, Reading, answer_lines, evidence_lines,
    plan_lines,
)
from desktop.ui.supervisor.supervisor_window import FailedPackageModel
from desktop.ui.supervisor.table_base import ROW_ROLE
from tests.supervisor.factories import blob, plan, school, snapshot, tamper, write, yes_no_items
from tests.ui.supervisor_fixtures import county, county_template, sup_ws  # noqa: F401 (fixtures)


@pytest.fixture
def imported(sup_ws, county):  # noqa: F811 (fixture)
    folder, schools = county
    sup_ws.set_roster([s.roster for s in schools])
    sup_ws.import_folder(folder)
    return sup_ws, schools


def texts(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_school_table_and_its_filter_proxy(qtmodeltester, imported):
    ws, schools = imported
    model = SchoolTableModel()
    qtmodeltester.check(model)
    rows = ws.school_list()
    model.set_schools(rows)
    qtmodeltester.check(model)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[:4] == ["学校名称", "学校标识码", "类型", "状态"]
    assert titles[4:6] == ["义务教育优质均衡", "校园安全"]  # county order: yzjh before xyaq
    assert model.index(0, COL_NAME).data(ROW_ROLE) is rows[0]
    proxy = SchoolFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_filter((NOT_SUBMITTED,))
    assert texts(proxy, COL_NAME) == [s.name for s in schools[-3:]]
    proxy.set_filter((), "2144190005")
    assert texts(proxy, COL_NAME) == [schools[4].name]
    proxy.set_filter()
    proxy.sort(COL_STATUS)
    order = [proxy.index(r, 0).data(ROW_ROLE).status for r in range(proxy.rowCount())]
    assert order.index(REVIEW) < order.index(NOT_SUBMITTED) < order.index(SUBMITTED)
    qtmodeltester.check(proxy)
    model.set_schools(rows[:5])
    qtmodeltester.check(model)


def test_unmet_column_sorts_schools_without_a_package_last_both_ways(imported):
    ws, _ = imported
    model = SchoolTableModel()
    model.set_schools(ws.school_list())
    proxy = SchoolFilterProxy()
    proxy.setSourceModel(model)
    unmet = next(c for c in range(model.columnCount())
                 if model.headerData(c, Qt.Orientation.Horizontal) == "未达标项")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        proxy.sort(unmet, order)
        values = [proxy.index(r, 0).data(ROW_ROLE).unmet for r in range(proxy.rowCount())]
        known = [v for v in values if v is not None]
        assert values[len(known):] == [None] * (len(values) - len(known))
        assert known == sorted(known, reverse=order == Qt.SortOrder.DescendingOrder)


def test_statistics_tables(qtmodeltester, county):  # noqa: F811 (fixture)
    folder, _ = county
    (folder / "城北小学.zpkg").unlink()  # the tampered one would stop the district's reader
    loaded = load_schools(folder)
    summary = summarise(loaded.records)
    stats = CountyStats("2025年度", summary, what_ifs(summary), tuple(loaded.records), (), (), 16)
    primary = summary.stages["primary"]
    for model in (CvTableModel(), FailingTableModel()):
        qtmodeltester.check(model)
        model.set_stage(primary)
        qtmodeltester.check(model)
        model.set_stage(summary.stages["junior"])
        qtmodeltester.check(model)
    cv = CvTableModel()
    cv.set_stage(primary)
    assert texts(cv, 0) == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    whatif = WhatIfTableModel()
    qtmodeltester.check(whatif)
    whatif.set_what_ifs(best_what_ifs(stats, "primary"), primary.limit)
    qtmodeltester.check(whatif)
    assert whatif.rowCount() > 0


def test_submission_tables(qtmodeltester, catalog, tmp_path):
    items = yes_no_items()
    snap = snapshot(school("城南小学"), fail=2, plans=(plan(items[0], "整改中", "更换灭火器"),))
    path = write(snap, tmp_path, evidence=blob("照片"))
    from desktop.exchange.package import read_package
    reading = Reading.of(read_package(path, catalog).snapshot, catalog)
    for model, lines in ((AnswerTableModel(), answer_lines(reading)),
                         (PlanTableModel(), plan_lines(reading)),
                         (EvidenceTableModel(), evidence_lines(reading))):
        qtmodeltester.check(model)
        model.set_rows(lines)
        qtmodeltester.check(model)
        assert model.rowCount() == len(lines) > 0
    answers = AnswerTableModel()
    answers.set_rows(answer_lines(reading))
    assert texts(answers, 5).count("未达标") == 2


def test_notice_and_follow_up_tables(qtmodeltester, sup_ws, tmp_path):  # noqa: F811 (fixture)
    sup_ws.import_package(write(snapshot(school("城南小学", "2144190002"), fail=2), tmp_path))
    notice = sup_ws.save_notice(sup_ws.draft_notice("2144190002", issued_on=dt.date(2025, 12, 1)))
    edits = []

    def editor(seq, field, value):
        edits.append((seq, field, value))
        return sup_ws.update_notice_item(notice.id, seq, **{field: value})

    items = NoticeItemsModel(editor)
    qtmodeltester.check(items)
    items.set_rows(list(notice.items))
    qtmodeltester.check(items)
    assert items.flags(items.index(0, COL_DEADLINE)) & Qt.ItemFlag.ItemIsEditable
    assert items.setData(items.index(0, COL_REQUIREMENT), "一个月内更换")
    assert items.index(0, COL_REQUIREMENT).data() == "一个月内更换"
    assert sup_ws.notice(notice.id).items[0].requirement == "一个月内更换"
    refused = []
    items.edit_refused.connect(refused.append)
    assert not items.setData(items.index(1, COL_DEADLINE), "明年")
    assert refused and "日期" in str(refused[0])
    assert sup_ws.notice(notice.id).items[1].deadline == notice.items[1].deadline
    qtmodeltester.check(items)

    follow = FollowUpModel()
    qtmodeltester.check(follow)
    rows = sup_ws.follow_up(notice.id, dt.date(2026, 1, 10))
    follow.set_rows(rows)
    qtmodeltester.check(follow)
    assert state_text(rows[0]) == "逾期 10 天"  # the text says it, not only the colour
    overdue = OverdueTableModel()
    overdue.set_rows(rows)
    qtmodeltester.check(overdue)
    lines = NoticeListModel()
    lines.set_rows([NoticeLine(notice, 2, 0)])
    qtmodeltester.check(lines)
    assert texts(lines, 5) == ["2 项逾期"]


def test_small_lists(qtmodeltester, sup_ws, tmp_path):  # noqa: F811 (fixture)
    from desktop.supervisor.records import Visit
    visits = VisitListModel()
    visits.set_rows([Visit("城南小学", visited_on="2025-12-03", topic="安全检查", methods=("听课",))])
    qtmodeltester.check(visits)
    bad = tamper(write(snapshot(school("城南小学")), tmp_path))
    outcome = sup_ws.import_package(bad)
    results = ImportResultModel()
    results.set_rows([outcome])
    qtmodeltester.check(results)
    assert texts(results, 1) == ["校验失败"]
    results.replace_outcome(outcome, dataclasses.replace(outcome, message="x"))
    qtmodeltester.check(results)
    failed = FailedPackageModel()
    failed.set_rows(sup_ws.failed_packages())
    qtmodeltester.check(failed)
    assert texts(failed, 2) == ["城南小学"]
