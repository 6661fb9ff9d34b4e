"""Local overlays change thresholds and add items without touching the national file."""

import textwrap
from fractions import Fraction as F

import pytest

from desktop.core.engine import Status, evaluate, parse_answers
from desktop.core.errors import ChecklistFileError
from desktop.core.loader import apply_overlay, load_checklist, load_overlay
from desktop.core.model import SchoolProfile

BODY = '''
[[items]]
id = "public_share"
section = "s1"
title = "公办园在园幼儿占比"
type = "percent"
threshold = 50
source = "国家标准"

[[items]]
id = "drills"
section = "s1"
title = "本学期演练次数"
type = "integer"
threshold = 1
source = "国家标准"
'''

OVERLAY = '''
id = "gd"
version = "2025.1"
title = "广东省"
source = "广东省文件"

[[changes]]
checklist = "demo"
item = "drills"
threshold = 2
score = 10
source = "广东省要求"

[[changes]]
checklist = "demo"
item = "public_share"
score = 10

[[sections]]
checklist = "demo"
id = "gd_extra"
title = "广东省补充"

[[items]]
checklist = "demo"
id = "gd_surveys"
section = "gd_extra"
title = "每学期满意度测评次数"
type = "integer"
threshold = 2
score = 20
source = "广东省文件"

[[grades]]
checklist = "demo"
grade = "优秀"
min_percent = 90

[[grades]]
checklist = "demo"
grade = "良好"
min_percent = 80

[[grades]]
checklist = "demo"
grade = "合格"
min_percent = 60
'''


@pytest.fixture
def pair(write_checklist, tmp_path):
    checklist = load_checklist(write_checklist(BODY))
    path = tmp_path / "gd.toml"
    path.write_text(textwrap.dedent(OVERLAY), encoding="utf-8")
    return checklist, load_overlay(path)


def test_overlay_changes_threshold_and_adds_items(pair):
    national, overlay = pair
    local = apply_overlay(national, overlay)
    assert national.item("drills").threshold.value == 1  # the national file is untouched
    assert local.item("drills").threshold.value == 2
    assert local.item("drills").overlay == "gd"
    assert local.item("drills").source.text == "广东省要求"
    assert local.item("gd_surveys").section == "gd_extra"
    assert local.overlay_title == "广东省"
    school = SchoolProfile("幼儿园")
    answers = {"public_share": 60, "drills": 1, "gd_surveys": 2}
    assert evaluate(national, school, parse_answers(national, {"public_share": 60, "drills": 1})).verdict == "达标"
    assert evaluate(local, school, parse_answers(local, answers)).verdict == "未达标"


@pytest.mark.parametrize("answers, self_scores, total, grade", [
    ({"public_share": 60, "drills": 2, "gd_surveys": 2}, {}, 40, "优秀"),
    ({"public_share": 60, "drills": 1, "gd_surveys": 2}, {}, 30, "合格"),  # 75 %
    ({"public_share": 60, "drills": 1, "gd_surveys": 2}, {"drills": F(2)}, 32, "良好"),  # 80 %
    ({"public_share": 40, "drills": 1, "gd_surveys": 2}, {}, 20, "不合格"),
])
def test_scoring_and_grade_bands(pair, answers, self_scores, total, grade):
    local = apply_overlay(*pair)
    result = evaluate(local, SchoolProfile("幼儿园"), parse_answers(local, answers),
                      self_scores=self_scores)
    assert result.max_score == 40
    assert result.self_score == total
    assert result.grade == grade


def test_self_score_above_item_score_is_refused(pair):
    from desktop.core.errors import InputError
    local = apply_overlay(*pair)
    with pytest.raises(InputError, match="自评得分"):
        evaluate(local, SchoolProfile("幼儿园"), parse_answers(local, {"drills": 1}),
                 self_scores={"drills": F(11)})


def test_overlay_naming_a_missing_item_is_refused(pair, tmp_path):
    national, _ = pair
    path = tmp_path / "bad.toml"
    path.write_text(textwrap.dedent(OVERLAY).replace('item = "drills"', 'item = "drill"'),
                    encoding="utf-8")
    with pytest.raises(ChecklistFileError, match="没有条目「drill」"):
        apply_overlay(national, load_overlay(path))


def test_overlay_cannot_replace_an_item_silently(pair, tmp_path):
    national, _ = pair
    path = tmp_path / "dup.toml"
    path.write_text(textwrap.dedent(OVERLAY).replace('id = "gd_surveys"', 'id = "drills"'),
                    encoding="utf-8")
    with pytest.raises(ChecklistFileError, match="已有同名条目"):
        apply_overlay(national, load_overlay(path))


def test_overlay_can_relax_a_yes_no_item_and_its_applicability(pair, tmp_path, write_checklist):
    national = load_checklist(write_checklist('''
[[items]]
id = "has_shop"
section = "s1"
title = "校内设有小卖部"
type = "yes_no"
expected = false
source = "国家标准"
'''))
    path = tmp_path / "relax.toml"
    path.write_text(textwrap.dedent('''
        id = "gd"
        version = "1"
        title = "广东省"
        source = "广东省文件"

        [[changes]]
        checklist = "demo"
        item = "has_shop"
        applies = { boarding = false }
        source = "寄宿制学校经集体决策可保留"
        '''), encoding="utf-8")
    local = apply_overlay(national, load_overlay(path))
    answers = parse_answers(local, {"has_shop": "是"})
    boarding = evaluate(local, SchoolProfile("小学", boarding=True), answers)
    assert boarding.result("has_shop").status is Status.NOT_APPLICABLE
    day = evaluate(local, SchoolProfile("小学"), answers)
    assert day.result("has_shop").status is Status.UNMET
