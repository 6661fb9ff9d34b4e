"""The school-level items of checklists/yzjh.toml (政府保障程度, 教育质量, 社会认可度, 一票否决).

The expected values below were written by hand from shared/standards/REFERENCE.md §1.4–1.6, D5/D6
and the corrections of §8, not copied from the definition file.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.answers import display
from desktop.core.engine import INCOMPLETE, MET, UNMET, Status, evaluate, parse_answers
from desktop.core.loader import load_checklist
from desktop.core.model import SCHOOL_TYPES, Compare, SchoolProfile

CHECKLIST_PATH = Path(__file__).resolve().parents[2] / "checklists" / "yzjh.toml"

# Every numeric item with a standard, outside the 资源配置 block: threshold (a number, a table by
# school type or 学段, or the formula text) and comparison. REFERENCE row in the comment.
EXPECTED_THRESHOLDS: dict[str, tuple[object, str]] = {
    # G3: one room per 12 classes (rooms needed = ceil(classes / 12)); 一贯制 count both 学段 together
    "music_rooms_for_classes_primary": ("ceil(classes_primary / 12)", ">="),
    "music_rooms_for_classes_junior": ("ceil(classes_junior / 12)", ">="),
    "music_rooms_for_classes_combined": ("ceil((classes_primary + classes_junior) / 12)", ">="),
    "art_rooms_for_classes_primary": ("ceil(classes_primary / 12)", ">="),
    "art_rooms_for_classes_junior": ("ceil(classes_junior / 12)", ">="),
    "art_rooms_for_classes_combined": ("ceil((classes_primary + classes_junior) / 12)", ">="),
    # G3: each 音乐 room ≥ 96 ㎡, each 美术 room ≥ 90 ㎡
    "music_room_min_area_m2": (Fraction(96), ">="),
    "art_room_min_area_m2": (Fraction(90), ">="),
    # G4: 小学、初中 ≤ 2000; 九年、十二年一贯制 (义务教育阶段) ≤ 2500; 完全中学: its 初中 part ≤ 2000
    "school_size_primary": ({"小学": Fraction(2000)}, "<="),
    "school_size_junior": ({"初中": Fraction(2000), "完全中学": Fraction(2000)}, "<="),
    "school_size_combined": ({"九年一贯制": Fraction(2500), "十二年一贯制": Fraction(2500)}, "<="),
    # G5: every class 小学 ≤ 45, 初中 ≤ 50
    "max_class_size_primary": (Fraction(45), "<="),
    "max_class_size_junior": (Fraction(50), "<="),
    # G9: 5年360学时 completion 100 %; G12: 持证 100 %
    "training_360h_completion_rate": (Fraction(100), ">="),
    "teacher_certification_rate": (Fraction(100), ">="),
    # G13: 城区/镇区 公办 小学 100 %, 初中 ≥ 95 %
    "nearby_admission_primary_percent": (Fraction(100), ">="),
    "nearby_admission_junior_percent": (Fraction(95), ">="),
    # Q1: 初中三年巩固率 ≥ 95 %
    "junior_retention_rate": (Fraction(95), ">="),
    # Q4: 教师培训经费 ≥ 5 % of 公用经费
    "teacher_training_funds_share": (Fraction(5), ">="),
    # Q9 (§8): 校际差异率 < 0.15
    "monitoring_school_gap_rate": (Fraction(15, 100), "<"),
    # S1: 社会认可度 ≥ 85 %
    "social_recognition_percent": (Fraction(85), ">="),
}

# Formulas of the computed values, from REFERENCE (Q1 formula, G9/G12/Q4 ratios, G4 enrolment).
EXPECTED_FORMULAS = {
    "school_size_primary": "students_primary",
    "school_size_junior": "students_junior",
    "school_size_combined": "students_primary + students_junior",
    "training_360h_completion_rate": "teachers_trained_360h / fulltime_teachers_total * 100",
    "teacher_certification_rate": "teachers_certified / fulltime_teachers_total * 100",
    "junior_retention_rate": "(junior_graduates - junior_cohort_transfers_in + "
                             "junior_cohort_transfers_out) / (junior_cohort_entrants - "
                             "junior_cohort_deaths) * 100",
    "teacher_training_funds_share": "teacher_training_funds_yuan / public_funds_budget_yuan * 100",
}

# Non-numeric standards: yes/no items (expected answer) and choice items (passing options).
EXPECTED_YES_NO = {
    "small_school_funding_floor": True,
    "migrant_children_admission": True,
    "left_behind_children_care": True,
    "disabled_children_inclusion": True,
    "school_charter": True,
    "management_informatization": True,
    "ict_teaching_use": True,
    "curriculum_complete": True,
    "comprehensive_practice": True,
    "homework_burden_controlled": True,
}
EXPECTED_CHOICES = {
    "moral_education_rating": (("优秀", "良好", "一般", "较差"), ("优秀", "良好")),
    "monitoring_lowest_level": (("Ⅲ级及以上", "低于Ⅲ级"), ("Ⅲ级及以上",)),
}
# A count that is part of another count: item id → its bound (a larger answer is flagged 请核对).
UPPER_BOUNDS = {
    "teachers_trained_360h": "fulltime_teachers_total",
    "teachers_certified": "fulltime_teachers_total",
    "junior_cohort_deaths": "junior_cohort_entrants",
    "teacher_training_funds_yuan": "public_funds_budget_yuan",
    "indoor_sports_m2": "sports_area_m2",
}
VETOES = ("veto_exam_admission", "veto_illegal_school_choice", "veto_key_classes",
          "veto_vacancies_unfilled", "veto_major_incident", "veto_falsification")

# Confidence exactly as REFERENCE marks each row (§8 moves Q9 to V2).
EXPECTED_CONFIDENCE = {
    "G3": "V2", "G4": "V2", "G5": "V2", "G6": "M", "G9": "V2", "G12": "V2", "G13": "V2",
    "G15": "V2", "Q1": "V2", "Q2": "V2", "Q3": "V2", "Q4": "V2", "Q5": "V2", "Q6": "V2",
    "Q7": "V2", "Q8": "V2", "Q9": "V2", "S1": "V", "D5": "V", "D6": "V2",
}
ROW_OF = {
    "G3": ["classes_primary", "classes_junior", "music_rooms", "art_rooms",
           "music_rooms_for_classes_primary", "music_rooms_for_classes_junior",
           "music_rooms_for_classes_combined", "art_rooms_for_classes_primary",
           "art_rooms_for_classes_junior", "art_rooms_for_classes_combined",
           "music_room_min_area_m2", "art_room_min_area_m2"],
    "G4": ["school_size_primary", "school_size_junior", "school_size_combined"],
    "G5": ["max_class_size_primary", "max_class_size_junior"],
    "G6": ["small_school_funding_floor"],
    "G9": ["fulltime_teachers_total", "teachers_trained_360h", "training_360h_completion_rate"],
    "G12": ["teachers_certified", "teacher_certification_rate"],
    "G13": ["nearby_admission_primary_percent", "nearby_admission_junior_percent"],
    "G15": ["migrant_children_admission", "left_behind_children_care"],
    "Q1": ["junior_cohort_entrants", "junior_cohort_deaths", "junior_cohort_transfers_in",
           "junior_cohort_transfers_out", "junior_graduates", "junior_retention_rate"],
    "Q2": ["disabled_children_inclusion"],
    "Q3": ["school_charter", "management_informatization"],
    "Q4": ["public_funds_budget_yuan", "teacher_training_funds_yuan",
           "teacher_training_funds_share"],
    "Q5": ["ict_teaching_use"],
    "Q6": ["moral_education_rating"],
    "Q7": ["curriculum_complete", "comprehensive_practice"],
    "Q8": ["homework_burden_controlled"],
    "Q9": ["monitoring_lowest_level", "monitoring_school_gap_rate"],
    "S1": ["social_recognition_percent"],
    "D5": ["veto_exam_admission", "veto_illegal_school_choice", "veto_key_classes"],
    "D6": ["veto_vacancies_unfilled", "veto_major_incident", "veto_falsification"],
}
ADDED_IDS = [item_id for ids in ROW_OF.values() for item_id in ids]

# One answer set of a 九年一贯制 城区 公办 school that meets every standard (resources included).
PASSING_NINE_YEAR = {
    "students_primary": 1300, "students_junior": 1100,
    "teachers_above_degree_primary": 60, "teachers_above_degree_junior": 60,
    "backbone_teachers_primary": 14, "backbone_teachers_junior": 12,
    "pe_art_teachers_primary": 12, "pe_art_teachers_junior": 10,
    "teaching_rooms_m2": 16000, "sports_area_m2": 25000, "indoor_sports_m2": 0, "equipment_value_yuan": 6000000,
    "multimedia_rooms": 60,
    "classes_primary": 30, "classes_junior": 22, "music_rooms": 5, "art_rooms": 5,
    "music_room_min_area_m2": 96, "art_room_min_area_m2": 90,
    "max_class_size_primary": 45, "max_class_size_junior": 50,
    "fulltime_teachers_total": 150, "teachers_trained_360h": 150, "teachers_certified": 150,
    "nearby_admission_primary_percent": 100, "nearby_admission_junior_percent": 95,
    "migrant_children_admission": "是", "left_behind_children_care": "是",
    "junior_cohort_entrants": 400, "junior_cohort_deaths": 0, "junior_cohort_transfers_in": 0,
    "junior_cohort_transfers_out": 0, "junior_graduates": 380,
    "disabled_children_inclusion": "是", "school_charter": "是", "management_informatization": "是",
    "public_funds_budget_yuan": 1000000, "teacher_training_funds_yuan": 50000,
    "ict_teaching_use": "是", "moral_education_rating": "良好", "curriculum_complete": "是",
    "comprehensive_practice": "是", "homework_burden_controlled": "是",
    "monitoring_lowest_level": "Ⅲ级及以上", "monitoring_school_gap_rate": "0.149",
    "social_recognition_percent": 85,
    **{veto: "无" for veto in VETOES},
}


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(CHECKLIST_PATH)


def judge(checklist, school_type: str, answers: dict, **profile):
    return evaluate(checklist, SchoolProfile(school_type, **profile),
                    parse_answers(checklist, answers))


def result_of(checklist, school_type: str, answers: dict, item_id: str, **profile):
    return judge(checklist, school_type, answers, **profile).result(item_id)


def _threshold_as_written(item):
    t = item.threshold
    if t.formula is not None:
        return t.formula.text
    if t.value is not None:
        return t.value
    return dict(t.by_key)


# ---- (1) thresholds in the file equal the hand-written table ------------------------------------

@pytest.mark.parametrize("item_id", sorted(EXPECTED_THRESHOLDS))
def test_threshold_matches_reference(checklist, item_id):
    expected, compare = EXPECTED_THRESHOLDS[item_id]
    item = checklist.item(item_id)
    assert item.threshold is not None
    assert _threshold_as_written(item) == expected
    assert item.compare is Compare(compare)


def test_every_threshold_outside_resources_is_in_the_table(checklist):
    with_threshold = {i.id for i in checklist.items
                      if i.threshold is not None and i.section != "resources"}
    assert with_threshold == set(EXPECTED_THRESHOLDS)


@pytest.mark.parametrize("item_id", sorted(EXPECTED_FORMULAS))
def test_computed_formula(checklist, item_id):
    assert checklist.item(item_id).formula.text == EXPECTED_FORMULAS[item_id]


def test_yes_no_and_choice_standards(checklist):
    for item_id, expected in EXPECTED_YES_NO.items():
        item = checklist.item(item_id)
        assert item.type.value == "yes_no" and item.expected is expected, item_id
    for item_id, (options, passing) in EXPECTED_CHOICES.items():
        item = checklist.item(item_id)
        assert (item.options, item.pass_options) == (options, passing), item_id


def test_every_added_item_is_listed_and_judged_items_are_covered(checklist):
    resource_inputs = {i.id for i in checklist.items if i.section == "resources"}
    assert {i.id for i in checklist.items} - resource_inputs == set(ADDED_IDS)
    for item in checklist.items:
        if item.id in resource_inputs or not item.is_standard:
            continue
        assert (item.id in EXPECTED_THRESHOLDS or item.id in EXPECTED_YES_NO
                or item.id in EXPECTED_CHOICES or item.id in VETOES), item.id


@pytest.mark.parametrize("row", sorted(ROW_OF))
def test_confidence_as_reference_marks_the_row(checklist, row):
    for item_id in ROW_OF[row]:
        source = checklist.item(item_id).source
        assert source.confidence == EXPECTED_CONFIDENCE[row], item_id
        # the printed basis is the 办法 itself; the REFERENCE row is a maintainer's note
        assert source.text.startswith("《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）"), item_id
        assert "YZJH" not in source.text and row in source.note, item_id


def test_added_items_have_guidance_and_evidence(checklist):
    for item_id in ADDED_IDS:
        item = checklist.item(item_id)
        assert item.guidance and item.evidence, item_id


@pytest.mark.parametrize("school_type", [t for t in SCHOOL_TYPES if t != "幼儿园"])
def test_exactly_one_row_per_type_group_applies(checklist, school_type):
    result = judge(checklist, school_type, {})
    for prefix in ("music_rooms_for_classes_", "art_rooms_for_classes_", "school_size_"):
        applying = [r.id for r in result.items if r.id.startswith(prefix)
                    and r.status is not Status.NOT_APPLICABLE]
        assert len(applying) == 1, (school_type, prefix, applying)


# ---- (2) boundaries through the engine ----------------------------------------------------------

@pytest.mark.parametrize("school_type, classes, item_id", [
    ("小学", {"classes_primary": 24}, "music_rooms_for_classes_primary"),
    ("初中", {"classes_junior": 24}, "music_rooms_for_classes_junior"),
    ("九年一贯制", {"classes_primary": 12, "classes_junior": 12}, "music_rooms_for_classes_combined"),
])
def test_24_classes_need_2_music_rooms(checklist, school_type, classes, item_id):
    met = result_of(checklist, school_type, {**classes, "music_rooms": 2}, item_id)
    assert met.status is Status.MET and met.threshold == 2
    short = result_of(checklist, school_type, {**classes, "music_rooms": 1}, item_id)
    assert short.status is Status.UNMET
    assert short.gap == 1
    assert short.gap_text == "还需 1 间音乐专用教室"


@pytest.mark.parametrize("school_type, classes, item_id", [
    ("小学", {"classes_primary": 25}, "music_rooms_for_classes_primary"),
    ("九年一贯制", {"classes_primary": 13, "classes_junior": 12}, "music_rooms_for_classes_combined"),
])
def test_25_classes_need_3_music_rooms(checklist, school_type, classes, item_id):
    short = result_of(checklist, school_type, {**classes, "music_rooms": 2}, item_id)
    assert short.status is Status.UNMET and short.threshold == 3 and short.gap == 1
    assert result_of(checklist, school_type, {**classes, "music_rooms": 3},
                     item_id).status is Status.MET


def test_art_rooms_follow_the_same_rule(checklist):
    answers = {"classes_primary": 25, "art_rooms": 2}
    short = result_of(checklist, "小学", answers, "art_rooms_for_classes_primary")
    assert short.status is Status.UNMET and short.gap_text == "还需 1 间美术专用教室"


def test_complete_school_counts_only_junior_classes(checklist):
    result = result_of(checklist, "完全中学", {"classes_junior": 12, "music_rooms": 1},
                       "music_rooms_for_classes_junior")
    assert result.status is Status.MET and result.threshold == 1


def test_room_areas(checklist):
    def music(area):
        return result_of(checklist, "小学", {"music_rooms": 1, "music_room_min_area_m2": area},
                         "music_room_min_area_m2")
    assert music("95.99").status is Status.UNMET
    assert music("95.99").gap == Fraction(1, 100)
    assert music(96).status is Status.MET

    def art(area):
        return result_of(checklist, "小学", {"art_rooms": 1, "art_room_min_area_m2": area},
                         "art_room_min_area_m2")
    assert art("89.99").status is Status.UNMET
    assert art(90).status is Status.MET


def test_room_area_not_asked_without_rooms(checklist):
    result = result_of(checklist, "小学", {"music_rooms": 0}, "music_room_min_area_m2")
    assert result.status is Status.NOT_APPLICABLE


def test_class_size_primary_45(checklist):
    assert result_of(checklist, "小学", {"max_class_size_primary": 45},
                     "max_class_size_primary").status is Status.MET
    over = result_of(checklist, "小学", {"max_class_size_primary": 46}, "max_class_size_primary")
    assert over.status is Status.UNMET and over.gap == 1 and over.gap_text == "超出 1 人"


def test_class_size_junior_50(checklist):
    assert result_of(checklist, "初中", {"max_class_size_junior": 50},
                     "max_class_size_junior").status is Status.MET
    assert result_of(checklist, "初中", {"max_class_size_junior": 51},
                     "max_class_size_junior").status is Status.UNMET


def test_school_size_primary_2000(checklist):
    assert result_of(checklist, "小学", {"students_primary": 2000},
                     "school_size_primary").status is Status.MET
    over = result_of(checklist, "小学", {"students_primary": 2001}, "school_size_primary")
    assert over.status is Status.UNMET and over.gap == 1


def test_school_size_nine_year_2500(checklist):
    answers = {"students_primary": 1500, "students_junior": 1000}
    assert result_of(checklist, "九年一贯制", answers,
                     "school_size_combined").status is Status.MET
    answers["students_junior"] = 1001
    assert result_of(checklist, "九年一贯制", answers,
                     "school_size_combined").status is Status.UNMET


def test_school_size_twelve_year_ignores_senior(checklist):
    answers = {"students_primary": 1500, "students_junior": 1000, "students_senior": 900}
    assert result_of(checklist, "十二年一贯制", answers,
                     "school_size_combined").status is Status.MET


def test_school_size_complete_school_judges_junior_part(checklist):
    answers = {"students_junior": 2000, "students_senior": 1500}
    assert result_of(checklist, "完全中学", answers, "school_size_junior").status is Status.MET


def test_training_funds_exactly_5_percent(checklist):
    answers = {"public_funds_budget_yuan": "1234567.8", "teacher_training_funds_yuan": "61728.39"}
    result = result_of(checklist, "小学", answers, "teacher_training_funds_share")
    assert result.value == 5 and result.status is Status.MET
    answers["teacher_training_funds_yuan"] = "61728.38"
    assert result_of(checklist, "小学", answers,
                     "teacher_training_funds_share").status is Status.UNMET


def test_social_recognition_85(checklist):
    assert result_of(checklist, "小学", {"social_recognition_percent": 85},
                     "social_recognition_percent").status is Status.MET
    assert result_of(checklist, "小学", {"social_recognition_percent": "84.99"},
                     "social_recognition_percent").status is Status.UNMET


def test_training_and_certification_need_every_teacher(checklist):
    answers = {"fulltime_teachers_total": 150, "teachers_trained_360h": 149,
               "teachers_certified": 150}
    result = judge(checklist, "小学", answers)
    assert result.result("training_360h_completion_rate").status is Status.UNMET
    assert result.result("teacher_certification_rate").status is Status.MET


def test_retention_rate_formula(checklist):
    # (380 − 10 + 20) ÷ (412 − 2) × 100 = 95.12… → met; one graduate fewer: 389 ÷ 410 = 94.87… → unmet
    answers = {"junior_graduates": 380, "junior_cohort_transfers_in": 10,
               "junior_cohort_transfers_out": 20, "junior_cohort_entrants": 412,
               "junior_cohort_deaths": 2}
    result = result_of(checklist, "初中", answers, "junior_retention_rate")
    assert result.value == Fraction(390 * 100, 410) and result.status is Status.MET
    answers["junior_graduates"] = 379
    assert result_of(checklist, "初中", answers,
                     "junior_retention_rate").status is Status.UNMET
    # exactly 95 %: 380 ÷ 400
    exact = {"junior_graduates": 380, "junior_cohort_transfers_in": 0,
             "junior_cohort_transfers_out": 0, "junior_cohort_entrants": 400,
             "junior_cohort_deaths": 0}
    assert result_of(checklist, "初中", exact, "junior_retention_rate").status is Status.MET


def test_nearby_admission_applies_to_urban_public_day_schools(checklist):
    answers = {"nearby_admission_junior_percent": 95}
    public = result_of(checklist, "初中", answers, "nearby_admission_junior_percent",
                       locale="镇区", ownership="公办")
    assert public.status is Status.MET
    assert result_of(checklist, "初中", {"nearby_admission_junior_percent": "94.9"},
                     "nearby_admission_junior_percent", locale="城区",
                     ownership="公办").status is Status.UNMET
    for profile in ({"locale": "乡村", "ownership": "公办"}, {"locale": "城区", "ownership": "民办"},
                    {"locale": "城区", "ownership": "公办", "boarding": True}):
        assert result_of(checklist, "初中", answers, "nearby_admission_junior_percent",
                         **profile).status is Status.NOT_APPLICABLE, profile


def test_monitoring_gap_rate_is_strict(checklist):
    assert result_of(checklist, "小学", {"monitoring_school_gap_rate": "0.149"},
                     "monitoring_school_gap_rate").status is Status.MET
    assert result_of(checklist, "小学", {"monitoring_school_gap_rate": "0.15"},
                     "monitoring_school_gap_rate").status is Status.UNMET


def test_small_school_funding_only_for_rural_primary_under_100(checklist):
    answers = {"students_primary": 99, "small_school_funding_floor": "是"}
    assert result_of(checklist, "小学", answers, "small_school_funding_floor",
                     locale="乡村").status is Status.MET
    answers["students_primary"] = 100
    assert result_of(checklist, "小学", answers, "small_school_funding_floor",
                     locale="乡村").status is Status.NOT_APPLICABLE
    answers["students_primary"] = 50
    assert result_of(checklist, "小学", answers, "small_school_funding_floor",
                     locale="城区").status is Status.NOT_APPLICABLE


def test_count_bounds_are_formulas(checklist):
    bounded = {i.id: i.maximum_formula.text for i in checklist.items if i.maximum_formula}
    assert bounded == UPPER_BOUNDS


@pytest.mark.parametrize("item_id, bound, value", [
    ("teachers_trained_360h", "fulltime_teachers_total", 150),
    ("teachers_certified", "fulltime_teachers_total", 150),
    ("junior_cohort_deaths", "junior_cohort_entrants", 400),
    ("teacher_training_funds_yuan", "public_funds_budget_yuan", 1000000),
])
def test_part_larger_than_whole_is_flagged(checklist, item_id, bound, value):
    assert PASSING_NINE_YEAR[bound] == value
    base = {**PASSING_NINE_YEAR, item_id: value}
    at = judge(checklist, "九年一贯制", base, locale="城区", ownership="公办").result(item_id)
    assert "请核对" not in at.message
    result = judge(checklist, "九年一贯制", {**base, item_id: value + 1},
                   locale="城区", ownership="公办")
    flagged = result.result(item_id)
    assert flagged.status is Status.UNANSWERED and "请核对" in flagged.message
    assert result.verdict == INCOMPLETE


def test_more_certified_than_teachers_cannot_pass(checklist):
    # without the bound, 151 certified of 150 teachers gave a rate of 100.67 % and the checklist passed
    result = judge(checklist, "小学", {"fulltime_teachers_total": 150, "teachers_certified": 151})
    assert result.result("teachers_certified").status is Status.UNANSWERED
    assert result.verdict != MET


# ---- (3) vetoes ---------------------------------------------------------------------------------

def test_passing_school_is_met(checklist):
    result = judge(checklist, "九年一贯制", PASSING_NINE_YEAR, locale="城区", ownership="公办")
    assert result.counts["unanswered"] == 0 and result.counts["unmet"] == 0
    assert result.verdict == MET


@pytest.mark.parametrize("veto", VETOES)
def test_veto_answered_you_fails_the_checklist(checklist, veto):
    item = checklist.item(veto)
    assert item.veto and item.expected is False and item.labels == ("有", "无")
    assert item.section == "veto"
    result = judge(checklist, "九年一贯制", {**PASSING_NINE_YEAR, veto: "有"},
                   locale="城区", ownership="公办")
    assert result.verdict == UNMET
    assert [r.id for r in result.vetoes] == [veto]
    assert display(item, result.result(veto).value) == "有"


def test_veto_fails_even_an_incomplete_self_assessment(checklist):
    result = judge(checklist, "小学", {"veto_key_classes": "有"})
    assert result.verdict == UNMET


def test_report_states_you_or_wu_for_each_veto(checklist):
    result = judge(checklist, "九年一贯制", PASSING_NINE_YEAR, locale="城区", ownership="公办")
    for veto in VETOES:
        r = result.result(veto)
        assert display(r.item, r.value) == "无" and r.threshold_text == "无"


def test_unmet_non_numeric_items_say_what_to_do(checklist):
    failing = {item_id: "否" for item_id in EXPECTED_YES_NO}
    failing.update({"moral_education_rating": "一般", "monitoring_lowest_level": "低于Ⅲ级",
                    "students_primary": 60})
    failing.update({veto: "有" for veto in VETOES})
    result = judge(checklist, "小学", failing, locale="乡村", ownership="公办")
    for item_id in [*EXPECTED_YES_NO, *EXPECTED_CHOICES, *VETOES]:
        r = result.result(item_id)
        assert r.status is Status.UNMET and r.gap_text, item_id


# ---- 室内体育用房: counted once, in the sports area (REFERENCE §9) ---------------------------------

def test_indoor_sports_rooms_are_counted_once(checklist):
    teaching = checklist.item("teaching_rooms_m2").guidance
    sports = checklist.item("sports_area_m2").guidance
    assert "不含室内体育用房" in teaching and "减去" in teaching
    assert "室内体育用房只在这里计算一次" in sports
    base = {"sports_area_m2": 9000, "teaching_rooms_m2": 8000}
    none = judge(checklist, "小学", {**base, "indoor_sports_m2": 0})
    assert none.result("indoor_sports_excluded").status is Status.NOT_APPLICABLE
    hall = {**base, "indoor_sports_m2": 1200}
    asked = judge(checklist, "小学", hall).result("indoor_sports_excluded")
    assert asked.status is Status.UNANSWERED
    twice = judge(checklist, "小学", {**hall, "indoor_sports_excluded": "未扣除"})
    r = twice.result("indoor_sports_excluded")
    assert r.status is Status.UNMET and "减去室内体育用房" in r.gap_text
    once = judge(checklist, "小学", {**hall, "indoor_sports_excluded": "已扣除"})
    assert once.result("indoor_sports_excluded").status is Status.MET
    # a hall larger than the whole sports area cannot be right: flagged, not judged
    too_big = judge(checklist, "小学", {**base, "indoor_sports_m2": 9001}).result("indoor_sports_m2")
    assert too_big.status is Status.UNANSWERED and "请核对" in too_big.message
