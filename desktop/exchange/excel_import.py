"""Reading answers back from a workbook this program exported (or a filled-in blank template).

All or nothing: every cell is checked with the same rules as the GUI (answers.parse_answer), and
one bad cell refuses the whole workbook with ImportFileError naming the sheet, row, column and
problem. Sheets are matched by checklist id and rows by item id; a workbook made for another
checklist version is mapped by item id and what cannot be mapped is listed, not guessed.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from desktop.core.answers import AnswerValue, parse_answer
from desktop.core.catalog import Catalog
from desktop.core.errors import ImportFileError, InputError
from desktop.core.model import AnswerType, Checklist, Item
from desktop.core.numbers import to_fraction
from desktop.exchange.excel_meta import SheetRef, WorkbookMeta, read_meta
from desktop.exchange.excel_sheet import HEADERS, HEADER_ROW
from desktop.exchange.safe_zip import ZipLimits
from desktop.exchange.xlsx_read import LIMITS as XLSX_LIMITS
from desktop.exchange.xlsx_read import LOAD_ERRORS, open_workbook, sheet_rows

LIMITS: ZipLimits = XLSX_LIMITS
MAX_ROWS = 5000
MAX_COLUMNS = 64
MAX_LISTED = 10
_HEADER_KEYS = {text: key for key, text in HEADERS.items()}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^]]*]')
# What openpyxl raises on damaged parts; xml's ParseError and defusedxml's refusals derive from
# SyntaxError and ValueError.
_LOAD_ERRORS = (*LOAD_ERRORS, InvalidFileException)


@dataclass(frozen=True)
class Unmapped:
    """A filled row whose item id the current checklist does not have."""

    sheet: str
    row: int
    item_id: str
    value: str


@dataclass(frozen=True)
class Plan:
    measure: str
    owner: str
    deadline: str  # ISO date or ""


@dataclass(frozen=True)
class SheetAnswers:
    ref: SheetRef
    checklist: Checklist  # the definition the values were checked against
    answers: dict[str, AnswerValue]
    notes: dict[str, str]
    plans: dict[str, Plan]
    unmapped: tuple[Unmapped, ...]


@dataclass(frozen=True)
class WorkbookAnswers:
    path: Path
    meta: WorkbookMeta
    sheets: tuple[SheetAnswers, ...]


class _Problems:
    """Collects every bad cell, so the user can fix them all in one go."""

    def __init__(self, path: Path):
        self.path = path
        self.items: list[tuple[str, int, str, str]] = []  # sheet, row, column letter, message

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        self.items.append((sheet, row, column, message))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        sheet, row, column, message = self.items[0]
        if len(self.items) > 1:
            listed = [f"工作表「{s}」第 {r} 行 {c} 列：{m}" for s, r, c, m in self.items[1:MAX_LISTED + 1]]
            hidden = len(self.items) - 1 - len(listed)
            message += (f"\n共 {len(self.items)} 处问题，工作簿未导入。其余问题：\n  - "
                        + "\n  - ".join(listed) + (f"\n  ……另有 {hidden} 处" if hidden else ""))
        raise ImportFileError(message, path=self.path, sheet=sheet, row=row, column=column)


@dataclass(frozen=True)
class _Cell:
    """What the import needs of a cell, detached from openpyxl."""

    value: Any
    data_type: str = "n"
    number_format: str = "General"


_EMPTY = _Cell(None)


def read_workbook(path: Path, catalog: Catalog, overlay: str | None = None) -> WorkbookAnswers:
    """Reads and checks every cell; overlay defaults to the one the workbook was made with."""
    path = Path(path)
    with warnings.catch_warnings():
        # openpyxl warns about Excel extensions it drops (e.g. slicers); they do not matter here.
        warnings.simplefilter("ignore", UserWarning)
        wb = _load(path)
        try:
            meta = _guarded(path, lambda: read_meta(wb, str(path)))
            grids = {ref.sheet: _guarded(path, lambda: _grid(wb, ref, path)) for ref in meta.sheets}
        finally:
            wb.close()
    overlay = meta.overlay if overlay is None else overlay
    problems = _Problems(path)
    sheets = tuple(_read_sheet(grids[ref.sheet], ref, _checklist(catalog, ref, overlay, path),
                               meta, overlay, problems) for ref in meta.sheets)
    problems.raise_if_any()
    return WorkbookAnswers(path, meta, sheets)


def _load(path: Path):
    """Checks the zip defensively, then lets openpyxl (with defusedxml) parse the same bytes."""
    return open_workbook(path, LIMITS, data_only=False)


def _guarded(path: Path, action):
    try:
        return action()
    except _LOAD_ERRORS as exc:
        raise ImportFileError(f"不是有效的 Excel 工作簿，或文件内容已损坏（{type(exc).__name__}）",
                              path=path) from None


def _grid(wb, ref: SheetRef, path: Path) -> list[tuple[_Cell, ...]]:
    """The sheet's rows (up to MAX_ROWS); refuses a sheet with content further down."""
    if ref.sheet not in wb.sheetnames:
        raise ImportFileError(f"找不到检查表 {ref.checklist} 的工作表「{ref.sheet}」（是否被改名或删除？）",
                              path=path)
    rows: list[tuple[_Cell, ...]] = []
    for _, row in sheet_rows(wb[ref.sheet], path, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS,
                             values_only=False):
        rows.append(tuple(_EMPTY if c.value is None else _Cell(c.value, c.data_type, c.number_format)
                          for c in row))
    return rows


