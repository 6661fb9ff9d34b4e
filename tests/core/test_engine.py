"""Item evaluation: statuses, thresholds, gaps, applicability, vetoes, scores and the verdict."""

import datetime as dt
from fractions import Fraction as F

import pytest

from desktop.core.engine import Status, evaluate, parse_answers
from desktop.core.errors import InputError
from desktop.core.loader import load_checklist
from desktop.core.model import SchoolProfile

BODY = '''
[[items]]
id = "classes"
section = "s1"
title = "班级数"
type = "integer"
unit = "个"
source = "测试"

[[items]]
id = "music_rooms"
section = "s1"
title = "音乐专用教室数"
type = "integer"
unit = "间"
threshold = "ceil(classes / 12)"
gap_text = "还需 {gap} 间音乐专用教室"
source = "测试"

[[items]]
id = "max_class"
section = "s1"
title = "最大班额"
type = "integer"
unit = "人"
threshold = { primary = 45, junior = 50 }
compare = "<="
applies = { stages = ["primary"] }
source = "测试"

[[items]]
id = "school_size"
section = "s1"
title = "在校生数"
type = "integer"
unit = "人"
threshold = { "小学" = 2000, "九年一贯制" = 2500 }
compare = "<="
source = "测试"

[[items]]
id = "trained"
section = "s1"
title = "完成培训教师数"
type = "integer"
source = "测试"

[[items]]
id = "teachers"
section = "s1"
title = "专任教师数"
type = "integer"
source = "测试"

[[items]]
id = "training_rate"
section = "s1"
title = "培训完成率"
type = "computed"
unit = "%"
formula = "trained / teachers * 100"
threshold = 100
source = "测试"

[[items]]
id = "has_bus"
section = "s1"
title = "是否有校车"
type = "yes_no"
source = "测试"

[[items]]
id = "bus_escort"
section = "s1"
title = "校车配随车照管人员"
type = "yes_no"
expected = true
gap_text = "应为每辆校车配备随车照管人员"
applies = { condition = "has_bus" }
source = "测试"

[[items]]
id = "dorm_manager"
section = "s1"
title = "宿舍管理员"
type = "yes_no"
expected = true
applies = { boarding = true }
source = "测试"

[[items]]
id = "rural_only"
section = "s1"
title = "乡村学校条目"
type = "yes_no"
expected = true
applies = { locales = ["乡村"] }
source = "测试"

[[items]]
id = "last_drill"
section = "s1"
title = "最近一次疏散演练日期"
type = "date"
within_days = 31
source = "测试"

[[items]]
id = "moral"
section = "s1"
title = "德育评价"
type = "choice"
options = ["优秀", "良好", "一般"]
pass_options = ["优秀", "良好"]
source = "测试"

[[items]]
id = "satisfaction"
section = "s1"
title = "满意度"
type = "percent"
threshold = 85
source = "测试"

[[items]]
id = "charter"
section = "s1"
title = "学校章程"
type = "text"
required = true
source = "测试"

[[items]]
id = "remark"
section = "s1"
title = "其他说明"
type = "text"
source = "测试"

[[items]]
id = "exam_admission"
section = "s1"
title = "以考试方式招生"
type = "yes_no"
labels = ["有", "无"]
expected = false
veto = true
source = "测试"
'''

ON = dt.date(2025, 11, 1)
ALL_MET = {
    "classes": 24, "music_rooms": 2, "max_class": 45, "school_size": 2000, "trained": 50,
    "teachers": 50, "has_bus": "否", "last_drill": "2025-10-01", "moral": "良好",
    "satisfaction": 85, "charter": "已制定", "exam_admission": "无",
}


@pytest.fixture
def checklist(write_checklist):
    return load_checklist(write_checklist(BODY))


def run(checklist, answers, school=SchoolProfile("小学", locale="城区")):
    return evaluate(checklist, school, parse_answers(checklist, answers), ON)


def test_everything_at_the_standard_is_met(checklist):
    result = run(checklist, ALL_MET)
    assert result.verdict == "达标", [(r.id, r.status) for r in result.items]
    statuses = {r.id: r.status for r in result.items}
    assert statuses["classes"] is Status.RECORDED
    assert statuses["bus_escort"] is Status.NOT_APPLICABLE
    assert statuses["dorm_manager"] is Status.NOT_APPLICABLE
    assert statuses["rural_only"] is Status.NOT_APPLICABLE
    assert statuses["remark"] is Status.UNANSWERED  # optional text: does not block the verdict


