"""Never show a miss as a pass: one display rule for every value shown beside its standard.

Each numeric kind of item (≥, ≤, <, percent, ratio, money, computed, the 资源配置 share) is taken
to a value that just misses its standard and must not print as the standard; the same value goes
through ItemResult.shown, which every screen, tree, CLI line, JSON `display`, PDF row, workbook
cell and notice uses. Formatting never goes through float: 1e400, 1e20 and 1e-30 print sanely.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction as F
from pathlib import Path

import pytest

from desktop.core.engine import Status, evaluate, parse_answers
from desktop.core.evaluation_json import result_to_json
from desktop.core.loader import load_checklist
from desktop.core.model import SchoolProfile
from desktop.core.numbers import fmt, fmt_against, fmt_against_each, fmt_beside, to_json_number

ROOT = Path(__file__).resolve().parents[2] / "checklists"
TODAY = dt.date(2025, 6, 30)


def number_in(text: str) -> F:
    """The number a reader sees at the start of a displayed value ('7.002人' → 7.002)."""
    return F(re.match(r"-?\d+(\.\d+)?", text)[0])


def reads_as(compare: str, shown: str, standard: F) -> bool:
    v = number_in(shown)
    return {">=": v >= standard, ">": v > standard, "<=": v <= standard, "<": v < standard,
            "==": v == standard}[compare]


@pytest.fixture(scope="module")
def yzjh():
    return load_checklist(ROOT / "yzjh.toml")


@pytest.fixture(scope="module")
def xqph():
    return load_checklist(ROOT / "xqph.toml")


def judge(checklist, school_type, answers, **profile):
    return evaluate(checklist, SchoolProfile(school_type, **profile),
                    parse_answers(checklist, answers), on_date=TODAY)


# ---- each kind of item at "just misses", through the engine --------------------------------------

CASES = [
    # (checklist, school type, answers, item, value as printed before, value as it must print)
    # money → percent (computed ≥ 5 %): 49,999.99 元 of 1,000,000 元
    ("yzjh", "小学", {"public_funds_budget_yuan": 1000000, "teacher_training_funds_yuan": "49999.99"},
     "teacher_training_funds_share", "5%", "4.999999%"),
    # ratio ≤ 7 (computed): 3501 children for 500 staff
    ("xqph", "幼儿园", {"children_enrolled": 3501, "staff_total": 500, "half_day": "否"},
     "children_per_staff", "7人", "7.002人"),
    # computed percent ≥ 95 %: (18,999 − 0 + 0) ÷ (20,000 − 0) = 94.995 %
    ("yzjh", "初中", {"junior_cohort_entrants": 20000, "junior_cohort_deaths": 0,
                     "junior_cohort_transfers_in": 0, "junior_cohort_transfers_out": 0,
                     "junior_graduates": 18999},
     "junior_retention_rate", "95%", "94.995%"),
    # typed percent ≥ 85 % (1 decimal)
    ("xqph", "幼儿园", {"satisfaction_rate": "84.99"}, "satisfaction_rate", "85%", "84.99%"),
    # typed number ≥ 96 ㎡ (2 decimals)
    ("yzjh", "小学", {"music_rooms": 1, "music_room_min_area_m2": "95.999"},
     "music_room_min_area_m2", "96㎡", "95.999㎡"),
    # computed area per child ≥ 8.17 ㎡
    ("xqph", "幼儿园", {"children_enrolled": 1000, "activity_rooms_m2": "8169.99"},
     "activity_area_per_child", "8.17㎡", "8.16999㎡"),
]


@pytest.mark.parametrize("cid, school_type, answers, item_id, before, after", CASES,
                         ids=[c[3] for c in CASES])
def test_a_value_that_just_misses_never_prints_as_its_standard(yzjh, xqph, cid, school_type,
                                                                answers, item_id, before, after):
    checklist = {"yzjh": yzjh, "xqph": xqph}[cid]
    result = judge(checklist, school_type, answers)
    r = result.result(item_id)
    assert r.status is Status.UNMET, (item_id, r.status, r.message)
    assert r.shown == after and r.shown != before
    assert not reads_as(r.item.compare.value, r.shown, r.threshold)
    # the JSON `display` (CLI --json, exchange files) is the same text
    shown_in_json = {i["id"]: i["display"] for i in result_to_json(result)["items"]}
    assert shown_in_json[item_id] == after


def test_a_met_value_keeps_its_short_form(yzjh):
    r = judge(yzjh, "小学", {"public_funds_budget_yuan": 1000000,
                            "teacher_training_funds_yuan": 50000}).result("teacher_training_funds_share")
    assert r.status is Status.MET and r.shown == "5%"


def test_stage_reason_shows_the_share_below_85_percent(yzjh):
    # R6 (生均教学仪器设备值 ≥ 2000 元 for 小学): 1699.99 元 per pupil is 84.9995 % of the standard
    answers = {"students_primary": 100, "teachers_above_degree_primary": 5,
               "backbone_teachers_primary": 1, "pe_art_teachers_primary": 1,
               "teaching_rooms_m2": 450, "sports_area_m2": 750, "indoor_sports_m2": 0,
               "equipment_value_yuan": "169999", "multimedia_rooms": 3}
    stage = judge(yzjh, "小学", answers).stages["primary"]
    r6 = stage.indicators["R6"]
    assert not r6.above_floor
    assert "R6 仅为标准值的 84.9995%，低于 85%" in stage.reason
    assert r6.share_text == "84.9995"


# ---- the rule itself, for every comparison ---------------------------------------------------------

@pytest.mark.parametrize("compare, value, standard", [
    (">=", F("4.999999"), F(5)),
    (">=", F(5) - F(1, 10 ** 12), F(5)),
    (">", F(5), F(5)),
    ("<=", F("7.002"), F(7)),
    ("<=", F(7) + F(1, 10 ** 20), F(7)),
    ("<", F("0.15"), F("0.15")),
    ("<", F("0.1500004"), F("0.15")),
    ("==", F("99.9999"), F(100)),
    (">=", F(1, 3) * 100 - F(1, 10 ** 9), F(100, 3)),  # a standard with more than 4 decimals
])
@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_just_missing_reads_as_missing(compare, value, standard, places):
    shown = fmt_against(value, standard, compare, places)
    assert not reads_as(compare, shown, standard), shown
    assert not reads_as(compare, shown, F(fmt(standard, 4))), shown  # nor against the printed one


@pytest.mark.parametrize("compare, value, standard, shown", [
    (">=", F("5.0004"), F(5), "5"), ("<=", F("6.996"), F(7), "7"), (">", F("5.004"), F(5), "5.004"),
])
def test_a_pass_reads_as_a_pass(compare, value, standard, shown):
    assert fmt_against(value, standard, compare, 2) == shown
    assert reads_as(compare, shown, standard)


def test_share_is_read_against_100_and_the_floor():
    assert fmt_against_each(F("84.99996"), [(F(100), ">="), (F(85), ">=")], 1) == "84.99996"
    assert fmt_against_each(F("99.99"), [(F(100), ">="), (F(85), ">=")], 1) == "99.99"
    assert fmt_beside(F("7.49999"), F("7.5")) == "7.49999"


# ---- sizes that used to overflow or vanish ---------------------------------------------------------

@pytest.mark.parametrize("value, places, expected", [
    (F(10) ** 20, 2, "100000000000000000000"),
    (F(10) ** 400, 2, "1×10⁴⁰⁰"),
    (F(10) ** 400 + F(1, 3), 2, "1×10⁴⁰⁰"),
    (-F(10) ** 25 * F(12346, 10000), 2, "-1.2346×10²⁵"),
    (F(1, 10 ** 30), 2, "1×10⁻³⁰"),
    (F(4, 1000), 2, "0.004"),
    (F(0), 2, "0"),
    (F(10) ** 100000, 0, "约 10¹⁰⁰⁰⁰⁰"),
])
def test_large_and_tiny_values_print_sanely(value, places, expected):
    assert fmt(value, places) == expected


def test_tiny_value_beside_a_standard_is_not_zero():
    assert fmt_against(F(1, 10 ** 30), F(5), ">=", 2) == "1×10⁻³⁰"


def test_json_numbers_never_overflow():
    assert to_json_number(F(10) ** 400) == 10 ** 400
    assert to_json_number(F(10) ** 400 + F(1, 3)) == "1×10⁴⁰⁰"
    assert to_json_number(F(1, 3)) == pytest.approx(0.3333333)


def test_county_preschool_ratio_is_read_as_a_ceiling():
    # 专任教师与幼儿比 is a ≤ standard: 15.001 children per teacher must not print as 15
    from desktop.district.preschool import Metric
    from desktop.district.thresholds import shipped
    from desktop.district.workbook import number_format
    standard = shipped().preschool["children_per_teacher"]
    metric = Metric(standard, F("15.001"), {})
    assert metric.text(beside=F(15)) == "15.001"
    assert number_format(F("15.001"), F(15), 2, compare="<=") == "0.000"
