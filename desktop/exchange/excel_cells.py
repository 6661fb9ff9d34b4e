"""Writing cells safely and exactly: text never becomes a formula, numbers never lose a digit.

A note such as "=HYPERLINK(…)" typed by a user must stay text in every spreadsheet program (CSV/
formula injection), and 4499.99 must reach Excel as the number the user typed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

from openpyxl.cell.cell import Cell

from desktop.core.answers import to_json
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

# Leading characters that make Excel, LibreOffice or WPS treat typed text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 cannot carry these control characters; openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_TEXT = 32767  # Excel's limit for one cell

THIN = Side(style="thin", color="A0A0A0")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", start_color="DDE4EE")
UNMET_FILL = PatternFill("solid", start_color="FBE3E1")
INPUT_FILL = PatternFill("solid", start_color="FFF8D6")
COMPUTED_FILL = PatternFill("solid", start_color="EEEEEE")
TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
UNMET_FONT = Font(bold=True, color="B00000")
MUTED_FONT = Font(color="666666")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def cell_text(text: str) -> str:
    """The form a text takes in a workbook: line breaks as \\n, XML-illegal characters replaced.

    Import compares against this form, so a note that had to be cleaned is not seen as changed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("\ufffd", text)[:MAX_CELL_TEXT]


def put(cell: Cell, value: Any, number_format: str | None = None) -> Cell:
    """Writes a value; strings always as text (data type 's'), never as a formula."""
    if isinstance(value, str):
        text = cell_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """sheet.append(values), but every string goes through put(): text, never a formula.

    Every workbook writer appends rows through here (school export, county workbooks, templates):
    a school name such as "=HYPERLINK(…)" or "=cmd|' /C calc'!A0" from a CSV stays text.
    """
    sheet.append(list(values))
    if not values:
        return
    row = sheet.max_row
    for column, value in enumerate(values, 1):
        if isinstance(value, str):
            put(sheet.cell(row, column), value)


def save_workbook(book: Any, target: Path) -> None:
    """Saves through memory, then writes the bytes: openpyxl saving straight to a file on a full
    disk leaves a half-closed zip whose clean-up prints a traceback at exit."""
    buffer = io.BytesIO()
    book.save(buffer)
    with open(target, "wb") as f:
        f.write(buffer.getbuffer())


def excel_number(value: Fraction) -> int | float | str:
    """An int or float that reads back (via repr) as exactly `value`; otherwise exact text."""
    if value.denominator == 1 and abs(value.numerator) < 10 ** 15:
        return int(value)
    as_float = float(value)
    if Fraction(Decimal(repr(as_float))) == value and abs(as_float) < 1e15:
        return as_float
    return str(to_json(value))


def excel_date(text: str) -> dt.date | str:
    """An ISO date as a real date cell; anything else stays text."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def style(cell: Cell, *, font: Font | None = None, fill: PatternFill | None = None,
          alignment: Alignment | None = None, border: bool = True) -> None:
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if border:
        cell.border = BORDER


def set_print_setup(ws, title_rows: str, landscape: bool = True) -> None:
    """A4, fit to one page wide, header rows repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddHeader.center.text = ws.title
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
