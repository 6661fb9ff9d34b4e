"""The seven 资源配置 indicators per 学段 and the per-school rule, with hand-computed cases."""

from fractions import Fraction as F
from pathlib import Path

import pytest

from desktop import paths
from desktop.core.engine import evaluate, parse_answers
from desktop.core.loader import load_checklist
from desktop.core.model import SchoolProfile

YZJH = load_checklist(paths.checklists_dir() / "yzjh.toml")

# A 小学 of 1000 students exactly at every standard (R1 4.2, R2 1, R3 0.9, R4 4.5 ㎡,
# R5 7.5 ㎡, R6 2000 元, R7 2.3 间 per hundred).
PRIMARY_AT_STANDARD = {
    "students_primary": 1000, "teachers_above_degree_primary": 42, "backbone_teachers_primary": 10,
    "pe_art_teachers_primary": 9, "teaching_rooms_m2": 4500, "sports_area_m2": 7500,
    "equipment_value_yuan": 2000000, "multimedia_rooms": 23,
}


def stage(answers, school_type="小学", which="primary"):
    result = evaluate(YZJH, SchoolProfile(school_type), parse_answers(YZJH, answers))
    return result.stages[which]


def test_exactly_at_every_standard_meets_all_seven():
    s = stage(PRIMARY_AT_STANDARD)
    assert s.verdict == "达标"
    assert s.met_count == 7
    # The float trap: 9 / 1000 * 100 is 0.8999999999999999 in floats.
    assert s.indicators["R3"].value == F(9, 10)
    assert s.indicators["R3"].status == "met"


@pytest.mark.parametrize("indicator, key, value, gap", [
    ("R1", "teachers_above_degree_primary", 41, 1),
    ("R2", "backbone_teachers_primary", 9, 1),
    ("R3", "pe_art_teachers_primary", 8, 1),
    ("R4", "teaching_rooms_m2", "4499.99", F("0.01")),
    ("R5", "sports_area_m2", "7499.999", F("0.01")),
    ("R6", "equipment_value_yuan", "1999999.5", 1),
    ("R7", "multimedia_rooms", 22, 1),
])
def test_one_step_below_is_unmet_with_gap(indicator, key, value, gap):
    s = stage({**PRIMARY_AT_STANDARD, key: value})
    r = s.indicators[indicator]
    assert r.status == "unmet"
    assert r.gap == gap
    assert str(gap) in r.gap_text or f"{float(gap):g}" in r.gap_text
    # Six of seven met and the seventh above 85 %: the school still passes.
    assert s.verdict == "达标"


def test_85_percent_floor_exactly_passes_and_one_below_fails():
    # R4 floor for 小学: 0.85 × 4.5 = 3.825 ㎡ per student → 3825 ㎡ for 1000 students.
    at_floor = stage({**PRIMARY_AT_STANDARD, "teaching_rooms_m2": 3825})
    assert at_floor.indicators["R4"].floor == F("3.825")
    assert at_floor.indicators["R4"].above_floor is True
    assert at_floor.verdict == "达标"
    below = stage({**PRIMARY_AT_STANDARD, "teaching_rooms_m2": "3824.99"})
    assert below.indicators["R4"].above_floor is False
    assert below.verdict == "未达标"
    assert "R4" in below.reason and "85%" in below.reason


def test_two_indicators_unmet_fails_the_six_of_seven_rule():
    s = stage({**PRIMARY_AT_STANDARD, "multimedia_rooms": 22, "backbone_teachers_primary": 9})
    assert s.met_count == 5
    assert s.verdict == "未达标"
    assert "少于要求的 6 项" in s.reason


def test_missing_input_leaves_stage_incomplete():
    answers = dict(PRIMARY_AT_STANDARD)
    del answers["multimedia_rooms"]
    s = stage(answers)
    assert s.verdict == "未完成"
    assert s.indicators["R7"].status == "unanswered"
    assert "网络多媒体教室数" in s.reason


def test_gap_counts_whole_teachers_and_rooms():
    # 初中 800 students: R1 needs 5.3 × 8 = 42.4 → 43 teachers; with 40, 3 more.
    s = stage({"students_junior": 800, "teachers_above_degree_junior": 40,
               "backbone_teachers_junior": 8, "pe_art_teachers_junior": 8,
               "teaching_rooms_m2": 4640, "sports_area_m2": 8160,
               "equipment_value_yuan": 2000000, "multimedia_rooms": 20},
              school_type="初中", which="junior")
    assert s.indicators["R1"].gap == 3
    assert s.indicators["R1"].gap_text == "还需 3 名高于规定学历的专任教师"
    assert s.indicators["R2"].status == "met"  # 8 / 800 × 100 = 1
    assert s.indicators["R7"].value == F("2.5")


