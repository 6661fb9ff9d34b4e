"""One table of the return: columns found by the code row and header texts, rows by label and 编号.

A table sheet has caption rows (title, 「基础基311 … 单位：人」), one to three header rows with merged
group headers, a code row numbering the columns (甲 = row label, 乙 = 编号, then 1, 2, 3 …) and the
data rows. Copies differ by an extra row or column in front, so nothing here uses fixed addresses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.core.errors import ImportFileError
from desktop.prefill.sheets import Sheet, Workbook, cell_name, column_letter

NOT_APPLICABLE = "*"
MAX_HEADER_ROWS = 4
_SPACES = re.compile(r"\s+")
_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|其中:|其中)")
_UNIT_SUFFIX = re.compile(r"\(([^()]*)\)$")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_WIDE = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "　": " "})


def normalize(value: Any) -> str:
    """Text without spaces, line breaks and Excel's _x000D_; full-width brackets and colons folded."""
    if value is None:
        return ""
    text = str(value).replace("_x000D_", "").translate(_WIDE)
    return _SPACES.sub("", text)


def label_key(value: Any) -> str:
    """A row label as compared: 「一、教 学 及 辅 助 用 房」 and 「其中：女」 → 教学及辅助用房, 女."""
    text = normalize(value)
    while True:
        shorter = _ENUMERATOR.sub("", text, count=1)
        if shorter == text or not shorter:
            return text
        text = shorter


@dataclass(frozen=True)
class Column:
    index: int  # 0-based column in the sheet
    code: str  # the number in the code row: "1", "2" …
    path: tuple[str, ...]  # header texts from the top group down, normalized

    @property
    def title(self) -> str:
        return " ".join(self.path) or f"第 {self.code} 栏"


@dataclass(frozen=True)
class Row:
    index: int
    label: str  # as written, spaces folded for display
    key: str
    number: str  # the 乙 column's 编号, "" when blank


@dataclass(frozen=True)
class Table:
    sheet: Sheet
    unit: str
    code_row: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @property
    def name(self) -> str:
        return self.sheet.name


class TableError(ImportFileError):
    pass


def read_table(book: Workbook, name: str) -> Table:
    sheet = book.sheet(name)
    if sheet is None:
        raise TableError(f"缺少工作表「{name}」。请确认这是完整的教育事业统计基层报表（学年初）",
                         path=book.path)
    code_row, label_col, number_col = _code_row(book, sheet)
    columns = _columns(sheet, code_row, number_col)
    if not columns:
        raise TableError("代码行（甲、乙、1、2、3 …）中没有数据栏的编号", path=book.path,
                         sheet=sheet.name, row=code_row + 1)
    return Table(sheet, _unit(sheet, code_row), code_row, columns,
                 _rows(sheet, code_row, label_col, number_col))


def _code_row(book: Workbook, sheet: Sheet) -> tuple[int, int, int]:
    for r, row in enumerate(sheet.rows):
        cells = [(c, normalize(v)) for c, v in enumerate(row) if normalize(v)]
        for (c, text), following in zip(cells, cells[1:]):
            if text == "甲" and following[1] == "乙":
                return r, c, following[0]
    raise TableError("找不到代码行（标有「甲」「乙」「1」「2」…的一行），不像是基层报表的统计表",
                     path=book.path, sheet=sheet.name)


def _is_caption(row: tuple[Any, ...]) -> bool:
    texts = [normalize(v) for v in row]
    return not any(texts) or any("单位:" in t or t.startswith("基础基") for t in texts)


def _columns(sheet: Sheet, code_row: int, number_col: int) -> tuple[Column, ...]:
    # Column numbers may be stored as numbers (1.0 from .xls) or as text.
    indexes = [(c, _number_text(v)) for c, v in enumerate(sheet.rows[code_row])
               if c > number_col and _number_text(v).isdigit()]
    top = code_row
    while top > 0 and code_row - top < MAX_HEADER_ROWS and not _is_caption(sheet.rows[top - 1]):
        top -= 1
    paths: dict[int, list[str]] = {c: [] for c, _ in indexes}
    for r in range(top, code_row):
        previous: int | None = None
        for c, _code in indexes:
            text = label_key(sheet.value(r, c))
            if text:
                paths[c].append(text)
            elif previous is not None and _same_group(paths[previous], paths[c]):
                # The rest of a merged header cell: openpyxl and xlrd give only its first cell.
                paths[c].append(paths[previous][-1])
            previous = c
        # Only a header written in this row may continue to the right.
        for c in paths:
            if len(paths[c]) < r - top + 1:
                paths[c].append("")
    return tuple(Column(c, code, tuple(t for t in paths[c] if t)) for c, code in indexes)


def _same_group(left: list[str], mine: list[str]) -> bool:
    return len(left) == len(mine) + 1 and bool(left[-1]) and left[:-1] == mine


