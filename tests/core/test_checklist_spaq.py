"""The 食品安全（校园餐） checklist (checklists/spaq.toml): its thresholds, gates, boundaries and vetoes.

The threshold table below is written by hand from shared/standards/REFERENCE.md §4 and §8 (令第45号
第十三条, 第二十七条, 第四十条; 2024《中小学校园食品安全和膳食经费管理工作指引》), not read from the file.
"""

from fractions import Fraction as F
from pathlib import Path

import pytest

from desktop.core.engine import INCOMPLETE, MET, UNMET, Status, evaluate, parse_answers
from desktop.core.loader import load_checklist
from desktop.core.model import SCHOOL_TYPES, AnswerType, Compare, SchoolProfile

ROOT = Path(__file__).resolve().parents[2]

# item id → (threshold, comparison, unit), from REFERENCE:
EXPECTED_THRESHOLDS = {
    # SP-02 第十三条: a school leader eats with the students at every meal → coverage 100 %
    "peican_coverage": (F(100), ">=", "%"),
    # SP-10 第二十七条: 健康证明 before starting work → every canteen worker, 100 %
    "health_cert_coverage": (F(100), ">=", "%"),
    # SP-15 第四十条: each sample ≥ 125 g
    "sample_min_weight_g": (F(125), ">=", "g"),
    # SP-15 第四十条: refrigerated ≥ 48 h
    "sample_min_hours": (F(48), ">=", "小时"),
    # SP-22 (§8) 2024 指引: survey once per 学期, separately for 师生 and for 家长
    "survey_staff_students": (F(1), ">=", "次"),
    "survey_parents": (F(1), ">=", "次"),
}

VETOES = ("food_safety_incident", "incident_concealed")
KEY_ITEMS = ("peican_coverage", "health_cert_coverage", "sample_every_dish", "sample_min_weight_g",
             "sample_min_hours", "no_high_risk_foods", "no_risky_ingredients")
RECORD_ONLY = ("has_canteen", "canteen_contracted", "has_catering", "parent_peican", "mingchu_lianzao",
               "boarding_tuckshop")
# Items from the 2024《中小学校园食品安全和膳食经费管理工作指引》: 中小学 only (§9: its scope does not
# reach kindergartens, so they are not judged by it).
GUIDE_2024 = ("open_tender", "exit_mechanism", "meal_fund_accounting", "food_safety_officer",
              "diet_supervision_committee", "survey_staff_students", "survey_parents",
              "bulk_food_joint_inspection", "diners_per_meal", "food_safety_director")
# Added for issue 18 (canteen licence, premises hygiene, pest control, layout, 食品安全总监).
PREMISES = ("canteen_licence_valid", "canteen_licence_displayed", "quantified_grading_posted",
            "canteen_cleaning", "pest_control", "kitchen_layout")
# A count that is part of another count: item id → the count it may not exceed (answers above it
# are flagged 请核对 and not judged).
UPPER_BOUNDS = {"meals_with_peican": "meals_served", "staff_with_health_cert": "canteen_staff_count"}


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(ROOT / "checklists" / "spaq.toml")


def all_met(checklist) -> dict:
    """Answers that meet every standard: own canteen (self-run) plus an outside caterer."""
    answers = {}
    for item in checklist.items:
        if item.type is AnswerType.YES_NO:
            answers[item.id] = item.expected if item.expected is not None else True
    answers.update(
        has_canteen=True, canteen_contracted=False, has_catering=True,
        meals_served=60, meals_with_peican=60,
        canteen_staff_count=8, staff_with_health_cert=8,
        sample_min_weight_g=125, sample_min_hours=48,
        survey_staff_students=1, survey_parents=1, diners_per_meal=300,
    )
    return answers


def judge(checklist, changes=None, school_type="小学"):
    answers = all_met(checklist)
    answers.update(changes or {})
    return evaluate(checklist, SchoolProfile(school_type), parse_answers(checklist, answers))


# ---- the definition itself ---------------------------------------------------------------

def test_header(checklist):
    assert checklist.id == "spaq"
    assert checklist.version == "2025.2"
    assert checklist.applies_to == SCHOOL_TYPES
    assert [s.id for s in checklist.sections] == [
        "supply", "premises", "responsibility", "peican", "governance", "staff", "procurement",
        "processing", "sampling", "emergency", "veto"]
    assert len(checklist.items) == 61


