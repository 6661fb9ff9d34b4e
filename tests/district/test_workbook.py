"""The consolidated workbook: one row per school and 学段, unmet cells shaded and marked."""

from openpyxl import load_workbook

from desktop.district.kindergarten_table import Kindergarten
from desktop.district.preschool import preschool_summary
from desktop.district.roster import RosterEntry
from desktop.district.schools import SchoolRecord
from desktop.district.summary import summarise
from desktop.district.workbook import UNMET_FILL, number_format, write_workbook
from tests.district.factories import primary, record

NINE = record("九年一贯制学校", "九年一贯制", students_primary=1000, students_junior=800,
              teachers_above_degree_primary=45, backbone_teachers_primary=12,
              pe_art_teachers_primary=10, teachers_above_degree_junior=48,
              backbone_teachers_junior=9, pe_art_teachers_junior=8, teaching_rooms_m2=9400,
              sports_area_m2=18800, equipment_value_yuan=4700000, multimedia_rooms=47)


def _summary():
    weak = primary("弱小学", 1000, backbone_teachers_primary=5)
    special = SchoolRecord("特教学校", "特殊教育学校", {}, excluded="特殊教育学校")
    return summarise([primary("甲小学"), weak, NINE, special])


def test_summary_sheet_rows_marks_and_cv_sheet(tmp_path):
    path = write_workbook(tmp_path / "汇总.xlsx", _summary())
    book = load_workbook(path)
    assert book.sheetnames == ["汇总表", "差异系数", "统计范围"]
    sheet = book["汇总表"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in rows[:4]] == [("甲小学", "小学"), ("弱小学", "小学"),
                                                 ("九年一贯制学校", "小学"), ("九年一贯制学校", "初中")]
    assert rows[4][1] == "特教学校" and rows[4][-2] == "不纳入统计"
    # 弱小学 R2 = 0.5 per hundred: shaded and marked ✗ in its number format; R1 is not.
    r2 = sheet.cell(3, 7)
    assert r2.value == 0.5 and "✗" in r2.number_format and r2.fill.fgColor.rgb.endswith(UNMET_FILL)
    assert "✗" not in sheet.cell(3, 6).number_format
    assert rows[1][13] == "未达标" and rows[0][13] == "达标"
    # 九年一贯制 初中 R4: 9400·880/1880 / 800 = 5.5 ㎡ < 5.8 → marked; 小学 5.0 ≥ 4.5 → not.
    assert sheet.cell(5, 9).value == 5.5 and "✗" in sheet.cell(5, 9).number_format
    assert "✗" not in sheet.cell(4, 9).number_format
    cv = list(book["差异系数"].iter_rows(min_row=2, max_row=8, values_only=True))
    assert [r[1] for r in cv] == ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]
    assert all(r[8] == 0.5 for r in cv)  # 限值
    # The county mean against the standard and the CV against its limit: two columns.
    assert {r[5] for r in cv} <= {"达到", "低于标准值"} and {r[9] for r in cv} <= {"在限值内", "超出限值"}
    for sheet in book.worksheets:
        assert int(sheet.page_setup.paperSize) == 9 and "&P" in sheet.oddFooter.center.text
    assert book["汇总表"].print_title_rows == "$1:$1"


def test_number_format_shows_enough_decimals_to_see_a_miss():
    from fractions import Fraction
    assert number_format(Fraction("7.4999"), Fraction("7.5"), 2, "✗") == '0.0000" ✗"'
    assert number_format(Fraction(5), Fraction("4.5")) == "0.00"


def test_preschool_and_roster_sheets(tmp_path):
    kgs = [Kindergarten("甲园", "公办", 300, 10, 1, 20, 20, 10)]
    roster = [RosterEntry("甲小学"), RosterEntry("乙小学", "4400000002"), RosterEntry("特教学校")]
    path = write_workbook(tmp_path / "汇总.xlsx", _summary(), preschool_summary(kgs, 400), roster)
    book = load_workbook(path)
    assert book.sheetnames == ["汇总表", "差异系数", "普及普惠", "未提交学校", "统计范围"]
    missing = [r for r in book["未提交学校"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert missing == [(1, "乙小学", "4400000002", None)]
    extra = [r[1] for r in book["未提交学校"].iter_rows(values_only=True) if r[1]]
    assert "弱小学" in extra and "九年一贯制学校" in extra  # submitted but not on the roster
    metrics = {r[0]: r for r in book["普及普惠"].iter_rows(min_row=3, max_row=11, values_only=True) if r[0]}
    assert metrics["公办园在园幼儿占比"][1] == 1 and metrics["公办园在园幼儿占比"][4] == "达标"


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "汇总.xlsx"
    path.write_bytes(b"old")
    import openpyxl.workbook.workbook as wb

    def broken(self, filename):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(wb.Workbook, "save", broken)
    import pytest
    from desktop.core.errors import DesktopError
    with pytest.raises(DesktopError):
        write_workbook(path, _summary())
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["汇总.xlsx"]
