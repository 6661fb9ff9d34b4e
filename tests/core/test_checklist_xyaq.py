"""The 校园安全 checklist (checklists/xyaq.toml): thresholds as REFERENCE.md §3/§9 and the texts read
for issues 17/18 give them, the inspection-form grouping, boundaries through the engine,
applicability and the 一票否决 rule. No Qt."""

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

# Written by hand from REFERENCE.md §3 (AQ-01 … AQ-19), §8, §9: item id → (threshold, compare).
GUARDS_FORMULA = ("1 if nonboarding_students < 100 else (2 if nonboarding_students < 1000 "
                  "else 3 + floor((nonboarding_students - 1000) / 500))")
THRESHOLDS: dict[str, tuple[int | str, str]] = {
    "security_guards": (GUARDS_FORMULA, ">="),             # AQ-01 GB/T 29315-2022 (100–999 → 2: M)
    "patrols_per_day": (5, ">="),                          # AQ-06 ≥ 5 次/日
    "video_retention_days": (30, ">="),                    # AQ-10 ≥ 30 天 (local rules; national M)
    "drills_this_term": (1, ">="),                         # AQ-12 ≥ 1 per 学期 (2006, M)
    "health_tech_staff": ("ceil(enrolled_total / 600)", ">="),  # §9 学校卫生工作条例 600 : 1
    "kg_health_staff": ("ceil(enrolled_total / 150)", ">="),  # §9 卫生保健管理办法 第十二条 1 per 150
}
WITHIN_DAYS = {
    "last_drill_date": 31,     # AQ-11 中小学 ≥ 1 / month
    "last_drill_date_kg": 92,  # AQ-11 幼儿园 ≥ 1 / quarter
}
VETOES = {"veto_major_accident", "veto_bullying_unreported", "veto_false_reporting"}
SANBAI = ("sanbai_guards", "sanbai_closed", "sanbai_alarm_video")  # AQ-03: 中小学 + 城市幼儿园
BUS_ITEMS = {"bus_attendant", "bus_permit_driver", "bus_seating_rules", "bus_drill",
             "bus_safety_education"}
# Rules read only in Beijing's 2018 standard (§9): in overlays/bj.toml, never in the national list.
BEIJING_ONLY = {"safety_curriculum", "safety_education_rate", "dorm_manager",
                "girls_dorm_female_manager", "dorm_night_patrols", "night_guards_on_duty"}
# The county inspection form's order (issue 18), then the vetoes.
SECTIONS = ["zuzhi", "renfang", "wufang", "jifang", "xiaoshe", "fire", "weihua", "zhoubian", "dorm",
            "bus", "xinli", "health", "drill", "veto"]
# Items that existed before the regrouping and where they live now (ids never change).
KEPT_IN = {
    "enrolled_total": "renfang", "nonboarding_students": "renfang", "security_guards": "renfang",
    "sanbai_guards": "renfang", "gate_staffed_24h": "renfang", "visitor_registration": "renfang",
    "patrols_per_day": "renfang", "school_guard_post": "zhoubian", "anti_ram_barriers": "wufang",
    "perimeter_closed": "wufang", "sanbai_closed": "wufang", "sanbai_alarm_video": "jifang",
    "emergency_alarm": "jifang", "video_coverage": "jifang", "video_retention_days": "jifang",
    "last_drill_date": "drill", "last_drill_date_kg": "drill", "drill_regular": "drill",
    "drills_this_term": "drill", "drowning_education": "zhoubian", "drowning_notice": "zhoubian",
    "clinic_600": "health", "health_teacher_small": "health", "kg_health_staff": "health",
    "psych_room": "xinli", "psych_teacher": "xinli", "has_school_bus": "bus",
    "bus_attendant": "bus", "bus_permit_driver": "bus", "bus_seating_rules": "bus", "bus_drill": "bus",
    "bus_safety_education": "bus", "bullying_survey": "xinli", "bullying_education": "xinli",
    "bullying_intervention": "xinli", "bullying_workgroup": "xinli", "fire_equipment": "fire",
    "fire_exits_clear": "fire", "fire_signs_lighting": "fire", "veto_major_accident": "veto",
    "veto_bullying_unreported": "veto", "veto_false_reporting": "veto",
}
# Added for issue 18, by topic.
ADDED = {
    "zuzhi": {"safety_leading_group", "safety_responsibility_letters", "safety_rules_posted",
              "hazard_register", "duty_roster", "safety_education"},
    "renfang": {"guards_licensed", "guard_equipment"},
    "xiaoshe": {"dangerous_buildings", "structures_inspected", "sports_facilities_safe",
                "utilities_safe", "lightning_protection", "has_special_equipment",
                "special_equipment_inspected"},
    "weihua": {"has_hazardous_chemicals", "hazchem_storage", "hazchem_double_lock", "hazchem_ledger"},
    "zhoubian": {"surroundings_joint_work"},
    "dorm": {"dorm_safety_management"},
    "xinli": {"psych_assessment"},
    "health": {"health_tech_staff", "kg_health_staff_small"},
    "drill": {"emergency_plans", "drill_per_plan"},
}
GATES = {"has_school_bus", "has_special_equipment", "has_hazardous_chemicals"}


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(ROOT / "checklists" / "xyaq.toml")


