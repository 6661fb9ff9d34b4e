"""One demo school per school type (小学 … 幼儿园), with the figures of two periods.

Each is a plausible school of its kind in the same county, with a few deliberate shortfalls so
every document (整改台账, 整改通知书, county statistics) has something to show. The figures are
the base answers; everything else is derived from the checklists (demo_answers.answers_for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from desktop.core.assessment import School
from desktop.core.demo_answers import Scenario

F = Fraction
CURRENT_DATE, PREVIOUS_DATE = dt.date(2025, 11, 20), dt.date(2024, 11, 15)
# Items every school answers alike (safety, canteen, funds), scaled by enrolment below.
_COMMON = {"gd_disabled_students": F(3), "meals_served": F(95), "meals_with_peican": F(95),
           "junior_cohort_deaths": F(0)}


@dataclass(frozen=True)
class DemoSchool:
    """A demo school and its two periods: figures now, figures changed a year earlier."""

    school: School
    base: dict[str, Fraction]
    shortfalls: dict[str, Fraction] = field(default_factory=dict)
    previous_changes: dict[str, Fraction] = field(default_factory=dict)
    previous_shortfalls: dict[str, Fraction] = field(default_factory=dict)
    old_dates: dict[str, int] = field(default_factory=lambda: {"last_drill_date": 58})

    @property
    def kindergarten(self) -> bool:
        return self.school.type == "幼儿园"

    @property
    def head_title(self) -> str:
        return "园长" if self.kindergarten else "校长"

    def current(self) -> Scenario:
        return Scenario(CURRENT_DATE, dict(self.base), dict(self.shortfalls), dict(self.old_dates))

    def previous(self) -> Scenario:
        base = dict(self.base)
        base.update(self.previous_changes)
        return Scenario(PREVIOUS_DATE, base, dict(self.previous_shortfalls))


def _school(name: str, type_: str, code: str, principal: str, address: str,
            locale: str = "城区") -> School:
    return School(name=name, type=type_, code=code, locale=locale, ownership="公办", boarding=False,
                  address=f"广东省示范县{address}", principal=principal, phone="0763-66" + code[-5:])


def _pupils(primary: int = 0, junior: int = 0, senior: int = 0, teachers: int = 0,
            canteen: int = 0) -> dict[str, Fraction]:
    """Base figures of a school with these enrolments (0 = no such 学段)."""
    total = primary + junior + senior
    base = dict(_COMMON)
    base.update({"fulltime_teachers_total": F(teachers), "teachers_certified": F(teachers),
                 "teachers_trained_360h": F(teachers), "enrolled_total": F(total),
                 "nonboarding_students": F(total), "canteen_staff_count": F(canteen),
                 "staff_with_health_cert": F(canteen - 1),
                 "public_funds_budget_yuan": F(total * 800),
                 "teacher_training_funds_yuan": F(total * 800 * 6 // 100)})
    if primary:
        base.update({"students_primary": F(primary), "classes_primary": F(-(-primary // 45)),
                     "max_class_size_primary": F(45), "gd_teachers_primary": F(teachers * primary // total)})
    if junior:
        cohort = junior // 3
        base.update({"students_junior": F(junior), "classes_junior": F(-(-junior // 48)),
                     "max_class_size_junior": F(52), "gd_teachers_junior": F(teachers * junior // total),
                     "junior_cohort_entrants": F(cohort + 8), "junior_cohort_transfers_in": F(5),
                     "junior_cohort_transfers_out": F(9), "junior_graduates": F(cohort)})
    if senior:
        base["students_senior"] = F(senior)
    return base


NINE_YEAR = DemoSchool(
    _school("城关镇第一学校", "九年一贯制", "2144190001", "陈建国", "城关镇学府路 18 号"),
    base={**_pupils(1080, 760, teachers=128, canteen=14), "classes_primary": F(24),
          "classes_junior": F(16), "junior_cohort_entrants": F(262), "junior_graduates": F(251),
          "public_funds_budget_yuan": F(1472000), "teacher_training_funds_yuan": F(88000),
          "gd_teachers_primary": F(66), "gd_teachers_junior": F(62)},
    shortfalls={"R4": F(91, 100), "R7": F(96, 100)},
    previous_changes={"students_primary": F(1046), "students_junior": F(728), "classes_junior": F(15),
                      "max_class_size_junior": F(53), "enrolled_total": F(1774),
                      "nonboarding_students": F(1774), "staff_with_health_cert": F(14),
                      "fulltime_teachers_total": F(121), "teachers_certified": F(121),
                      "teachers_trained_360h": F(121)},
    previous_shortfalls={"R7": F(93, 100)})

DEMO_SCHOOLS: dict[str, DemoSchool] = {
    "九年一贯制": NINE_YEAR,
    "小学": DemoSchool(
        _school("城关镇第二小学", "小学", "2144190002", "黄丽华", "城关镇文明路 6 号"),
        base={**_pupils(primary=1260, teachers=72, canteen=9), "max_class_size_primary": F(48)},
        shortfalls={"R5": F(90, 100)},
        previous_changes={"students_primary": F(1218)}),
    "初中": DemoSchool(
        _school("示范县城关中学", "初中", "2144190003", "周志强", "城关镇育才路 2 号"),
        base=_pupils(junior=1380, teachers=112, canteen=16),
        shortfalls={"R6": F(90, 100), "R2": F(95, 100)},
        previous_changes={"students_junior": F(1322)}),
    "完全中学": DemoSchool(
        _school("示范县第一中学", "完全中学", "2144190004", "梁伟明", "城关镇中山路 88 号"),
        base={**_pupils(junior=1150, senior=1420, teachers=206, canteen=24),
              "max_class_size_junior": F(50)},
        shortfalls={"R4": F(92, 100)},
        previous_changes={"students_senior": F(1388)}),
    "十二年一贯制": DemoSchool(
        _school("示范县实验学校", "十二年一贯制", "2144190006", "何振东", "新城区学苑大道 1 号"),
        base={**_pupils(960, 720, 540, teachers=176, canteen=20), "max_class_size_junior": F(50)},
        shortfalls={"R7": F(90, 100)},
        previous_changes={"students_primary": F(930)}),
    "幼儿园": DemoSchool(
        _school("城关镇中心幼儿园", "幼儿园", "2144190005", "林秀英", "城关镇花园路 9 号"),
        base={"ownership_type": "公办", "children_enrolled": F(285), "half_day": False,
              "classes_small": F(3), "classes_middle": F(3), "classes_large": F(3),
              "classes_mixed": F(0), "boarding_classes": F(0), "max_class_small": F(25),
              "max_class_middle": F(30), "max_class_large": F(38), "staff_total": F(46),
              "teachers_fulltime": F(20), "caregivers": F(12), "health_staff": F(2),
              "teachers_certified": F(19), "wage_avg_bianzhi": F(96000),
              "wage_avg_non_bianzhi": F(81600), "outdoor_play_area_m2": F(1860),
              "activity_rooms_m2": F(2410), "building_area_m2": F(3260),
              "satisfaction_rate": F(96), "enrolled_total": F(285), "nonboarding_students": F(285),
              "canteen_staff_count": F(6), "staff_with_health_cert": F(6),
              "meals_served": F(95), "meals_with_peican": F(95),
              "fulltime_teachers_total": F(20)},
        previous_changes={"children_enrolled": F(270), "enrolled_total": F(270),
                          "nonboarding_students": F(270), "max_class_large": F(36)}),
}
SCHOOL_TYPES = tuple(DEMO_SCHOOLS)


def demo_school(school_type: str = "九年一贯制") -> DemoSchool:
    from desktop.core.errors import InputError
    if school_type not in DEMO_SCHOOLS:
        raise InputError(f"没有「{school_type}」类型的示例学校，可选：{'、'.join(DEMO_SCHOOLS)}",
                         "school_type")
    return DEMO_SCHOOLS[school_type]
