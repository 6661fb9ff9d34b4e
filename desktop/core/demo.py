"""A realistic example school (城关镇第一学校) with two periods, to show and try every feature.

create_demo(store) fills a store with the school, an archived "2024年度" and a current "2025年度"
assessment: answers for every applicable item (a few deliberately unmet), notes, 整改 plans for
every unmet item, evidence pictures and a PDF, the four narrative parts and sign-offs.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

from desktop.core.assessment import Narrative, Rectification, School, SignOff
from desktop.core.catalog import Catalog, shipped
from desktop.core.demo_answers import Scenario, answers_for, unmet
from desktop.core.demo_files import write_drill_plan, write_pictures
from desktop.core.engine import ChecklistResult, evaluate
from desktop.core.errors import StoreError
from desktop.core.store import AnswerStore

SCHOOL = School(
    name="城关镇第一学校", type="九年一贯制", code="2144190001", locale="城区", ownership="公办",
    boarding=False, address="广东省示范县城关镇学府路 18 号", principal="陈建国", phone="0763-6612345")
OVERLAY = "gd"
FILLER, FILLER_PHONE = "李明", "13802561234"


def scenario_2025() -> Scenario:
    return Scenario(
        data_date=dt.date(2025, 11, 20),
        base={"students_primary": Fraction(1080), "students_junior": Fraction(760),
              "classes_primary": Fraction(24), "classes_junior": Fraction(16),
              "max_class_size_primary": Fraction(45), "max_class_size_junior": Fraction(52),
              "fulltime_teachers_total": Fraction(128), "gd_teachers_primary": Fraction(66),
              "gd_teachers_junior": Fraction(62), "gd_disabled_students": Fraction(3), "teachers_certified": Fraction(128),
              "teachers_trained_360h": Fraction(128), "enrolled_total": Fraction(1840),
              "nonboarding_students": Fraction(1840), "canteen_staff_count": Fraction(14),
              "staff_with_health_cert": Fraction(13), "meals_served": Fraction(95),
              "meals_with_peican": Fraction(95), "junior_cohort_entrants": Fraction(262),
              "junior_cohort_deaths": Fraction(0), "junior_cohort_transfers_in": Fraction(5),
              "junior_cohort_transfers_out": Fraction(9), "junior_graduates": Fraction(251),
              "public_funds_budget_yuan": Fraction(1472000),
              "teacher_training_funds_yuan": Fraction(88000)},
        shortfalls={"R4": Fraction(91, 100), "R7": Fraction(96, 100)},
        old_dates={"last_drill_date": 58})


def scenario_2024() -> Scenario:
    base = dict(scenario_2025().base)
    base.update({"students_primary": Fraction(1046), "students_junior": Fraction(728),
                 "classes_primary": Fraction(24), "classes_junior": Fraction(15),
                 "max_class_size_junior": Fraction(53), "enrolled_total": Fraction(1774),
                 "nonboarding_students": Fraction(1774), "staff_with_health_cert": Fraction(14),
                 "fulltime_teachers_total": Fraction(121), "teachers_certified": Fraction(121),
                 "teachers_trained_360h": Fraction(121)})
    return Scenario(data_date=dt.date(2024, 11, 15), base=base, shortfalls={"R7": Fraction(93, 100)})


# 整改 plans for the deliberate shortfalls: (措施, 责任人, 完成时限, status, 完成情况)
PLANS = {
    "multimedia_rooms": ("将 2 间闲置功能室改造为网络多媒体教室，并申请专项资金为初中部新增交互式一体机",
                         "总务处 刘伟", "2026-08-31", "整改中", "改造方案已定，资金申请已报县教育局"),
    "teaching_rooms_m2": ("推进综合楼建设，新增教学及辅助用房约 1000 平方米；过渡期内调整功能室用途",
                          "副校长 黄海", "2027-08-31", "未开始", "项目已列入县 2026 年校舍建设计划"),
    "max_class_size_junior": ("秋季初一按每班不超过 50 人编班；现有超额班级通过转学分流逐步消化",
                              "教务处 周敏", "2026-09-01", "整改中", "已暂停初二插班"),
    "last_drill_date": ("立即组织全校应急疏散演练，建立每月演练台账，由安全办按月检查",
                        "安全办 吴强", "2025-12-10", "整改中", "演练方案已印发，定于 12 月 5 日实施"),
    "health_cert_coverage": ("督促新入职从业人员办理健康证明，取得前调离直接接触入口食品的岗位",
                             "后勤处 郑丽", "2025-12-15", "整改中", "已预约体检"),
}
NOTES = {
    ("yzjh", "students_primary"): "含随班就读学生 3 人",
    ("yzjh", "multimedia_rooms"): "其中 4 间为录播教室；初中部多媒体教室不足",
    ("yzjh", "max_class_size_junior"): "初二（3）班 52 人，为学期中转入学生插班所致",
    ("xyaq", "last_drill_date"): "原定 10 月的演练因台风天气顺延",
    ("spaq", "staff_with_health_cert"): "1 名 10 月新入职人员的健康证明正在办理",
}
# Files for items (when the checklist has them): file name, caption, days before the data date.
EVIDENCE = [
    ("yzjh", "sports_area_m2", "操场全景.png", "学校运动场（300 米环形跑道）", 30),
    ("yzjh", "teaching_rooms_m2", "教学楼.png", "主教学楼外景", 30),
    ("yzjh", "multimedia_rooms", "多媒体教室.png", "初二（1）班多媒体教室", 25),
    ("spaq", "sample_cabinet", "留样柜.png", "食堂留样专用冷藏柜", 12),
    ("xyaq", "fire_equipment", "消防器材.png", "教学楼一层消防器材", 12),
    ("xyaq", "drill_regular", "应急疏散演练方案.pdf", "本学期应急疏散演练方案", 60),
]
LEFT_FOR_REVIEW = 5  # carried-over answers the principal has not looked at yet (待复核)


@dataclass(frozen=True)
class DemoResult:
    school_id: int
    assessment_id: int
    previous_id: int
    checklists: tuple[tuple[str, str], ...]
    overlay: str
    answers: int
    unmet: tuple[str, ...]
    plans: int
    evidence: int
    pending_review: int


def create_demo(store: AnswerStore, catalog: Catalog | None = None,
                progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """Builds the demo in the store; raises StoreError if the demo school is already there."""
    catalog = catalog or shipped()
    for school_id, school in store.schools():
        if school.code == SCHOOL.code:
            raise StoreError(f"示例学校「{school.name}」已存在（学校编号 {school_id}），未重复创建")
    overlay = OVERLAY if OVERLAY in catalog.overlays else ""
    chosen = [c for c in catalog.for_school_type(SCHOOL.type)]
    versions = [(c.id, c.version) for c in sorted(chosen, key=lambda c: _ORDER.get(c.id, 9))]
    school_id = store.add_school(SCHOOL)
    previous = _period(store, catalog, school_id, "2024年度", versions, overlay, scenario_2024(), None)
    current = _period(store, catalog, school_id, "2025年度", versions, overlay, scenario_2025(), previous)
    if progress:
        progress(1, 1)
    snap = store.snapshot(current)
    return DemoResult(school_id, current, previous, tuple(versions), overlay,
                      sum(len(a) for a in snap.answers.values()),
                      tuple(title for _, _, title, _ in unmet(snap.evaluate(catalog))),
                      len(snap.rectifications), len(snap.evidence), len(snap.pending_review))


_ORDER = {"yzjh": 0, "xyaq": 1, "spaq": 2}


def _period(store: AnswerStore, catalog: Catalog, school_id: int, period: str,
            versions: list[tuple[str, str]], overlay: str, scenario: Scenario, copy_from: int | None) -> int:
    aid = store.create_assessment(school_id, period, versions, overlay, scenario.data_date.isoformat(),
                                  copy_from=copy_from)
    carried = store.pending_review(aid)
    skip = set(sorted(carried)[:LEFT_FOR_REVIEW])
    results = {}
    for checklist_id, _ in versions:
        checklist = catalog.get(checklist_id, overlay or None)
        answers = answers_for(checklist, SCHOOL.profile, scenario)
        for item_id, value in answers.items():
            old = store.answers(aid, checklist_id).get(item_id) if (checklist_id, item_id) in skip else None
            if old != value or (checklist_id, item_id) not in skip:
                store.set_answer(aid, checklist_id, item_id, value, user=FILLER)
        results[checklist_id] = evaluate(checklist, SCHOOL.profile, answers, scenario.data_date)
    _notes_and_plans(store, aid, results, scenario)
    if copy_from is not None:
        _evidence(store, aid, scenario)
    _narrative(store, aid, results, scenario)
    for checklist_id, _ in versions:
        store.set_signoff(aid, checklist_id, SignOff(FILLER, FILLER_PHONE, scenario.data_date.isoformat(),
                                                     SCHOOL.principal, "校长"))
    store.set_status(aid, "已完成" if copy_from is None else "填报中")
    return aid


def _notes_and_plans(store: AnswerStore, aid: int, results: dict[str, ChecklistResult],
                     scenario: Scenario) -> None:
    for (checklist_id, item_id), text in NOTES.items():
        if checklist_id in results and results[checklist_id].checklist.has_item(item_id):
            store.set_note(aid, checklist_id, item_id, text)
    open_items = set()
    for checklist_id, item_id, title, gap in unmet(results):
        measure, owner, deadline, status, progress = PLANS.get(item_id) or (
            f"针对「{title}」未达标问题制定专项整改方案{('，' + gap) if gap else ''}，按期完成整改",
            "校长办公室", (scenario.data_date + dt.timedelta(days=180)).isoformat(), "未开始", "")
        store.set_rectification(aid, Rectification(checklist_id, item_id, measure, owner, deadline,
                                                    status, progress))
        open_items.add((checklist_id, item_id))
    for plan in store.rectifications(aid):  # carried over from last year, met by now
        if (plan.checklist, plan.item) not in open_items:
            store.set_rectification(aid, Rectification(
                plan.checklist, plan.item, plan.measure, plan.owner, plan.deadline, "已完成",
                f"已于 {scenario.data_date.year} 年完成整改，本期达标"))


def _evidence(store: AnswerStore, aid: int, scenario: Scenario) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = write_pictures(folder)
        drill_day = scenario.data_date - dt.timedelta(days=58)
        files["应急疏散演练方案.pdf"] = write_drill_plan(
            folder / "应急疏散演练方案.pdf", SCHOOL.name, "2025—2026学年第一学期",
            f"{drill_day.year}年{drill_day.month}月{drill_day.day}日")
        checklists = dict(store.checklists(aid))
        for checklist_id, item_id, name, caption, days in EVIDENCE:
            if checklist_id in checklists:
                taken = (scenario.data_date - dt.timedelta(days=days)).isoformat()
                store.add_evidence(aid, checklist_id, item_id, files[name], caption=caption, taken_on=taken)


_CN_NUMBERS = "一二三四五六七八九十"
# What the demo school says it did, per checklist (a sub-section each, so a report of some
# checklists only prints theirs).
_DONE = {
    "yzjh": "按国家课程方案开齐开足课程，落实“双减”要求，推进教师交流轮岗和信息化教学。",
    "xqph": "坚持公益普惠，严格控制班额，落实保教人员配备和持证上岗，以游戏为基本活动。",
    "xyaq": "安全管理制度健全，门卫、视频监控和一键报警设施运行正常，定期开展应急疏散演练。",
    "spaq": "落实校（园）长陪餐和食品安全总监制度，食堂留样、消毒和进货查验记录齐全。",
}


def _narrative(store: AnswerStore, aid: int, results: dict[str, ChecklistResult], scenario: Scenario,
               school: School = SCHOOL) -> None:
    problems = unmet(results)
    achievements = ["学校坚持立德树人，对照各项标准逐项自查，本期自评情况如下。"]
    problem_parts = ["对照标准逐项自查，存在以下问题。"]
    for n, (checklist_id, result) in enumerate(results.items()):
        heading = f"（{_CN_NUMBERS[n]}）{result.checklist.title}"
        achievements += [heading, f"{_DONE.get(checklist_id, '')}自评结论：{result.verdict}。"]
        found = [f"{title}未达标（{gap}）" if gap else f"{title}未达标"
                 for cid, _, title, gap in problems if cid == checklist_id]
        problem_parts += [heading, ("；".join(found) + "。") if found else "未发现未达标项目。"]
    store.set_narrative(aid, Narrative(
        overview=_overview(school, scenario),
        achievements="\n\n".join(achievements),
        problems="\n\n".join(problem_parts),
        plans=("针对上述问题，学校已逐项制定整改措施，明确责任人和完成时限；积极争取县教育局支持，"
               "推进校舍建设和信息化设备更新，严格控制班额，按月开展应急疏散演练，确保整改按期到位。")))


def _overview(school: School, scenario: Scenario) -> str:
    base = scenario.base
    students = base.get("students_primary", 0) + base.get("students_junior", 0)
    classes = base.get("classes_primary", 0) + base.get("classes_junior", 0)
    return (f"{school.name}是一所{school.locale}{school.ownership}{school.type}学校，位于"
            f"{school.address}。现有教学班 {classes} 个，在校学生 {students} 人（小学 "
            f"{base['students_primary']} 人，初中 {base['students_junior']} 人），专任教师 "
            f"{base['fulltime_teachers_total']} 人。")
