"""Definition files: every kind of problem is reported, all at once, with file and item."""

import pytest

from desktop.core.errors import ChecklistFileError
from desktop.core.loader import load_checklist

GOOD_ITEM = '''
[[items]]
id = "rooms"
section = "s1"
title = "教室数"
type = "integer"
threshold = 2
source = "测试"
'''


def problems_of(write_checklist, body, **kw):
    with pytest.raises(ChecklistFileError) as info:
        load_checklist(write_checklist(body, **kw))
    return [str(p) for p in info.value.problems]


def test_a_good_file_loads(write_checklist):
    checklist = load_checklist(write_checklist(GOOD_ITEM))
    assert checklist.item("rooms").threshold.value == 2


@pytest.mark.parametrize("body, words", [
    (GOOD_ITEM.replace('type = "integer"', 'type = "integr"'), "答题类型「integr」无效"),
    (GOOD_ITEM.replace('section = "s1"', 'section = "s9"'), "所属分区「s9」不存在"),
    (GOOD_ITEM.replace('id = "rooms"', 'id = "Rooms-1"'), "条目编号只能用小写字母"),
    (GOOD_ITEM.replace('title = "教室数"\n', ""), "缺少必填字段「title」"),
    (GOOD_ITEM.replace('source = "测试"', ""), "缺少必填字段「source」"),
    (GOOD_ITEM + 'thresold = 3\n', "未知字段「thresold」"),
    (GOOD_ITEM.replace("threshold = 2", 'threshold = "ceil(classes / 12)"'), "不存在的条目「classes」"),
    (GOOD_ITEM.replace("threshold = 2", 'threshold = "__import__(1)"'), "不允许的函数"),
    (GOOD_ITEM.replace("threshold = 2", 'threshold = "rooms ** 2"'), "不允许的写法"),
    (GOOD_ITEM.replace("threshold = 2", "threshold = true"), "不能是 true/false"),
    (GOOD_ITEM.replace("threshold = 2", "threshold = { senior2 = 3 }"), "标准值的键「senior2」无效"),
    (GOOD_ITEM.replace("threshold = 2", 'threshold = 2\ncompare = "=>"'), "比较方式「=>」无效"),
    (GOOD_ITEM + "min = 10\nmax = 1\n", "下限（min）大于上限"),
    (GOOD_ITEM + 'confidence = "V2"\n', "必须在「basis_note」中说明"),
    (GOOD_ITEM + 'confidence = "X"\n', "confidence"),
    (GOOD_ITEM + 'applies = { types = ["大学"] }\n', "「大学」无效"),
    (GOOD_ITEM + 'veto = true\n', "一票否决项"),
    (GOOD_ITEM + 'gap_text = "还差"\n', "{gap}"),
    (GOOD_ITEM + 'options = ["a", "b"]\n', "只有单选题"),
    (GOOD_ITEM + GOOD_ITEM, "条目编号「rooms」重复"),
    (GOOD_ITEM.replace('type = "integer"', 'type = "computed"'), "必须有公式"),
    (GOOD_ITEM.replace('type = "integer"\nthreshold = 2', 'type = "text"\nthreshold = 2'),
     "只有数值类条目可以有标准值"),
    ('''
[[items]]
id = "a"
section = "s1"
title = "甲"
type = "computed"
formula = "b + 1"
source = "测试"

[[items]]
id = "b"
section = "s1"
title = "乙"
type = "computed"
formula = "a + 1"
source = "测试"
''', "循环引用"),
    ('''
[[items]]
id = "pick"
section = "s1"
title = "选择"
type = "choice"
options = ["甲"]
pass_options = ["乙"]
source = "测试"
''', "达标选项「乙」不在选项列表中"),
])
def test_each_kind_of_problem_is_named(write_checklist, body, words):
    found = problems_of(write_checklist, body)
    assert any(words in p for p in found), found
    assert all(p.startswith("demo.toml") for p in found)


def test_every_problem_is_reported_at_once(write_checklist):
    body = (GOOD_ITEM.replace('type = "integer"', 'type = "integr"')
            + GOOD_ITEM.replace('id = "rooms"', 'id = "halls"').replace('section = "s1"', 'section = "x"')
            + 'bogus = 1\n')
    found = problems_of(write_checklist, body)
    assert len(found) >= 3
    assert any("条目 rooms" in p for p in found) and any("条目 halls" in p for p in found)


def test_header_problems(write_checklist):
    header = 'id = "Bad Id"\nversion = "1"\ntitle = "t"\napplies_to = []\nsource = "s"\n' \
             '[[sections]]\nid = "s1"\ntitle = "一"\n'
    found = problems_of(write_checklist, GOOD_ITEM, header=header)
    assert any("检查表编号" in p for p in found)
    assert any("applies_to" in p for p in found)


def test_broken_toml_says_where(write_checklist):
    found = problems_of(write_checklist, "[[items]\nid = 1\n")
    assert len(found) == 1 and "TOML 格式错误" in found[0] and "第 11 行" in found[0]


def test_not_utf8(tmp_path):
    path = tmp_path / "gbk.toml"
    path.write_bytes('title = "检查"'.encode("gbk"))
    with pytest.raises(ChecklistFileError, match="UTF-8"):
        load_checklist(path)


def test_definitions_are_never_executed(write_checklist, tmp_path):
    marker = tmp_path / "pwned"
    body = GOOD_ITEM.replace("threshold = 2", f'threshold = "open(\'{marker}\', \'w\')"')
    problems_of(write_checklist, body)
    assert not marker.exists()
