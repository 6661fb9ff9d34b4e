"""The blank template: drop-down lists, units and standards, input cells unlocked, sheet protected."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.__main__ import main
from desktop.core import catalog
from desktop.core.model import AnswerType
from desktop.exchange.excel_sheet import COL, FIRST_ROW, standard_text


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tpl") / "yzjh.xlsx"
    assert main(["template", "yzjh", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sheet(template):
    return openpyxl.load_workbook(template)["义务教育优质均衡"]


def rows(ws) -> dict[str, int]:
    return {ws.cell(r, COL["item_id"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}


def validations(ws) -> dict[str, object]:
    """Cell coordinate → its data validation."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for row in ws[cell_range.coord] if ":" in cell_range.coord else [[ws[cell_range.coord]]]:
                for cell in row:
                    found[cell.coordinate] = dv
    return found


def test_every_item_has_a_row_with_unit_and_standard(sheet):
    checklist = catalog.shipped().get("yzjh")
    found = rows(sheet)
    assert list(found) == [i.id for i in checklist.items]
    for item in checklist.items:
        row = found[item.id]
        unit = "%" if item.type is AnswerType.PERCENT else item.unit
        assert (sheet.cell(row, COL["unit"]).value or "") == unit
        assert (sheet.cell(row, COL["standard"]).value or "") == standard_text(item)
        assert sheet.cell(row, COL["answer"]).value is None or item.type is AnswerType.COMPUTED
    assert sheet.cell(found["max_class_size_primary"], COL["standard"]).value == "≤ 45"


def test_lists_for_yes_no_and_choice_items(sheet):
    checklist = catalog.shipped().get("yzjh")
    found, dvs = rows(sheet), validations(sheet)
    for item in checklist.items:
        dv = dvs.get(sheet.cell(found[item.id], COL["answer"]).coordinate)
        if item.type is AnswerType.YES_NO:
            assert dv.type == "list" and dv.formula1 == f'"{item.labels[0]},{item.labels[1]}"'
        elif item.type is AnswerType.CHOICE:
            assert dv.type == "list" and dv.formula1 == '"' + ",".join(item.options) + '"'
        elif item.type in (AnswerType.INTEGER, AnswerType.NUMBER, AnswerType.PERCENT):
            assert dv.type == ("whole" if item.type is AnswerType.INTEGER else "decimal")
        else:
            assert dv is None
    assert dvs[sheet.cell(found["veto_key_classes"], COL["answer"]).coordinate].formula1 == '"有,无"'


def test_input_cells_are_unlocked_and_the_rest_protected(sheet):
    checklist = catalog.shipped().get("yzjh")
    assert sheet.protection.sheet
    found = rows(sheet)
    for item in checklist.items:
        row = found[item.id]
        editable = item.type is not AnswerType.COMPUTED
        for key in ("answer", "note", "measure", "owner", "deadline"):
            assert sheet.cell(row, COL[key]).protection.locked is not editable, (item.id, key)
        for key in ("item_id", "title", "standard", "unit"):
            assert sheet.cell(row, COL[key]).protection.locked


def test_meta_marks_it_as_a_template(template):
    ws = openpyxl.load_workbook(template)["_meta"]
    meta = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert meta["kind"] == "template" and meta["sheet.1.checklist"] == "yzjh"
    assert meta["school_name"] in (None, "")


def test_unknown_checklist_is_a_chinese_error(tmp_path, capsys):
    assert main(["template", "nope", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "没有编号为「nope」的检查表" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
