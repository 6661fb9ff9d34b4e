"""The school list: one status per school, with reasons, filters, sorting and the failing items."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop.core.errors import StoreError
from desktop.supervisor.status import (
    FAILED, NOT_ON_ROSTER, NOT_SUBMITTED, REVIEW, SUBMITTED, filter_rows, sort_rows, status_counts,
)
from tests.supervisor.conftest import ROSTER
from tests.supervisor.factories import EXPORTED, school, snapshot, tamper, write

SOUTH, NORTH, WEST, EAST = (school(r.name, r.code) for r in ROSTER)
OUTSIDER = school("外县实验小学", "4400000001")


@pytest.fixture
def county(ws, inbox):
    """Four roster schools in four states, and one school that is not on the roster."""
    ws.set_roster(ROSTER)
    write(snapshot(SOUTH, fail=1), inbox)  # complete: 已提交 (its verdict is 未达标)
    write(snapshot(NORTH, drop=4), inbox)  # answers missing: 需复核
    tamper(write(snapshot(WEST), inbox))  # 校验失败
    write(snapshot(OUTSIDER), inbox)  # 不在名单内; 东山小学 sends nothing: 未提交
    ws.import_folder(inbox)
    return ws


def by_name(rows):
    return {r.name: r for r in rows}


def test_each_school_gets_its_status(county):
    rows = county.school_list()
    assert [r.name for r in rows] == ["城南小学", "城北小学", "河西小学", "东山小学", "外县实验小学"]
    found = by_name(rows)
    assert found["城南小学"].status == SUBMITTED and found["城南小学"].reasons == ()
    assert found["城南小学"].verdicts == {"xyaq": "未达标"} and found["城南小学"].unmet == 1
    assert found["城北小学"].status == REVIEW
    assert found["城北小学"].verdicts == {"xyaq": "未完成"}
    assert any("未填完" in r for r in found["城北小学"].reasons)
    west = found["河西小学"]
    assert west.status == FAILED and "河西小学.zpkg" in west.reasons[0] and west.submission is None
    assert found["东山小学"].status == NOT_SUBMITTED and found["东山小学"].unmet is None
    outsider = found["外县实验小学"]
    assert outsider.status == SUBMITTED and not outsider.on_roster and outsider.flags == (NOT_ON_ROSTER,)
    south = found["城南小学"]
    assert south.fingerprint == south.submission.fingerprint and len(south.fingerprint) == 19
    assert dt.datetime.fromisoformat(south.last_package) == EXPORTED
    assert south.roster.inspector == "张督学"


def test_counts_filters_and_sorting(county):
    rows = county.school_list()
    assert status_counts(rows) == {NOT_SUBMITTED: 1, SUBMITTED: 2, FAILED: 1, REVIEW: 1,
                                   NOT_ON_ROSTER: 1}
    assert [r.name for r in filter_rows(rows, statuses=(SUBMITTED, REVIEW), on_roster=True)] == \
        ["城南小学", "城北小学"]
    assert [r.name for r in filter_rows(rows, text="2144190003")] == ["城北小学"]
    assert [r.name for r in filter_rows(rows, checklist="xyaq", verdict="未达标")] == ["城南小学"]
    assert [r.name for r in filter_rows(rows, inspector="李督学")] == ["河西小学", "东山小学"]
    unmet = county.school_list()[0].submission.verdicts.unmet[0]
    assert [r.name for r in filter_rows(rows, unmet_item=("xyaq", unmet.code))] == ["城南小学"]
    assert [r.status for r in sort_rows(rows, "status")] == [FAILED, REVIEW, NOT_SUBMITTED,
                                                             SUBMITTED, SUBMITTED]
    assert [r.name for r in sort_rows(rows, "enrolment", descending=True)] == \
        ["城南小学", "城北小学", "河西小学", "东山小学", "外县实验小学"]
    assert [r.unmet for r in sort_rows(rows, "unmet", descending=True)] == [1, 0, 0, None, None]
    assert sort_rows(rows, "code")[-1].name == "东山小学"
    with pytest.raises(StoreError, match="不能按"):
        sort_rows(rows, "颜色")


def test_which_schools_fail_which_items(county, inbox):
    county.import_package(write(snapshot(OUTSIDER, fail=1), inbox / "again"), replace=True)
    (failure,) = county.failing_indicators()
    assert failure.checklist == "xyaq" and failure.schools == ("城南小学", "外县实验小学")
    assert failure.code.startswith("A")


@pytest.mark.parametrize("kind, reason", [
    (dict(status="填报中"), "尚未定稿"),
    (dict(veto=True), "一票否决"),
])
def test_draft_and_veto_need_review(ws, inbox, kind, reason):
    ws.set_roster(ROSTER)
    ws.import_package(write(snapshot(SOUTH, **kind), inbox))
    row = ws.school_list()[0]
    assert row.status == REVIEW and any(reason in r for r in row.reasons)


def test_unconfirmed_carried_over_answers_need_review(ws, inbox):
    snap = snapshot(SOUTH)
    first = sorted(snap.answers["xyaq"])[0]
    ws.import_package(write(dataclasses.replace(snap, pending_review=frozenset({("xyaq", first)})),
                            inbox))
    row = ws.school_list()[0]
    assert row.status == REVIEW and "待复核" in row.reasons[0]


def test_an_overdue_notice_needs_review(ws, inbox):
    ws.set_roster(ROSTER)
    ws.import_package(write(snapshot(SOUTH, fail=1), inbox))
    notice = ws.save_notice(ws.draft_notice("2144190002", issued_on=dt.date(2025, 12, 1)))
    deadline = dt.date.fromisoformat(notice.items[0].deadline)
    before = ws.school_list(today=deadline)[0]
    assert before.status == SUBMITTED and before.notices == 1 and before.overdue == 0
    after = ws.school_list(today=deadline + dt.timedelta(days=1))[0]
    assert after.status == REVIEW and after.overdue == 1
    assert "逾期" in after.reasons[-1]


def test_a_later_failed_package_is_noted_without_changing_the_status(county, inbox):
    tamper(write(snapshot(SOUTH), inbox / "后来", "城南小学-补报.zpkg"))
    county.import_folder(inbox / "后来")
    south = county.school_list()[0]
    assert south.status == SUBMITTED and "城南小学-补报.zpkg" in south.notes[0]


def test_period_filter_and_latest_package_of_any_period(ws, inbox):
    ws.set_roster(ROSTER)
    ws.import_package(write(snapshot(NORTH, "2024年度"), inbox / "2024"))
    ws.import_package(write(snapshot(SOUTH, "2024年度", fail=2), inbox / "2024"))
    ws.import_package(write(snapshot(SOUTH, "2025年度"), inbox / "2025",
                            created=EXPORTED + dt.timedelta(days=300)))
    rows = by_name(ws.school_list("2025年度"))
    assert rows["城北小学"].status == NOT_SUBMITTED and rows["城南小学"].unmet == 0
    rows = by_name(ws.school_list("2024年度"))
    assert rows["城北小学"].status == SUBMITTED and rows["城南小学"].unmet == 2
    rows = by_name(ws.school_list())
    assert rows["城南小学"].submission.period == "2025年度"
    assert rows["城北小学"].submission.period == "2024年度"


def test_a_school_found_by_code_or_name(ws, inbox):
    ws.set_roster(ROSTER)
    ws.import_package(write(snapshot(OUTSIDER), inbox))
    assert ws.find_school("2144190002").name == "城南小学"
    assert ws.find_school("东山 小学").on_roster
    assert not ws.find_school("4400000001").on_roster
    with pytest.raises(StoreError, match="没有学校「不存在中学」"):
        ws.find_school("不存在中学")


def test_five_hundred_schools_list_quickly(ws, inbox):
    import time
    from desktop.supervisor.roster import RosterSchool
    ws.set_roster([RosterSchool(f"第{n}小学", f"21441{n:05d}", "小学") for n in range(500)])
    base = ws.import_package(write(snapshot(SOUTH, fail=1), inbox)).submission_id
    # 499 more submissions as rows: copying the stored one keeps the test fast.
    ws.db.execute("UPDATE submissions SET school_code = '2144100000', school_name = '第0小学', "
                  "school_key = 'code:2144100000', name_key = '第0小学' WHERE id = ?", [base])
    for n in range(1, 500):
        ws.db.execute(
            "INSERT INTO submissions (school_key, name_key, school_name, school_code, school_type, "
            "period, digest, created, imported_at, file_name, file_size, app_version, data_status, "
            "data_date, snapshot, summary) SELECT ?, ?, ?, ?, school_type, period, digest, created, "
            "imported_at, file_name, file_size, app_version, data_status, data_date, snapshot, "
            "summary FROM submissions WHERE id = ?",
            [f"code:21441{n:05d}", f"第{n}小学", f"第{n}小学", f"21441{n:05d}", base])
    ws.db.conn.commit()
    started = time.perf_counter()
    rows = ws.school_list()
    elapsed = time.perf_counter() - started
    assert len(rows) == 500 and all(r.status == SUBMITTED for r in rows)
    assert elapsed < 2.0, elapsed


def test_without_a_roster_every_school_is_listed_as_not_on_it(ws, inbox):
    for s in (SOUTH, NORTH, school("城南小学", "2144190077")):  # two schools share a name
        ws.import_package(write(snapshot(s), inbox / s.code))
    rows = ws.school_list()
    assert [(r.name, r.code) for r in rows] == [("城北小学", "2144190003"),
                                                ("城南小学", "2144190002"),
                                                ("城南小学", "2144190077")]
    assert all(r.status == SUBMITTED and not r.on_roster for r in rows)
