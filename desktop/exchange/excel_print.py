"""How a workbook sheet prints: A4, the orientation that fits, title rows on every page, page numbers.

A 督学 prints the workbooks as they are. Without a page setup Excel and LibreOffice print on
Letter paper, cut wide sheets into columns scattered over pages and number nothing.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Column width units are roughly characters; A4 portrait holds about 95 of them at 100 %, landscape
# about 140. Wider sheets print landscape and are scaled to the paper's width.
PORTRAIT_WIDTH = 95


def print_setup(sheet: Worksheet, title: str, title_rows: int = 1, title_columns: int = 0,
                landscape: bool | None = None) -> None:
    """A4, fit to the page width, `title_rows` repeated on each page, 第 &P 页 共 &N 页 below.

    landscape None chooses by the sheet's total column width.
    """
    width = sum((sheet.column_dimensions[get_column_letter(c)].width or 9)
                for c in range(1, sheet.max_column + 1))
    wide = width > PORTRAIT_WIDTH if landscape is None else landscape
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if wide else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    if title_rows:
        sheet.print_title_rows = f"1:{title_rows}"
    if title_columns:
        sheet.print_title_cols = f"A:{get_column_letter(title_columns)}"
    sheet.oddHeader.center.text = _escape(title)
    sheet.oddHeader.center.size = 11
    sheet.oddFooter.center.text = "第 &P 页 共 &N 页"
    sheet.oddFooter.center.size = 9


def wrapped_row_heights(sheet: Worksheet, first_row: int = 1, line_points: float = 15.0) -> None:
    """Row heights for wrapped text: LibreOffice and Excel do not grow rows openpyxl wrote."""
    widths = {c: (sheet.column_dimensions[get_column_letter(c)].width or 9)
              for c in range(1, sheet.max_column + 1)}
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            value: Any = cell.value
            if value is None or isinstance(value, (int, float)):
                continue
            if not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = widths.get(cell.column, 9)
            for part in str(value).split("\n"):
                # A Chinese character takes about two width units.
                # A Chinese character is a little over two width units in Calc's default font.
                units = sum(2.3 if ord(ch) > 0x2E80 else 1.1 for ch in part)
                lines_here = max(1, math.ceil(units / max(1.0, width - 1)))
                lines = max(lines, lines_here + str(value).count("\n"))
        if lines > 1:
            current = sheet.row_dimensions[row[0].row].height
            sheet.row_dimensions[row[0].row].height = max(current or 0, lines * line_points)


def _escape(text: str) -> str:
    return text.replace("&", "&&")
