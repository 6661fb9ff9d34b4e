"""The Beijing overlay (checklists/overlays/bj.toml): the rules read only in Beijing's 2018 平安校园
standard (REFERENCE §3 AQ-13/AQ-14, §9), moved out of the national 校园安全 list with their item ids.
The numbers below are written by hand from REFERENCE."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.engine import Status, evaluate, parse_answers
from desktop.core.loader import apply_overlay, load_checklist, load_overlay
from desktop.core.model import SchoolProfile

ROOT = Path(__file__).resolve().parents[2] / "checklists"
BJ_GUARDS = ("3 + ceil(max(0, enrolled_total - 1000) / 500) "
             "+ ceil(max(0, enrolled_total - nonboarding_students) / 300)")
BJ_THRESHOLDS = {
    ("xyaq", "security_guards"): (BJ_GUARDS, ">="),  # AQ-02 北京: ≤1000 → 3, +1/500, +1/300 boarders
    ("xyaq", "safety_education_rate"): (Fraction(100), ">="),  # AQ-13 受教育率 100 %
    ("xyaq", "dorm_night_patrols"): (Fraction(2), ">="),       # AQ-14 ≥ 2 次/夜
    ("xyaq", "night_guards_on_duty"): (Fraction(1), ">="),     # AQ-14 ≥ 1 保安 at night
}
BJ_CONDITIONS: dict[tuple[str, str], str] = {}
MOVED = {"safety_curriculum", "safety_education_rate", "dorm_manager", "girls_dorm_female_manager",
         "dorm_night_patrols", "night_guards_on_duty"}
BOARDING_ONLY = MOVED - {"safety_curriculum", "safety_education_rate"}


@pytest.fixture(scope="module")
def overlay():
    return load_overlay(ROOT / "overlays" / "bj.toml")


@pytest.fixture(scope="module")
def beijing(overlay):
    return apply_overlay(load_checklist(ROOT / "xyaq.toml"), overlay)


def judge(checklist, answers, boarding=False, school_type="初中"):
    return evaluate(checklist, SchoolProfile(school_type, boarding=boarding),
                    parse_answers(checklist, answers))


def test_the_beijing_rules_live_here_with_their_ids(overlay, beijing):
    assert (overlay.id, overlay.title) == ("bj", "北京市")
    assert {(cid, i.id) for cid, i in overlay.items} == {("xyaq", i) for i in MOVED}
    national = load_checklist(ROOT / "xyaq.toml")
    for item_id in MOVED:
        assert not national.has_item(item_id)
        assert beijing.item(item_id).overlay == "bj"
    assert [(c.checklist, c.item) for c in overlay.changes] == [("xyaq", "security_guards")]


def test_numbers_and_sources(overlay, beijing):
    found = {(cid, i.id) for cid, i in overlay.items if i.threshold is not None}
    found |= {(c.checklist, c.item) for c in overlay.changes if c.threshold is not None}
    assert found == set(BJ_THRESHOLDS)
    for (_, item_id), (value, compare) in BJ_THRESHOLDS.items():
        item = beijing.item(item_id)
        written = item.threshold.formula.text if item.threshold.formula else item.threshold.value
        assert written == value and item.compare.value == compare
    assert beijing.item("security_guards").source.confidence == "V2"
    for _, item in overlay.items:
        assert item.source.text.startswith("北京市中小学幼儿园平安校园建设标准（2018年）")
        assert item.source.confidence == "V2" and "北京" in item.source.note


@pytest.mark.parametrize("patrols, status", [(1, Status.UNMET), (2, Status.MET)])
def test_night_patrols_at_least_two(beijing, patrols, status):
    r = judge(beijing, {"dorm_night_patrols": patrols}, boarding=True).result("dorm_night_patrols")
    assert r.status is status
    if status is Status.UNMET:
        assert r.gap_text == "每晚还需增加 1 次宿舍巡查"


@pytest.mark.parametrize("rate, status", [("99.9", Status.UNMET), (100, Status.MET)])
def test_education_rate_100_percent(beijing, rate, status):
    assert judge(beijing, {"safety_education_rate": rate}).result(
        "safety_education_rate").status is status


def test_dormitory_rules_only_for_boarding_schools(beijing):
    day = judge(beijing, {"dorm_manager": "否", "girls_dorm_female_manager": "否",
                          "dorm_night_patrols": 0, "night_guards_on_duty": 0})
    for item_id in BOARDING_ONLY:
        assert day.result(item_id).status is Status.NOT_APPLICABLE, item_id
    board = judge(beijing, {"dorm_manager": "否", "night_guards_on_duty": 0}, boarding=True)
    assert board.result("dorm_manager").status is Status.UNMET
    assert board.result("night_guards_on_duty").gap_text == "夜间还需增加 1 名在岗保安员"


@pytest.mark.parametrize("students, boarders, required", [
    (100, 0, 3), (1000, 0, 3), (1001, 0, 4), (1500, 0, 4), (1501, 0, 5),
    (800, 1, 4), (800, 300, 4), (800, 301, 5), (1600, 600, 7),
])
def test_beijing_guards_count_all_students_and_boarders(beijing, students, boarders, required):
    answers = {"enrolled_total": students, "nonboarding_students": students - boarders,
               "security_guards": required}
    r = judge(beijing, answers, boarding=boarders > 0).result("security_guards")
    assert r.threshold == required and r.status is Status.MET
    short = judge(beijing, {**answers, "security_guards": required - 1}, boarding=boarders > 0)
    assert short.result("security_guards").status is Status.UNMET


def test_national_guard_rule_unchanged_without_the_overlay():
    national = load_checklist(ROOT / "xyaq.toml")
    r = judge(national, {"enrolled_total": 800, "nonboarding_students": 800, "security_guards": 2})
    assert r.result("security_guards").status is Status.MET  # 2 nationally, 3 in Beijing
