"""Reading fixture returns and planning what they fill in: every mapped value, the unused list,
and every way a file is refused (nothing is ever written by planning)."""

from __future__ import annotations

import zipfile
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.assessment import AssessmentSnapshot, School
from desktop.core.errors import ImportFileError
from desktop.prefill.plan import IdentityMismatch, plan_file
from tests.prefill.conftest import COMBINED, KINDERGARTEN, PRIMARY
from tests.prefill.returns import (
    COMBINED_NUMBERS as C, KINDERGARTEN_NUMBERS as K, PRIMARY_NUMBERS as P, combined_return,
    kindergarten_return, primary_return, write_return,
)


def snapshot(school: School, checklists: tuple[str, ...], answers: dict | None = None) -> AssessmentSnapshot:
    shipped = catalog.shipped().checklists
    return AssessmentSnapshot(school, "2025年度", tuple((c, shipped[c].version) for c in checklists),
                              answers=answers or {})


def values(plan) -> dict[str, Fraction]:
    return {v.item.id: v.value for v in plan.values}


PRIMARY_EXPECTED = {
    "students_primary": P["students"],
    "teachers_above_degree_primary": sum(P["degrees"][:3]),
    "backbone_teachers_primary": P["backbone"],
    "pe_art_teachers_primary": P["pe"] + P["music"] + P["art"],
    "teaching_rooms_m2": Fraction("5200.5"),
    "sports_area_m2": P["sports"] + P["gym"],
    "equipment_value_yuan": 2605000,
    "multimedia_rooms": P["rooms"],
    "classes_primary": P["classes"],
    "fulltime_teachers_total": P["teachers"],
}


@pytest.mark.parametrize("shifted", [False, True])
@pytest.mark.parametrize("as_text", [True, False])
def test_primary_return_fills_every_mapped_item(tmp_path: Path, shifted: bool, as_text: bool):
    path = write_return(primary_return(), tmp_path / "小学.xlsx", shifted=shifted, as_text=as_text)
    plan = plan_file(path, catalog.shipped(), snapshot(PRIMARY, ("yzjh",)))
    assert values(plan) == PRIMARY_EXPECTED
    assert plan.identity.to_json() == {"code": "2144010001", "name": "广州市示范小学", "type": "小学",
                                       "locale": "城区", "ownership": "公办", "year": "2020/2021"}
    students = next(v for v in plan.values if v.item.id == "students_primary")
    assert students.source == "2020/2021学年初 基层表 基础基312 在校生数 合计"
    # The cell is where a user opening the file finds it: one row and column further when shifted.
    assert students.cells[0].cell == ("F7" if shifted else "E6")


