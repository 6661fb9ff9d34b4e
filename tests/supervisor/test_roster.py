"""The roster: read from a county table with every bad row named, stored whole, matched to packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import ImportFileError
from desktop.supervisor.roster import RosterIndex, RosterSchool, read_roster, same_school

HEAD = ["序号", "学校名称", "学校标识码", "类型", "小学在校生数", "初中在校生数", "责任督学", "不纳入统计"]


def xlsx(path: Path, rows: list[list], head: list[str] = HEAD, title: bool = True) -> Path:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "学校名单"
    if title:
        sheet.append(["示范县 2025 年度责任督学挂牌督导学校名单"])
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    [1, "城关镇第一学校", 2144190001, "九年一贯制学校", 1080, 760, "张督学", None],
    [2, "城南小学", "2144190002", "小学", 900, None, "张督学", "否"],
    [3, "东山教学点", None, "小学", 32, None, "李督学", "教学点不足50人"],
    [4, "示范县特殊教育学校", None, "特殊教育学校", 80, None, "李督学", "是"],
]


def test_a_county_table_with_a_title_row(tmp_path):
    schools = read_roster(xlsx(tmp_path / "名单.xlsx", GOOD))
    first, south, point, special = schools
    assert first == RosterSchool("城关镇第一学校", "2144190001", "九年一贯制", 1080, 760,
                                 inspector="张督学", row=3)
    assert first.enrolment == 1840 and south.enrolment == 900 and south.excluded == ""
    assert point.code == "" and point.excluded == "教学点不足50人"
    assert special.type == "特殊教育学校" and special.excluded == "不纳入统计"


@pytest.mark.parametrize("row, message", [
    ([5, "西山小学", "21441900", "小学", 100, None, "", None],
     r"第 7 行，C 列：「学校标识码」应为 10 位数字，现为「21441900」"),
    ([5, "西山小学", None, "职业高中", 100, None, "", None],
     r"第 7 行，D 列：「类型」「职业高中」不是可用的学校类型"),
    ([5, "城南 小学", None, "小学", 100, None, "", None],
     r"第 7 行，B 列：「学校名称」与第 4 行重复"),
    ([5, "西山小学", "2144190001", "小学", 100, None, "", None],
     r"第 7 行，C 列：「学校标识码」与第 3 行重复"),
    ([5, "西山小学", None, "小学", -3, None, "", None],
     r"第 7 行，E 列：「小学在校生数」不能为负数"),
    ([5, "西山小学", None, "小学", "约三百", None, "", None],
     r"第 7 行，E 列：「小学在校生数」应填数字，现为「约三百」"),
    ([5, "西山小学", None, "小学", 100.5, None, "", None],
     r"第 7 行，E 列：「小学在校生数」应为整数"),
    ([5, None, None, "小学", 100, None, "", None],
     r"第 7 行，B 列：「学校名称」为空"),
])
def test_a_bad_row_refuses_the_file_naming_row_and_column(tmp_path, row, message):
    with pytest.raises(ImportFileError, match=message) as caught:
        read_roster(xlsx(tmp_path / "名单.xlsx", GOOD + [row]))
    assert "名单.xlsx" in str(caught.value) and "工作表「学校名单」" in str(caught.value)


def test_missing_name_column_and_empty_roster(tmp_path):
    with pytest.raises(ImportFileError, match="找不到表头"):
        read_roster(xlsx(tmp_path / "a.xlsx", [[1, "甲"]], head=["序号", "校名"]))
    with pytest.raises(ImportFileError, match="名单中没有学校"):
        read_roster(xlsx(tmp_path / "b.xlsx", []))


def test_csv_from_chinese_excel_and_plain_text(tmp_path):
    csv = tmp_path / "名单.csv"
    csv.write_bytes("学校名称,学校标识码,学校类型\n城南小学,2144190002,小学\n城北小学,,小学\n"
                    .encode("gb18030"))
    assert [(s.name, s.code, s.type) for s in read_roster(csv)] == \
        [("城南小学", "2144190002", "小学"), ("城北小学", "", "小学")]
    txt = tmp_path / "名单.txt"
    txt.write_text("城南小学\n\n城北小学\n城南小学\n", encoding="utf-8")
    assert [s.name for s in read_roster(txt)] == ["城南小学", "城北小学"]


def test_a_statistics_table_works_as_a_roster(tmp_path):
    from tests.district.factories import primary, table_row, write_xlsx
    path = write_xlsx(tmp_path / "统计表.xlsx", [table_row(primary("甲小学", 700), "2144190011")])
    (entry,) = read_roster(path)
    assert (entry.name, entry.code, entry.type, entry.students_primary) == \
        ("甲小学", "2144190011", "小学", 700)


def test_importing_replaces_the_roster_all_or_nothing(ws, tmp_path):
    ws.import_roster(xlsx(tmp_path / "好.xlsx", GOOD))
    assert len(ws.roster()) == 4
    bad = xlsx(tmp_path / "坏.xlsx", GOOD[:1] + [[2, "乙", "123", "小学", 1, None, "", None]])
    with pytest.raises(ImportFileError):
        ws.import_roster(bad)
    assert [s.name for s in ws.roster()] == [r[1] for r in GOOD]
    assert ws.roster()[0].row == 3
    ws.import_roster(xlsx(tmp_path / "新.xlsx", GOOD[1:2]))
    assert [s.name for s in ws.roster()] == ["城南小学"]


def test_matching_by_code_else_by_name():
    index = RosterIndex([RosterSchool("城南小学", "2144190002"), RosterSchool("东山小学")])
    assert index.match("城南 小学", "").name == "城南小学"
    assert index.match("改了名的城南小学", "2144190002").name == "城南小学"
    assert index.match("城南小学", "2144190099") is None  # same name, another school
    assert index.match("东山小学", "2144190005").name == "东山小学"
    assert same_school("甲", "1", "乙", "1") and not same_school("甲", "1", "甲", "2")