def test_threshold_formula_and_gap_text(checklist):
    r = run(checklist, {**ALL_MET, "classes": 25}).result("music_rooms")
    assert (r.status, r.threshold, r.gap) == (Status.UNMET, 3, 1)
    assert r.gap_text == "还需 1 间音乐专用教室"
    assert r.threshold_text == "≥ 3间"


def test_at_most_threshold_by_stage(checklist):
    r = run(checklist, {**ALL_MET, "max_class": 46}).result("max_class")
    assert (r.status, r.threshold, r.gap) == (Status.UNMET, 45, 1)
    assert r.gap_text == "超出 1人"


def test_threshold_by_school_type(checklist):
    assert run(checklist, {**ALL_MET, "school_size": 2001}).result("school_size").status is Status.UNMET
    nine = SchoolProfile("九年一贯制", locale="城区")
    assert run(checklist, {**ALL_MET, "school_size": 2500}, nine).result("school_size").status is Status.MET


def test_computed_item_exact_and_missing_inputs(checklist):
    r = run(checklist, {**ALL_MET, "trained": 49}).result("training_rate")
    assert r.value == F(98) and r.status is Status.UNMET and r.gap == 2
    answers = dict(ALL_MET)
    del answers["teachers"]
    r = run(checklist, answers).result("training_rate")
    assert r.status is Status.UNANSWERED and "专任教师数" in r.message
    r = run(checklist, {**ALL_MET, "teachers": 0, "trained": 0}).result("training_rate")
    assert r.status is Status.UNANSWERED and "除数为零" in r.message


def test_condition_on_other_answer(checklist):
    assert run(checklist, {**ALL_MET, "has_bus": "是"}).result("bus_escort").status is Status.UNANSWERED
    result = run(checklist, {**ALL_MET, "has_bus": "是", "bus_escort": "否"})
    assert result.result("bus_escort").status is Status.UNMET
    assert result.result("bus_escort").gap_text == "应为每辆校车配备随车照管人员"
    assert result.verdict == "未达标"


def test_boarding_and_locale_applicability(checklist):
    school = SchoolProfile("小学", locale="乡村", boarding=True)
    result = run(checklist, ALL_MET, school)
    assert result.result("dorm_manager").status is Status.UNANSWERED
    assert result.result("rural_only").status is Status.UNANSWERED
    assert result.verdict == "未完成"


@pytest.mark.parametrize("day, status", [
    ("2025-10-01", Status.MET),  # 31 days before
    ("2025-09-30", Status.UNMET),  # 32 days
    ("2025-11-01", Status.MET),
    ("2025-11-02", Status.UNMET),  # in the future: a typing error
])
def test_date_within_days(checklist, day, status):
    assert run(checklist, {**ALL_MET, "last_drill": day}).result("last_drill").status is status


def test_choice_and_percent_boundaries(checklist):
    assert run(checklist, {**ALL_MET, "moral": "一般"}).result("moral").status is Status.UNMET
    r = run(checklist, {**ALL_MET, "satisfaction": "84.99"}).result("satisfaction")
    assert r.status is Status.UNMET and r.gap == F("0.01") and r.gap_text == "还差 0.01%"


def test_veto_fails_whatever_else_holds(checklist):
    result = run(checklist, {**ALL_MET, "exam_admission": "有"})
    assert result.verdict == "未达标"
    assert [r.id for r in result.vetoes] == ["exam_admission"]


def test_unanswered_standard_item_leaves_it_unfinished(checklist):
    answers = dict(ALL_MET)
    del answers["moral"]
    result = run(checklist, answers)
    assert result.verdict == "未完成"
    assert result.counts["unanswered"] == 2  # moral and the optional remark


def test_veto_decides_even_when_unfinished(checklist):
    result = run(checklist, {"exam_admission": "有"})
    assert result.verdict == "未达标"