def run(checklist: Checklist, raw: dict, school_type: str = "小学", boarding: bool = False,
        locale: str = ""):
    return evaluate(checklist, SchoolProfile(school_type, locale=locale, boarding=boarding),
                    parse_answers(checklist, raw), on_date=ON)


def all_met_primary() -> dict:
    """A non-boarding 小学 of 800 pupils, without buses, special equipment or chemicals, meeting all."""
    answers = {i: "是" for ids in ADDED.values() for i in ids}
    answers.update({
        "enrolled_total": 800, "nonboarding_students": 800, "security_guards": 2,
        "sanbai_guards": "是", "gate_staffed_24h": "是", "visitor_registration": "是",
        "patrols_per_day": 5, "school_guard_post": "是",
        "anti_ram_barriers": "是", "perimeter_closed": "是", "sanbai_closed": "是",
        "sanbai_alarm_video": "是", "emergency_alarm": "是", "video_coverage": "是",
        "video_retention_days": 30,
        "last_drill_date": ON - dt.timedelta(days=31), "drill_regular": "是", "drills_this_term": 1,
        "drowning_education": "是", "drowning_notice": "是",
        "clinic_600": "是", "health_tech_staff": 2, "psych_room": "是", "psych_teacher": "是",
        "has_school_bus": "否", "has_special_equipment": "否", "has_hazardous_chemicals": "否",
        "bullying_survey": "是", "bullying_education": "是", "bullying_intervention": "是",
        "bullying_workgroup": "是",
        "fire_equipment": "是", "fire_exits_clear": "是", "fire_signs_lighting": "是",
        "veto_major_accident": "无", "veto_bullying_unreported": "无", "veto_false_reporting": "无",
    })
    for item_id in ("kg_health_staff_small", "dorm_safety_management", "hazchem_storage",
                    "hazchem_double_lock", "hazchem_ledger", "special_equipment_inspected"):
        answers.pop(item_id)  # not applicable to this school
    return answers


# ---- (1) the definition: grouping, ids, thresholds ---------------------------------------

def test_header(checklist):
    assert checklist.id == "xyaq"
    assert checklist.version == "2025.2"
    assert set(checklist.applies_to) == {"幼儿园", *PRIMARY_AND_SECONDARY}
    assert len(checklist.items) == 68


def test_sections_read_like_the_county_inspection_form(checklist):
    assert [s.id for s in checklist.sections] == SECTIONS
    titles = [s.title for s in checklist.sections]
    for word in ("组织与制度", "人防", "物防", "技防", "校舍与场地", "消防", "危险化学品", "周边与交通",
                 "宿舍", "校车", "心理健康", "学生欺凌", "卫生保健", "应急预案与演练", "一票否决"):
        assert any(word in t for t in titles), word
    used = {i.section for i in checklist.items}
    assert used == set(SECTIONS)  # no empty section


def test_kept_items_keep_their_ids_in_their_new_sections(checklist):
    for item_id, section in KEPT_IN.items():
        assert checklist.item(item_id).section == section, item_id