def _checklist(catalog: Catalog, ref: SheetRef, overlay: str, path: Path) -> Checklist:
    try:
        return catalog.get(ref.checklist, overlay or None)
    except InputError as exc:
        raise ImportFileError(f"工作表「{ref.sheet}」对应的检查表无法使用：{exc}", path=path) from None


def _read_sheet(rows: list[tuple[_Cell, ...]], ref: SheetRef, checklist: Checklist,
                meta: WorkbookMeta, overlay: str, problems: _Problems) -> SheetAnswers:
    columns, first_row = _header(rows, ref.sheet, problems.path)
    mapping = ref.version != checklist.version or (overlay or "") != (meta.overlay or "")
    reader = _SheetReader(ref, checklist, columns, mapping, problems)
    for number, row in enumerate(rows[first_row - 1:], start=first_row):
        reader.row(number, row)
    return reader.result()


def _header(rows: list[tuple[_Cell, ...]], sheet: str, path: Path) -> tuple[dict[str, int], int]:
    for number, row in enumerate(rows[:HEADER_ROW + 7], start=1):
        found = {_HEADER_KEYS[c.value.strip()]: i for i, c in enumerate(row)
                 if isinstance(c.value, str) and c.value.strip() in _HEADER_KEYS}
        if "item_id" in found and "answer" in found:
            return found, number + 1
    raise ImportFileError("找不到表头（应有「条目编号」和「填报值」两列）", path=path, sheet=sheet)


