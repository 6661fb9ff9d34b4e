"""Blank templates of the two tables a county fills in: 资源配置统计表 and 幼儿园统计表."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.model import Checklist
from desktop.district import kindergarten_table, resource_table
from desktop.exchange.output_file import atomic_output
from desktop.district.schools import yzjh_checklist
from desktop.exchange.excel_cells import append_row, save_workbook

TEMPLATE_ROWS = 1000  # rows that carry the drop-down lists and number checks


def resource_headers() -> list[str]:
    """The template's header row: names, plus the unit where one is customary."""
    rt = resource_table
    numbers = [f"{h}（{rt.TEMPLATE_UNITS[h]}）" if h in rt.TEMPLATE_UNITS else h
               for h in rt.NUMBER_COLUMNS]
    return [rt.NAME, rt.CODE, rt.TYPE, *numbers, rt.EXCLUDED]


def resource_notes(checklist: Checklist) -> list[tuple[str, str]]:
    rt = resource_table
    notes = [
        (rt.NAME, "学校全称，每校一行，不得重复。"),
        (rt.CODE, "可选。10 位学校标识码；填写后也不得重复。"),
        (rt.TYPE, "、".join(rt.TABLE_TYPES) + "。一贯制学校和完全中学也只占一行，各学段分别填写。"),
    ]
    for header, (item_id, _units) in rt.NUMBER_COLUMNS.items():
        notes.append((header, checklist.item(item_id).guidance))
    notes += [
        (rt.EXCLUDED, "可选。特殊教育学校、职业学校、在校生不足 50 人的教学点不参与差异系数计算"
                      "（县域义务教育优质均衡督导评估的统计范围），在此列写明原因即可，其余各列可不填；"
                      "参与统计的学校留空。"),
        ("单位", "面积以平方米、设备值以元计。若按万元填写设备值，请把表头改为「教学仪器设备值（万元）」，"
                 "导入时按 1 万元 = 10000 元精确换算。"),
        ("学段", "学校没有的学段留空或填 0；学校有的学段在校生数不能为 0。"),
    ]
    return notes


def write_resource_template(path: Path, checklist: Checklist | None = None) -> Path:
    checklist = checklist or yzjh_checklist()
    rt = resource_table
    return _write(path, rt.SHEET, resource_headers(), {rt.TYPE: rt.TABLE_TYPES},
                  {rt.NAME, rt.CODE, rt.TYPE, rt.EXCLUDED}, resource_notes(checklist))


def write_kindergarten_template(path: Path) -> Path:
    kt = kindergarten_table
    notes = [
        (kt.NAME, "幼儿园全称，每园一行，不得重复。"),
        (kt.NATURE, "、".join(kt.NATURES) + "（以当地政府门户网站公布的名单为准）。"),
        ("在园幼儿数", "学年初在园幼儿数（全部年龄）。"),
        ("班级数", "全部班级数。"),
        ("超额班级数", "超过《幼儿园工作规程》班额（小班 25、中班 30、大班 35、混合班 30 人）的班级数。"),
        ("专任教师数", "专任教师人数（不含保育员）。"),
        ("持证专任教师数", "其中持有教师资格证的人数。"),
        ("保育员数", "保育员人数。"),
    ]
    return _write(path, kt.SHEET, [kt.NAME, kt.NATURE, *kt.NUMBER_COLUMNS], {kt.NATURE: kt.NATURES},
                  {kt.NAME, kt.NATURE}, notes)


def _write(path: Path, sheet_name: str, headers: list[str], choices: dict[str, tuple[str, ...]],
           text_columns: set[str], notes: list[tuple[str, str]]) -> Path:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name
    _header_row(sheet, headers, choices, text_columns)
    _guide(book.create_sheet("填写说明"), notes)
    with atomic_output(path) as temp:
        save_workbook(book, temp)
    return Path(path)


def _header_row(sheet: Any, headers: list[str], choices: dict[str, tuple[str, ...]],
                text_columns: set[str]) -> None:
    """Bold header, drop-down lists for choice columns, a ≥ 0 check on number columns."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    append_row(sheet, headers)
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 36
    for index, header in enumerate(headers, 1):
        cell = sheet.cell(1, index)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(28, len(header) * 2 + 2))
        if header in choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(choices[header]) + '"',
                                  allow_blank=True)
        elif header.split("（")[0] not in text_columns:
            rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                  allow_blank=True)
            rule.error, rule.errorTitle = "请填写不小于 0 的数字", "数字"
        else:
            continue
        sheet.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")


def _guide(guide: Any, notes: list[tuple[str, str]]) -> None:
    from openpyxl.styles import Alignment, Font
    append_row(guide, ["列", "填写说明"])
    for row in notes:
        append_row(guide, list(row))
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 90
    for row in guide.iter_rows(min_row=1):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].font = Font(bold=row[0].row == 1)
