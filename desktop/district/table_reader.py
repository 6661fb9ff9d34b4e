"""Reads a table a county typed (xlsx, or csv in UTF-8 with or without BOM, GBK/GB18030, UTF-16).

The header row is found by its key column (the first 10 rows may hold a title); a header may
carry a unit in brackets ("教学仪器设备值（万元）"), which is converted to the base unit exactly.
Every problem is an ImportFileError naming the file, sheet, row and column letter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from desktop.core.errors import ImportFileError
from desktop.core.numbers import fmt, to_fraction
from desktop.district.progress import CancelFn, ProgressFn, step

HEADER_SEARCH_ROWS = 10
MAX_ROWS = 20000
_HEADER = re.compile(r"^(?P<name>[^（(]+?)(?:[（(](?P<unit>[^）)]*)[）)])?$")
_BLANK_NO = {"", "否", "0", "不", "无", "n", "no", "false"}

PEOPLE = {"": Fraction(1), "人": Fraction(1), "名": Fraction(1)}
ROOMS = {"": Fraction(1), "间": Fraction(1), "个": Fraction(1)}
AREA = {"": Fraction(1), "㎡": Fraction(1), "m²": Fraction(1), "m2": Fraction(1),
        "平方米": Fraction(1), "平米": Fraction(1)}
MONEY = {"": Fraction(1), "元": Fraction(1), "万元": Fraction(10000)}


@dataclass(frozen=True)
class Column:
    """A column the reader expects; `units` are the allowed bracket units → factor to the base."""

    name: str
    units: dict[str, Fraction] = field(default_factory=dict)  # {} = a text column
    required: bool = True
    integer: bool = False
    maximum: Fraction | None = None


@dataclass(frozen=True)
class Row:
    number: int  # the row number the user sees (1-based, as Excel shows it)
    cells: tuple[Any, ...]


@dataclass
class Table:
    """The data rows of one sheet, with the position and unit factor of each known column."""

    path: Path
    sheet: str  # "" for csv
    header_row: int
    positions: dict[str, int]  # column name → 0-based index
    factors: dict[str, Fraction]
    columns: dict[str, Column]
    rows: list[Row]

    def error(self, message: str, row: int | None = None, column: str = "") -> ImportFileError:
        """An error at a cell; `column` is a column name, shown as its letter and quoted."""
        if column and column in self.positions:
            letter = column_letter(self.positions[column])
            return ImportFileError(f"「{column}」{message}", path=self.path, sheet=self.sheet,
                                   row=row, column=letter)
        return ImportFileError(message, path=self.path, sheet=self.sheet, row=row)

    def has(self, name: str) -> bool:
        return name in self.positions

    def raw(self, row: Row, name: str) -> Any:
        index = self.positions.get(name)
        if index is None or index >= len(row.cells):
            return None
        return row.cells[index]

    def text(self, row: Row, name: str) -> str:
        value = self.raw(row, name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # an identifier typed as a number in Excel
        return re.sub(r"\s+", " ", str(value)).strip()

    def flag(self, row: Row, name: str) -> str:
        """A mark column: "" when blank or 否/0, otherwise the text written in it."""
        text = self.text(row, name)
        return "" if text.lower() in _BLANK_NO else text

    def number(self, row: Row, name: str) -> Fraction | None:
        """The cell in the column's base unit; None when blank. Refuses text and negatives."""
        value = self.raw(row, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        column = self.columns[name]
        if isinstance(value, (bool, dt.date, dt.time)):
            raise self.error(f"应填数字，现为「{value}」", row.number, name)
        try:
            number = to_fraction(value)
        except ValueError as exc:
            shown = str(value) if len(str(value)) <= 24 else str(value)[:20] + "…"
            reason = str(exc) if ("范围" in str(exc) or "逗号" in str(exc)) else f"应填数字，现为「{shown}」"
            raise self.error(reason, row.number, name) from None
        if number < 0:
            raise self.error(f"不能为负数，现为 {fmt(number, 4)}", row.number, name)
        number *= self.factors.get(name, Fraction(1))
        if column.integer and number.denominator != 1:
            raise self.error(f"应为整数，现为 {fmt(number, 4)}", row.number, name)
        if column.maximum is not None and number > column.maximum:
            raise self.error(f"为 {fmt(number, 4)}，超过允许的最大值 {fmt(column.maximum, 4)}",
                             row.number, name)
        return number


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as spreadsheets label columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path, columns: list[Column], key: str, sheet_name: str = "",
               progress: ProgressFn | None = None, is_cancelled: CancelFn | None = None) -> Table:
    """Reads the sheet named `sheet_name` (else the first) or the csv; checks the header."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheet, raw_rows = _xlsx_rows(path, sheet_name)
    elif suffix in (".csv", ".txt"):
        sheet, raw_rows = "", _csv_rows(path)
    elif suffix == ".xls":
        raise ImportFileError("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入", path=path)
    else:
        raise ImportFileError("只能读取 .xlsx 或 .csv 文件", path=path)
    header_index = _find_header(path, sheet, raw_rows, key)
    table = _header(path, sheet, header_index, raw_rows[header_index], columns)
    body = raw_rows[header_index + 1:]
    if len(body) > MAX_ROWS:
        raise ImportFileError(f"数据行过多（超过 {MAX_ROWS} 行）", path=path, sheet=sheet)
    for n, cells in enumerate(body):
        if n % 200 == 0:
            step(n, len(body), progress, is_cancelled)
        if any(c is not None and str(c).strip() for c in cells):
            table.rows.append(Row(header_index + 2 + n, tuple(cells)))
    return table


def _xlsx_rows(path: Path, sheet_name: str) -> tuple[str, list[tuple[Any, ...]]]:
    from desktop.exchange.xlsx_read import open_workbook, sheet_rows
    book = open_workbook(path)
    try:
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        # One row past the limit is kept, so the caller's "too many rows" names the table.
        rows = sheet_rows(sheet, path, max_rows=MAX_ROWS + HEADER_SEARCH_ROWS + 1)
        return sheet.title, [cells for _, cells in rows]
    finally:
        book.close()


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 — which covers GBK, what Excel on
    Chinese Windows writes for "CSV (逗号分隔)"."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别文件编码（应为 UTF-8 或 GBK）", path=path)


def _csv_rows(path: Path) -> list[tuple[Any, ...]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError("找不到文件", path=path) from None
    except OSError as exc:
        raise ImportFileError(f"无法读取文件（{exc.strerror}）", path=path) from None
    text = decode_text(path, data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [tuple(c if c.strip() else None for c in row) for row in reader]
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误（{exc}）", path=path, row=reader.line_num) from None


def _normal(text: Any) -> str:
    return re.sub(r"\s+", "", str(text)) if text is not None else ""


def _find_header(path: Path, sheet: str, rows: list[tuple[Any, ...]], key: str) -> int:
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if any(_split_header(_normal(c))[0] == key for c in cells):
            return index
    raise ImportFileError(f"找不到表头：前 {HEADER_SEARCH_ROWS} 行中没有「{key}」列", path=path,
                          sheet=sheet)


def _split_header(text: str) -> tuple[str, str | None]:
    match = _HEADER.match(text)
    return (match["name"], match["unit"]) if match else (text, None)


def _header(path: Path, sheet: str, index: int, cells: tuple[Any, ...],
            columns: list[Column]) -> Table:
    by_name = {c.name: c for c in columns}
    positions: dict[str, int] = {}
    factors: dict[str, Fraction] = {}
    row = index + 1
    for position, cell in enumerate(cells):
        name, unit = _split_header(_normal(cell))
        column = by_name.get(name)
        if column is None:
            continue  # 序号, 备注 and other columns a county adds are ignored
        where = dict(path=path, sheet=sheet, row=row, column=column_letter(position))
        if name in positions:
            raise ImportFileError(f"「{name}」列重复（另见 {column_letter(positions[name])} 列）",
                                  **where)
        unit = (unit or "").strip()
        if column.units and unit not in column.units:
            allowed = "、".join(u for u in column.units if u)
            raise ImportFileError(f"「{name}」的单位「{unit}」无法识别，可用：{allowed}", **where)
        positions[name] = position
        factors[name] = column.units.get(unit, Fraction(1)) if column.units else Fraction(1)
    missing = [c.name for c in columns if c.required and c.name not in positions]
    if missing:
        raise ImportFileError("缺少列" + "、".join(f"「{m}」" for m in missing), path=path,
                              sheet=sheet, row=row)
    return Table(path, sheet, row, positions, factors, by_name, [])
