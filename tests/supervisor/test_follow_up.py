"""The 整改 loop: a later package's rectification status against the notice's deadlines."""

from __future__ import annotations

import dataclasses
import datetime as dt

from desktop.supervisor.follow_up import CLOSED, DONE, NOT_REPORTED, OVERDUE
from desktop.supervisor.status import REVIEW
from tests.supervisor.conftest import ROSTER
from tests.supervisor.factories import EXPORTED, plan, school, snapshot, write, yes_no_items
from tests.supervisor.test_records import NINE_YEAR, SHORT

SOUTH = school("城南小学", "2144190002")
ISSUED = dt.date(2025, 12, 1)  # deadlines fall on 2025-12-31
BEFORE, AFTER = dt.date(2025, 12, 20), dt.date(2026, 1, 5)


def later_package(first_items):
    """The school's next package: A fixed, B said to be finished, C under way, D not answered."""
    a, b, c, d = first_items
    snap = snapshot(SOUTH, fail=4, plans=(
        plan(a, "整改中", "更换设备"), plan(b, "已完成", "已建立制度", "制度已印发"),
        plan(c, "整改中", "正在施工", "完成一半")))
    answers = {k: dict(v) for k, v in snap.answers.items()}
    answers["xyaq"][a.id] = a.expected
    return dataclasses.replace(snap, answers=answers)


def states(ws, notice_id, today):
    return {f.item.seq: f.state for f in ws.follow_up(notice_id, today)}


def test_overdue_is_judged_against_the_later_package(ws, inbox):
    ws.set_roster(ROSTER)
    ws.import_package(write(snapshot(SOUTH, fail=4), inbox / "first"))
    notice = ws.save_notice(ws.draft_notice("2144190002", issued_on=ISSUED))
    assert len(notice.items) == 4
    assert set(states(ws, notice.id, BEFORE).values()) == {NOT_REPORTED}
    assert set(states(ws, notice.id, AFTER).values()) == {OVERDUE}

    items = yes_no_items()[:4]
    again = write(later_package(items), inbox / "second", created=EXPORTED + dt.timedelta(days=20))
    ws.import_package(again, replace=True)
    follow = {f.item.seq: f for f in ws.follow_up(notice.id, BEFORE)}
    assert follow[1].later_package and follow[1].now_met and follow[1].reported.status == "整改中"
    assert follow[2].reported.progress == "制度已印发" and follow[2].now_met is False
    assert states(ws, notice.id, BEFORE) == {1: DONE, 2: DONE, 3: "整改中", 4: NOT_REPORTED}
    assert states(ws, notice.id, AFTER) == {1: DONE, 2: DONE, 3: OVERDUE, 4: OVERDUE}
    overdue = ws.overdue_items(AFTER)
    assert [f.item.seq for f in overdue] == [3, 4] and overdue[0].days_overdue == 5
    assert ws.school_list(today=AFTER)[0].overdue == 2
    assert ws.school_list(today=AFTER)[0].status == REVIEW

    ws.record_review(notice.id, 3, review_on="2026-01-06", result="已整改")
    ws.record_review(notice.id, 4, review_on="2026-01-06", result="未整改", follow_up="再限期一月")
    assert states(ws, notice.id, AFTER) == {1: DONE, 2: DONE, 3: CLOSED, 4: OVERDUE}
    ws.update_notice_item(notice.id, 4, deadline="2026-02-06")  # a new deadline after the 复查
    assert states(ws, notice.id, AFTER)[4] == NOT_REPORTED
    assert ws.school_list(today=AFTER)[0].overdue == 0


def test_a_package_of_the_next_period_carries_the_report_too(ws, inbox):
    ws.import_package(write(snapshot(SOUTH, fail=1), inbox / "2025"))
    notice = ws.save_notice(ws.draft_notice("2144190002", issued_on=ISSUED))
    (item,) = yes_no_items()[:1]
    ws.import_package(write(snapshot(SOUTH, "2026年度", fail=1, plans=(plan(item, "已完成"),)),
                            inbox / "2026", created=EXPORTED + dt.timedelta(days=200)))
    (f,) = ws.follow_up(notice.id, AFTER)
    assert f.later_package and f.reported_in.period == "2026年度" and f.state == DONE


def test_an_indicator_plan_filed_under_its_input_or_its_own_id(ws, inbox):
    snap = snapshot(NINE_YEAR, checklists=("yzjh",), scenario=SHORT)
    ws.import_package(write(snap, inbox / "a"))
    notice = ws.save_notice(ws.draft_notice("2144190001", issued_on=ISSUED))
    r4 = next(i for i in notice.items if i.code == "R4")
    later = dataclasses.replace(snap, rectifications=(
        plan("R4", "已完成", "新建综合楼", checklist="yzjh"),))
    ws.import_package(write(later, inbox / "b", created=EXPORTED + dt.timedelta(days=9)), replace=True)
    f = next(f for f in ws.follow_up(notice.id, AFTER) if f.item.seq == r4.seq)
    assert f.reported.measure == "新建综合楼" and f.state == DONE and f.now_met is False
