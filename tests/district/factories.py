"""Small builders for district tests: school records and 统计表 files written from rows."""

from __future__ import annotations

import csv
import math
from fractions import Fraction
from pathlib import Path

from desktop.district.resource_table import NUMBER_COLUMNS
from desktop.district.schools import SchoolRecord
from desktop.district.template import resource_headers

# Values per student that meet every 小学 / 初中 standard comfortably.
PRIMARY = {"teachers_above_degree_primary": 45, "backbone_teachers_primary": 12,
           "pe_art_teachers_primary": 10}
JUNIOR = {"teachers_above_degree_junior": 60, "backbone_teachers_junior": 12,
          "pe_art_teachers_junior": 10}


_COUNTS = {"multimedia_rooms", *PRIMARY, *JUNIOR}


def _whole(answers: dict[str, object]) -> dict[str, object]:
    """Teachers and rooms are whole numbers: scaled counts are rounded up (still meeting)."""
    return {k: math.ceil(v) if k in _COUNTS and isinstance(v, Fraction) else v
            for k, v in answers.items()}


def record(name: str, school_type: str, **answers: object) -> SchoolRecord:
    return SchoolRecord(name, school_type, {k: Fraction(str(v)) for k, v in answers.items()})


def primary(name: str, students: int = 1000, **overrides: object) -> SchoolRecord:
    """A 小学 meeting every standard unless overridden (values given for 1000 students)."""
    scale = Fraction(students, 1000)
    answers = {k: v * scale for k, v in PRIMARY.items()}
    answers.update(students_primary=students, teaching_rooms_m2=5000 * scale,
                   sports_area_m2=8000 * scale, equipment_value_yuan=2100000 * scale,
                   multimedia_rooms=25 * scale)
    answers = _whole(answers)
    answers.update(overrides)
    return record(name, "小学", **answers)


def junior(name: str, students: int = 1000, **overrides: object) -> SchoolRecord:
    scale = Fraction(students, 1000)
    answers = {k: v * scale for k, v in JUNIOR.items()}
    answers.update(students_junior=students, teaching_rooms_m2=6000 * scale,
                   sports_area_m2=11000 * scale, equipment_value_yuan=2600000 * scale,
                   multimedia_rooms=25 * scale)
    answers = _whole(answers)
    answers.update(overrides)
    return record(name, "初中", **answers)


HEADERS = resource_headers()  # names as the template writes them (units on the areas and money)
_BY_ID = {item_id: header for header, (item_id, _units) in NUMBER_COLUMNS.items()}


def table_row(r: SchoolRecord, code: str = "", excluded: str = "") -> dict[str, object]:
    """A 统计表 row (header → cell) for a record, in the template's headers."""
    row: dict[str, object] = {"学校名称": r.name, "学校类型": r.type, "学校标识码": code,
                              "不纳入统计": excluded}
    for header in HEADERS:
        name = header.split("（")[0]
        item_id = NUMBER_COLUMNS.get(name, (None,))[0]
        if item_id in r.answers:
            value = r.answers[item_id]
            row[header] = int(value) if value.denominator == 1 else float(value)
    return row


def write_xlsx(path: Path, rows: list[dict[str, object]], headers: list[str] | None = None,
               title_rows: list[list[object]] = (), sheet: str = "资源配置统计表") -> Path:
    from openpyxl import Workbook
    headers = headers or HEADERS
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for t in title_rows:
        ws.append(t)
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h) for h in headers])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[dict[str, object]], headers: list[str] | None = None,
              encoding: str = "utf-8") -> Path:
    headers = headers or HEADERS
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else row.get(h) for h in headers])
    return path