def _unit(sheet: Sheet, code_row: int) -> str:
    for row in sheet.rows[:code_row]:
        for value in row:
            text = normalize(value)
            if "单位:" in text:
                return text.split("单位:", 1)[1]
    return ""


def _rows(sheet: Sheet, code_row: int, label_col: int, number_col: int) -> tuple[Row, ...]:
    rows = []
    for r in range(code_row + 1, len(sheet.rows)):
        label = sheet.value(r, label_col)
        number = _number_text(sheet.value(r, number_col))
        if normalize(label) or number:
            shown = " ".join(str(label or "").replace("_x000D_", "").split())
            rows.append(Row(r, shown, label_key(label), number))
    return tuple(rows)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(value)


# --- looking things up ----------------------------------------------------------------------

def find_column(table: Table, headers: tuple[str, ...], path: str = "") -> Column:
    """The one column whose header path contains these texts in this order (a unit in brackets
    after a header, 「教学仪器设备资产值（万元）」, is not part of its name)."""
    wanted = tuple(_bare(label_key(h)) for h in headers)
    found = [c for c in table.columns if _contains(tuple(_bare(t) for t in c.path), wanted)]
    exact = [c for c in found if tuple(_bare(t) for t in c.path) == wanted]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    shown = " / ".join(headers)
    if not found:
        raise TableError(f"表头中找不到「{shown}」栏", path=path, sheet=table.name,
                         row=table.code_row + 1)
    codes = "、".join(f"第 {c.code} 栏（{c.title}）" for c in found)
    raise TableError(f"表头「{shown}」对应多栏：{codes}；请在对照表中写明上一级表头",
                     path=path, sheet=table.name, row=table.code_row + 1)


def _bare(header: str) -> str:
    return _UNIT_SUFFIX.sub("", header)


def has_unit(table: Table, column: Column, unit: str) -> bool:
    """Whether the column's headers or, failing that, the table's 单位 line name this unit."""
    unit = normalize(unit)
    in_headers = [m.group(1) for t in column.path for m in [_UNIT_SUFFIX.search(t)] if m]
    return unit in in_headers if in_headers else unit == table.unit


def _contains(path: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    position = 0
    for text in path:
        if position < len(wanted) and text == wanted[position]:
            position += 1
    return position == len(wanted)


def find_row(table: Table, labels: tuple[str, ...], number: str = "", after: str = "",
             path: str = "") -> Row:
    """The row labelled with one of labels (after the anchor row when given); 编号 checked if given."""
    rows = list(table.rows)
    if after:
        anchor = next((i for i, r in enumerate(rows) if r.key == label_key(after)), None)
        if anchor is None:
            raise TableError(f"找不到「{after}」行", path=path, sheet=table.name)
        rows = rows[anchor + 1:]
    keys = {label_key(label) for label in labels}
    found = [r for r in rows if r.key in keys]
    shown = "」或「".join(labels)
    if not found:
        where = f"「{after}」之后" if after else ""
        raise TableError(f"{where}找不到「{shown}」行", path=path, sheet=table.name)
    if number:
        numbered = [r for r in found if r.number == number]
        if not numbered:
            raise TableError(f"「{shown}」行的编号应为 {number}，现为 {found[0].number or '空'}；"
                             "报表格式可能与对照表不符", path=path, sheet=table.name,
                             row=found[0].index + 1)
        return numbered[0]
    if len(found) > 1 and not after:
        rows_text = "、".join(str(r.index + 1) for r in found)
        raise TableError(f"「{shown}」行出现多次（第 {rows_text} 行）；请在对照表中写明编号",
                         path=path, sheet=table.name)
    return found[0]


def read_number(table: Table, row: Row, column: Column, path: str = "") -> Decimal | str | None:
    """The cell as a number; None when blank, NOT_APPLICABLE for 「*」; text is refused."""
    raw = table.sheet.value(row.index, column.index)
    if raw is None or isinstance(raw, bool):
        return None if raw is None else _bad(table, row, column, raw, path)
    if isinstance(raw, (int, float)):
        if raw != raw or raw in (float("inf"), float("-inf")):
            _bad(table, row, column, raw, path)
        return Decimal(str(raw))
    text = normalize(raw).replace(",", "")
    if not text:
        return None
    if text == NOT_APPLICABLE:
        return NOT_APPLICABLE
    if not _NUMBER.match(text) or len(text) > 20:
        _bad(table, row, column, raw, path)
    try:
        return Decimal(text)
    except InvalidOperation:
        _bad(table, row, column, raw, path)
    raise AssertionError("unreachable")


def _bad(table: Table, row: Row, column: Column, raw: Any, path: str) -> Decimal:
    raise TableError(f"「{row.label}」行「{column.title}」栏应为数字，现为「{raw}」",
                     path=path, sheet=table.name, row=row.index + 1, column=column_letter(column.index))


def address(row: Row, column: Column) -> str:
    return cell_name(row.index, column.index)