def test_added_items_by_topic(checklist):
    for section, ids in ADDED.items():
        for item_id in ids:
            assert checklist.item(item_id).section == section, item_id
    assert {i.id for i in checklist.items} == set(KEPT_IN) | set().union(*ADDED.values())


def test_beijing_rules_are_not_national(checklist):
    for item_id in BEIJING_ONLY | {"psych_teacher_required"}:
        assert not checklist.has_item(item_id), item_id


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
        if item.type is AnswerType.YES_NO and item.expected is None:
            assert item.id in GATES, item.id  # only gates record without a verdict


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
    assert "师生员工" in item.source.note  # the county forms' basis, and which one wins
    assert item.key


def test_bullying_body_is_the_governance_committee(checklist):
    item = checklist.item("bullying_workgroup")
    assert "学生欺凌治理委员会" in item.title and "工作组" not in item.title
    assert "第二十二条" not in item.source.text  # never verified
    assert "教督〔2017〕10号" in item.source.text
    assert checklist.item("bullying_education").source.text.endswith("第二十条")
    assert checklist.item("bullying_intervention").source.text.endswith("第二十一条")
    assert "第二十" not in checklist.item("bullying_survey").source.text
    # 未成年人保护法 第三十九条: serious bullying may not be concealed (the veto's national duty)
    assert checklist.item("veto_bullying_unreported").source.text == "《中华人民共和国未成年人保护法》第三十九条"


def test_health_bases_are_the_national_texts(checklist):
    assert checklist.item("health_tech_staff").source.text == "《学校卫生工作条例》第二十条"
    assert checklist.item("health_tech_staff").source.confidence == "V"
    for item_id in ("kg_health_staff", "kg_health_staff_small"):
        assert "第十二条" in checklist.item(item_id).source.text
        assert checklist.item(item_id).source.confidence == "V"
    for item in checklist.items:  # 源城区 documents are Guangdong's, never the national basis
        assert "源城区" not in item.source.text and "北京" not in item.source.text, item.id


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


def test_dormitory_item_only_for_boarding_schools(checklist):
    day = run(checklist, {"dorm_safety_management": "否"}, "初中", boarding=False)
    assert day.result("dorm_safety_management").status is Status.NOT_APPLICABLE
    boarding = run(checklist, {"dorm_safety_management": "否"}, "初中", boarding=True)
    assert boarding.result("dorm_safety_management").status is Status.UNMET
    assert checklist.item("dorm_safety_management").source.confidence == "M"


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


@pytest.mark.parametrize("gate, items", [
    ("has_hazardous_chemicals", ("hazchem_storage", "hazchem_double_lock", "hazchem_ledger")),
    ("has_special_equipment", ("special_equipment_inspected",)),
])
def test_gated_topics(checklist, gate, items):
    for school_type in ("幼儿园", "初中"):
        without = run(checklist, {gate: "否", **{i: "否" for i in items}}, school_type)
        with_ = run(checklist, {gate: "是", **{i: "否" for i in items}}, school_type)
        for item_id in items:
            assert without.result(item_id).status is Status.NOT_APPLICABLE, item_id
            assert with_.result(item_id).status is Status.UNMET, item_id
        assert without.result(gate).status is Status.RECORDED


def test_new_organisation_and_building_items_apply_to_every_school(checklist):
    every = ADDED["zuzhi"] | ADDED["xiaoshe"] - {"has_special_equipment",
                                                   "special_equipment_inspected"}
    for school_type in ("幼儿园", *PRIMARY_AND_SECONDARY):
        result = run(checklist, {i: "否" for i in every}, school_type)
        for item_id in every:
            assert result.result(item_id).status is Status.UNMET, (school_type, item_id)


# 卫生保健 (§9): 《学校卫生工作条例》第二十条 600 : 1 专职卫生技术人员, under 600 专职或兼职保健教师;
# 《托儿所幼儿园卫生保健管理办法》第十二条 ≥ 150 children 1 专职 per 150, under 150 专职或兼职.

