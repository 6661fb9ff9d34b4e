"""Importing a workbook back: exact round trips, the GUI's rules per cell, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from fractions import Fraction as F
from pathlib import Path

import openpyxl
import pytest

from desktop.core import catalog, snapshot_json
from desktop.core.errors import ImportFileError
from desktop.core.evaluation_json import result_to_json
from desktop.exchange.excel_export import export_workbook
from desktop.exchange.excel_import import read_workbook
from desktop.exchange.excel_merge import import_workbook
from desktop.exchange.excel_sheet import COL, FIRST_ROW
from tests.exchange.exchange_fixtures import (
    FORMULA_NOTE, build_zip, evidence_blobs, package_members, sample_snapshot, stripped,
)

SHEET = "义务教育优质均衡"


@pytest.fixture(scope="module")
def original():
    return sample_snapshot(evidence_blobs(2))


@pytest.fixture(scope="module")
def exported(original, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "school.xlsx"
    export_workbook(original, catalog.shipped(), out)
    return out


@pytest.fixture(scope="module")
def rows(exported) -> dict[str, int]:
    """Item id → row on the yzjh sheet."""
    ws = openpyxl.load_workbook(exported)[SHEET]
    return {ws.cell(r, COL["item_id"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}


@pytest.fixture
def edit(exported, tmp_path):
    """Copies the export, applies cell edits {(item_id, column key): value}, returns the copy."""
    def apply(changes: dict, sheet: str = SHEET, formats: dict | None = None, after=None) -> Path:
        wb = openpyxl.load_workbook(exported)
        ws = wb[sheet]
        rows = {ws.cell(r, COL["item_id"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
        for (item, key), value in changes.items():
            cell = ws.cell(rows[item] if isinstance(item, str) else item, COL[key])
            cell.value = value
            if formats and (item, key) in formats:
                cell.number_format = formats[(item, key)]
        if after is not None:
            after(wb)
        out = tmp_path / "edited.xlsx"
        wb.save(out)
        return out
    return apply


def results(snapshot) -> dict:
    return {c: result_to_json(r) for c, r in snapshot.evaluate(catalog.shipped()).items()}


def test_round_trip_into_an_empty_assessment_is_exact(original, exported):
    back, report = import_workbook(stripped(original), exported, catalog.shipped())
    assert back == original
    assert snapshot_json.digest(back) == snapshot_json.digest(original)
    assert results(back) == results(original)
    assert back.answers["yzjh"]["monitoring_school_gap_rate"] == F("0.9")
    assert back.answers["yzjh"]["teaching_rooms_m2"] == F("4499.99")
    assert back.answers["yzjh"]["equipment_value_yuan"] == F("1234567.123456789012345")
    assert back.notes["yzjh"]["teaching_rooms_m2"] == FORMULA_NOTE
    assert report.changed and report.notes == len(original.notes["yzjh"]) and report.plans == 2


def test_importing_an_unchanged_export_changes_nothing(original, exported):
    back, report = import_workbook(original, exported, catalog.shipped())
    assert back == original and not report.changed and not report.unmapped


def test_numbers_typed_in_excel(original, edit):
    path = edit({("monitoring_school_gap_rate", "answer"): 0.9,
                 ("teaching_rooms_m2", "answer"): 4499.99,
                 ("students_primary", "answer"): 1001.0,
                 ("sports_area_m2", "answer"): "20,000.5 ㎡",
                 ("nearby_admission_junior_percent", "answer"): 0.97},
                formats={("nearby_admission_junior_percent", "answer"): "0%"})
    back, report = import_workbook(original, path, catalog.shipped())
    answers = back.answers["yzjh"]
    assert answers["monitoring_school_gap_rate"] == F("0.9")
    assert answers["teaching_rooms_m2"] == F("4499.99")
    assert answers["students_primary"] == 1001
    assert answers["sports_area_m2"] == F("20000.5")
    assert answers["nearby_admission_junior_percent"] == 97  # "97%" typed in Excel is 0.97
    assert {c.item for c in report.answers} == {"students_primary", "sports_area_m2",
                                                "nearby_admission_junior_percent"}
    assert any("1000人 → 1001人" in line for line in report.lines())


def test_yes_no_choice_and_date_cells(original, edit):
    path = edit({("veto_key_classes", "answer"): "无", ("moral_education_rating", "answer"): "优秀",
                 ("school_charter", "answer"): "否"})
    back, _ = import_workbook(original, path, catalog.shipped())
    assert back.answers["yzjh"]["veto_key_classes"] is False
    assert back.answers["yzjh"]["moral_education_rating"] == "优秀"
    assert back.answers["yzjh"]["school_charter"] is False


def test_dates_typed_as_dates_or_text(original, tmp_path):
    item = next(i for i in catalog.shipped().get("xyaq").items if i.type.value == "date")
    out = tmp_path / "x.xlsx"
    export_workbook(original, catalog.shipped(), out)
    wb = openpyxl.load_workbook(out)
    ws = wb["校园安全"]
    row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, COL["item_id"]).value == item.id)
    ws.cell(row, COL["answer"]).value = "2025年10月8日"
    ws.cell(row, COL["deadline"]).value = dt.datetime(2026, 1, 15)
    ws.cell(row, COL["measure"]).value = "每月演练"
    wb.save(out)
    back, _ = import_workbook(original, out, catalog.shipped())
    assert back.answers["xyaq"][item.id] == dt.date(2025, 10, 8)
    plan = back.rectification("xyaq", item.id)
    assert (plan.measure, plan.deadline, plan.status) == ("每月演练", "2026-01-15", "未开始")


def test_blank_cells_leave_answers_alone(original, edit):
    path = edit({("students_primary", "answer"): None, ("teaching_rooms_m2", "note"): None})
    back, report = import_workbook(original, path, catalog.shipped())
    assert back == original and not report.changed


def assert_refused(path: Path, original, sheet: str, row: int | None, column: str | None, *words: str):
    with pytest.raises(ImportFileError) as info:
        import_workbook(original, path, catalog.shipped())
    error = info.value
    text = str(error)
    assert error.sheet == sheet and error.row == row and error.column == (column or "")
    for word in words:
        assert word in text, text
    assert re.search(r"[\u4e00-\u9fff]", text)
    return error


def test_one_bad_cell_refuses_the_whole_workbook(original, edit, rows):
    path = edit({("students_primary", "answer"): 1234, ("teaching_rooms_m2", "answer"): "很多"})
    error = assert_refused(path, original, SHEET, rows["teaching_rooms_m2"], "E",
                           "填报值", "应填数字", "很多", "教学及辅助用房面积", f"工作表「{SHEET}」")
    assert "teaching_rooms_m2" not in str(error)  # users see titles, never internal ids
    assert "第 " in str(error) and "E 列" in str(error)


def test_cell_rules_are_the_guis_and_every_problem_is_listed(original, edit, rows):
    bad = {("students_primary", "answer"): (12.5, "应填整数"),
           ("students_junior", "answer"): (-3, "小于允许的最小值"),
           ("nearby_admission_junior_percent", "answer"): (101, "大于允许的最大值"),
           ("moral_education_rating", "answer"): ("很好", "不是可选项"),
           ("school_charter", "answer"): ("也许", "应回答"),
           ("teaching_rooms_m2", "deadline"): ("明年", "「完成时限」应为日期"),
           ("teacher_certification_rate", "answer"): ("不是数字", None)}  # computed: never read
    path = edit({key: value for key, (value, _) in bad.items()})
    error = assert_refused(path, original, SHEET, rows["students_primary"], "E", "共 6 处问题")
    text = str(error)
    for (item, key), (_, words) in bad.items():
        if words is not None:
            assert words in text
            assert f"第 {rows[item]} 行 {'M' if key == 'deadline' else 'E'} 列" in text or \
                rows[item] == error.row
    assert "teacher_certification_rate" not in text


def test_formulas_are_refused(original, edit, rows):
    path = edit({("students_primary", "answer"): "=1000+1"})
    assert_refused(path, original, SHEET, rows["students_primary"], "E", "公式", "选择性粘贴")


def test_unknown_item_in_the_same_version(original, edit, rows):
    row = rows["students_primary"]
    path = edit({(row, "item_id"): "no_such_item"})
    assert_refused(path, original, SHEET, row, "B", "没有条目「no_such_item」")


def test_duplicate_item_and_missing_id(original, edit, rows):
    second = rows["students_junior"]
    path = edit({(second, "item_id"): "students_primary"})
    assert_refused(path, original, SHEET, second, "B", "重复")
    path = edit({(second, "item_id"): None})
    assert_refused(path, original, SHEET, second, "B", "没有条目编号")


def set_meta(key: str, value):
    def change(wb):
        ws = wb["_meta"]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
        ws.cell(row, 2).value = value
    return change


def test_workbook_from_another_version_is_mapped_by_item_id(original, edit, rows):
    first = rows["students_primary"]
    path = edit({(first, "item_id"): "retired_item", ("students_junior", "answer"): 801},
                after=set_meta("sheet.1.version", "2024.1"))
    back, report = import_workbook(original, path, catalog.shipped())
    assert back.answers["yzjh"]["students_junior"] == 801
    assert [(u.item_id, u.row) for u in report.unmapped] == [("retired_item", first)]
    assert "1000" in report.unmapped[0].value
    text = "\n".join(report.lines())
    assert "2024.1" in text and "retired_item" in text and "未导入" in text


@pytest.mark.parametrize("change, words", [
    (lambda wb: wb.remove(wb["_meta"]), ["缺少隐藏的「_meta」工作表"]),
    (set_meta("format_version", 2), ["格式版本「2」不受支持"]),
    (set_meta("format", "other"), ["格式标记不符"]),
    (set_meta("kind", "odd"), ["类型「odd」不认识"]),
    (set_meta("sheet.1.checklist", "nope"), ["没有编号为「nope」的检查表"]),
    (lambda wb: setattr(wb[SHEET], "title", "改了名"), ["找不到检查表 yzjh 的工作表", "改名"]),
])
def test_meta_problems(original, edit, change, words):
    path = edit({}, after=change)
    with pytest.raises(ImportFileError) as info:
        import_workbook(original, path, catalog.shipped())
    for word in words:
        assert word in str(info.value)


def test_workbook_of_another_school_or_period_is_refused(original, exported):
    other = dataclasses.replace(original, school=dataclasses.replace(original.school, code="3441000999",
                                                                     name="别的学校"))
    with pytest.raises(ImportFileError, match="不是当前评估的学校「别的学校」"):
        import_workbook(other, exported, catalog.shipped())
    with pytest.raises(ImportFileError, match="2024年度"):
        import_workbook(dataclasses.replace(original, period="2024年度"), exported, catalog.shipped())


def test_checklist_not_in_the_assessment_is_refused(original, exported):
    only_yzjh = dataclasses.replace(original, checklists=(("yzjh", "2025.1"),))
    with pytest.raises(ImportFileError, match="不包含检查表「校园安全」"):
        import_workbook(only_yzjh, exported, catalog.shipped())


def test_content_far_below_the_table_is_refused(original, edit):
    path = edit({}, after=lambda wb: wb[SHEET].cell(6000, 1, "迷路的内容"))
    with pytest.raises(ImportFileError, match="超过 5000 行"):
        import_workbook(original, path, catalog.shipped())


def test_read_workbook_reports_where_values_were_checked(exported):
    workbook = read_workbook(exported, catalog.shipped())
    assert [s.ref.checklist for s in workbook.sheets] == ["yzjh", "xyaq", "spaq"]
    assert workbook.meta.kind == "export" and workbook.meta.school_code == "3441000001"


# --- the file itself ----------------------------------------------------------------------------

def refuse_file(original, data: bytes, tmp_path: Path, *words: str):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(data)
    with pytest.raises(ImportFileError) as info:
        import_workbook(original, path, catalog.shipped())
    for word in words:
        assert word in str(info.value), str(info.value)
    assert "bad.xlsx" in str(info.value)


def test_not_a_workbook(original, tmp_path):
    refuse_file(original, b"just text", tmp_path, "不是有效的 zip")
    refuse_file(original, build_zip([("hello.txt", b"hi")]), tmp_path, "不是有效的 Excel 工作簿")


def test_path_traversal_inside_a_workbook(original, exported, tmp_path):
    members = package_members(exported.read_bytes())
    refuse_file(original, build_zip([*members.items(), ("../../evil.xml", b"<x/>")]), tmp_path, "指向包外")


def test_zip_bomb_inside_a_workbook(original, exported, tmp_path):
    members = package_members(exported.read_bytes())
    bomb = b"<a>" + b" " * (20 << 20) + b"</a>"
    refuse_file(original, build_zip([*members.items(), ("xl/media/big.xml", bomb)]), tmp_path, "压缩炸弹")


def test_xml_entity_bomb_is_refused_by_defusedxml(original, exported, tmp_path):
    members = package_members(exported.read_bytes())
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'&lol3;</workbook>')
    members["xl/workbook.xml"] = laughs
    refuse_file(original, build_zip(list(members.items())), tmp_path, "工作簿")


def test_blank_template_fills_any_school(original, tmp_path):
    from desktop.exchange.excel_template import write_template
    path = tmp_path / "t.xlsx"
    write_template(catalog.shipped(), "yzjh", path)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    rows = {ws.cell(r, COL["item_id"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    ws.cell(rows["students_primary"], COL["answer"]).value = 999
    wb.save(path)
    other = dataclasses.replace(original, school=dataclasses.replace(original.school, code="1"))
    back, report = import_workbook(other, path, catalog.shipped())
    assert back.answers["yzjh"]["students_primary"] == 999
    assert back.answers["yzjh"]["teaching_rooms_m2"] == F("4499.99")  # blank: left alone
    assert len(report.answers) == 1


def test_a_wrong_dimension_record_does_not_hide_rows(original, exported, tmp_path):
    """Read-only openpyxl trusts <dimension>; a file claiming one cell must still be read whole."""
    members = package_members(exported.read_bytes())
    for name in [n for n in members if n.startswith("xl/worksheets/sheet")]:
        members[name] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', members[name])
    path = tmp_path / "dim.xlsx"
    path.write_bytes(build_zip(list(members.items())))
    back, _ = import_workbook(stripped(original), path, catalog.shipped())
    assert back == original
