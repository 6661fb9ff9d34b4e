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
from desktop.core.demo_schools import NINE_YEAR, DemoSchool, demo_school
from desktop.core.engine import ChecklistResult, evaluate
from desktop.core.errors import StoreError
from desktop.core.store import AnswerStore

SCHOOL = NINE_YEAR.school  # the default demo school
OVERLAY = "gd"
FILLER, FILLER_PHONE = "李明", "13802561234"


def scenario_2025() -> Scenario:
    return NINE_YEAR.current()


def scenario_2024() -> Scenario:
    return NINE_YEAR.previous()


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
    "max_class_large": ("秋季大班按每班不超过 35 人编班，超额幼儿分流至新开设的第 4 个大班",
                        "保教主任 陈静", "2026-09-01", "整改中", "已腾出一间活动室作新班教室"),
    "teachers_certified": ("督促 1 名未持证教师参加 2026 年上半年教师资格考试，取得资格前不单独带班",
                           "业务园长 吴敏", "2026-06-30", "整改中", "已报名笔试"),
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
    ("xqph", "outdoor_play_area_m2", "操场全景.png", "幼儿户外游戏场地", 30),
    ("xqph", "activity_rooms_m2", "教学楼.png", "幼儿活动室", 30),
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
                progress: Callable[[int, int], None] | None = None,
                school_type: str = "九年一贯制") -> DemoResult:
    """Builds the demo school of this type in the store; StoreError if it is already there."""
    catalog = catalog or shipped()
    demo = demo_school(school_type)
    for school_id, school in store.schools():
        if school.code == demo.school.code:
            raise StoreError(f"示例学校「{school.name}」已存在（学校编号 {school_id}），未重复创建")
    overlay = OVERLAY if OVERLAY in catalog.overlays else ""
    chosen = [c for c in catalog.for_school_type(demo.school.type)]
    versions = [(c.id, c.version) for c in sorted(chosen, key=lambda c: _ORDER.get(c.id, 9))]
    school_id = store.add_school(demo.school)
    previous = _period(store, catalog, school_id, "2024年度", versions, overlay, demo.previous(), None, demo)
    current = _period(store, catalog, school_id, "2025年度", versions, overlay, demo.current(), previous,
                      demo)
    if progress:
        progress(1, 1)
    snap = store.snapshot(current)
    return DemoResult(school_id, current, previous, tuple(versions), overlay,
                      sum(len(a) for a in snap.answers.values()),
                      tuple(title for _, _, title, _ in unmet(snap.evaluate(catalog))),
                      len(snap.rectifications), len(snap.evidence), len(snap.pending_review))


_ORDER = {"yzjh": 0, "xqph": 0, "xyaq": 1, "spaq": 2}


def _period(store: AnswerStore, catalog: Catalog, school_id: int, period: str,
            versions: list[tuple[str, str]], overlay: str, scenario: Scenario, copy_from: int | None,
            demo: DemoSchool = NINE_YEAR) -> int:
    school = demo.school
    aid = store.create_assessment(school_id, period, versions, overlay, scenario.data_date.isoformat(),
                                  copy_from=copy_from)
    carried = store.pending_review(aid)
    skip = set(sorted(carried)[:LEFT_FOR_REVIEW])
    results = {}
    for checklist_id, _ in versions:
        checklist = catalog.get(checklist_id, overlay or None)
        answers = answers_for(checklist, school.profile, scenario)
        for item_id, value in answers.items():
            old = store.answers(aid, checklist_id).get(item_id) if (checklist_id, item_id) in skip else None
            if old != value or (checklist_id, item_id) not in skip:
                store.set_answer(aid, checklist_id, item_id, value, user=FILLER)
        results[checklist_id] = evaluate(checklist, school.profile, answers, scenario.data_date)
    _notes_and_plans(store, aid, results, scenario, demo)
    if copy_from is not None:
        _evidence(store, aid, scenario, catalog, school)
    _narrative(store, aid, results, scenario, demo)
    for checklist_id, _ in versions:
        # 检查人 is left for the person who checks the print to sign by hand.
        store.set_signoff(aid, checklist_id, SignOff(FILLER, FILLER_PHONE, scenario.data_date.isoformat(),
                                                     "", ""))
    store.set_status(aid, "已完成" if copy_from is None else "填报中")
    return aid


