"""County statistics per 学段: mixed-school splits feeding the CV, limits, verdicts, scope."""

from decimal import Decimal
from fractions import Fraction

from desktop.district.cv import Observation, weighted_cv
from desktop.district.schools import SchoolRecord
from desktop.district.summary import observations, summarise
from tests.district.factories import junior, primary, record


def _nine_year(**overrides):
    """九年一贯制: 1000 小学生, 800 初中生; weights 1 : 1.1 → shares 1000/1880 and 880/1880."""
    base = dict(students_primary=1000, students_junior=800,
                teachers_above_degree_primary=45, backbone_teachers_primary=12,
                pe_art_teachers_primary=10, teachers_above_degree_junior=48,
                backbone_teachers_junior=9, pe_art_teachers_junior=8,
                teaching_rooms_m2=9400, sports_area_m2=18800, equipment_value_yuan=4700000,
                multimedia_rooms=47)
    base.update(overrides)
    return record("九年一贯制学校", "九年一贯制", **base)


def test_mixed_school_split_feeds_the_cv_hand_computed():
    # 教学及辅助用房 9400 ㎡: 小学 9400·1000/1880 = 5000 ㎡ (5.0/生), 初中 9400·880/1880 = 4400 ㎡ (5.5/生).
    schools = [_nine_year(), primary("小学乙", 500, teaching_rooms_m2=2000),
               junior("初中丙", 400, teaching_rooms_m2=2800)]
    summary = summarise(schools)
    p, j = summary.stages["primary"], summary.stages["junior"]
    values = {s.name: o.value for s, o in observations("R4", "primary", p.schools)}
    assert values == {"九年一贯制学校": 5, "小学乙": 4}
    assert {s.name: o.value for s, o in observations("R4", "junior", j.schools)} == {
        "九年一贯制学校": Fraction(11, 2), "初中丙": 7}
    # 小学: x̄ = 7000/1500 = 14/3; S² = (2/3)(1/3)² + (1/3)(2/3)² = 2/9; CV² = (2/9)/(14/3)² = 1/98.
    r4p = p.spreads["R4"].dispersion
    assert r4p.mean == Fraction(14, 3) and r4p.variance == Fraction(2, 9)
    assert round(r4p.cv, 12) == round(Decimal(1) / Decimal(98).sqrt(), 12)
    # 初中: x̄ = 7200/1200 = 6; S² = (2/3)(1/2)² + (1/3)(1)² = 1/2; CV² = 1/72.
    r4j = j.spreads["R4"].dispersion
    assert r4j.mean == 6 and r4j.variance == Fraction(1, 2)
    assert round(r4j.cv, 12) == round(Decimal(1) / Decimal(72).sqrt(), 12)
    # The county mean is the total resource over total students (REFERENCE §1.2).
    assert r4p.students == 1500 and r4j.students == 1200


def test_complete_middle_and_twelve_year_schools_split_by_their_weights():
    full = record("完中", "完全中学", students_junior=600, students_senior=500,
                  teachers_above_degree_junior=40, backbone_teachers_junior=8,
                  pe_art_teachers_junior=6, teaching_rooms_m2=7200, sports_area_m2=12000,
                  equipment_value_yuan=3000000, multimedia_rooms=24)
    twelve = record("十二年", "十二年一贯制", students_primary=1000, students_junior=500,
                    students_senior=250, teachers_above_degree_primary=45,
                    backbone_teachers_primary=10, pe_art_teachers_primary=9,
                    teachers_above_degree_junior=30, backbone_teachers_junior=5,
                    pe_art_teachers_junior=5, teaching_rooms_m2=9400, sports_area_m2=18800,
                    equipment_value_yuan=5000000, multimedia_rooms=47)
    summary = summarise([full, twelve])
    junior_values = {s.name: o.value for s, o in observations("R4", "junior", summary.stages["junior"].schools)}
    # 完中: junior share 600/(600 + 1.2·500) = 1/2 → 3600 ㎡ / 600 = 6.
    # 十二年: 1000 + 550 + 330 = 1880; junior share 550/1880 → 9400·550/1880 / 500 = 5.5.
    assert junior_values == {"完中": 6, "十二年": Fraction(11, 2)}
    primary_values = {s.name: o.value for s, o in observations("R4", "primary", summary.stages["primary"].schools)}
    assert primary_values == {"十二年": 5}  # 9400·1000/1880 / 1000
    # 高中 is never judged.
    assert set(summary.stages) == {"primary", "junior"}
    assert set(summary.schools[0].stages) == {"junior"}


