"""Reading a statistical return workbook into plain grids of cell values, one per sheet.

Cells keep their place in the file as read (row 1, column A = grid[0][0]), so every message and
the preview can name the cell a user finds when opening the file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.errors import ImportFileError

MAX_FILE_BYTES = 50 * 1024 * 1024  # a return is a few hundred KB; refuse anything absurd early
MAX_ROWS, MAX_COLUMNS = 2000, 200  # per sheet: tables have tens of rows and columns


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[Any, ...], ...]

    def value(self, row: int, column: int) -> Any:
        """The value at 0-based (row, column), None beyond the cells that exist."""
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return None


@dataclass(frozen=True)
class Workbook:
    path: Path
    sheets: dict[str, Sheet]

    def sheet(self, name: str) -> Sheet | None:
        """The sheet of a table code; names are compared without spaces (「基础基 311」)."""
        wanted = _compact(name)
        return next((s for n, s in self.sheets.items() if _compact(n) == wanted), None)


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) → A1 address."""
    return f"{column_letter(column)}{row + 1}"


def column_letter(column: int) -> str:
    letters, n = "", column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(path: Path) -> Workbook:
    """Reads every sheet of a .xlsx or .xls file; raises ImportFileError in plain Chinese."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError("找不到文件", path=path) from None
    except OSError as exc:
        raise ImportFileError(f"无法读取文件（{exc.strerror or exc}）", path=path) from None
    if size > MAX_FILE_BYTES:
        raise ImportFileError("文件过大，不像是教育事业统计基层报表", path=path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = _read_xlsx(path)
    elif suffix == ".xls":
        sheets = _read_xls(path)
    else:
        raise ImportFileError("只能读取 Excel 工作簿（.xlsx 或 .xls）", path=path)
    return Workbook(path, {s.name: s for s in sheets})


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl
    if not zipfile.is_zipfile(path):
        raise ImportFileError("不是有效的 .xlsx 工作簿（文件可能已损坏，或是改了扩展名的其他文件）", path=path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file, worded in English
        raise ImportFileError("无法打开工作簿，文件可能已损坏；请用 Excel 打开后另存为 .xlsx 再试",
                              path=path) from None
    try:
        sheets = []
        for ws in book.worksheets:
            # A <dimension> that understates the sheet makes read-only mode stop early.
            ws.reset_dimensions()
            rows = []
            for n, row in enumerate(ws.iter_rows(values_only=True)):
                if n >= MAX_ROWS:
                    break
                rows.append(tuple(row[:MAX_COLUMNS]))
            sheets.append(Sheet(ws.title, tuple(rows)))
        return sheets
    finally:
        book.close()


def _read_xls(path: Path) -> list[Sheet]:
    import xlrd
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception:  # xlrd.XLRDError and struct errors for damaged files, worded in English
        raise ImportFileError("无法打开 .xls 工作簿，文件可能已损坏或不是 Excel 文件；"
                              "请用 Excel 打开后另存为 .xlsx 再试", path=path) from None
    try:
        sheets = []
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            rows = []
            for r in range(min(ws.nrows, MAX_ROWS)):
                rows.append(tuple(_xls_value(ws.cell(r, c)) for c in range(min(ws.row_len(r), MAX_COLUMNS))))
            sheets.append(Sheet(ws.name, tuple(rows)))
            book.unload_sheet(index)
        return sheets
    finally:
        book.release_resources()


def _xls_value(cell: Any) -> Any:
    import xlrd
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return "#错误"
    return cell.value


def _compact(text: str) -> str:
    return "".join(str(text).split())
