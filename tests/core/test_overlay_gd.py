"""The Guangdong overlay (checklists/overlays/gd.toml): its numbers against REFERENCE, and how a
school's verdict differs between the national checklists and the same checklists with 广东省 applied.

The tables below were written by hand from shared/standards/REFERENCE.md §0 (local targets of the
源城区, 河源市, 恩平市 and 揭东区 work plans) and §8 (GD-SP-1, GD-SP-2), not copied from the TOML.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.engine import INCOMPLETE, MET, UNMET, Status, evaluate, parse_answers
from desktop.core.loader import apply_overlay, load_checklist, load_overlay
from desktop.core.model import SCHOOL_TYPES, AnswerType, Checklist, Compare, SchoolProfile
from tests.core import test_checklist_spaq as spaq_case
from tests.core import test_checklist_xqph as xqph_case
from tests.core import test_checklist_xyaq as xyaq_case
from tests.core import test_checklist_yzjh_items as yzjh_case

ROOT = Path(__file__).resolve().parents[2] / "checklists"
COMPULSORY = tuple(t for t in SCHOOL_TYPES if t != "幼儿园")

# (checklist, item) → (threshold, comparison) for every number the overlay sets or adds.
GD_THRESHOLDS: dict[tuple[str, str], tuple[Fraction, str]] = {
    ("spaq", "survey_staff_students"): (Fraction(2), ">="),   # §0 校园餐: ≥ 2 surveys per term
    ("spaq", "gd_tuckshop_lease_years"): (Fraction(5), "<="),  # GD-SP-2: lease ≤ 5 years
    ("yzjh", "gd_pe_activity_hours"): (Fraction(2), ">="),     # §0 体育: 每天校园体育活动 2 小时
    ("yzjh", "gd_fitness_good_rate"): (Fraction(55), ">="),    # §0 体质健康优良率 ≥ 55 % (河源 2025)
    ("yzjh", "gd_fitness_pass_rate"): (Fraction(95), ">="),    # §9 002 附件2 一.9 及格率 ≥ 95 %
    ("yzjh", "gd_legal_vp_lessons"): (Fraction(4), ">="),      # §0 法治副校长 ≥ 4 法治课 a year
    ("yzjh", "gd_leader_ideology_lessons"): (Fraction(2), ">="),  # §9 书记、校长 ≥ 2 课时/学期
    ("yzjh", "gd_bachelor_rate_primary"): (Fraction(75), ">="),  # §0 小学本科以上 ≥ 75 %
    ("yzjh", "gd_bachelor_rate_junior"): (Fraction(92), ">="),   # §0 初中本科率 ≥ 92 %
    ("xqph", "gd_college_rate"): (Fraction(90), ">="),         # §0 学前 大专以上 ≥ 90 %
}
# Numbers inside applicability conditions: 心理 (§9: 1000 for 小学, 1200 for 中学 by the 规划's
# main text; below that the national 专职或兼职 item), 资源教室 (≥ 5).
PSYCH_LINE = "enrolled_total < (1000 if school_type == \"小学\" else 1200)"
GD_CONDITIONS: dict[tuple[str, str], str] = {
    ("yzjh", "gd_resource_room"): "gd_disabled_students >= 5",
    # 源城区 十四五规划 第三章第二节（五）: 专职心理教师 from 1000 (小学) / 1200 (中学) students; below
    # that the national 专职或兼职 item is the one verdict (the overlay changes its applicability).
    ("xyaq", "gd_psych_teacher_fulltime"): PSYCH_LINE.replace("<", ">="),
    ("xyaq", "psych_teacher"): PSYCH_LINE,
}
# Rows of §8 marked V2; everything else comes from §0 (local, V with a basis_note).
FROM_SECTION_8 = {"gd_family_committee_peican", "gd_canteen_no_subcontract",
                  "gd_internet_mingchu_lianzao", "gd_tuckshop_collective_decision",
                  "gd_tuckshop_operation", "gd_tuckshop_lease_years", "gd_tuckshop_licensed",
                  "gd_tuckshop_goods"}
TUCKSHOP = sorted(i for i in FROM_SECTION_8 if i.startswith("gd_tuckshop"))
ADDED = {
    "spaq": FROM_SECTION_8 | {"gd_head_daily_canteen_check", "gd_social_supervisor",
                              "gd_spring_autumn_inspection", "gd_leader_peican_every_meal"},
    "yzjh": {"gd_pe_activity_hours", "gd_pe_lesson_daily", "gd_fitness_good_rate",
             "gd_students_total", "gd_psych_room_standard",
             "gd_disabled_students", "gd_resource_room", "gd_legal_vp_lessons",
             "gd_fitness_full_test", "gd_fitness_pass_rate", "gd_health_checkup",
             "gd_classroom_lighting",
             "gd_leader_ideology_lessons", "gd_labour_field",
             "gd_teachers_primary", "gd_bachelor_teachers_primary", "gd_bachelor_rate_primary",
             "gd_teachers_junior", "gd_bachelor_rate_junior"},
    "xqph": {"gd_teachers_college", "gd_college_rate"},
    "xyaq": {"gd_video_whole_campus", "gd_people_vehicle_separation", "gd_accident_reporting",
             "gd_psych_teacher_fulltime", "gd_psych_screening_term", "gd_typhoon_flood_plan"},
}
# Guangdong safety additions that every school answers (the psych ones are for 中小学 by size).
XYAQ_EVERY_SCHOOL = {"gd_video_whole_campus", "gd_people_vehicle_separation",
                     "gd_accident_reporting", "gd_typhoon_flood_plan"}
# Local addition whose printed basis is national (令第23号 第四条（二）), kept in gd for the typhoon risk.
NATIONAL_BASIS_IN_GD = {"gd_typhoon_flood_plan"}
# Answers to the added items that meet every Guangdong standard (a 九年一贯制 school for yzjh).
GD_ALL_MET = {
    "spaq": {"gd_family_committee_peican": "是", "gd_canteen_no_subcontract": "是",
             "gd_internet_mingchu_lianzao": "是", "gd_head_daily_canteen_check": "是",
             "gd_social_supervisor": "是", "gd_spring_autumn_inspection": "是",
             "gd_leader_peican_every_meal": "是", "survey_staff_students": 2},
    "yzjh": {"gd_pe_activity_hours": 2, "gd_pe_lesson_daily": "是", "gd_fitness_good_rate": 55,
             "gd_psych_room_standard": "是", "gd_disabled_students": 5,
             "gd_resource_room": "是", "gd_legal_vp_lessons": 4, "gd_teachers_primary": 80,
             "gd_fitness_full_test": "是", "gd_fitness_pass_rate": 95, "gd_health_checkup": "是",
             "gd_classroom_lighting": "是",
             "gd_leader_ideology_lessons": 2, "gd_labour_field": "是",
             "gd_bachelor_teachers_primary": 60, "gd_teachers_junior": 65},
    "xqph": {"gd_teachers_college": 11},
    "xyaq": {"gd_video_whole_campus": "是", "gd_people_vehicle_separation": "是",
             "gd_accident_reporting": "是", "gd_psych_screening_term": "是",
             "gd_typhoon_flood_plan": "是"},
}


@pytest.fixture(scope="module")
def overlay():
    return load_overlay(ROOT / "overlays" / "gd.toml")


@pytest.fixture(scope="module")
def national() -> dict[str, Checklist]:
    return {cid: load_checklist(ROOT / f"{cid}.toml") for cid in ("spaq", "yzjh", "xqph", "xyaq")}


@pytest.fixture(scope="module")
def local(national, overlay) -> dict[str, Checklist]:
    return {cid: apply_overlay(c, overlay) for cid, c in national.items()}


def judge(checklist, answers, school_type="小学", on_date=None, **profile):
    return evaluate(checklist, SchoolProfile(school_type, **profile),
                    parse_answers(checklist, answers), on_date=on_date)


# ---- the overlay file itself ------------------------------------------------------------------

def test_header(overlay):
    assert (overlay.id, overlay.title, overlay.version) == ("gd", "广东省", "2025.1")
    assert "校园商超" in overlay.source and "源城区" in overlay.source


def test_added_items_and_sections(overlay):
    added: dict[str, set[str]] = {}
    for cid, item in overlay.items:
        added.setdefault(cid, set()).add(item.id)
        assert item.id.startswith("gd_") and item.section == "gd" and item.overlay == "gd", item.id
    assert added == ADDED
    assert sorted(cid for cid, s in overlay.sections if s.id == "gd") == sorted(ADDED)
    assert all(s.part == "广东省补充要求" for _, s in overlay.sections)


def test_every_overlay_number_is_in_the_table(overlay, local):
    found = {(c.checklist, c.item) for c in overlay.changes if c.threshold is not None}
    found |= {(cid, i.id) for cid, i in overlay.items if i.threshold is not None}
    assert found == set(GD_THRESHOLDS)
    for (cid, item_id), (value, compare) in GD_THRESHOLDS.items():
        item = local[cid].item(item_id)
        assert item.threshold.value == value and item.compare is Compare(compare), item_id
    conditions = {(cid, i.id): i.applies.condition.text for cid, i in overlay.items
                  if i.applies.condition is not None
                  and any(ch.isdigit() for ch in i.applies.condition.text)}
    conditions |= {(c.checklist, c.item): c.applies.condition.text for c in overlay.changes
                   if c.applies is not None and c.applies.condition is not None
                   and any(ch.isdigit() for ch in c.applies.condition.text)}
    assert conditions == GD_CONDITIONS


def test_only_the_survey_threshold_and_the_shop_rule_change(overlay):
    assert [(c.checklist, c.item) for c in overlay.changes] == [
        ("spaq", "survey_staff_students"), ("spaq", "has_tuckshop"), ("xyaq", "psych_teacher")]
    shop = next(c for c in overlay.changes if c.item == "has_tuckshop")
    assert shop.applies.boarding is False and shop.threshold is None


def test_sources_say_how_sure_and_that_targets_are_local(overlay):
    for change in overlay.changes:
        if change.item == "has_tuckshop":
            assert change.source.confidence == "V2" and "GD-SP-2" in change.source.note
        else:
            assert change.source.confidence == "V" and "地方" in change.source.note
    for _, item in overlay.items:
        source = item.source
        assert source.text and item.guidance and item.evidence, item.id
        if item.id in FROM_SECTION_8:
            assert source.confidence == "V2" and "GD-SP" in source.note, item.id
            assert "GD-SP" not in source.text and "REFERENCE" not in source.text, item.id
        elif item.id in NATIONAL_BASIS_IN_GD:
            assert source.confidence == "V2" and "令第23号" in source.text, item.id
        else:
            assert source.confidence == "V" and "地方" in source.note, item.id
    # where seeds disagree the note says which figure is used and why
    note = next(i for _, i in overlay.items if i.id == "gd_psych_teacher_fulltime").source.note
    assert "附件2" in note and "按正文" in note and "一贯制" in note
    note = next(i for _, i in overlay.items if i.id == "gd_bachelor_rate_primary").source.note
    assert "70" in note and "本项用 75%" in note


def test_no_scoring_without_a_guangdong_scored_form(overlay, local):
    assert overlay.grade_bands == ()
    assert all(c.score is None for c in overlay.changes)
    assert all(i.score is None for _, i in overlay.items)
    assert not any(c.scored or c.grade_bands for c in local.values())


def test_national_checklists_untouched(national, local):
    assert national["spaq"].item("survey_staff_students").threshold.value == 1
    assert not national["spaq"].has_item("gd_social_supervisor")
    assert local["spaq"].item("survey_staff_students").overlay == "gd"
    assert local["spaq"].overlay_title == "广东省"
    for cid in local:
        assert [i.id for i in national[cid].items] == \
            [i.id for i in local[cid].items][:len(national[cid].items)]


# ---- whole checklists: national pass, Guangdong pass only with the local answers ---------------

def whole_cases():
    spaq = load_checklist(ROOT / "spaq.toml")
    return {
        "spaq": ("小学", {}, spaq_case.all_met(spaq)),
        "yzjh": ("九年一贯制", {"locale": "城区", "ownership": "公办"},
                 yzjh_case.PASSING_NINE_YEAR),
        "xqph": ("幼儿园", {"locale": "城区", "ownership": "公办"}, xqph_case.ALL_MET),
        "xyaq": ("小学", {}, xyaq_case.all_met_primary()),
    }


@pytest.mark.parametrize("cid", ["spaq", "yzjh", "xqph", "xyaq"])
def test_national_answers_pass_nationally_but_not_in_guangdong(national, local, cid):
    school_type, profile, answers = whole_cases()[cid]
    on = xyaq_case.ON if cid == "xyaq" else xqph_case.TODAY
    assert judge(national[cid], answers, school_type, on, **profile).verdict == MET
    gd = judge(local[cid], answers, school_type, on, **profile)
    assert gd.verdict in (INCOMPLETE, UNMET)
    full = judge(local[cid], {**answers, **GD_ALL_MET[cid]}, school_type, on, **profile)
    assert full.verdict == MET, [(r.id, r.status, r.message) for r in full.items
                                 if r.status in (Status.UNMET, Status.UNANSWERED)]


# ---- boundaries: national vs Guangdong --------------------------------------------------------

@pytest.mark.parametrize("surveys, national_status, gd_status", [
    (0, Status.UNMET, Status.UNMET), (1, Status.MET, Status.UNMET), (2, Status.MET, Status.MET),
])
def test_one_survey_a_term_meets_national_fails_guangdong(national, local, surveys,
                                                          national_status, gd_status):
    answers = {"has_canteen": "是", "has_catering": "否", "survey_staff_students": surveys}
    assert judge(national["spaq"], answers).result(
        "survey_staff_students").status is national_status
    r = judge(local["spaq"], answers).result("survey_staff_students")
    assert r.status is gd_status and r.threshold == 2
    if surveys == 1:
        assert r.gap == 1 and r.gap_text == "本学期还需组织 1 次面向师生的食品安全及满意度测评"
    # the parents' survey stays at the national once per term
    parents = judge(local["spaq"], {**answers, "survey_parents": 1}).result("survey_parents")
    assert parents.status is Status.MET


def test_mingchu_lianzao_recorded_nationally_required_in_guangdong(national, local):
    answers = {"has_canteen": "是", "mingchu_lianzao": "否", "gd_internet_mingchu_lianzao": "否"}
    assert judge(national["spaq"], {k: v for k, v in answers.items()
                                    if not k.startswith("gd_")}).result(
        "mingchu_lianzao").status is Status.RECORDED
    result = judge(local["spaq"], answers)
    assert result.result("mingchu_lianzao").status is Status.RECORDED
    r = result.result("gd_internet_mingchu_lianzao")
    assert r.status is Status.UNMET and "明厨亮灶" in r.gap_text


def test_canteen_items_follow_the_national_gates(local):
    no_meals = judge(local["spaq"], {"has_canteen": "否", "has_catering": "否"})
    for item_id in ADDED["spaq"]:
        assert no_meals.result(item_id).status is Status.NOT_APPLICABLE, item_id
    catering_only = judge(local["spaq"], {"has_canteen": "否", "has_catering": "是"})
    assert catering_only.result("gd_family_committee_peican").status is Status.UNANSWERED
    assert catering_only.result("gd_social_supervisor").status is Status.UNANSWERED
    for item_id in ("gd_canteen_no_subcontract", "gd_internet_mingchu_lianzao",
                    "gd_head_daily_canteen_check", "gd_spring_autumn_inspection"):
        assert catering_only.result(item_id).status is Status.NOT_APPLICABLE, item_id


@pytest.mark.parametrize("boarding, shop, applies", [
    (False, "无", False), (False, "有", False), (True, "无", False), (True, "有", True),
])
def test_tuckshop_rules_only_for_boarding_schools_keeping_one(local, boarding, shop, applies):
    result = judge(local["spaq"], {"has_tuckshop" if not boarding else "boarding_tuckshop": shop},
                   "初中", boarding=boarding)
    for item_id in ("gd_tuckshop_collective_decision", "gd_tuckshop_operation",
                    "gd_tuckshop_licensed", "gd_tuckshop_goods"):
        status = result.result(item_id).status
        assert (status is not Status.NOT_APPLICABLE) is applies, item_id


@pytest.mark.parametrize("operation, years, status", [
    ("经公开招标出租经营", 5, Status.MET),
    ("经公开招标出租经营", "5.5", Status.UNMET),
    ("学校自主经营", 9, Status.NOT_APPLICABLE),
    ("未经公开招标出租或承包经营", 3, Status.NOT_APPLICABLE),
])
def test_lease_at_most_five_years_when_let_by_tender(local, operation, years, status):
    answers = {"boarding_tuckshop": "有", "gd_tuckshop_operation": operation,
               "gd_tuckshop_lease_years": years}
    result = judge(local["spaq"], answers, "初中", boarding=True)
    r = result.result("gd_tuckshop_lease_years")
    assert r.status is status
    if status is Status.UNMET:
        assert r.gap == Fraction(1, 2) and r.gap_text.startswith("租期超出 0.5 年")
    op = result.result("gd_tuckshop_operation").status
    assert op is (Status.UNMET if operation.startswith("未经") else Status.MET)


def test_lease_waits_for_the_way_the_shop_is_run(local):
    r = judge(local["spaq"], {"boarding_tuckshop": "有"}, "初中", boarding=True).result(
        "gd_tuckshop_lease_years")
    assert r.status is Status.UNANSWERED and "经营方式" in r.message


@pytest.mark.parametrize("item_id, at, below, gap", [
    ("gd_pe_activity_hours", 2, "1.9", Fraction(1, 10)),
    ("gd_fitness_good_rate", 55, "54.9", Fraction(1, 10)),
    ("gd_legal_vp_lessons", 4, 3, 1),
    ("gd_fitness_pass_rate", 95, "94.9", Fraction(1, 10)),
    ("gd_leader_ideology_lessons", 2, 1, 1),
])
def test_yzjh_local_targets_at_the_boundary(national, local, item_id, at, below, gap):
    assert not national["yzjh"].has_item(item_id)
    assert judge(local["yzjh"], {item_id: at}).result(item_id).status is Status.MET
    r = judge(local["yzjh"], {item_id: below}).result(item_id)
    assert r.status is Status.UNMET and r.gap == gap


# REFERENCE §9 "Guangdong seeds: what each actually says": the one seed document and clause per rule
SEED_BASIS = {
    "gd_pe_activity_hours": "《源城区教育局2025年工作要点》（五）",  # 2 h 校园 activity: 源城区 only
    "gd_pe_lesson_daily": "《河源市教育局2025年工作要点》 3",
    "gd_fitness_good_rate": "《河源市教育局2025年工作要点》 3",
    "gd_fitness_pass_rate": "《源城区教育发展“十四五”规划》附件2 一.9",
    "gd_legal_vp_lessons": "《源城区教育局2025年工作要点》（二十一）",
    "gd_leader_ideology_lessons": "《源城区教育发展“十四五”规划》附件2 一.2",
    "gd_labour_field": "《河源市教育局2025年工作要点》 5",
    "gd_bachelor_rate_primary": "《源城区教育发展“十四五”规划》附件1 第9项",
    "gd_resource_room": "《源城区教育局2025年工作要点》（九）",
}


def test_local_items_cite_the_seed_that_says_it(overlay):
    items = {i.id: i for cid, i in overlay.items if cid in ("yzjh", "xqph")}
    for item_id, basis in SEED_BASIS.items():
        assert items[item_id].source.text == basis, item_id
    for item in items.values():
        assert "《" in item.source.text and "地方" in item.source.note, item.id
    # 河源's 2 hours are 「综合」 (in and out of school); the note says why 源城区's are used
    assert "综合" in items["gd_pe_activity_hours"].source.note


def test_legal_vp_gap_text(local):
    r = judge(local["yzjh"], {"gd_legal_vp_lessons": 1}).result("gd_legal_vp_lessons")
    assert r.gap_text == "法治副校长还需到校上 3 课时法治课"


def test_students_total_counts_every_stage_of_every_type(local):
    answers = {"students_primary": 100, "students_junior": 20, "students_senior": 3}
    totals = {t: judge(local["yzjh"], answers, t).result("gd_students_total").value
              for t in COMPULSORY}
    assert totals == {"小学": 100, "初中": 20, "九年一贯制": 120, "完全中学": 23,
                      "十二年一贯制": 123}


@pytest.mark.parametrize("disabled, status", [(4, Status.NOT_APPLICABLE), (5, Status.UNMET)])
def test_resource_room_from_5_disabled_students(local, disabled, status):
    answers = {"students_primary": 300, "gd_disabled_students": disabled, "gd_resource_room": "否"}
    assert judge(local["yzjh"], answers).result("gd_resource_room").status is status


def test_disabled_students_cannot_exceed_enrolment(local):
    r = judge(local["yzjh"], {"students_primary": 300, "gd_disabled_students": 301}).result(
        "gd_disabled_students")
    assert r.status is Status.UNANSWERED and "请核对" in r.message


@pytest.mark.parametrize("bachelor, status", [(75, Status.MET), (74, Status.UNMET)])
def test_primary_bachelor_share_75_percent(local, bachelor, status):
    answers = {"fulltime_teachers_total": 100, "gd_teachers_primary": 100,
               "gd_bachelor_teachers_primary": bachelor}
    r = judge(local["yzjh"], answers).result("gd_bachelor_rate_primary")
    assert r.status is status and r.value == bachelor


@pytest.mark.parametrize("bachelor, status", [(92, Status.MET), (91, Status.UNMET)])
def test_junior_bachelor_share_92_percent_reuses_the_r1_count(local, bachelor, status):
    answers = {"fulltime_teachers_total": 100, "gd_teachers_junior": 100,
               "teachers_above_degree_junior": bachelor}
    r = judge(local["yzjh"], answers, "初中").result("gd_bachelor_rate_junior")
    assert r.status is status and r.value == bachelor
    assert r.gap_text == ("" if status is Status.MET else "本科及以上比例还差 1 个百分点")


def test_teacher_shares_by_stage(local):
    primary = judge(local["yzjh"], {}, "小学")
    assert primary.result("gd_bachelor_rate_junior").status is Status.NOT_APPLICABLE
    junior = judge(local["yzjh"], {}, "初中")
    for item_id in ("gd_teachers_primary", "gd_bachelor_teachers_primary",
                    "gd_bachelor_rate_primary"):
        assert junior.result(item_id).status is Status.NOT_APPLICABLE, item_id
    both = judge(local["yzjh"], {}, "九年一贯制")
    assert both.result("gd_bachelor_rate_primary").status is Status.UNANSWERED
    assert both.result("gd_bachelor_rate_junior").status is Status.UNANSWERED


@pytest.mark.parametrize("item_id, answers", [
    ("gd_bachelor_teachers_primary", {"gd_teachers_primary": 40, "gd_bachelor_teachers_primary": 41}),
    ("gd_teachers_primary", {"fulltime_teachers_total": 40, "gd_teachers_primary": 41}),
])
def test_teacher_counts_are_bounded(local, item_id, answers):
    r = judge(local["yzjh"], answers).result(item_id)
    assert r.status is Status.UNANSWERED and "请核对" in r.message


@pytest.mark.parametrize("college, status", [(18, Status.MET), (17, Status.UNMET)])
def test_kindergarten_college_share_90_percent(national, local, college, status):
    answers = {"teachers_fulltime": 20, "staff_total": 40, "gd_teachers_college": college}
    assert not national["xqph"].has_item("gd_college_rate")
    r = judge(local["xqph"], answers, "幼儿园").result("gd_college_rate")
    assert r.status is status
    assert r.value == Fraction(college, 20) * 100


def test_college_count_cannot_exceed_teachers(local):
    r = judge(local["xqph"], {"teachers_fulltime": 12, "gd_teachers_college": 13},
              "幼儿园").result("gd_teachers_college")
    assert r.status is Status.UNANSWERED and "请核对" in r.message


@pytest.mark.parametrize("school_type", SCHOOL_TYPES)
def test_safety_additions_apply_to_every_school_type(local, school_type):
    result = judge(local["xyaq"], {i: "否" for i in XYAQ_EVERY_SCHOOL}, school_type)
    for item_id in XYAQ_EVERY_SCHOOL:
        r = result.result(item_id)
        assert r.status is Status.UNMET and r.gap_text, item_id


def test_safety_additions_are_not_already_national(national):
    # 人车分离 is only a 宜 in the national guidance, whole-campus coverage only 重点部位
    xyaq = national["xyaq"]
    assert xyaq.item("anti_ram_barriers").expected is True  # 升降柱/隔离墩: national already
    assert xyaq.item("drowning_education").expected is True  # 防溺水: national already
    assert xyaq.item("last_drill_date").within_days == 31  # monthly drills: national already
    for item_id in ADDED["xyaq"]:
        assert not xyaq.has_item(item_id)


def test_added_yes_no_items_expect_yes(overlay):
    for _, item in overlay.items:
        if item.type is AnswerType.YES_NO:
            assert item.expected is True and item.gap_text, item.id


def test_drill_date_unchanged_by_overlay(national, local):
    on = dt.date(2025, 11, 1)
    answers = {"last_drill_date": on - dt.timedelta(days=32)}
    for checklist in (national["xyaq"], local["xyaq"]):
        assert judge(checklist, answers, on_date=on).result(
            "last_drill_date").status is Status.UNMET