@pytest.mark.parametrize("item_id, raw, words", [
    ("classes", "十二", "应填数字"),
    ("classes", "2.5", "应填整数"),
    ("classes", -1, "小于允许的最小值"),
    ("satisfaction", 101, "大于允许的最大值"),
    ("moral", "很好", "不是可选项"),
    ("has_bus", "也许", "应回答"),
    ("last_drill", "2025-02-30", "应填日期"),
    ("training_rate", 100, "自动计算"),
    ("no_such_item", 1, "没有条目"),
])
def test_bad_answers_name_the_item(checklist, item_id, raw, words):
    with pytest.raises(InputError) as info:
        parse_answers(checklist, {item_id: raw})
    assert words in str(info.value)
    assert item_id in str(info.value) or info.value.field == item_id


def test_answers_accept_what_people_type(checklist):
    values = parse_answers(checklist, {"satisfaction": "90%", "music_rooms": "3间",
                                       "last_drill": "2025年10月8日", "has_bus": "有"})
    assert values == {"satisfaction": F(90), "music_rooms": F(3),
                      "last_drill": dt.date(2025, 10, 8), "has_bus": True}


PROFILE_AND_CHOICE = '''
[[items]]
id = "nature"
section = "s1"
title = "办园性质"
type = "choice"
options = ["公办", "普惠性民办", "非普惠性民办"]
source = "测试"

[[items]]
id = "fee_cap"
section = "s1"
title = "收费不超过政府限价"
type = "yes_no"
expected = true
applies = { condition = "nature != \\"非普惠性民办\\"" }
source = "测试"

[[items]]
id = "clinic"
section = "s1"
title = "设卫生室"
type = "yes_no"
expected = true
applies = { condition = "school_boarding or enrolled >= 600" }
source = "测试"

[[items]]
id = "enrolled"
section = "s1"
title = "在校生数"
type = "integer"
source = "测试"

[[items]]
id = "served"
section = "s1"
title = "供餐餐次"
type = "integer"
source = "测试"

[[items]]
id = "accompanied"
section = "s1"
title = "有陪餐记录的餐次"
type = "integer"
max = "served"
source = "测试"

[[items]]
id = "coverage"
section = "s1"
title = "陪餐覆盖率"
type = "computed"
formula = "accompanied / served * 100"
threshold = 100
source = "测试"
'''


def test_conditions_read_choices_and_the_school_profile(write_checklist):
    c = load_checklist(write_checklist(PROFILE_AND_CHOICE))
    base = {"nature": "公办", "enrolled": 500, "served": 60, "accompanied": 60}
    day = run(c, base, SchoolProfile("幼儿园"))
    assert day.result("fee_cap").status is Status.UNANSWERED
    assert day.result("clinic").status is Status.NOT_APPLICABLE
    private = run(c, {**base, "nature": "非普惠性民办"}, SchoolProfile("幼儿园"))
    assert private.result("fee_cap").status is Status.NOT_APPLICABLE
    boarding = run(c, base, SchoolProfile("小学", boarding=True))
    assert boarding.result("clinic").status is Status.UNANSWERED
    big = run(c, {**base, "enrolled": 600}, SchoolProfile("小学"))
    assert big.result("clinic").status is Status.UNANSWERED


def test_an_answer_cannot_exceed_another_it_depends_on(write_checklist):
    c = load_checklist(write_checklist(PROFILE_AND_CHOICE))
    over = run(c, {"served": 60, "accompanied": 61}).result("accompanied")
    assert over.status is Status.UNANSWERED and "超过了「供餐餐次」的 60" in over.message
    assert run(c, {"served": 60, "accompanied": 60}).result("accompanied").status is Status.RECORDED
    coverage = run(c, {"served": 60, "accompanied": 61}).result("coverage")
    assert coverage.status is Status.UNANSWERED and "需核对" in coverage.message


def test_text_in_arithmetic_is_not_computable():
    from desktop.core import formula
    with pytest.raises(formula.NotComputable):
        formula.parse('a + 1').evaluate({"a": "公办"})
    with pytest.raises(formula.NotComputable):
        formula.parse('a > "x"').evaluate({"a": "公办"})


def test_strict_limit_met_exactly_says_what_is_needed(write_checklist):
    c = load_checklist(write_checklist('''
[[items]]
id = "diff_rate"
section = "s1"
title = "校际差异率"
type = "number"
threshold = 0.15
compare = "<"
source = "测试"
'''))
    r = run(c, {"diff_rate": "0.15"}).result("diff_rate")
    assert r.status is Status.UNMET and r.gap_text == "应低于 0.15"
    assert run(c, {"diff_rate": "0.149"}).result("diff_rate").status is Status.MET