def _pair(second_rooms):
    return [primary("甲小学", 1000, teaching_rooms_m2=3000), primary("乙小学", 1000, teaching_rooms_m2=second_rooms)]


def test_changing_one_school_flips_a_cv_across_the_limit():
    # Values 3 and 1 ㎡ per student, equal enrolment: CV = 2/4 = 0.5 exactly → within ≤ 0.50.
    at = summarise(_pair(1000)).stages["primary"]
    assert at.spreads["R4"].dispersion.cv == Decimal("0.5")
    assert at.spreads["R4"].within_limit is True
    assert at.passed is True
    # One square metre less at 乙小学: CV = 2.001/3.999 = 0.50038 > 0.50.
    over = summarise(_pair(999)).stages["primary"]
    assert over.spreads["R4"].within_limit is False
    assert over.passed is False and over.cv_failed == ["R4"]


def test_junior_limit_is_0_45():
    # Values 29 and 11 (equal size): CV = 18/40 = 0.45 → within; 10.9 → above.
    schools = [junior("甲中学", 1000, teaching_rooms_m2=29000), junior("乙中学", 1000, teaching_rooms_m2=11000)]
    assert summarise(schools).stages["junior"].spreads["R4"].within_limit is True
    schools[1] = junior("乙中学", 1000, teaching_rooms_m2=10900)
    stage = summarise(schools).stages["junior"]
    assert stage.limit == Fraction(45, 100) and stage.spreads["R4"].within_limit is False


def test_per_school_verdicts_come_from_the_engine_and_the_county_rule_needs_both():
    weak = primary("弱小学", 1000, backbone_teachers_primary=5, pe_art_teachers_primary=5)
    summary = summarise([primary("甲小学"), primary("丙小学", 600), weak])
    stage = summary.stages["primary"]
    assert stage.schools_met == 2
    assert [(s.name, st) for s, st in summary.failing] == [("弱小学", "primary")]
    assert stage.spreads["R2"].schools_met == 2
    r2 = stage.spreads["R2"].dispersion
    # R2 values 1.2, 8/600·100 = 4/3, 0.5 per hundred; recomputed from the definition:
    direct = weighted_cv([Observation(Fraction(1000), Fraction(12, 10)),
                          Observation(Fraction(600), Fraction(4, 3)),
                          Observation(Fraction(1000), Fraction(5, 10))])
    assert r2.variance == direct.variance and r2.mean == direct.mean
    # The seven CVs are within the limit, but one school fails the per-school rule.
    assert stage.passed is True
    assert stage.county_passed is False


def test_composite_is_the_mean_of_the_seven_cvs():
    stage = summarise([primary("甲小学"), primary("乙小学", 500, teaching_rooms_m2=2000)]).stages["primary"]
    cvs = [Fraction(s.dispersion.cv) for s in stage.spreads.values()]
    assert abs(Fraction(stage.composite) - sum(cvs) / 7) < Fraction(1, 10 ** 35)
    assert stage.composite > 0


def test_excluded_schools_are_left_out_and_listed():
    special = SchoolRecord("特教学校", "特殊教育学校", {}, excluded="特殊教育学校")
    summary = summarise([primary("甲小学"), special])
    assert [s.name for s in summary.schools] == ["甲小学"]
    assert summary.excluded == (special,)
    assert len(summary.stages["primary"].schools) == 1


def test_a_school_missing_a_value_is_left_out_of_that_indicator_only():
    partial = record("缺数据小学", "小学", students_primary=800, teachers_above_degree_primary=40)
    stage = summarise([primary("甲小学"), primary("乙小学", 500), partial]).stages["primary"]
    assert stage.spreads["R1"].dispersion.schools == 3
    assert stage.spreads["R4"].dispersion.schools == 2
    assert stage.spreads["R4"].missing == ("缺数据小学",)
    assert stage.schools_met == 2  # 未完成 is not 达标