def test_every_threshold_is_in_the_reference_table(checklist):
    found = {i.id: i for i in checklist.items if i.threshold is not None}
    assert set(found) == set(EXPECTED_THRESHOLDS)
    for item_id, (value, compare, unit) in EXPECTED_THRESHOLDS.items():
        item = found[item_id]
        assert item.threshold.value == value, item_id
        assert not item.threshold.by_key and item.threshold.formula is None, item_id
        assert item.compare is Compare(compare), item_id
        assert item.unit == unit, item_id


def test_no_other_numeric_standard(checklist):
    # Items without a number in REFERENCE are yes/no; only gates, counts and 鼓励 items lack a verdict.
    for item in checklist.items:
        if item.type.numeric and item.id not in EXPECTED_THRESHOLDS:
            assert not item.is_standard, item.id
        if item.type is AnswerType.YES_NO and item.expected is None:
            assert item.id in RECORD_ONLY, item.id


def test_vetoes_and_key_items(checklist):
    assert {i.id for i in checklist.items if i.veto} == set(VETOES)
    for item_id in VETOES:
        item = checklist.item(item_id)
        assert item.labels == ("有", "无") and item.expected is False
    assert set(KEY_ITEMS) <= {i.id for i in checklist.items if i.key}


def test_sources(checklist):
    for item in checklist.items:
        assert item.source.text and item.evidence and item.guidance, item.id
        if item.source.confidence in ("V2", "M"):
            assert item.source.note, item.id
    # REFERENCE "Sources not to rely on": 陪餐 is 第十三条, not 第二十一条; 进货查验 is 第三十三条.
    assert "第十三条" in checklist.item("peican_coverage").source.text
    assert "第三十三条第一款" in checklist.item("purchase_inspection_records").source.text
    assert not any("第二十一条" in i.source.text or "第二十八条" in i.source.text
                   for i in checklist.items)
    tuckshop = checklist.item("has_tuckshop").source.text
    assert "一般不得" in tuckshop and "原则上不得" in tuckshop and "2021" not in tuckshop
    assert checklist.item("purchase_records_retention").source.confidence == "V2"
    assert checklist.item("emergency_plan").source.confidence == "M"


# ---- evaluation through the engine -------------------------------------------------------

@pytest.mark.parametrize("school_type", SCHOOL_TYPES)
def test_all_met(checklist, school_type):
    result = judge(checklist, school_type=school_type)
    assert result.verdict == MET
    assert result.counts["unmet"] == 0 and result.counts["unanswered"] == 0


def test_sample_weight_boundary(checklist):
    assert judge(checklist, {"sample_min_weight_g": 125}).result("sample_min_weight_g").status is Status.MET
    r = judge(checklist, {"sample_min_weight_g": 124}).result("sample_min_weight_g")
    assert r.status is Status.UNMET
    assert r.gap == 1
    assert "1 g" in r.gap_text and "125 g" in r.gap_text


def test_sample_hours_boundary(checklist):
    assert judge(checklist, {"sample_min_hours": 48}).result("sample_min_hours").status is Status.MET
    r = judge(checklist, {"sample_min_hours": 47}).result("sample_min_hours")
    assert r.status is Status.UNMET and r.gap == 1


def test_peican_coverage(checklist):
    met = judge(checklist, {"meals_served": 60, "meals_with_peican": 60}).result("peican_coverage")
    assert met.status is Status.MET and met.value == 100
    result = judge(checklist, {"meals_served": 60, "meals_with_peican": 59})
    short = result.result("peican_coverage")
    assert short.status is Status.UNMET
    assert short.value == F(59, 60) * 100
    assert "个百分点" in short.gap_text
    assert result.verdict == UNMET


def test_one_worker_without_health_certificate(checklist):
    result = judge(checklist, {"canteen_staff_count": 8, "staff_with_health_cert": 7})
    r = result.result("health_cert_coverage")
    assert r.status is Status.UNMET and r.value == F(175, 2)
    assert result.verdict == UNMET


def test_survey_each_group_at_least_once(checklist):
    for item_id in ("survey_staff_students", "survey_parents"):
        r = judge(checklist, {item_id: 0}).result(item_id)
        assert r.status is Status.UNMET and r.gap == 1