def test_nine_year_school_splits_shared_assets_1_to_1_1():
    # 1000 primary, 800 junior: weights 1000 : 880, primary share 1000/1880 = 25/47.
    answers = {"students_primary": 1000, "students_junior": 800, "teaching_rooms_m2": 9400,
               "teachers_above_degree_primary": 42, "teachers_above_degree_junior": 43,
               "backbone_teachers_primary": 10, "backbone_teachers_junior": 8,
               "pe_art_teachers_primary": 9, "pe_art_teachers_junior": 8,
               "sports_area_m2": 20000, "equipment_value_yuan": 5000000, "multimedia_rooms": 50}
    result = evaluate(YZJH, SchoolProfile("九年一贯制"), parse_answers(YZJH, answers))
    primary, junior = result.stages["primary"], result.stages["junior"]
    assert primary.share == F(25, 47) and junior.share == F(22, 47)
    assert primary.indicators["R4"].value == F(9400) * F(25, 47) / 1000  # = 5
    assert primary.indicators["R4"].value == 5
    assert junior.indicators["R4"].value == F(9400) * F(22, 47) / 800  # = 5.5 < 5.8
    assert junior.indicators["R4"].status == "unmet"
    # Junior needs 5.8 × 800 = 4640 ㎡ of its share; it has 4400; the school must add
    # (4640 − 4400) ÷ 22/47 = 512.73 ㎡ in total.
    assert junior.indicators["R4"].gap == F("512.73")
    # Teachers are counted by 学段, not split.
    assert junior.indicators["R1"].value == F(43, 8)


def test_complete_middle_school_splits_1_to_1_2_and_judges_junior_only():
    answers = {"students_junior": 600, "students_senior": 500, "teaching_rooms_m2": 7200,
               "teachers_above_degree_junior": 32, "backbone_teachers_junior": 6,
               "pe_art_teachers_junior": 6, "sports_area_m2": 12000,
               "equipment_value_yuan": 3000000, "multimedia_rooms": 30}
    result = evaluate(YZJH, SchoolProfile("完全中学"), parse_answers(YZJH, answers))
    assert set(result.stages) == {"junior"}
    junior = result.stages["junior"]
    assert junior.share == F(600, 1200)  # 600 : 1.2 × 500 = 600 : 600
    assert junior.indicators["R4"].value == 6  # 3600 ㎡ / 600


def test_twelve_year_school_splits_1_to_1_1_to_1_32():
    answers = {"students_primary": 600, "students_junior": 500, "students_senior": 250,
               "multimedia_rooms": 100, "teaching_rooms_m2": 1, "sports_area_m2": 1,
               "equipment_value_yuan": 1, "teachers_above_degree_primary": 1,
               "teachers_above_degree_junior": 1, "backbone_teachers_primary": 1,
               "backbone_teachers_junior": 1, "pe_art_teachers_primary": 1,
               "pe_art_teachers_junior": 1}
    result = evaluate(YZJH, SchoolProfile("十二年一贯制"), parse_answers(YZJH, answers))
    total = 600 + F("1.1") * 500 + F("1.32") * 250  # 600 + 550 + 330 = 1480
    assert result.stages["primary"].share == 600 / total
    assert result.stages["junior"].share == 550 / total
    assert result.stages["primary"].indicators["R7"].value == 100 * F(600, 1480) / 600 * 100


def test_stage_without_students_is_not_judged():
    answers = {**PRIMARY_AT_STANDARD, "students_junior": 0, "teachers_above_degree_junior": 0,
               "backbone_teachers_junior": 0, "pe_art_teachers_junior": 0}
    result = evaluate(YZJH, SchoolProfile("九年一贯制"), parse_answers(YZJH, answers))
    assert result.stages["junior"].verdict == "不适用"
    assert result.stages["primary"].verdict == "达标"


def test_gap_for_shared_asset_really_closes_it():
    answers = {"students_primary": 1000, "students_junior": 800, "multimedia_rooms": 40,
               "teaching_rooms_m2": 1, "sports_area_m2": 1, "equipment_value_yuan": 1,
               "teachers_above_degree_primary": 1, "teachers_above_degree_junior": 1,
               "backbone_teachers_primary": 1, "backbone_teachers_junior": 1,
               "pe_art_teachers_primary": 1, "pe_art_teachers_junior": 1}
    school = SchoolProfile("九年一贯制")
    first = evaluate(YZJH, school, parse_answers(YZJH, answers)).stages["primary"]
    gap = first.indicators["R7"].gap
    assert gap == 4  # 23 rooms needed at 25/47 share of the total: 40 → 44
    fixed = evaluate(YZJH, school, parse_answers(YZJH, {**answers, "multimedia_rooms": 40 + gap}))
    assert fixed.stages["primary"].indicators["R7"].status == "met"
    short = evaluate(YZJH, school, parse_answers(YZJH, {**answers, "multimedia_rooms": 39 + gap}))
    assert short.stages["primary"].indicators["R7"].status == "unmet"
