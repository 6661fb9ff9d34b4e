"""The 校园安全 checklist (checklists/xyaq.toml): thresholds as REFERENCE.md §3 gives them,
boundaries through the engine, applicability and the 一票否决 rule. No Qt."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.engine import MET, UNMET, Status, evaluate, parse_answers
from desktop.core.loader import load_checklist
from desktop.core.model import AnswerType, Checklist, SchoolProfile

ROOT = Path(__file__).resolve().parents[2]
ON = dt.date(2025, 11, 1)
PRIMARY_AND_SECONDARY = ("小学", "初中", "九年一贯制", "完全中学", "十二年一贯制")

# Written by hand from REFERENCE.md §3 (AQ-01 … AQ-19) and §8: item id → (threshold, compare).
GUARDS_FORMULA = ("1 if nonboarding_students < 100 else (2 if nonboarding_students < 1000 "
                  "else 3 + floor((nonboarding_students - 1000) / 500))")
THRESHOLDS: dict[str, tuple[int | str, str]] = {
    "security_guards": (GUARDS_FORMULA, ">="),             # AQ-01 GB/T 29315-2022 (100–999 → 2: M)
    "patrols_per_day": (5, ">="),                          # AQ-06 ≥ 5 次/日
    "video_retention_days": (30, ">="),                    # AQ-10 ≥ 30 天 (local rules; national M)
    "drills_this_term": (1, ">="),                         # AQ-12 ≥ 1 per 学期 (2006, M)
    "safety_education_rate": (100, ">="),                  # AQ-13 受教育率 100 %
    "dorm_night_patrols": (2, ">="),                       # AQ-14 ≥ 2 次/夜
    "night_guards_on_duty": (1, ">="),                     # AQ-14 ≥ 1 保安 at night
    "kg_health_staff": ("ceil(enrolled_total / 150)", ">="),  # AQ-15 1 per 150 children
}
WITHIN_DAYS = {
    "last_drill_date": 31,     # AQ-11 中小学 ≥ 1 / month
    "last_drill_date_kg": 92,  # AQ-11 幼儿园 ≥ 1 / quarter
}
VETOES = {"veto_major_accident", "veto_bullying_unreported", "veto_false_reporting"}
BOARDING_ONLY = {"dorm_manager", "girls_dorm_female_manager", "dorm_night_patrols",
                 "night_guards_on_duty"}
SANBAI = ("sanbai_guards", "sanbai_closed", "sanbai_alarm_video")  # AQ-03: 中小学 + 城市幼儿园
BUS_ITEMS = {"bus_attendant", "bus_permit_driver", "bus_seating_rules", "bus_drill",
             "bus_safety_education"}


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(ROOT / "checklists" / "xyaq.toml")


def run(checklist: Checklist, raw: dict, school_type: str = "小学", boarding: bool = False,
        locale: str = ""):
    return evaluate(checklist, SchoolProfile(school_type, locale=locale, boarding=boarding),
                    parse_answers(checklist, raw), on_date=ON)


def all_met_primary() -> dict:
    """A non-boarding 小学 of 800 pupils, without school buses, meeting every item."""
    return {
        "enrolled_total": 800, "nonboarding_students": 800, "security_guards": 2,
        "sanbai_guards": "是", "gate_staffed_24h": "是", "visitor_registration": "是",
        "patrols_per_day": 5, "school_guard_post": "是",
        "anti_ram_barriers": "是", "perimeter_closed": "是", "sanbai_closed": "是",
        "sanbai_alarm_video": "是", "emergency_alarm": "是", "video_coverage": "是",
        "video_retention_days": 30,
        "last_drill_date": ON - dt.timedelta(days=31), "drill_regular": "是", "drills_this_term": 1,
        "safety_curriculum": "是", "safety_education_rate": 100, "drowning_education": "是",
        "drowning_notice": "是",
        "clinic_600": "是", "psych_room": "是", "psych_teacher_required": "否",
        "has_school_bus": "否",
        "bullying_survey": "是", "bullying_education": "是", "bullying_intervention": "是",
        "bullying_workgroup": "是",
        "fire_equipment": "是", "fire_exits_clear": "是", "fire_signs_lighting": "是",
        "veto_major_accident": "无", "veto_bullying_unreported": "无", "veto_false_reporting": "无",
    }


# ---- (1) thresholds: file and hand-written table agree exactly -----------------------------

def test_header(checklist):
    assert checklist.id == "xyaq"
    assert checklist.version == "2025.1"
    assert set(checklist.applies_to) == {"幼儿园", *PRIMARY_AND_SECONDARY}
    assert 35 <= len(checklist.items) <= 50
    assert 8 <= len(checklist.sections) <= 10


def test_every_threshold_in_file_is_in_table(checklist):
    in_file = {i.id: i for i in checklist.items if i.threshold is not None}
    assert set(in_file) == set(THRESHOLDS)
    for item_id, (expected, compare) in THRESHOLDS.items():
        item = in_file[item_id]
        assert item.compare.value == compare, item_id
        if isinstance(expected, str):
            assert item.threshold.formula is not None, item_id
            assert item.threshold.formula.text == expected, item_id
        else:
            assert item.threshold.formula is None and not item.threshold.by_key, item_id
            assert item.threshold.value == Fraction(expected), item_id


def test_every_date_window_in_file_is_in_table(checklist):
    in_file = {i.id: i.within_days for i in checklist.items if i.within_days is not None}
    assert in_file == WITHIN_DAYS


def test_items_are_complete(checklist):
    for item in checklist.items:
        assert item.guidance, item.id
        assert item.evidence, item.id
        assert item.source.text, item.id
        assert item.source.confidence in ("V", "V2", "M"), item.id
        if item.source.confidence in ("V2", "M"):
            assert item.source.note, item.id
        if item.type in (AnswerType.INTEGER, AnswerType.NUMBER, AnswerType.PERCENT) \
                and item.threshold is not None:
            assert "{gap}" in item.gap_text, item.id


def test_vetoes(checklist):
    vetoes = {i.id for i in checklist.items if i.veto}
    assert vetoes == VETOES
    for item_id in vetoes:
        item = checklist.item(item_id)
        assert item.type is AnswerType.YES_NO
        assert item.labels == ("有", "无")
        assert item.expected is False


def test_guard_item_is_marked_uncertain(checklist):
    # the 100–999 band is not in the reported text of GB/T 29315-2022
    item = checklist.item("security_guards")
    assert item.source.confidence == "M"
    assert "100" in item.source.note and "999" in item.source.note
    assert item.key


# ---- (2) boundaries through the engine -----------------------------------------------------

@pytest.mark.parametrize("students, required", [
    (0, 1), (99, 1), (100, 2), (999, 2), (1000, 3), (1499, 3), (1500, 4), (1999, 4), (2000, 5),
    (2500, 6),
])
def test_guards_required(checklist, students, required):
    result = run(checklist, {"nonboarding_students": students, "security_guards": required})
    r = result.result("security_guards")
    assert r.threshold == required
    assert r.status is Status.MET


@pytest.mark.parametrize("students, required", [(99, 1), (100, 2), (1000, 3), (1500, 4), (2000, 5)])
def test_one_guard_short(checklist, students, required):
    r = run(checklist, {"nonboarding_students": students,
                        "security_guards": required - 1}).result("security_guards")
    assert r.status is Status.UNMET
    assert r.gap == 1
    assert r.gap_text == "还需 1 名专职保安员"


def test_guards_wait_for_student_count(checklist):
    r = run(checklist, {"security_guards": 3}).result("security_guards")
    assert r.status is Status.UNANSWERED
    assert "非寄宿学生" in r.message


@pytest.mark.parametrize("school_type, item_id, days, status", [
    ("小学", "last_drill_date", 0, Status.MET),
    ("小学", "last_drill_date", 31, Status.MET),
    ("小学", "last_drill_date", 32, Status.UNMET),
    ("十二年一贯制", "last_drill_date", 32, Status.UNMET),
    ("幼儿园", "last_drill_date_kg", 92, Status.MET),
    ("幼儿园", "last_drill_date_kg", 93, Status.UNMET),
])
def test_drill_windows(checklist, school_type, item_id, days, status):
    result = run(checklist, {item_id: ON - dt.timedelta(days=days)}, school_type)
    assert result.result(item_id).status is status


def test_drill_dates_apply_by_school_type(checklist):
    primary = run(checklist, {}, "小学")
    assert primary.result("last_drill_date_kg").status is Status.NOT_APPLICABLE
    assert primary.result("last_drill_date").status is Status.UNANSWERED
    kindergarten = run(checklist, {}, "幼儿园")
    assert kindergarten.result("last_drill_date").status is Status.NOT_APPLICABLE
    assert kindergarten.result("last_drill_date_kg").status is Status.UNANSWERED


def test_boarding_items_only_for_boarding_schools(checklist):
    day_school = run(checklist, {}, "初中", boarding=False)
    for item_id in BOARDING_ONLY:
        assert day_school.result(item_id).status is Status.NOT_APPLICABLE, item_id
    boarding = run(checklist, {"dorm_night_patrols": 1}, "初中", boarding=True)
    for item_id in BOARDING_ONLY - {"dorm_night_patrols"}:
        assert boarding.result(item_id).status is Status.UNANSWERED, item_id
    patrols = boarding.result("dorm_night_patrols")
    assert patrols.status is Status.UNMET
    assert patrols.gap_text == "每晚还需增加 1 次宿舍巡查"


def test_school_bus_items_follow_the_gate_question(checklist):
    no_bus = run(checklist, {"has_school_bus": "否"})
    for item_id in BUS_ITEMS:
        assert no_bus.result(item_id).status is Status.NOT_APPLICABLE, item_id
    with_bus = run(checklist, {"has_school_bus": "是", "bus_attendant": "否"})
    assert with_bus.result("bus_attendant").status is Status.UNMET
    for item_id in BUS_ITEMS - {"bus_attendant"}:
        assert with_bus.result(item_id).status is Status.UNANSWERED, item_id
    unknown = run(checklist, {})
    assert unknown.result("bus_attendant").status is Status.UNANSWERED


def test_clinic_rule_is_one_item(checklist):
    # AQ-15: 寄宿制 or ≥ 600 students → 卫生室; the rest → 保健教师
    assert not checklist.has_item("clinic_boarding")
    assert checklist.item("clinic_600").applies.condition.text == \
        "school_boarding or enrolled_total >= 600"


@pytest.mark.parametrize("total, clinic, small", [
    (599, Status.NOT_APPLICABLE, Status.UNANSWERED),
    (600, Status.UNANSWERED, Status.NOT_APPLICABLE),
])
def test_clinic_600_boundary(checklist, total, clinic, small):
    result = run(checklist, {"enrolled_total": total})
    assert result.result("clinic_600").status is clinic
    assert result.result("health_teacher_small").status is small


@pytest.mark.parametrize("total", [200, 599, 600, None])
def test_boarding_school_needs_clinic_whatever_its_size(checklist, total):
    answers = {} if total is None else {"enrolled_total": total}
    result = run(checklist, {**answers, "clinic_600": "否"}, "初中", boarding=True)
    assert result.result("clinic_600").status is Status.UNMET
    assert result.result("health_teacher_small").status is Status.NOT_APPLICABLE


def test_clinic_waits_for_enrolment_of_a_day_school(checklist):
    r = run(checklist, {}).result("clinic_600")
    assert r.status is Status.UNANSWERED and "在校学生" in r.message


def test_clinic_not_asked_of_kindergartens(checklist):
    result = run(checklist, {"enrolled_total": 700}, "幼儿园", boarding=True)
    assert result.result("clinic_600").status is Status.NOT_APPLICABLE
    assert result.result("health_teacher_small").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize("school_type, locale, applies", [
    *[(t, loc, True) for t in PRIMARY_AND_SECONDARY for loc in ("城区", "镇区", "乡村")],
    ("幼儿园", "城区", True), ("幼儿园", "镇区", False), ("幼儿园", "乡村", False),
])
def test_sanbai_covers_schools_and_urban_kindergartens(checklist, school_type, locale, applies):
    result = run(checklist, {item_id: "否" for item_id in SANBAI}, school_type, locale=locale)
    for item_id in SANBAI:
        expected = Status.UNMET if applies else Status.NOT_APPLICABLE
        assert result.result(item_id).status is expected, (item_id, school_type, locale)


@pytest.mark.parametrize("children, staff, status", [
    (150, 1, Status.MET), (151, 1, Status.UNMET), (151, 2, Status.MET), (300, 2, Status.MET),
])
def test_kindergarten_health_staff(checklist, children, staff, status):
    r = run(checklist, {"enrolled_total": children, "kg_health_staff": staff},
            "幼儿园").result("kg_health_staff")
    assert r.status is status


def test_psych_teacher_follows_local_size_answer(checklist):
    assert run(checklist, {"psych_teacher_required": "否"}).result(
        "psych_teacher").status is Status.NOT_APPLICABLE
    assert run(checklist, {"psych_teacher_required": "是", "psych_teacher": "否"}).result(
        "psych_teacher").status is Status.UNMET


def test_simple_thresholds_boundaries(checklist):
    r = run(checklist, {"patrols_per_day": 4, "video_retention_days": 29,
                        "safety_education_rate": "99.5", "drills_this_term": 0})
    assert r.result("patrols_per_day").gap_text == "每日还需增加 1 次巡查"
    assert r.result("video_retention_days").gap_text == "视频录像还需多保存 1 天"
    assert r.result("safety_education_rate").gap_text == "受教育率还差 0.5 个百分点"
    assert r.result("drills_this_term").gap_text == "本学期还需组织 1 次演练"
    ok = run(checklist, {"patrols_per_day": 5, "video_retention_days": 30,
                         "safety_education_rate": 100, "drills_this_term": 1})
    for item_id in ("patrols_per_day", "video_retention_days", "safety_education_rate",
                    "drills_this_term"):
        assert ok.result(item_id).status is Status.MET, item_id


# ---- (3) 一票否决 ----------------------------------------------------------------------------

def test_all_met_primary_school_passes(checklist):
    result = run(checklist, all_met_primary())
    assert result.counts["unmet"] == 0
    assert result.counts["unanswered"] == 0
    assert result.verdict == MET


@pytest.mark.parametrize("veto_id", sorted(VETOES))
def test_veto_answered_you_fails_everything(checklist, veto_id):
    answers = all_met_primary() | {veto_id: "有"}
    result = run(checklist, answers)
    assert result.verdict == UNMET
    assert [r.id for r in result.vetoes] == [veto_id]
    assert result.counts["unmet"] == 1


def test_veto_wins_even_when_incomplete(checklist):
    result = run(checklist, {"veto_major_accident": "有"})
    assert result.verdict == UNMET