def test_count_bounds_are_formulas(checklist):
    bounded = {i.id: i.maximum_formula.text for i in checklist.items if i.maximum_formula}
    assert bounded == UPPER_BOUNDS


@pytest.mark.parametrize("item_id, total_id, total", [
    ("meals_with_peican", "meals_served", 60), ("staff_with_health_cert", "canteen_staff_count", 8),
])
def test_part_larger_than_whole_is_flagged_not_judged(checklist, item_id, total_id, total):
    at = judge(checklist, {total_id: total, item_id: total})
    assert at.result(item_id).status is Status.RECORDED
    assert at.verdict == MET
    over = judge(checklist, {total_id: total, item_id: total + 1})
    r = over.result(item_id)
    assert r.status is Status.UNANSWERED and r.value == total + 1
    assert "请核对" in r.message
    assert over.verdict == INCOMPLETE  # never 达标 on impossible numbers


def test_tuckshop_present_is_unmet(checklist):
    assert judge(checklist, {"has_tuckshop": "有"}).result("has_tuckshop").status is Status.UNMET


def boarding(changes=None, school_type="初中"):
    answers = all_met(load_checklist(ROOT / "checklists" / "spaq.toml")) | (changes or {})
    c = load_checklist(ROOT / "checklists" / "spaq.toml")
    return evaluate(c, SchoolProfile(school_type, boarding=True), parse_answers(c, answers))


@pytest.mark.parametrize("school_type", SCHOOL_TYPES)
def test_tuckshop_only_fails_a_day_school(checklist, school_type):
    # 令第45号 「一般不得」; 2019 意见 「非寄宿制…原则上不得」: a boarding school is not failed for a shop
    day = judge(checklist, {"has_tuckshop": "有"}, school_type=school_type)
    assert day.result("has_tuckshop").status is Status.UNMET
    assert day.result("boarding_tuckshop").status is Status.NOT_APPLICABLE
    with_shop = boarding({"boarding_tuckshop": "有", "tuckshop_licensed_healthy": "是"}, school_type)
    assert with_shop.result("has_tuckshop").status is Status.NOT_APPLICABLE
    assert with_shop.result("boarding_tuckshop").status is Status.RECORDED
    assert with_shop.result("tuckshop_licensed_healthy").status is Status.MET
    assert with_shop.verdict == MET


def test_boarding_shop_must_be_licensed_and_healthy(checklist):
    r = boarding({"boarding_tuckshop": "有", "tuckshop_licensed_healthy": "否"})
    assert r.result("tuckshop_licensed_healthy").status is Status.UNMET and r.verdict == UNMET
    none = boarding({"boarding_tuckshop": "无", "tuckshop_licensed_healthy": "否"})
    assert none.result("tuckshop_licensed_healthy").status is Status.NOT_APPLICABLE


def test_contracted_canteen_chosen_by_tender_is_allowed(checklist):
    # 2024 指引 / 源城区 2025 (二十五): 承包/委托 by 公开招标 is allowed, not a failure in itself
    result = judge(checklist, {"canteen_contracted": "是", "open_tender": "是",
                               "canteen_contract_compliant": "是"})
    assert result.result("canteen_contract_compliant").status is Status.MET
    assert result.verdict == MET
    guidance = checklist.item("canteen_contract_compliant").guidance
    assert "不违规" in guidance and "不再新签" not in guidance
    untendered = judge(checklist, {"canteen_contracted": "是", "open_tender": "否"})
    assert untendered.result("open_tender").status is Status.UNMET


@pytest.mark.parametrize("school_type", SCHOOL_TYPES)
def test_2024_guide_items_judge_schools_not_kindergartens(checklist, school_type):
    contracted = judge(checklist, {"canteen_contracted": "是", "survey_parents": 0,
                                   "diners_per_meal": 600}, school_type=school_type)
    self_run = judge(checklist, {"diners_per_meal": 600}, school_type=school_type)
    for item_id in GUIDE_2024:
        result = self_run if item_id == "meal_fund_accounting" else contracted
        applies = result.result(item_id).status is not Status.NOT_APPLICABLE
        assert applies is (school_type != "幼儿园"), (school_type, item_id)
    result = contracted
    # 令第45号 items still apply to a kindergarten
    for item_id in ("peican_coverage", "food_safety_manager", "sample_every_dish", *PREMISES):
        assert result.result(item_id).status is not Status.NOT_APPLICABLE, item_id


