"""Guangdong's 校园安全 and 食品安全 entries (overlays/gd.toml) against the seed documents.

Written by hand from shared/standards/REFERENCE.md §9 ("Guangdong seeds: what each actually says"):
every basis names the one seed document and clause that says it; the psych-teacher rule gives one
verdict per school with the seed's two thresholds by 学段; parent 陪餐 is judged in Guangdong and only
recorded nationally.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.engine import Status, evaluate, parse_answers
from desktop.core.loader import apply_overlay, load_checklist, load_overlay
from desktop.core.model import SchoolProfile

ROOT = Path(__file__).resolve().parents[2] / "checklists"
YUANCHENG = "河源市源城区教育局《2025年教育工作要点》"
ENPING = "《恩平市教育系统2025年工作要点》"
PLAN = "源城区教育发展“十四五”规划"
NOTICE = "《关于加强和保障学校食品安全与营养健康管理工作的通知》"

# item → the seed clause that says it (REFERENCE §9), exactly as printed.
SEED_BASIS = {
    ("spaq", "survey_staff_students"): f"{YUANCHENG}（二十五）",
    ("spaq", "gd_head_daily_canteen_check"): f"{YUANCHENG}（二十五）",
    ("spaq", "gd_social_supervisor"): f"{YUANCHENG}（二十五）",
    ("spaq", "gd_leader_peican_every_meal"): f"{YUANCHENG}（二十五）",
    ("spaq", "gd_spring_autumn_inspection"): f"{ENPING} 27",
    ("xyaq", "gd_video_whole_campus"): f"{YUANCHENG}（二十二）",
    ("xyaq", "gd_accident_reporting"): f"{YUANCHENG}（二十二）",
    ("xyaq", "gd_people_vehicle_separation"): f"{ENPING} 25",
    ("xyaq", "gd_psych_teacher_fulltime"): f"{PLAN} 第三章第二节（五）",
}


@pytest.fixture(scope="module")
def overlay():
    return load_overlay(ROOT / "overlays" / "gd.toml")


@pytest.fixture(scope="module")
def local(overlay):
    return {cid: apply_overlay(load_checklist(ROOT / f"{cid}.toml"), overlay)
            for cid in ("xyaq", "spaq")}


def judge(checklist, answers, school_type="小学", boarding=False):
    return evaluate(checklist, SchoolProfile(school_type, boarding=boarding),
                    parse_answers(checklist, answers))


def printed(overlay, cid, item_id):
    for c in overlay.changes:
        if (c.checklist, c.item) == (cid, item_id):
            return c.source.text
    return next(i for k, i in overlay.items if (k, i.id) == (cid, item_id)).source.text


@pytest.mark.parametrize("key, basis", SEED_BASIS.items())
def test_basis_names_the_one_seed_clause_that_says_it(overlay, key, basis):
    assert printed(overlay, *key) == basis


def test_parent_peican_cites_enping_and_the_provincial_notice_not_yuancheng(overlay):
    text = printed(overlay, "spaq", "gd_family_committee_peican")
    assert f"{ENPING} 27" in text and NOTICE in text and "源城区" not in text


def test_whole_campus_alarm_is_gone(overlay, local):
    # 源城区 (二十二) 「安全监控全覆盖」 is about 监控; it says nothing of alarms everywhere
    assert not local["xyaq"].has_item("gd_alarm_whole_campus")
    assert local["xyaq"].item("emergency_alarm").overlay == ""  # the national alarm item stays


def test_mingchu_lianzao_cites_the_plan_not_the_2025_points(overlay):
    text = printed(overlay, "spaq", "gd_internet_mingchu_lianzao")
    assert f"{PLAN} 第四章第五节" in text and "2025" not in text


@pytest.mark.parametrize("school_type, students, national, fulltime", [
    ("小学", 999, Status.UNMET, Status.NOT_APPLICABLE),
    ("小学", 1000, Status.NOT_APPLICABLE, Status.UNMET),
    ("初中", 1000, Status.UNMET, Status.NOT_APPLICABLE),
    ("初中", 1199, Status.UNMET, Status.NOT_APPLICABLE),
    ("初中", 1200, Status.NOT_APPLICABLE, Status.UNMET),
    ("九年一贯制", 1199, Status.UNMET, Status.NOT_APPLICABLE),
    ("九年一贯制", 1200, Status.NOT_APPLICABLE, Status.UNMET),
    ("完全中学", 1200, Status.NOT_APPLICABLE, Status.UNMET),
    ("十二年一贯制", 1000, Status.UNMET, Status.NOT_APPLICABLE),
])
def test_one_psych_teacher_verdict_per_school(local, school_type, students, national, fulltime):
    answers = {"enrolled_total": students, "psych_teacher": "否", "gd_psych_teacher_fulltime": "否"}
    result = judge(local["xyaq"], answers, school_type)
    assert result.result("psych_teacher").status is national
    assert result.result("gd_psych_teacher_fulltime").status is fulltime
    verdicts = [r for r in result.items if r.id in ("psych_teacher", "gd_psych_teacher_fulltime")
                and r.status is not Status.NOT_APPLICABLE]
    assert len(verdicts) == 1


def test_psych_items_wait_for_enrolment_and_skip_kindergartens(local):
    waiting = judge(local["xyaq"], {})
    assert waiting.result("gd_psych_teacher_fulltime").status is Status.UNANSWERED
    assert waiting.result("psych_teacher").status is Status.UNANSWERED
    kg = judge(local["xyaq"], {"enrolled_total": 2000}, "幼儿园")
    for item_id in ("psych_teacher", "gd_psych_teacher_fulltime", "gd_psych_screening_term"):
        assert kg.result(item_id).status is Status.NOT_APPLICABLE, item_id


def test_psych_thresholds_follow_the_main_text_and_say_why(overlay):
    note = next(i for k, i in overlay.items if i.id == "gd_psych_teacher_fulltime").source.note
    assert "附件2" in note and "正文" in note


def test_parent_peican_judged_in_guangdong_recorded_nationally(local):
    national = load_checklist(ROOT / "spaq.toml")
    answers = {"has_canteen": "是", "has_catering": "否", "parent_peican": "否",
               "gd_family_committee_peican": "否"}
    assert judge(national, {k: v for k, v in answers.items() if not k.startswith("gd_")}).result(
        "parent_peican").status is Status.RECORDED
    result = judge(local["spaq"], answers)
    assert result.result("parent_peican").status is Status.RECORDED
    assert result.result("gd_family_committee_peican").status is Status.UNMET


def test_school_leader_at_every_meal(local):
    for answer, status in (("是", Status.MET), ("否", Status.UNMET)):
        r = judge(local["spaq"], {"has_canteen": "是", "gd_leader_peican_every_meal": answer})
        assert r.result("gd_leader_peican_every_meal").status is status
    assert judge(local["spaq"], {"has_canteen": "否", "has_catering": "否"}).result(
        "gd_leader_peican_every_meal").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize("school_type", ["幼儿园", "小学", "十二年一贯制"])
def test_typhoon_plan_for_every_guangdong_school(local, school_type):
    r = judge(local["xyaq"], {"gd_typhoon_flood_plan": "否"}, school_type)
    assert r.result("gd_typhoon_flood_plan").status is Status.UNMET
    assert not load_checklist(ROOT / "xyaq.toml").has_item("gd_typhoon_flood_plan")


def test_boarding_shop_gate_is_the_national_one(local):
    assert not local["spaq"].has_item("gd_boarding_tuckshop")
    r = judge(local["spaq"], {"boarding_tuckshop": "有", "gd_tuckshop_licensed": "否"}, "初中",
              boarding=True)
    assert r.result("gd_tuckshop_licensed").status is Status.UNMET
    assert r.result("tuckshop_licensed_healthy").status is Status.UNANSWERED