@pytest.mark.parametrize("students, staff, status", [
    (599, 0, Status.NOT_APPLICABLE), (600, 1, Status.MET), (600, 0, Status.UNMET),
    (1199, 1, Status.UNMET), (1200, 2, Status.MET), (1201, 2, Status.UNMET), (1201, 3, Status.MET),
])
def test_health_technicians_600_to_1(checklist, students, staff, status):
    r = run(checklist, {"enrolled_total": students, "health_tech_staff": staff}).result(
        "health_tech_staff")
    assert r.status is status
    if status is Status.UNMET:
        assert r.gap_text.startswith("还需 ") and "专职卫生技术人员" in r.gap_text


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


def test_school_health_items_not_asked_of_kindergartens(checklist):
    result = run(checklist, {"enrolled_total": 700}, "幼儿园", boarding=True)
    for item_id in ("clinic_600", "health_teacher_small", "health_tech_staff", "psych_room",
                    "psych_teacher", "psych_assessment"):
        assert result.result(item_id).status is Status.NOT_APPLICABLE, item_id


@pytest.mark.parametrize("children, staff, status", [
    (150, 1, Status.MET), (150, 0, Status.UNMET), (151, 1, Status.UNMET), (151, 2, Status.MET),
    (300, 2, Status.MET), (301, 2, Status.UNMET),
])
def test_kindergarten_health_staff_150_to_1(checklist, children, staff, status):
    r = run(checklist, {"enrolled_total": children, "kg_health_staff": staff},
            "幼儿园").result("kg_health_staff")
    assert r.status is status


@pytest.mark.parametrize("children, full_time, small", [
    (149, Status.NOT_APPLICABLE, Status.UNMET), (150, Status.UNANSWERED, Status.NOT_APPLICABLE),
])
def test_small_kindergarten_may_have_part_time_health_staff(checklist, children, full_time, small):
    result = run(checklist, {"enrolled_total": children, "kg_health_staff_small": "否"}, "幼儿园")
    assert result.result("kg_health_staff").status is full_time
    assert result.result("kg_health_staff_small").status is small


def test_psych_teacher_is_one_national_verdict_without_local_size_rule(checklist):
    for students in (300, 1500):
        result = run(checklist, {"enrolled_total": students, "psych_teacher": "否"})
        assert result.result("psych_teacher").status is Status.UNMET
    assert "兼职" in checklist.item("psych_teacher").title


def test_simple_thresholds_boundaries(checklist):
    r = run(checklist, {"patrols_per_day": 4, "video_retention_days": 29, "drills_this_term": 0})
    assert r.result("patrols_per_day").gap_text == "每日还需增加 1 次巡查"
    assert r.result("video_retention_days").gap_text == "视频录像还需多保存 1 天"
    assert r.result("drills_this_term").gap_text == "本学期还需组织 1 次演练"
    ok = run(checklist, {"patrols_per_day": 5, "video_retention_days": 30, "drills_this_term": 1})
    for item_id in ("patrols_per_day", "video_retention_days", "drills_this_term"):
        assert ok.result(item_id).status is Status.MET, item_id


@pytest.mark.parametrize("school_type, locale, applies", [
    *[(t, loc, True) for t in PRIMARY_AND_SECONDARY for loc in ("城区", "镇区", "乡村")],
    ("幼儿园", "城区", True), ("幼儿园", "镇区", False), ("幼儿园", "乡村", False),
])
def test_sanbai_covers_schools_and_urban_kindergartens(checklist, school_type, locale, applies):
    result = run(checklist, {item_id: "否" for item_id in SANBAI}, school_type, locale=locale)
    for item_id in SANBAI:
        expected = Status.UNMET if applies else Status.NOT_APPLICABLE
        assert result.result(item_id).status is expected, (item_id, school_type, locale)


# ---- (3) whole checklist and 一票否决 ----------------------------------------------------------

def test_all_met_primary_school_passes(checklist):
    result = run(checklist, all_met_primary())
    assert result.counts["unmet"] == 0
    assert result.counts["unanswered"] == 0
    assert result.verdict == MET


def test_one_new_item_missed_fails_the_checklist(checklist):
    result = run(checklist, all_met_primary() | {"hazard_register": "否"})
    assert result.verdict == UNMET
    assert [r.id for r in result.items if r.status is Status.UNMET] == ["hazard_register"]


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
