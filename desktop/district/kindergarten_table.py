"""The county's kindergarten table (幼儿园统计表) for the 普及普惠 metrics, one row per kindergarten."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from desktop.district.progress import CancelFn, ProgressFn
from desktop.district.table_reader import PEOPLE, Column, Row, Table, read_table

SHEET = "幼儿园统计表"
NAME, NATURE = "园名", "办园性质"
NATURES = ("公办", "普惠性民办", "非普惠性民办")
CLASS_UNITS = {"": Fraction(1), "个": Fraction(1), "班": Fraction(1)}
# header → attribute of Kindergarten; the order is the template's column order.
NUMBER_COLUMNS = {
    "在园幼儿数": "children",
    "班级数": "classes",
    "超额班级数": "oversized_classes",
    "专任教师数": "teachers",
    "持证专任教师数": "certified_teachers",
    "保育员数": "caregivers",
}
COLUMNS = [Column(NAME), Column(NATURE)] + [
    Column(h, CLASS_UNITS if "班级" in h else PEOPLE, integer=True, maximum=Fraction(100000))
    for h in NUMBER_COLUMNS]


@dataclass(frozen=True)
class Kindergarten:
    name: str
    nature: str  # 公办 / 普惠性民办 / 非普惠性民办
    children: int
    classes: int
    oversized_classes: int  # classes above the 规程 limits (25/30/35/30)
    teachers: int
    certified_teachers: int
    caregivers: int
    row: int = 0

    @property
    def inclusive(self) -> bool:
        return self.nature in ("公办", "普惠性民办")


def read_kindergartens(path: Path, progress: ProgressFn | None = None,
                       is_cancelled: CancelFn | None = None) -> list[Kindergarten]:
    """Every kindergarten of the table; raises ImportFileError at the first problem."""
    table = read_table(path, COLUMNS, NAME, SHEET, progress, is_cancelled)
    if not table.rows:
        raise table.error("表中没有幼儿园数据", table.header_row)
    seen: dict[str, int] = {}
    result = []
    for row in table.rows:
        k = _kindergarten(table, row)
        if k.name in seen:
            raise table.error(f"「{k.name}」与第 {seen[k.name]} 行重复", row.number, NAME)
        seen[k.name] = row.number
        result.append(k)
    return result


def _kindergarten(table: Table, row: Row) -> Kindergarten:
    name = table.text(row, NAME)
    if not name:
        raise table.error("园名为空", row.number, NAME)
    nature = table.text(row, NATURE).replace(" ", "")
    if nature not in NATURES:
        raise table.error(f"「{nature}」无效，应为 {'、'.join(NATURES)} 之一", row.number, NATURE)
    values = {}
    for header, attribute in NUMBER_COLUMNS.items():
        value = table.number(row, header)
        if value is None:
            raise table.error("未填写（没有的请填 0）", row.number, header)
        values[attribute] = int(value)
    if values["oversized_classes"] > values["classes"]:
        raise table.error(f"为 {values['oversized_classes']}，多于班级数 {values['classes']}",
                          row.number, "超额班级数")
    if values["certified_teachers"] > values["teachers"]:
        raise table.error(f"为 {values['certified_teachers']}，多于专任教师数 {values['teachers']}",
                          row.number, "持证专任教师数")
    return Kindergarten(name, nature, row=row.number, **values)
