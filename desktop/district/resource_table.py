"""The 资源配置统计表 a county types: its columns, and its rows turned into SchoolRecords.

Optional columns: 学校标识码, and 不纳入统计 — write the reason (特殊教育学校, 职业学校,
教学点不足50人) to leave a school out of the statistics, as REFERENCE §1.0 YZJH-D1 requires;
blank, 否 or 0 means the school is counted. An excluded row needs only its name.
The whole table is refused at the first problem (nothing half-imported).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from desktop.core.model import SCHOOL_TYPES, STAGE_NAMES, TYPE_STAGES, AnswerType, Checklist
from desktop.core.numbers import fmt
from desktop.district.progress import CancelFn, ProgressFn
from desktop.district.schools import SchoolRecord, yzjh_checklist
from desktop.district.table_reader import AREA, MONEY, PEOPLE, ROOMS, Column, Row, Table, read_table

SHEET = "资源配置统计表"
NAME, TYPE, CODE, EXCLUDED = "学校名称", "学校类型", "学校标识码", "不纳入统计"
TABLE_TYPES = tuple(t for t in SCHOOL_TYPES if TYPE_STAGES[t])  # no 幼儿园

# header → (yzjh input id, allowed units); the order is the template's column order.
NUMBER_COLUMNS: dict[str, tuple[str, dict[str, Fraction]]] = {
    "小学在校生数": ("students_primary", PEOPLE),
    "初中在校生数": ("students_junior", PEOPLE),
    "高中在校生数": ("students_senior", PEOPLE),
    "小学高于规定学历教师数": ("teachers_above_degree_primary", PEOPLE),
    "初中高于规定学历教师数": ("teachers_above_degree_junior", PEOPLE),
    "小学县级及以上骨干教师数": ("backbone_teachers_primary", PEOPLE),
    "初中县级及以上骨干教师数": ("backbone_teachers_junior", PEOPLE),
    "小学体育艺术专任教师数": ("pe_art_teachers_primary", PEOPLE),
    "初中体育艺术专任教师数": ("pe_art_teachers_junior", PEOPLE),
    "教学及辅助用房面积": ("teaching_rooms_m2", AREA),
    "体育运动场馆面积": ("sports_area_m2", AREA),
    "教学仪器设备值": ("equipment_value_yuan", MONEY),
    "网络多媒体教室数": ("multimedia_rooms", ROOMS),
}
TEMPLATE_UNITS = {"教学及辅助用房面积": "㎡", "体育运动场馆面积": "㎡", "教学仪器设备值": "元"}
_STAGE_PREFIX = {"小学": "primary", "初中": "junior", "高中": "senior"}


def columns(checklist: Checklist) -> list[Column]:
    """The expected columns; integer-ness and maxima come from the yzjh items themselves."""
    result = [Column(NAME), Column(TYPE), Column(CODE, required=False),
              Column(EXCLUDED, required=False)]
    for header, (item_id, units) in NUMBER_COLUMNS.items():
        item = checklist.item(item_id)
        result.append(Column(header, units, integer=item.type is AnswerType.INTEGER,
                             maximum=item.maximum))
    return result


def read_resource_table(path: Path, checklist: Checklist | None = None,
                        progress: ProgressFn | None = None,
                        is_cancelled: CancelFn | None = None) -> list[SchoolRecord]:
    """Every school of the table; raises ImportFileError (sheet, row, column) at the first problem."""
    checklist = checklist or yzjh_checklist()
    table = read_table(path, columns(checklist), NAME, SHEET, progress, is_cancelled)
    if not table.rows:
        raise table.error("表中没有学校数据", table.header_row)
    records: list[SchoolRecord] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        record = _record(table, row)
        _check_unique(table, row, record, seen)
        records.append(record)
    return records


def _record(table: Table, row: Row) -> SchoolRecord:
    name = table.text(row, NAME)
    if not name:
        raise table.error("学校名称为空", row.number, NAME)
    code = table.text(row, CODE)
    excluded = table.flag(row, EXCLUDED)
    school_type = normal_type(table.text(row, TYPE))
    origin = f"第 {row.number} 行"
    if excluded:
        if excluded in ("是", "1", "√", "✓", "y", "yes"):
            excluded = "不纳入统计"
        return SchoolRecord(name, school_type or table.text(row, TYPE), {}, code, excluded, origin)
    if school_type not in TABLE_TYPES:
        raise table.error(f"「{table.text(row, TYPE)}」不是可统计的学校类型，应为 "
                          f"{'、'.join(TABLE_TYPES)} 之一（特教、职业学校、不足 50 人的教学点"
                          f"请在「{EXCLUDED}」列注明原因）", row.number, TYPE)
    answers = {}
    stages = TYPE_STAGES[school_type]
    for header, (item_id, _units) in NUMBER_COLUMNS.items():
        value = table.number(row, header)
        stage = _STAGE_PREFIX.get(header[:2])
        if stage is not None and stage not in stages:
            if value:
                raise table.error(f"为 {fmt(value, 4)}，但{school_type}没有{STAGE_NAMES[stage]}学段"
                                  f"（留空或填 0）", row.number, header)
            continue
        if value is None:
            raise table.error("未填写（没有的请填 0）", row.number, header)
        if header.endswith("在校生数") and value == 0:
            raise table.error(f"为 0，但{school_type}有{STAGE_NAMES[stage]}学段", row.number, header)
        answers[item_id] = value
    return SchoolRecord(name, school_type, answers, code, "", origin)


def normal_type(text: str) -> str:
    """'九年一贯制学校' → '九年一贯制'; other text is returned unchanged."""
    text = text.replace(" ", "")
    if text not in SCHOOL_TYPES and text.endswith("学校") and text[:-2] in SCHOOL_TYPES:
        return text[:-2]
    return text


def _check_unique(table: Table, row: Row, record: SchoolRecord, seen: dict[str, int]) -> None:
    keys = [("name", record.name, NAME)] + ([("code", record.code, CODE)] if record.code else [])
    for kind, value, column in keys:
        earlier = seen.get(f"{kind}:{value}")
        if earlier is not None:
            raise table.error(f"「{value}」与第 {earlier} 行重复", row.number, column)
        seen[f"{kind}:{value}"] = row.number