@pytest.mark.parametrize("diners, status", [
    (499, Status.NOT_APPLICABLE), (500, Status.UNMET), (1200, Status.UNMET),
])
def test_food_safety_director_from_500_diners(checklist, diners, status):
    result = judge(checklist, {"diners_per_meal": diners, "food_safety_director": "否"})
    assert result.result("food_safety_director").status is status
    assert result.result("diners_per_meal").status is Status.RECORDED


def test_director_waits_for_the_number_of_diners(checklist):
    answers = {k: v for k, v in all_met(checklist).items() if k != "diners_per_meal"}
    result = evaluate(checklist, SchoolProfile("小学"), parse_answers(checklist, answers))
    assert result.result("food_safety_director").status is Status.UNANSWERED


@pytest.mark.parametrize("item_id", PREMISES)
def test_premises_items_judge_a_canteen(checklist, item_id):
    assert checklist.item(item_id).section == "premises"
    assert judge(checklist, {item_id: "否"}).result(item_id).status is Status.UNMET
    assert judge(checklist, {"has_canteen": "否", item_id: "否"}).result(
        item_id).status is Status.NOT_APPLICABLE


def test_caterer_licence_follows_has_catering(checklist):
    assert judge(checklist, {"caterer_licence_checked": "否"}).result(
        "caterer_licence_checked").status is Status.UNMET
    assert judge(checklist, {"has_catering": "否"}).result(
        "caterer_licence_checked").status is Status.NOT_APPLICABLE


def test_recorded_only_items_never_fail(checklist):
    result = judge(checklist, {"parent_peican": "否", "mingchu_lianzao": "否"})
    assert result.result("parent_peican").status is Status.RECORDED
    assert result.result("mingchu_lianzao").status is Status.RECORDED
    assert result.verdict == MET


def test_canteen_items_not_applicable_without_canteen(checklist):
    result = judge(checklist, {"has_canteen": "否", "has_catering": "是"})
    canteen_only = [i.id for i in checklist.items if i.applies.condition is not None
                    and "has_catering" not in i.applies.condition.names]
    assert "sample_min_weight_g" in canteen_only and "health_cert_coverage" in canteen_only
    for item_id in canteen_only:
        assert result.result(item_id).status is Status.NOT_APPLICABLE, item_id
    # supplier and 集中用餐 items still apply
    for item_id in ("open_tender", "exit_mechanism", "peican_coverage", "survey_parents"):
        assert result.result(item_id).status is Status.MET, item_id
    assert result.verdict == MET


def test_supplier_items_follow_has_catering(checklist):
    result = judge(checklist, {"has_catering": "否"})  # self-run canteen only
    for item_id in ("open_tender", "exit_mechanism", "canteen_contract_compliant"):
        assert result.result(item_id).status is Status.NOT_APPLICABLE, item_id
    contracted = judge(checklist, {"has_catering": "否", "canteen_contracted": "是"})
    for item_id in ("open_tender", "exit_mechanism", "canteen_contract_compliant"):
        assert contracted.result(item_id).status is Status.MET, item_id
    for item_id in ("canteen_nonprofit", "meal_fund_accounting"):
        assert contracted.result(item_id).status is Status.NOT_APPLICABLE, item_id


def test_no_meals_at_school(checklist):
    result = judge(checklist, {"has_canteen": "否", "has_catering": "否"}, school_type="初中")
    for item in checklist.items:
        if item.applies.condition is not None:
            assert result.result(item.id).status is Status.NOT_APPLICABLE, item.id
    assert result.verdict == MET


def test_gate_unanswered_leaves_items_open(checklist):
    result = evaluate(checklist, SchoolProfile("小学"), parse_answers(checklist, {}))
    assert result.result("sample_min_weight_g").status is Status.UNANSWERED
    assert "学校自办食堂" in result.result("sample_min_weight_g").message


@pytest.mark.parametrize("veto", VETOES)
def test_veto_fails_everything_else_met(checklist, veto):
    result = judge(checklist, {veto: "有"})
    assert result.verdict == UNMET
    assert [r.id for r in result.vetoes] == [veto]
    assert result.counts["unmet"] == 1
    assert judge(checklist, {veto: "无"}).verdict == MET
