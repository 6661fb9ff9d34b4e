"""The list of schools expected to submit, and who is missing."""

import pytest

from desktop.district.progress import Cancelled
from desktop.district.roster import RosterEntry, not_on_roster, not_submitted, read_roster
from desktop.district.schools import SchoolRecord
from desktop.district.summary import summarise
from tests.district.factories import primary, write_xlsx


def test_roster_from_txt_in_gbk_and_from_xlsx(tmp_path):
    txt = tmp_path / "名单.txt"
    txt.write_bytes("甲小学\n乙小学\n\n甲小学\n".encode("gbk"))
    assert read_roster(txt) == [RosterEntry("甲小学"), RosterEntry("乙小学")]
    xlsx = write_xlsx(tmp_path / "名单.xlsx", [{"学校名称": "丙中学", "学校标识码": 4400000003, "学校类型": "初中"}],
                      ["序号", "学校名称", "学校标识码", "学校类型"])
    assert read_roster(xlsx) == [RosterEntry("丙中学", "4400000003", "初中")]


def test_missing_matched_by_code_first_then_by_name():
    roster = [RosterEntry("甲小学", "4400000001"), RosterEntry("乙 小学"), RosterEntry("丙中学", "4400000003")]
    records = [SchoolRecord("甲小学（本部）", "小学", code="4400000001"), SchoolRecord("乙小学", "小学"),
               SchoolRecord("丁小学", "小学")]
    assert not_submitted(roster, records) == [roster[2]]
    assert [r.name for r in not_on_roster(roster, records)] == ["丁小学"]


def test_summarise_reports_progress_and_can_be_cancelled():
    schools = [primary(f"第{n}小学", 300 + n) for n in range(120)]
    seen = []
    summarise(schools, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 120) and seen[-1] == (120, 120)
    with pytest.raises(Cancelled):
        summarise(schools, is_cancelled=lambda: True)


def test_roster_marks_schools_to_leave_out_for_package_input(tmp_path):
    xlsx = write_xlsx(tmp_path / "名单.xlsx", [
        {"学校名称": "甲小学"}, {"学校名称": "村教学点", "不纳入统计": "教学点不足50人"},
        {"学校名称": "乙小学", "学校标识码": "4400000002", "不纳入统计": "是"}],
        ["学校名称", "学校标识码", "不纳入统计"])
    roster = read_roster(xlsx)
    records = [primary("甲小学"), primary("村教学点", 40),
               SchoolRecord("乙小学（新校名）", "小学", code="4400000002")]
    from desktop.district.roster import apply_exclusions
    marked = apply_exclusions(roster, records)
    assert [(r.name, r.excluded) for r in marked] == [
        ("甲小学", ""), ("村教学点", "教学点不足50人"), ("乙小学（新校名）", "不纳入统计")]
    assert [s.name for s in summarise(marked).schools] == ["甲小学"]