def test_the_shifted_copy_names_cells_one_row_and_column_further(tmp_path: Path):
    plain = plan_file(write_return(primary_return(), tmp_path / "a.xlsx"), catalog.shipped(),
                      snapshot(PRIMARY, ("yzjh",)))
    shifted = plan_file(write_return(primary_return(), tmp_path / "b.xlsx", shifted=True),
                        catalog.shipped(), snapshot(PRIMARY, ("yzjh",)))
    for a, b in zip(plain.values, shifted.values):
        for ca, cb in zip(a.cells, b.cells):
            col, row = ca.cell.rstrip("0123456789"), int(ca.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
            assert cb.cell == f"{chr(ord(col) + 1)}{row + 1}"


def test_combined_school_xls_with_older_row_names(tmp_path: Path):
    """九年一贯制 as .xls (xlrd): both 学段, 424's 初中 rows below the 初中 anchor, 512's 体育馆."""
    pytest.importorskip("xlwt", reason="xlwt (test dependency) writes the .xls fixture")
    path = write_return(combined_return(), tmp_path / "一贯制.xls", shifted=True, as_text=False)
    plan = plan_file(path, catalog.shipped(), snapshot(COMBINED, ("yzjh",)))
    assert values(plan) == {
        "students_primary": C["primary"], "students_junior": C["junior"],
        "teachers_above_degree_primary": sum(C["deg_p"][:3]),
        "teachers_above_degree_junior": sum(C["deg_j"][:2]),
        "backbone_teachers_primary": C["backbone_p"], "backbone_teachers_junior": C["backbone_j"],
        "pe_art_teachers_primary": C["pe_p"] + C["music_p"] + C["art_p"],
        "pe_art_teachers_junior": C["pe_j"] + C["music_j"] + C["art_j"],
        "teaching_rooms_m2": C["teaching"], "sports_area_m2": C["sports"] + C["gym"],
        "equipment_value_yuan": C["equipment"] * 10000, "multimedia_rooms": C["rooms"],
        "classes_primary": C["classes_p"], "classes_junior": C["classes_j"],
        "fulltime_teachers_total": C["teachers"],
    }
    sports = next(v for v in plan.values if v.item.id == "sports_area_m2")
    assert "体育馆" in sports.source
    why = {(u.sheet, u.why.split("；")[0]) for u in plan.unused}
    assert ("基础基424", "「艺术」课程教师是否计入体育、艺术（音乐、美术）专任教师，由县里确定") in why


def test_kindergarten_return(tmp_path: Path):
    path = write_return(kindergarten_return(), tmp_path / "幼儿园.xlsx", shifted=True)
    plan = plan_file(path, catalog.shipped(), snapshot(KINDERGARTEN, ("xqph", "spaq")))
    assert values(plan) == {
        "children_enrolled": K["children"], "classes_small": K["small"], "classes_middle": K["middle"],
        "classes_large": K["large"], "staff_total": K["staff"], "teachers_fulltime": K["teachers"],
        "caregivers": K["caregivers"], "health_staff": K["health"],
        "activity_rooms_m2": Fraction("900.5") + K["sleep"] + K["toilet"],
        "building_area_m2": K["building"], "outdoor_play_area_m2": K["play"],
    }
    assert plan.identity.ownership == "民办" and plan.identity.locale == "镇区"
    for sheet, why in (("基础基211", "检查表按小班"), ("基础基411", "检查表没有园长"),
                       ("基础基411", "检查表没有「学前教育专业毕业」"), ("基础基511", "保健室属于服务用房"),
                       ("基础基511", "图书室不在")):
        assert any(u.sheet == sheet and u.why.startswith(why) for u in plan.unused), why
    enrolled = next(v for v in plan.values if v.item.id == "children_enrolled")
    assert enrolled.source == "2020/2021学年初 基层表 基础基311 在园人数 合计"


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_identity_laid_out_as_a_numbered_table(tmp_path: Path, suffix: str):
    """项目 | 编号 | 内容: the 编号 between label and value is not taken for the code or name."""
    if suffix == ".xls":
        pytest.importorskip("xlwt", reason="xlwt (test dependency) writes the .xls fixture")
    path = write_return(primary_return(), tmp_path / f"小学{suffix}", numbered_identity=True, as_text=False)
    plan = plan_file(path, catalog.shipped(), snapshot(PRIMARY, ("yzjh",)))
    assert (plan.identity.code, plan.identity.name, plan.identity.type) == ("2144010001", "广州市示范小学", "小学")
    assert plan.identity.locale == "城区"


def test_differences_from_existing_answers_are_marked(tmp_path: Path):
    path = write_return(primary_return(), tmp_path / "小学.xlsx")
    current = {"yzjh": {"students_primary": Fraction(1100), "multimedia_rooms": Fraction(30)}}
    plan = plan_file(path, catalog.shipped(), snapshot(PRIMARY, ("yzjh",), current))
    by_id = {v.item.id: v for v in plan.values}
    assert by_id["students_primary"].differs and by_id["students_primary"].changes
    assert not by_id["multimedia_rooms"].differs and not by_id["multimedia_rooms"].changes
    assert not by_id["classes_primary"].differs and by_id["classes_primary"].changes  # was empty
    assert len(plan.changes) == len(plan.values) - 1


def test_a_star_cell_is_reported_unused_not_filled(tmp_path: Path):
    path = write_return(primary_return(rooms="*"), tmp_path / "小学.xlsx")
    plan = plan_file(path, catalog.shipped(), snapshot(PRIMARY, ("yzjh",)))
    assert "multimedia_rooms" not in values(plan)
    assert any(u.sheet == "基础基531" and "「*」" in u.why for u in plan.unused)


def test_values_for_a_checklist_the_assessment_lacks_are_listed_unused(tmp_path: Path):
    path = write_return(primary_return(), tmp_path / "小学.xlsx")
    plan = plan_file(path, catalog.shipped(), snapshot(PRIMARY, ("xyaq",)))
    assert plan.values == ()
    assert sum("本次评估没有「义务教育优质均衡」检查表" in u.why for u in plan.unused) == len(PRIMARY_EXPECTED)


def test_a_sheet_no_mapping_uses_is_listed(tmp_path: Path):
    spec = primary_return()
    spec.tables.append(kindergarten_return().tables[0])  # 基础基211 in a primary return
    plan = plan_file(write_return(spec, tmp_path / "x.xlsx"), catalog.shipped(), snapshot(PRIMARY, ("yzjh",)))
    assert any(u.sheet == "基础基211" and u.why.startswith("整张表") for u in plan.unused)


def test_a_lying_dimension_does_not_shorten_the_read(tmp_path: Path):
    """openpyxl's read-only mode trusts <dimension>; the reader resets it."""
    path = write_return(primary_return(), tmp_path / "小学.xlsx")
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(lying, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = data.decode("utf-8")
                start = text.index("<dimension ref=\"")
                end = text.index("\"", start + 16)
                data = (text[:start + 16] + "A1:A1" + text[end:]).encode("utf-8")
            dst.writestr(info, data)
    plan = plan_file(lying, catalog.shipped(), snapshot(PRIMARY, ("yzjh",)))
    assert values(plan) == PRIMARY_EXPECTED


# --- refusals ----------------------------------------------------------------------------------------

def refused(path: Path, school: School = PRIMARY, checklists=("yzjh",)) -> str:
    with pytest.raises((ImportFileError, IdentityMismatch)) as caught:
        plan_file(path, catalog.shipped(), snapshot(school, checklists))
    return str(caught.value)


def test_another_schools_return_is_refused(tmp_path: Path):
    path = write_return(primary_return(), tmp_path / "小学.xlsx")
    other = School("别的小学", "小学", code="2144019999")
    message = refused(path, other)
    assert "2144010001" in message and "别的小学" in message and "数据没有改动" in message


def test_a_return_of_another_school_type_is_refused(tmp_path: Path):
    path = write_return(primary_return(), tmp_path / "小学.xlsx")
    same_code = School("广州市示范小学", "九年一贯制", code="2144010001")
    message = refused(path, same_code)
    assert "办学类型是「小学 211」" in message and "九年一贯制" in message


def test_without_a_code_the_names_must_agree(tmp_path: Path):
    path = write_return(primary_return(), tmp_path / "小学.xlsx")
    assert "学校标识码" in refused(path, School("另一所小学", "小学"))
    plan = plan_file(path, catalog.shipped(), snapshot(School("广州市示范小学", "小学"), ("yzjh",)))
    assert plan.values


def test_a_workbook_that_is_not_a_return_is_refused(tmp_path: Path):
    import openpyxl
    book = openpyxl.Workbook()
    book.active.title = "成绩表"
    book.active["A1"] = "姓名"
    path = tmp_path / "成绩.xlsx"
    book.save(path)
    assert "缺少工作表「基础基111」" in refused(path)
    fake = tmp_path / "假的.xlsx"
    fake.write_bytes(b"not a zip at all")
    assert "不是有效的 .xlsx 工作簿" in refused(fake)
    (tmp_path / "坏.xls").write_bytes(b"not an xls file at all")
    assert "无法打开 .xls 工作簿，文件可能已损坏" in refused(tmp_path / "坏.xls")
    broken = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert "无法打开工作簿，文件可能已损坏" in refused(broken)
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    assert "只能读取 Excel 工作簿" in refused(tmp_path / "x.csv")
    assert "找不到文件" in refused(tmp_path / "没有这个文件.xlsx")


def test_a_missing_table_is_named(tmp_path: Path):
    path = write_return(primary_return(), tmp_path / "小学.xlsx", drop=("基础基512",))
    assert "缺少工作表「基础基512」" in refused(path)


def test_a_label_not_found_is_named(tmp_path: Path):
    spec = primary_return()
    table = next(t for t in spec.tables if t.code == "基础基531")
    table.rows[0] = ("全校", 1, table.rows[0][2])
    message = refused(write_return(spec, tmp_path / "小学.xlsx"))
    assert "工作表「基础基531」" in message and "找不到「总计」行" in message


def test_text_where_a_number_belongs_names_sheet_row_and_column(tmp_path: Path):
    path = write_return(primary_return(students="一千一百"), tmp_path / "小学.xlsx", shifted=True)
    message = refused(path)
    assert "工作表「基础基312」，第 7 行，F 列" in message and "应为数字，现为「一千一百」" in message


def test_a_value_out_of_the_items_range_is_refused(tmp_path: Path):
    path = write_return(primary_return(students=30000), tmp_path / "小学.xlsx")
    message = refused(path)
    assert "E6" in message and "大于允许的最大值" in message and "小学在校生数" in message


def test_a_unit_other_than_the_mapping_expects_is_refused(tmp_path: Path):
    spec = primary_return()
    table = next(t for t in spec.tables if t.code == "基础基522")
    table.header[0][2] = ("固定资产总值（元）", 2, 1)
    message = refused(write_return(spec, tmp_path / "小学.xlsx"))
    assert "单位应为万元" in message and "基础基522" in message


def test_locale_by_code_when_the_name_is_unknown(tmp_path: Path):
    spec = combined_return()
    spec.school.update(locale="（未分类）", locale_code="121")
    plan = plan_file(write_return(spec, tmp_path / "c.xlsx"), catalog.shipped(), snapshot(COMBINED, ("yzjh",)))
    assert plan.identity.locale == "镇区"


def test_a_county_corrects_the_mapping_without_code(tmp_path: Path):
    """A return whose 531 row reads 「全校合计」: refused with the shipped mapping, read after one
    line of the county's copy of yzjh.toml is changed."""
    import shutil
    from desktop import paths
    from desktop.prefill.mapping import load_mapping
    spec = primary_return()
    table = next(t for t in spec.tables if t.code == "基础基531")
    table.rows[0] = ("全校合计", 1, table.rows[0][2])
    path = write_return(spec, tmp_path / "小学.xlsx")
    assert "找不到「总计」行" in refused(path)
    folder = tmp_path / "prefill"
    shutil.copytree(paths.checklists_dir() / "prefill", folder)
    text = (folder / "yzjh.toml").read_text(encoding="utf-8")
    old = 'sum = [{ table = "基础基531", row = "总计"'
    assert text.count(old) == 1
    (folder / "yzjh.toml").write_text(text.replace(old, 'sum = [{ table = "基础基531", row = ["总计", "全校合计"]'),
                                      encoding="utf-8")
    mapping = load_mapping(catalog.shipped(), folder)
    plan = plan_file(path, catalog.shipped(), snapshot(PRIMARY, ("yzjh",)), mapping)
    assert values(plan)["multimedia_rooms"] == P["rooms"]
