"""The 学前教育普及普惠 checklist (checklists/xqph.toml): every number against REFERENCE, and the
main rules judged at their boundaries through the engine.

The tables below were written by hand from shared/standards/REFERENCE.md §2 (XQPH-*), §3
(AQ-11, AQ-15) and §4 (SP-08), not copied from the TOML, so a changed number fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.engine import INCOMPLETE, MET, UNMET, Status, evaluate, parse_answers
from desktop.core.loader import load_checklist
from desktop.core.model import AnswerType, Compare, SchoolProfile

CHECKLIST = Path(__file__).resolve().parents[2] / "checklists" / "xqph.toml"
TODAY = dt.date(2025, 6, 30)

# item id → (comparison, threshold). A number is a fixed standard value; a string is the
# formula the standard is computed from (the numbers in it are checked here too).
THRESHOLDS: dict[str, tuple[str, Fraction | str]] = {
    # 幼儿园工作规程 第十一条 (XQPH-Q2, §9): 小班 25, 中班 30, 大班 35, 混合班 30; 规模一般 ≤ 360
    "kindergarten_size": ("<=", Fraction(360)),
    "max_class_small": ("<=", Fraction(25)),
    "max_class_middle": ("<=", Fraction(30)),
    "max_class_large": ("<=", Fraction(35)),
    "max_class_mixed": ("<=", Fraction(30)),
    # 配备标准 (XQPH-Q3): 2 专任教师 + 1 保育员 per class (or 3 teachers); 寄宿 +1 teacher +1 保育员
    "teachers_fulltime": (">=", "2 * classes_total + boarding_classes"),
    "caregiver_cover": (">=", "classes_total + boarding_classes"),
    # 全日制 教职工:幼儿 1:5–1:7, 保教人员:幼儿 1:7–1:9; 半日制 1:8–1:10, 1:11–1:13
    "children_per_staff": ("<=", "10 if half_day else 7"),
    "children_per_carer": ("<=", "13 if half_day else 9"),
    # 专任教师:在园幼儿 1:15 is not judged (only local texts have it, §9): children_per_teacher
    # is recorded. 托儿所幼儿园卫生保健管理办法 第十二条 (§9): ≥ 150 children 1 专职 per 150,
    # < 150 children 专职或兼职 at least 1
    "health_staff_ratio": (">=", "ceil(children_enrolled / 150)"),
    "health_staff_small": (">=", Fraction(1)),
    # XQPH-Q4: 专任教师 持证上岗率 100 %
    "teachers_certified": (">=", "teachers_fulltime"),
    # XQPH-G7: 非在编 ÷ 在编 average pay ≥ 75 %
    "wage_ratio": (">=", Fraction(75)),
    # XQPH-Q1 (南江县 local table): 4 / 8.17 / 10.44 ㎡ per child
    "outdoor_area_per_child": (">=", Fraction(4)),
    "activity_area_per_child": (">=", Fraction(Decimal("8.17"))),
    "building_area_per_child": (">=", Fraction(Decimal("10.44"))),
    # XQPH-S1: 社会认可度 ≥ 85 %
    "satisfaction_rate": (">=", Fraction(85)),
}

# date items: AQ-11 幼儿园 drills at least once a quarter
WITHIN_DAYS = {"last_drill_date": 92}

VETOES = {"veto_major_accident", "veto_illegal_fees", "veto_corporal_punishment",
          "veto_data_falsified"}

# counts that are part of another count: item id → the bound (a larger answer is flagged 请核对)
UPPER_BOUNDS = {
    "boarding_classes": "classes_total", "teachers_certified": "teachers_fulltime",
    "teachers_fulltime": "staff_total", "caregivers": "staff_total",
    "health_staff_parttime": "staff_total",
}

# confidence exactly as REFERENCE marks the row
CONFIDENCE = {
    "max_class_small": "V", "max_class_middle": "V", "max_class_large": "V",
    "max_class_mixed": "V", "kindergarten_size": "V", "teachers_fulltime": "V", "caregiver_cover": "V",
    "children_per_staff": "V", "children_per_carer": "V", "children_per_teacher": "V2",
    "health_staff": "V", "health_staff_small": "V", "health_staff_ratio": "V2",
    "teachers_certified": "V2", "principal_certified": "V2",
    "wage_ratio": "V2", "outdoor_area_per_child": "V2", "activity_area_per_child": "V2",
    "building_area_per_child": "V2", "satisfaction_rate": "V2", "last_drill_date": "V",
    "primary_school_tendency": "V", "play_based": "V", "alarm_and_video": "V",
    "fee_within_cap": "M", "veto_major_accident": "V2",
}

# Everything met: a 公办 full-day kindergarten of 6 classes and 162 children (18 保教人员 = 1:9).
ALL_MET = {
    "ownership_type": "公办", "children_enrolled": 162, "license_valid": "是", "half_day": "否",
    "classes_small": 2, "classes_middle": 2, "classes_large": 2, "classes_mixed": 0,
    "boarding_classes": 0,
    "max_class_small": 25, "max_class_middle": 30, "max_class_large": 35,
    "staff_total": 30, "teachers_fulltime": 12, "caregivers": 6, "health_staff": 2,
    "principal_certified": "是", "teachers_certified": 12,
    "wage_avg_bianzhi": 100000, "wage_avg_non_bianzhi": 80000,
    "outdoor_play_area_m2": 720, "activity_rooms_m2": 1500, "building_area_m2": 1900,
    "fee_publicized": "是", "fee_within_cap": "未超过政府核定或限定的标准",
    "last_drill_date": "2025-05-20", "security_guard": "是", "alarm_and_video": "是",
    "food_safety_selfcheck": "是", "play_based": "是", "daily_routine": "是",
    "primary_school_tendency": "无", "satisfaction_rate": 92,
    "veto_major_accident": "无", "veto_illegal_fees": "无", "veto_corporal_punishment": "无",
    "veto_data_falsified": "无",
}
PUBLIC = SchoolProfile("幼儿园", ownership="公办", locale="城区")


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(CHECKLIST)


def run(checklist, changes=None, remove=(), school=PUBLIC, on_date=TODAY):
    raw = {**ALL_MET, **(changes or {})}
    for key in remove:
        raw.pop(key, None)
    return evaluate(checklist, school, parse_answers(checklist, raw), on_date=on_date)


# ---- (1) every number in the file is in the hand-written table, and the other way round ----

def test_header(checklist):
    assert checklist.id == "xqph"
    assert checklist.version == "2025.1"
    assert checklist.applies_to == ("幼儿园",)
    assert 30 <= len(checklist.items) <= 60
    assert 5 <= len(checklist.sections) <= 7


def test_every_threshold_is_in_the_reference_table(checklist):
    in_file = {i.id: i for i in checklist.items if i.threshold is not None}
    assert set(in_file) == set(THRESHOLDS)
    for item_id, (compare, expected) in THRESHOLDS.items():
        item = in_file[item_id]
        assert item.compare is Compare(compare), item_id
        t = item.threshold
        if isinstance(expected, str):
            assert t.formula is not None and t.formula.text == expected, item_id
        else:
            assert t.formula is None and not t.by_key, item_id
            assert t.value == expected, item_id


def test_date_rules_and_vetoes_match_the_reference(checklist):
    dates = {i.id: i.within_days for i in checklist.items if i.within_days is not None}
    assert dates == WITHIN_DAYS
    vetoes = {i.id for i in checklist.items if i.veto}
    assert vetoes == VETOES
    for item_id in VETOES:
        item = checklist.item(item_id)
        assert item.type is AnswerType.YES_NO
        assert item.labels == ("有", "无") and item.expected is False


def test_every_standard_item_is_accounted_for(checklist):
    """No item with a verdict escapes the tables above except yes/no and choice items."""
    for item in checklist.items:
        if not item.is_standard:
            continue
        assert (item.id in THRESHOLDS or item.id in WITHIN_DAYS
                or item.type in (AnswerType.YES_NO, AnswerType.CHOICE)), item.id


def test_sources_and_confidence(checklist):
    for item in checklist.items:
        assert item.source.text and item.guidance and item.title, item.id
        if item.type is not AnswerType.COMPUTED or item.is_standard:
            assert item.evidence, item.id
        if item.source.secondary:
            assert item.source.note, item.id
    for item_id, mark in CONFIDENCE.items():
        assert checklist.item(item_id).source.confidence == mark, item_id
    for item_id in ("outdoor_area_per_child", "activity_area_per_child", "building_area_per_child"):
        assert "南江县" in checklist.item(item_id).source.note or "地方" in \
            checklist.item(item_id).source.note


def test_ownership_choice_feeds_county_statistics(checklist):
    item = checklist.item("ownership_type")
    assert item.options == ("公办", "普惠性民办", "非普惠性民办")
    assert not item.is_standard  # recorded, not judged


# ---- the reference case -------------------------------------------------------------------

def test_everything_met(checklist):
    result = run(checklist)
    assert result.verdict == MET, [(r.id, r.gap_text, r.message) for r in result.items
                                   if r.status not in (Status.MET, Status.RECORDED,
                                                       Status.NOT_APPLICABLE)]
    assert result.result("max_class_mixed").status is Status.NOT_APPLICABLE
    assert result.result("classes_total").value == 6


# ---- (2) boundaries: at the threshold met, one step beyond unmet, with the gap -------------

@pytest.mark.parametrize("item_id, limit", [
    ("max_class_small", 25), ("max_class_middle", 30), ("max_class_large", 35),
    ("max_class_mixed", 30),
])
def test_class_size_limits(checklist, item_id, limit):
    base = {"classes_mixed": 1}
    at = run(checklist, {**base, item_id: limit}).result(item_id)
    assert at.status is Status.MET
    over = run(checklist, {**base, item_id: limit + 1}).result(item_id)
    assert over.status is Status.UNMET
    assert over.gap == 1
    assert "超出 1 人" in over.gap_text


def test_class_size_not_applicable_without_such_classes(checklist):
    result = run(checklist, {"classes_large": 0, "max_class_large": 99})
    assert result.result("max_class_large").status is Status.NOT_APPLICABLE


def test_small_class_of_26_is_unmet_by_one(checklist):
    result = run(checklist, {"max_class_small": 26})
    r = result.result("max_class_small")
    assert r.status is Status.UNMET and r.gap == 1 and r.threshold == 25
    assert result.verdict == UNMET


def test_two_teachers_per_class(checklist):
    assert run(checklist, {"teachers_fulltime": 12}).result("teachers_fulltime").status is Status.MET
    r = run(checklist, {"teachers_fulltime": 11}).result("teachers_fulltime")
    assert r.status is Status.UNMET and r.gap == 1
    assert r.gap_text == "还需 1 名专任教师"


def test_one_caregiver_per_class(checklist):
    assert run(checklist, {"caregivers": 6}).result("caregiver_cover").status is Status.MET
    r = run(checklist, {"caregivers": 5}).result("caregiver_cover")
    assert r.status is Status.UNMET and r.gap == 1
    assert r.gap_text == "还需 1 名保育员"


def test_third_teacher_may_stand_in_for_a_caregiver(checklist):
    r = run(checklist, {"caregivers": 5, "teachers_fulltime": 13}).result("caregiver_cover")
    assert r.status is Status.MET


def test_boarding_classes_need_one_more_teacher_and_caregiver_each(checklist):
    changes = {"boarding_classes": 2, "staff_total": 40}
    ok = run(checklist, {**changes, "teachers_fulltime": 14, "caregivers": 8})
    assert ok.result("teachers_fulltime").status is Status.MET
    assert ok.result("caregiver_cover").status is Status.MET
    short = run(checklist, {**changes, "teachers_fulltime": 13, "caregivers": 7})
    assert short.result("teachers_fulltime").gap == 1
    assert short.result("caregiver_cover").gap == 1


def test_half_day_needs_no_caregiver(checklist):
    r = run(checklist, {"half_day": "是", "caregivers": 0}).result("caregiver_cover")
    assert r.status is Status.NOT_APPLICABLE


def test_staff_ratio_full_day(checklist):
    # 70 children, 10 staff = 1:7 met; 71 children = 7.1 per staff, 0.1 over
    changes = {"children_enrolled": 70, "staff_total": 10, "health_staff": 1}
    assert run(checklist, {**changes}).result("children_per_staff").status is Status.MET
    r = run(checklist, {**changes, "children_enrolled": 71}).result("children_per_staff")
    assert r.status is Status.UNMET and r.threshold == 7
    assert r.gap == Fraction(1, 10)


def test_staff_ratio_half_day(checklist):
    changes = {"half_day": "是", "children_enrolled": 100, "staff_total": 10, "health_staff": 1}
    assert run(checklist, changes).result("children_per_staff").status is Status.MET
    r = run(checklist, {**changes, "children_enrolled": 101}).result("children_per_staff")
    assert r.status is Status.UNMET and r.threshold == 10 and r.gap == Fraction(1, 10)


def test_care_staff_ratio(checklist):
    # 保教人员 = 12 teachers + 6 caregivers = 18; 162 children = 1:9
    changes = {"children_enrolled": 162, "staff_total": 30}
    assert run(checklist, changes).result("children_per_carer").status is Status.MET
    r = run(checklist, {**changes, "children_enrolled": 163}).result("children_per_carer")
    assert r.status is Status.UNMET and r.threshold == 9
    assert r.gap == Fraction(6, 100)  # 163/18 − 9 = 0.0556 → rounded up to 0.06
    half = {**changes, "half_day": "是", "children_enrolled": 234}  # 18 × 13
    assert run(checklist, half).result("children_per_carer").status is Status.MET
    r = run(checklist, {**half, "children_enrolled": 235}).result("children_per_carer")
    assert r.status is Status.UNMET and r.threshold == 13


def test_teacher_ratio_is_recorded_against_one_to_fifteen_not_judged(checklist):
    # 1:15 is in local official texts only (河南, 沈阳); a Guangdong kindergarten is not judged by it
    item = checklist.item("children_per_teacher")
    assert item.threshold is None and not item.is_standard
    assert "1:15" in item.guidance and "不单独判定" in item.guidance
    assert "河南" not in item.source.text and "河南" in item.source.note
    r = run(checklist, {"children_enrolled": 181, "teachers_fulltime": 12}).result("children_per_teacher")
    assert r.status is Status.RECORDED and r.value == Fraction(181, 12)


def test_health_staff_one_fulltime_per_150_children(checklist):
    changes = {"children_enrolled": 150, "health_staff": 1}
    at = run(checklist, changes)
    assert at.result("health_staff_ratio").status is Status.MET
    assert at.result("health_staff_small").status is Status.NOT_APPLICABLE
    r = run(checklist, {**changes, "children_enrolled": 151}).result("health_staff_ratio")
    assert r.status is Status.UNMET and r.threshold == 2 and r.gap == 1
    assert r.gap_text == "还需 1 名专职卫生保健人员"
    assert run(checklist, {"children_enrolled": 300, "health_staff": 2}).result(
        "health_staff_ratio").status is Status.MET
    assert run(checklist, {"children_enrolled": 301, "health_staff": 2}).result(
        "health_staff_ratio").status is Status.UNMET


def test_health_staff_below_150_children_may_be_part_time(checklist):
    base = {"children_enrolled": 149, "staff_total": 30}
    part_time = run(checklist, {**base, "health_staff": 0, "health_staff_parttime": 1})
    assert part_time.result("health_staff_small").status is Status.MET
    assert part_time.result("health_staff_ratio").status is Status.NOT_APPLICABLE
    none = run(checklist, {**base, "health_staff": 0, "health_staff_parttime": 0})
    r = none.result("health_staff_small")
    assert r.status is Status.UNMET and r.gap == 1 and "专职或兼职" in r.gap_text
    assert run(checklist, {**base, "health_staff": 1, "health_staff_parttime": 0}).result(
        "health_staff_small").status is Status.MET
    # 150 children: part-time staff no longer count
    at_150 = run(checklist, {**base, "children_enrolled": 150, "health_staff": 0,
                             "health_staff_parttime": 1})
    assert at_150.result("health_staff_ratio").status is Status.UNMET


def test_kindergarten_size_at_most_360(checklist):
    at = run(checklist, {"children_enrolled": 360}).result("kindergarten_size")
    assert at.status is Status.MET and at.threshold == 360
    over = run(checklist, {"children_enrolled": 361}).result("kindergarten_size")
    assert over.status is Status.UNMET and over.gap == 1 and over.gap_text == "在园幼儿超出 1 人"
    assert "第十一条" in checklist.item("kindergarten_size").source.text


def test_all_teachers_certified(checklist):
    assert run(checklist, {"teachers_certified": 12}).result("teachers_certified").status is Status.MET
    r = run(checklist, {"teachers_certified": 11}).result("teachers_certified")
    assert r.status is Status.UNMET and r.gap == 1
    assert r.gap_text == "还有 1 名专任教师未持证"


def test_wage_ratio_seventy_five_percent(checklist):
    at = run(checklist, {"wage_avg_non_bianzhi": 75000}).result("wage_ratio")
    assert at.status is Status.MET and at.value == 75
    below = run(checklist, {"wage_avg_non_bianzhi": 74999}).result("wage_ratio")
    assert below.status is Status.UNMET and below.gap == Fraction(1, 100)


def test_wage_ratio_only_for_public_kindergartens_with_both_kinds(checklist):
    none = run(checklist, {"wage_avg_non_bianzhi": 0}).result("wage_ratio")
    assert none.status is Status.NOT_APPLICABLE
    private = SchoolProfile("幼儿园", ownership="民办", locale="城区")
    result = run(checklist, {"ownership_type": "普惠性民办"},
                 remove=("wage_avg_bianzhi", "wage_avg_non_bianzhi"), school=private)
    assert result.result("wage_ratio").status is Status.NOT_APPLICABLE
    assert result.verdict == MET


@pytest.mark.parametrize("area_id, item_id, at, below", [
    ("outdoor_play_area_m2", "outdoor_area_per_child", 400, Decimal("399")),
    ("activity_rooms_m2", "activity_area_per_child", 817, Decimal("816")),
    ("building_area_m2", "building_area_per_child", 1044, Decimal("1043")),
])
def test_area_per_child(checklist, area_id, item_id, at, below):
    changes = {"children_enrolled": 100, "staff_total": 20, "health_staff": 1}
    assert run(checklist, {**changes, area_id: at}).result(item_id).status is Status.MET
    r = run(checklist, {**changes, area_id: str(below)}).result(item_id)
    assert r.status is Status.UNMET and r.gap == Fraction(1, 100)
    assert r.gap_text == "生均还差 0.01 ㎡"


def test_satisfaction_eighty_five_percent(checklist):
    assert run(checklist, {"satisfaction_rate": 85}).result("satisfaction_rate").status is Status.MET
    r = run(checklist, {"satisfaction_rate": "84.9"}).result("satisfaction_rate")
    assert r.status is Status.UNMET and r.gap == Fraction(1, 10)


def test_drill_at_least_every_quarter(checklist):
    on_time = TODAY - dt.timedelta(days=92)
    late = TODAY - dt.timedelta(days=93)
    assert run(checklist, {"last_drill_date": on_time}).result("last_drill_date").status is Status.MET
    r = run(checklist, {"last_drill_date": late}).result("last_drill_date")
    assert r.status is Status.UNMET and "93" in r.gap_text


def test_primary_school_tendency_is_unmet_but_not_a_veto(checklist):
    result = run(checklist, {"primary_school_tendency": "有"})
    assert result.result("primary_school_tendency").status is Status.UNMET
    assert result.verdict == UNMET and not result.vetoes


def test_fee_cap(checklist):
    item = checklist.item("fee_within_cap")
    assert item.options == ("未超过政府核定或限定的标准", "超过政府核定或限定的标准")
    assert item.pass_options == ("未超过政府核定或限定的标准",)
    over = run(checklist, {"fee_within_cap": "超过政府核定或限定的标准"})
    assert over.result("fee_within_cap").status is Status.UNMET
    private = SchoolProfile("幼儿园", ownership="民办", locale="城区")
    inclusive = run(checklist, {"ownership_type": "普惠性民办"},
                    remove=("wage_avg_bianzhi", "wage_avg_non_bianzhi"), school=private)
    assert inclusive.result("fee_within_cap").status is Status.MET


def test_fee_cap_follows_ownership_type(checklist):
    private = SchoolProfile("幼儿园", ownership="民办", locale="城区")
    market = run(checklist, {"ownership_type": "非普惠性民办"},
                 remove=("wage_avg_bianzhi", "wage_avg_non_bianzhi", "fee_within_cap"),
                 school=private)
    assert market.result("fee_within_cap").status is Status.NOT_APPLICABLE
    assert market.verdict == MET
    unknown = run(checklist, remove=("ownership_type", "fee_within_cap"))
    r = unknown.result("fee_within_cap")
    assert r.status is Status.UNANSWERED and "办园性质" in r.message


def test_count_bounds_are_formulas(checklist):
    bounded = {i.id: i.maximum_formula.text for i in checklist.items if i.maximum_formula}
    assert bounded == UPPER_BOUNDS


@pytest.mark.parametrize("item_id, at, over", [
    ("boarding_classes", 6, 7),        # 6 classes in ALL_MET
    ("teachers_certified", 12, 13),    # 12 专任教师
    ("teachers_fulltime", 30, 31),     # 30 教职工
    ("caregivers", 30, 31),
])
def test_part_larger_than_whole_is_flagged(checklist, item_id, at, over):
    at_bound = run(checklist, {item_id: at}).result(item_id)
    assert at_bound.status in (Status.MET, Status.RECORDED) and not at_bound.message
    result = run(checklist, {item_id: over})
    flagged = result.result(item_id)
    assert flagged.status is Status.UNANSWERED and "请核对" in flagged.message
    assert result.verdict == INCOMPLETE


def test_alarm_item_only_for_urban_kindergartens(checklist):
    rural = SchoolProfile("幼儿园", ownership="公办", locale="乡村")
    result = run(checklist, remove=("alarm_and_video",), school=rural)
    assert result.result("alarm_and_video").status is Status.NOT_APPLICABLE
    assert result.verdict == MET


# ---- (3) a veto answered 有 fails the whole checklist ----------------------------------------

@pytest.mark.parametrize("veto_id", sorted(VETOES))
def test_veto_fails_everything_else_met(checklist, veto_id):
    assert run(checklist).verdict == MET
    result = run(checklist, {veto_id: "有"})
    assert result.verdict == UNMET
    assert [r.id for r in result.vetoes] == [veto_id]
    assert result.unmet == [result.result(veto_id)]


def test_veto_fails_even_when_incomplete(checklist):
    result = run(checklist, {"veto_corporal_punishment": "有"}, remove=("satisfaction_rate",))
    assert result.verdict == UNMET
