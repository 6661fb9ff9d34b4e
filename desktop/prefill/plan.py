"""What a return would fill in: every value with its cells and source, and what cannot be used.

build_plan reads nothing but the workbook already read and the assessment's snapshot; it writes
nothing. Any problem (another school, a missing sheet or row, text where a number belongs, a
value outside the item's range) refuses the whole file with a message naming sheet, row, column.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from desktop.core.answers import AnswerValue, display, parse_answer
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError, ImportFileError, InputError
from desktop.core.model import Checklist, Item, SchoolProfile
from desktop.prefill.identity import IDENTITY_TABLE, Identity, read_identity
from desktop.prefill.mapping import Mapping, Source, UnusedRule, ValueRule
from desktop.prefill.sheets import Workbook, cell_name, column_letter
from desktop.prefill.tables import (
    NOT_APPLICABLE, Table, TableError, address, find_column, find_row, has_unit, label_key,
    normalize, read_number, read_table,
)

TABLE_PREFIX = "基础基"
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "："})


class IdentityMismatch(DesktopError):
    """The return belongs to another school, or to a school of another type."""


@dataclass(frozen=True)
class CellRead:
    sheet: str
    cell: str  # A1 in the file as read
    row_label: str
    column_title: str
    raw: Decimal | str | None  # None blank, "*" not applicable


@dataclass(frozen=True)
class PlannedValue:
    checklist: str
    item: Item
    code: str  # 1.2: section and item number, as printed in the report
    value: Fraction
    current: AnswerValue | None
    cells: tuple[CellRead, ...]
    source: str  # 「2020/2021学年初 基层表 基础基311 在园人数 合计」
    basis: str

    @property
    def changes(self) -> bool:
        return self.current != self.value

    @property
    def differs(self) -> bool:
        """An existing answer that the return contradicts."""
        return self.current is not None and self.current != self.value

    @property
    def shown(self) -> str:
        return display(self.item, self.value)

    @property
    def shown_current(self) -> str:
        return display(self.item, self.current) if self.current is not None else ""

    def to_json(self) -> dict[str, Any]:
        v = self.value
        number: int | float = v.numerator if v.denominator == 1 else float(v)
        return {"checklist": self.checklist, "item": self.item.id, "value": number,
                "sheet": self.cells[0].sheet if len({c.sheet for c in self.cells}) == 1
                else "、".join(dict.fromkeys(c.sheet for c in self.cells)),
                "cell": "+".join(c.cell for c in self.cells), "label": self.source}


@dataclass(frozen=True)
class Unused:
    sheet: str
    cell: str
    why: str

    def to_json(self) -> dict[str, str]:
        return {"sheet": self.sheet, "cell": self.cell, "why": self.why}


@dataclass(frozen=True)
class PrefillPlan:
    file: str
    identity: Identity
    values: tuple[PlannedValue, ...]
    unused: tuple[Unused, ...]

    @property
    def changes(self) -> tuple[PlannedValue, ...]:
        return tuple(v for v in self.values if v.changes)

    def to_json(self) -> dict[str, Any]:
        return {"school": self.identity.to_json(), "values": [v.to_json() for v in self.values],
                "unused": [u.to_json() for u in self.unused]}


def build_plan(book: Workbook, mapping: Mapping, catalog: Catalog,
               snapshot: AssessmentSnapshot) -> PrefillPlan:
    identity = read_identity(book, mapping.identity)
    check_identity(identity, snapshot)
    reader = _Reader(book)
    profile = snapshot.school.profile
    present = {cid for cid, _ in snapshot.checklists}
    values: list[PlannedValue] = []
    unused: list[Unused] = []
    used_tables = {IDENTITY_TABLE, f"{TABLE_PREFIX}112续表1"}
    for rule in mapping.values:
        checklist = catalog.get(rule.checklist, snapshot.overlay or None)
        if (identity.type not in checklist.applies_to or not rule.applies(identity.type)
                or not _fits(checklist.item(rule.item), profile)):
            continue
        used_tables.update(s.table for s in rule.sources)
        planned = _plan_value(reader, rule, checklist, snapshot, identity)
        if rule.checklist not in present:
            unused.append(Unused(planned.cells[0].sheet, "+".join(c.cell for c in planned.cells),
                                 f"本次评估没有「{checklist.title}」检查表，不填入"))
        elif all(c.raw == NOT_APPLICABLE for c in planned.cells):
            unused.append(Unused(planned.cells[0].sheet, "+".join(c.cell for c in planned.cells),
                                 f"报表中为「*」（不适用），条目「{planned.item.title}」未填"))
        else:
            values.append(planned)
    for rule in mapping.unused:
        applies_to = catalog.checklists[rule.checklist].applies_to if rule.checklist else ()
        if (not rule.types or identity.type in rule.types) and identity.type in applies_to:
            used_tables.add(rule.table)
            unused.extend(_known_unused(reader, rule))
    for name in book.sheets:
        compact = normalize(name)
        if compact.startswith(TABLE_PREFIX) and compact not in {normalize(t) for t in used_tables}:
            unused.append(Unused(name, "", "整张表：本程序的检查表中没有取自此表的条目"))
    values.sort(key=lambda v: (list(present).index(v.checklist) if v.checklist in present else 99,
                               _order(catalog.get(v.checklist, snapshot.overlay or None), v.item.id)))
    return PrefillPlan(str(book.path), identity, _merge(values), tuple(unused))


def check_identity(identity: Identity, snapshot: AssessmentSnapshot) -> None:
    school = snapshot.school
    if school.code.strip() and identity.code and identity.code != school.code.strip():
        raise IdentityMismatch(
            f"这份基层表是「{identity.name}」（学校标识码 {identity.code}）的，当前学校「{school.name}」"
            f"的标识码是 {school.code}。不能把别的学校的报表导入本校，数据没有改动。")
    if not school.code.strip() and normalize(identity.name) != normalize(school.name):
        raise IdentityMismatch(
            f"这份基层表是「{identity.name}」的，当前学校是「{school.name}」，且当前学校没有填写学校标识码，"
            "无法确认是同一所学校。请先在「文件 → 学校信息」中填写学校标识码。数据没有改动。")
    if identity.type != school.type:
        raise IdentityMismatch(
            f"基层表中的办学类型是「{identity.type_text}」（{identity.type}），当前学校登记的类型是"
            f"「{school.type}」，两者不符，不能导入。请核对学校信息或报表。数据没有改动。")


class _Reader:
    """Tables read once each, errors naming the file."""

    def __init__(self, book: Workbook):
        self.book = book
        self._tables: dict[str, Table] = {}

    def table(self, name: str) -> Table:
        if name not in self._tables:
            self._tables[name] = read_table(self.book, name)
        return self._tables[name]

    def cell(self, source: Source) -> tuple[Table, CellRead]:
        path = str(self.book.path)
        table = self.table(source.table)
        row = find_row(table, source.rows, source.number, source.after, path)
        column = find_column(table, source.column, path)
        if source.unit and not has_unit(table, column, source.unit):
            shown = table.unit or "（未注明）"
            raise TableError(f"「{column.title}」栏的单位应为{source.unit}，报表中为{shown}；"
                             "换算可能出错，请核对对照表", path=path, sheet=table.name,
                             row=table.code_row + 1, column=column_letter(column.index))
        raw = read_number(table, row, column, path)
        return table, CellRead(table.name, address(row, column), row.label, column.title, raw)


def _plan_value(reader: _Reader, rule: ValueRule, checklist: Checklist,
                snapshot: AssessmentSnapshot, identity: Identity) -> PlannedValue:
    item = checklist.item(rule.item)
    cells, total = [], Decimal(0)
    for source in rule.sources:
        _table, cell = reader.cell(source)
        cells.append(cell)
        if isinstance(cell.raw, Decimal):
            total += cell.raw * source.scale
    try:
        value = parse_answer(item, Fraction(total))
    except InputError as exc:
        first = cells[0]
        where = "＋".join(c.cell for c in cells)
        raise ImportFileError(f"{where}（{_describe(rule.sources, cells)}）得出 {_plain(total)}，"
                              f"不能填入条目 {_code(checklist, item.id)}「{item.title}」："
                              f"{str(exc).split('：', 1)[-1]}", path=reader.book.path,
                              sheet=first.sheet) from None
    assert isinstance(value, Fraction)
    year = f"{identity.year}学年初 " if identity.year else ""
    return PlannedValue(rule.checklist, item, _code(checklist, item.id), value,
                        snapshot.answers.get(rule.checklist, {}).get(item.id), tuple(cells),
                        f"{year}基层表 {_describe(rule.sources, cells)}", rule.basis)


def _describe(sources: tuple[Source, ...], cells: list[CellRead]) -> str:
    """基础基311 在园人数 合计; a sum over rows: 基础基511 活动室、睡眠室 校舍建筑面积 合计 之和; over
    columns: 基础基423 研究生毕业、本科毕业 之和. Rows are named as the file names them (体育馆 where
    the mapping also accepts 室内体育用房); 总计 rows go unnamed."""
    rows = []
    for s, cell in zip(sources, cells):
        row = label_key(cell.row_label).translate(_FULL_WIDTH)
        if label_key(row) in ("总计", "合计"):
            row = ""
        rows.append(row)
    anchors = {s.after for s in sources}
    anchor = anchors.pop() if len(anchors) == 1 else ""
    if not anchor:  # rows below different anchors each name theirs
        rows = [f"{s.after} {r}" if s.after and r else r for s, r in zip(sources, rows)]
    columns = [" ".join(s.column) for s in sources]
    tables = [f"{s.table} {anchor}" if anchor else s.table for s in sources]
    if len(sources) == 1:
        return " ".join(p for p in (tables[0], rows[0], columns[0]) if p)
    if len(set(tables)) == 1 and len(set(columns)) == 1:
        return " ".join(p for p in (tables[0], "、".join(rows), columns[0]) if p) + " 之和"
    if len(set(tables)) == 1 and len(set(rows)) == 1:
        return " ".join(p for p in (tables[0], rows[0], "、".join(columns)) if p) + " 之和"
    parts = [" ".join(p for p in (t, r, c) if p) for t, r, c in zip(tables, rows, columns)]
    return "，".join(parts) + " 之和"


def _known_unused(reader: _Reader, rule: UnusedRule) -> list[Unused]:
    try:
        table = reader.table(rule.table)
        row = find_row(table, rule.rows, after=rule.after)
        if rule.column:
            cell = address(row, find_column(table, rule.column))
        else:
            cell = cell_name(row.index, _label_column(table, row))
    except ImportFileError:
        return []  # not in this copy of the return: nothing to report
    return [Unused(table.name, cell, rule.why)]


def _label_column(table: Table, row: Any) -> int:
    for c, value in enumerate(table.sheet.rows[row.index]):
        if normalize(value):
            return c
    return 0


def _fits(item: Item, profile: SchoolProfile) -> bool:
    a = item.applies
    return not ((a.types and profile.type not in a.types)
                or (a.stages and not set(a.stages) & set(profile.stages)))


def _code(checklist: Checklist, item_id: str) -> str:
    for s_no, section in enumerate(checklist.sections, 1):
        for i_no, item in enumerate(checklist.items_in(section.id), 1):
            if item.id == item_id:
                return f"{s_no}.{i_no}"
    return item_id


def _order(checklist: Checklist, item_id: str) -> int:
    return next(n for n, item in enumerate(checklist.items) if item.id == item_id)


def _merge(values: list[PlannedValue]) -> tuple[PlannedValue, ...]:
    """One value per item (two rules for the same item and school type would be a mapping slip)."""
    seen: dict[tuple[str, str], PlannedValue] = {}
    for v in values:
        seen.setdefault((v.checklist, v.item.id), v)
    return tuple(seen.values())


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def unused_sheet_rows(plan: PrefillPlan) -> list[tuple[str, str, str]]:
    return [(u.sheet, u.cell or "整张表", u.why) for u in plan.unused]


def plan_file(path: Any, catalog: Catalog, snapshot: AssessmentSnapshot,
              mapping: Mapping | None = None) -> PrefillPlan:
    """Reads the workbook and plans against the snapshot (for a worker thread: no store access)."""
    from desktop.prefill.mapping import load_mapping
    from desktop.prefill.sheets import read_workbook
    mapping = mapping or load_mapping(catalog)
    return build_plan(read_workbook(path), mapping, catalog, snapshot)
