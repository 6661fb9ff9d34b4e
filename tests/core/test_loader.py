"""Definition files: every kind of problem is reported, all at once, with file and item."""

import pytest

from desktop.core.errors import ChecklistFileError
from desktop.core.loader import load_checklist, load_overlay, printed_basis_problem

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


# ---- the printed basis (依据) is a document citation, never a research note ----------------------

@pytest.mark.parametrize("text", [
    "《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）第五条",
    "《幼儿园工作规程》（教育部令第39号）第十一条",
    "GB/T 29315-2022《中小学、幼儿园安全防范要求》",
    "《恩平市教育系统2025年工作要点》25",
    "《源城区教育发展“十四五”规划》附件1 第9项",
])
def test_document_citations_may_be_printed(text):
    assert printed_basis_problem(text) is None


@pytest.mark.parametrize("text, named", [
    ("教督〔2017〕6号 第六条（YZJH-G5；据 fudaoke 摘要、公开实现、安徽报道）", "「fudaoke」"),
    ("教督〔2017〕6号（据 fudaoke 摘要）", "「据…摘要」"),
    ("幼儿园规程（REFERENCE XQPH-Q3）", "「REFERENCE」"),
    ("教督〔2020〕1号 定义（cqcb.com 报道引述办法）", "网站域名"),
    ("教督〔2020〕1号 定义（cqcb.com 报道引述办法）", "「报道」"),
    ("见 https://example.org/a", "网址"),
    ("见 www.moe.gov.cn", "网址"),
    ("教育部网站 moe.gov.cn", "网站域名"),
    ("办法（QQ94.COM）", "网站域名"),
    ("河北省具体办法 二(一)1（转载教督〔2017〕6号）", "「转载」"),
    ("公安消防检查清单（公开实现）", "「公开实现」"),
    ("本项目据县级指标拆分", "「本项目」"),
    ("Reference §2", "「REFERENCE」"),
])
def test_research_notes_are_refused_as_basis(text, named):
    problem = printed_basis_problem(text)
    assert problem is not None and named in problem and "basis_note" in problem


def test_loader_names_file_and_item_of_a_bad_basis(write_checklist):
    body = GOOD_ITEM.replace('source = "测试"', 'source = "教督〔2017〕6号（据 fudaoke 摘要）"\n'
                                               'confidence = "V2"\nbasis_note = "说明"')
    problems = problems_of(write_checklist, body)
    assert len(problems) == 1
    assert "条目 rooms" in problems[0] and "依据" in problems[0] and "「据…摘要」" in problems[0]
    assert problems[0].split("，")[0].endswith(".toml")


def test_research_notes_belong_in_basis_note(write_checklist):
    body = GOOD_ITEM.replace('source = "测试"', 'source = "教督〔2017〕6号 第五条"\nconfidence = "V2"\n'
                                               'basis_note = "据 fudaoke 摘要、公开实现、cqcb.com 报道"')
    assert load_checklist(write_checklist(body)).item("rooms").source.note.startswith("据 fudaoke")


def test_a_bad_basis_in_an_overlay_is_refused(tmp_path):
    path = tmp_path / "xx.toml"
    path.write_text('id = "xx"\nversion = "1"\ntitle = "某省"\nsource = "某省文件"\n\n'
                    '[[changes]]\nchecklist = "yzjh"\nitem = "a"\nthreshold = 2\n'
                    'source = "某市工作要点（REFERENCE §0）"\n', encoding="utf-8")
    with pytest.raises(ChecklistFileError) as info:
        load_overlay(path)
    assert any("xx.toml" in str(p) and "REFERENCE" in str(p) for p in info.value.problems)
