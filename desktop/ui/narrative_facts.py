"""The school's facts as a first paragraph of 一、学校概况, from the profile and the answers given."""

from __future__ import annotations

from fractions import Fraction

from desktop.core.assessment import School
from desktop.core.engine import ChecklistResult
from desktop.core.numbers import fmt

# (checklist, item, how the number reads in a sentence); a fact is left out while unanswered.
ENROLMENT = (("yzjh", "students_primary", "小学在校生 {} 人"),
             ("yzjh", "students_junior", "初中在校生 {} 人"),
             ("yzjh", "students_senior", "高中在校生 {} 人"),
             ("xqph", "children_enrolled", "在园幼儿 {} 人"))
CLASSES = (("yzjh", "classes_primary", "小学教学班 {} 个"),
           ("yzjh", "classes_junior", "初中教学班 {} 个"),
           ("xqph", "classes_total", "共 {} 个班"))
STAFF = (("yzjh", "fulltime_teachers_total", "义务教育阶段专任教师 {} 人"),
         ("xqph", "staff_total", "教职工 {} 人"),
         ("xqph", "teachers_fulltime", "专任教师 {} 人"))
AREAS = (("yzjh", "teaching_rooms_m2", "教学及辅助用房 {} 平方米"),
         ("yzjh", "sports_area_m2", "体育运动场馆 {} 平方米"),
         ("xqph", "building_area_m2", "园舍建筑面积 {} 平方米"))


def _values(results: dict[str, ChecklistResult], facts: tuple[tuple[str, str, str], ...]) -> list[str]:
    out = []
    for checklist_id, item_id, template in facts:
        result = results.get(checklist_id)
        if result is None or not result.checklist.has_item(item_id):
            continue
        value = result.result(item_id).value
        if isinstance(value, Fraction) and not (value == 0 and "senior" in item_id):
            out.append(template.format(fmt(value, 2)))
    return out


def school_facts(school: School, results: dict[str, ChecklistResult]) -> str:
    """One or two plain sentences; the user edits them into the report's first part."""
    kind = "".join(p for p in (school.locale, school.ownership) if p)
    code = f"（学校标识码 {school.code}）" if school.code else ""
    first = f"{school.name}{code}是一所{kind}{school.type}"
    if school.boarding:
        first += "，有寄宿生"
    if school.address:
        first += f"，位于{school.address}"
    sentences = [first + "。"]
    enrolment = _values(results, ENROLMENT)
    classes = _values(results, CLASSES)
    if enrolment or classes:
        sentences.append("学校现有" + "，".join(enrolment + classes) + "。")
    staff = _values(results, STAFF)
    if staff:
        sentences.append("现有" + "，".join(staff) + "。")
    areas = _values(results, AREAS)
    if areas:
        sentences.append("学校" + "，".join(areas) + "。")
    if school.principal:
        sentences.append(f"校（园）长：{school.principal}。")
    return "".join(sentences)
