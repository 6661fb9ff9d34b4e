"""整改通知书 drawn from a school's unmet items, numbered per year; 督导记录 saved and numbered."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest

from desktop.core import catalog
from desktop.core.demo_answers import Scenario
from desktop.core.errors import InputError, StoreError
from desktop.supervisor.records import Visit, issuer_abbreviation
from tests.supervisor.factories import DATA_DATE, school, snapshot, write

ISSUED = dt.date(2025, 12, 1)
NINE_YEAR = school("城关镇第一学校", "2144190001", "九年一贯制")
SHORT = Scenario(DATA_DATE, {"students_primary": Fraction(1080), "students_junior": Fraction(760)},
                 shortfalls={"R4": Fraction(91, 100)})


@pytest.fixture
def mixed(ws, inbox):
    """A 九年一贯制 school short of R4 (初中部) with two xyaq items unmet."""
    snap = snapshot(NINE_YEAR, fail=2, checklists=("xyaq", "yzjh"), scenario=SHORT)
    ws.import_package(write(snap, inbox))
    return snap


def test_a_notice_lists_every_unmet_item_with_clause_gap_and_deadline(ws, mixed):
    notice = ws.draft_notice("城关镇第一学校", issued_on=ISSUED)
    results = mixed.evaluate(catalog.shipped())
    unmet_items = [r for res in results.values() for r in res.unmet]
    indicators = [i for i in notice.items if i.alt_item]
    assert len(notice.items) == len(unmet_items) + len(indicators) and indicators
    r4 = next(i for i in indicators if i.code == "R4")
    assert r4.checklist == "yzjh" and r4.plan_item == "teaching_rooms_m2" and "初中" in r4.title
    assert "标准值" in r4.problem and r4.standard and "还需" in r4.requirement
    xyaq = [i for i in notice.items if i.checklist == "xyaq"]
    assert [i.plan_item for i in xyaq] == [r.id for r in results["xyaq"].unmet]
    assert all(i.code.startswith("A") and "标准" in i.problem and i.standard for i in xyaq)
    assert {i.deadline for i in notice.items} == {"2025-12-31"}
    assert [i.seq for i in notice.items] == list(range(1, len(notice.items) + 1))
    assert notice.id is None and notice.number == "" and notice.period == "2025年度"
    assert notice.submission_id == ws.submissions()[0].id and notice.digest == ws.submissions()[0].digest


def test_deadline_days_from_the_call_or_the_settings(ws, mixed):
    assert ws.draft_notice("2144190001", issued_on=ISSUED, deadline_days=10).items[0].deadline == \
        "2025-12-11"
    ws.set_settings(deadline_days="45", inspector="张督学", issuer="示范县人民政府教育督导室")
    draft = ws.draft_notice("2144190001", issued_on=ISSUED)
    assert draft.items[0].deadline == "2026-01-15"
    assert (draft.inspector, draft.issuer) == ("张督学", "示范县人民政府教育督导室")
    with pytest.raises(InputError, match="1 到 365 天"):
        ws.draft_notice("2144190001", deadline_days=0)
    with pytest.raises(StoreError, match="1 到 365 天"):
        ws.set_settings(deadline_days="0")
    with pytest.raises(StoreError, match="没有设置项"):
        ws.set_settings(colour="红")


def test_numbers_follow_each_other_within_a_year_and_restart(ws, mixed):
    ws.set_settings(notice_prefix="示督整")
    draft = ws.draft_notice("2144190001", issued_on=ISSUED)
    edited = dataclasses.replace(draft, items=(
        dataclasses.replace(draft.items[0], deadline="2026-03-01", requirement="三月前完成"),
        *draft.items[1:]))
    first = ws.save_notice(edited)
    second = ws.save_notice(ws.draft_notice("2144190001", issued_on=ISSUED))
    next_year = ws.save_notice(ws.draft_notice("2144190001", issued_on=dt.date(2026, 1, 5)))
    assert [first.number, second.number, next_year.number] == \
        ["示督整〔2025〕第 1 号", "示督整〔2025〕第 2 号", "示督整〔2026〕第 1 号"]
    assert first.items[0].deadline == "2026-03-01" and first.items[0].requirement == "三月前完成"
    assert [n.number for n in ws.notices("城关镇第一学校")] == \
        [first.number, second.number, next_year.number]
    with pytest.raises(StoreError, match="已保存"):
        ws.save_notice(first)


def test_items_can_be_changed_and_reviewed_after_saving(ws, mixed):
    notice = ws.save_notice(ws.draft_notice("2144190001", issued_on=ISSUED))
    changed = ws.update_notice_item(notice.id, 1, deadline="2026-02-01", requirement="先做方案")
    assert (changed.deadline, changed.requirement) == ("2026-02-01", "先做方案")
    reviewed = ws.record_review(notice.id, 1, review_on="2026-02-03", result="已整改",
                                follow_up="保持")
    assert reviewed.closed and reviewed.review_on == "2026-02-03"
    with pytest.raises(InputError, match="复查结论应为"):
        ws.record_review(notice.id, 1, review_on="2026-02-03", result="差不多")
    with pytest.raises(InputError, match="应为日期"):
        ws.update_notice_item(notice.id, 1, deadline="2026/02/01")
    with pytest.raises(StoreError, match="没有第 99 项"):
        ws.update_notice_item(notice.id, 99, requirement="x")


def test_no_notice_without_a_package_or_without_problems(ws, inbox):
    ws.set_roster([])
    ws.import_package(write(snapshot(school("城南小学", "2144190002")), inbox))
    with pytest.raises(StoreError, match="没有未达标的条目"):
        ws.draft_notice("2144190002")
    from tests.supervisor.conftest import ROSTER
    ws.set_roster(ROSTER)
    with pytest.raises(StoreError, match="还没有通过校验的提交包"):
        ws.draft_notice("东山小学")
    with pytest.raises(StoreError, match="没有学校"):
        ws.draft_notice("不存在小学")


def test_visit_records_are_numbered_and_can_be_corrected(ws, mixed):
    ws.set_settings(inspector="张督学", visit_prefix="示督记")
    blank = ws.blank_visit("2144190001")
    assert (blank.school_name, blank.inspector, blank.visited_on) == ("城关镇第一学校", "张督学", "")
    with pytest.raises(InputError, match="督导日期"):
        ws.save_visit(blank)
    visit = ws.save_visit(dataclasses.replace(
        blank, visited_on="2025-12-03", topic="开学专项督导", methods=("听课", "实地查看"),
        problems="疏散演练超期", school_head="陈建国"))
    assert visit.number == "示督记〔2025〕第 1 号" and visit.methods == ("听课", "实地查看")
    fixed = ws.save_visit(dataclasses.replace(visit, suggestions="每月演练"))
    assert fixed.id == visit.id and fixed.number == visit.number and fixed.suggestions == "每月演练"
    other = ws.save_visit(Visit("城南小学", "2144190002", "2025-12-04"))
    assert other.number == "示督记〔2025〕第 2 号"
    assert [v.number for v in ws.visits("2144190001")] == [visit.number]


def test_a_notice_names_its_issuing_office_and_its_number_the_office(ws, mixed):
    ws.set_settings(issuer="")
    with pytest.raises(InputError, match="必须写明发文机关"):
        ws.save_notice(ws.draft_notice("2144190001", issued_on=ISSUED))
    saved = ws.save_notice(ws.draft_notice("2144190001", issued_on=ISSUED, issuer="青山区教育督导室"))
    assert saved.number == "青山督整〔2025〕第 1 号"
    assert issuer_abbreviation("示范县人民政府教育督导室") == "示范督整"
    assert issuer_abbreviation("教育督导室") == "教育督整"