class _SheetReader:
    """Reads one checklist sheet row by row, checking each cell."""

    def __init__(self, ref: SheetRef, checklist: Checklist, columns: dict[str, int],
                 mapping: bool, problems: _Problems):
        self.ref, self.checklist, self.columns = ref, checklist, columns
        self.mapping, self.problems = mapping, problems
        self.answers: dict[str, AnswerValue] = {}
        self.notes: dict[str, str] = {}
        self.plans: dict[str, Plan] = {}
        self.unmapped: list[Unmapped] = []
        self.seen: dict[str, int] = {}

    def result(self) -> SheetAnswers:
        return SheetAnswers(self.ref, self.checklist, self.answers, self.notes, self.plans,
                            tuple(self.unmapped))

    def cell(self, row: tuple, key: str):
        index = self.columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    def fail(self, number: int, key: str, message: str) -> None:
        letter = get_column_letter(self.columns[key] + 1)
        self.problems.add(self.ref.sheet, number, letter, f"「{HEADERS[key]}」{message}")

    def row(self, number: int, row: tuple) -> None:
        inputs = {k: self.cell(row, k) for k in ("answer", "note", "measure", "owner", "deadline")}
        filled = {k: c for k, c in inputs.items() if c is not None and _present(c.value)}
        id_cell = self.cell(row, "item_id")
        item_id = id_cell.value if id_cell is not None else None
        if item_id is None or (isinstance(item_id, str) and not item_id.strip()):
            if filled:
                self.fail(number, "item_id", "这一行填了内容，但没有条目编号，无法对应到条目")
            return
        if not isinstance(item_id, str):
            self.fail(number, "item_id", f"条目编号「{item_id}」应为文字")
            return
        item_id = item_id.strip()
        if item_id in self.seen:
            self.fail(number, "item_id", f"条目编号「{item_id}」重复（第 {self.seen[item_id]} 行已有）")
            return
        self.seen[item_id] = number
        if not self.checklist.has_item(item_id):
            self._unknown(number, item_id, filled)
            return
        self._read_item(number, self.checklist.item(item_id), filled)

    def _unknown(self, number: int, item_id: str, filled: dict) -> None:
        if not self.mapping:
            c = self.checklist
            self.fail(number, "item_id", f"检查表「{c.title}」（{c.version}）中没有条目「{item_id}」")
        elif filled:
            shown = "；".join(f"{HEADERS[k]}：{_shown(c.value)}" for k, c in filled.items())
            self.unmapped.append(Unmapped(self.ref.sheet, number, item_id, shown))

    def _read_item(self, number: int, item: Item, filled: dict) -> None:
        for key, cell in filled.items():
            if cell.data_type == "f":
                self.fail(number, key, f"单元格是公式「{str(cell.value)[:40]}」，请改为直接填写内容"
                                       "（可复制后“选择性粘贴 → 数值”）")
                return
            if cell.data_type == "e":
                self.fail(number, key, f"单元格显示错误值「{cell.value}」")
                return
        if "answer" in filled and item.type is not AnswerType.COMPUTED:
            self._answer(number, item, filled["answer"])
        if "note" in filled:
            self.notes[item.id] = _text(filled["note"].value)
        if filled.keys() & {"measure", "owner", "deadline"}:
            self._plan(number, item, filled)

    def _answer(self, number: int, item: Item, cell) -> None:
        raw = cell.value
        try:
            if item.type is AnswerType.PERCENT and _is_number(raw) and _percent_format(cell.number_format):
                raw = to_fraction(raw) * 100  # "95%" typed in Excel is stored as 0.95
        except ValueError as exc:
            self.fail(number, "answer", f"条目「{item.title}」（{item.id}）：{exc}")
            return
        try:
            value = parse_answer(item, raw)
        except InputError as exc:
            self.fail(number, "answer", str(exc))
            return
        if value is not None:
            self.answers[item.id] = value

    def _plan(self, number: int, item: Item, filled: dict) -> None:
        measure = _text(filled["measure"].value).strip() if "measure" in filled else ""
        owner = _text(filled["owner"].value).strip() if "owner" in filled else ""
        deadline = ""
        if "deadline" in filled:
            shown = _shown(filled["deadline"].value)
            deadline = _iso_date(filled["deadline"].value)
            if deadline is None:
                self.fail(number, "deadline", f"应为日期（如 2026-08-31），现为「{shown}」")
                return
        self.plans[item.id] = Plan(measure, owner, deadline)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _percent_format(number_format: str | None) -> bool:
    return "%" in _QUOTED.sub("", number_format or "")


def _text(value: Any) -> str:
    """A cell as text: numbers as typed (shortest repr), dates as ISO."""
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _shown(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _iso_date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    match = _DATE.match(str(value))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None