def _notes_and_plans(store: AnswerStore, aid: int, results: dict[str, ChecklistResult],
                     scenario: Scenario, demo: DemoSchool = NINE_YEAR) -> None:
    for (checklist_id, item_id), text in NOTES.items():
        if checklist_id in results and results[checklist_id].checklist.has_item(item_id):
            store.set_note(aid, checklist_id, item_id, text)
    open_items = set()
    for checklist_id, item_id, title, gap in unmet(results):
        measure, owner, deadline, status, progress = PLANS.get(item_id) or (
            f"针对「{title}」未达标问题制定专项整改方案{('，' + gap) if gap else ''}，按期完成整改",
            f"{demo.head_title}办公室", (scenario.data_date + dt.timedelta(days=180)).isoformat(),
            "未开始", "")
        store.set_rectification(aid, Rectification(checklist_id, item_id, measure, owner, deadline,
                                                    status, progress))
        open_items.add((checklist_id, item_id))
    for plan in store.rectifications(aid):  # carried over from last year, met by now
        if (plan.checklist, plan.item) not in open_items:
            store.set_rectification(aid, Rectification(
                plan.checklist, plan.item, plan.measure, plan.owner, plan.deadline, "已完成",
                f"已于 {scenario.data_date.year} 年完成整改，本期达标"))


def _evidence(store: AnswerStore, aid: int, scenario: Scenario, catalog: Catalog,
              school: School = SCHOOL) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = write_pictures(folder)
        drill_day = scenario.data_date - dt.timedelta(days=58)
        files["应急疏散演练方案.pdf"] = write_drill_plan(
            folder / "应急疏散演练方案.pdf", school.name, "2025—2026学年第一学期",
            f"{drill_day.year}年{drill_day.month}月{drill_day.day}日")
        checklists = dict(store.checklists(aid))
        for checklist_id, item_id, name, caption, days in EVIDENCE:
            if checklist_id in checklists and catalog.checklists[checklist_id].has_item(item_id):
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
               demo: DemoSchool = NINE_YEAR) -> None:
    school = demo.school
    problems = unmet(results)
    who = "本园坚持保教结合、以游戏为基本活动" if demo.kindergarten else "学校坚持立德树人"
    achievements = [f"{who}，对照各项标准逐项自查，本期自评情况如下。"]
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
        plans=(f"针对上述问题，{'本园' if demo.kindergarten else '学校'}已逐项制定整改措施，明确责任人和"
               "完成时限；积极争取县教育局支持，改善办园（学）条件，严格控制班额，按月开展应急疏散演练，"
               "确保整改按期到位。")))


def _overview(school: School, scenario: Scenario) -> str:
    base = scenario.base
    where = f"{school.name}是一所{school.locale}{school.ownership}{school.type}"
    if school.type == "幼儿园":
        classes = sum(base.get(k, 0) for k in ("classes_small", "classes_middle", "classes_large",
                                                "classes_mixed"))
        return (f"{where}，位于{school.address}。现有教学班 {classes} 个，在园幼儿 "
                f"{base['children_enrolled']} 人，教职工 {base['staff_total']} 人，其中专任教师 "
                f"{base['teachers_fulltime']} 人、保育员 {base['caregivers']} 人。")
    stages = [(name, base.get(f"students_{key}", 0)) for key, name in
              (("primary", "小学"), ("junior", "初中"), ("senior", "高中"))]
    stages = [(name, n) for name, n in stages if n]
    students = sum(n for _, n in stages)
    parts = "，".join(f"{name} {n} 人" for name, n in stages)
    classes = base.get("classes_primary", 0) + base.get("classes_junior", 0)
    class_text = f"现有义务教育阶段教学班 {classes} 个，" if classes else ""
    return (f"{where}学校，位于{school.address}。{class_text}在校学生 {students} 人"
            + (f"（{parts}）" if len(stages) > 1 else "")
            + f"，专任教师 {base['fulltime_teachers_total']} 人。")
