"""The one way this program reads an .xlsx file: checked zip, read-only, every row, bounded.

Every reader of a workbook (school workbook import, county tables, the district and supervisor
rosters) goes through open_workbook() and sheet_rows(), so each of them gets the same defences:

- the zip is checked and fully decompressed within limits before openpyxl sees it (zip bombs,
  traversal, encryption; defusedxml refuses entity attacks);
- openpyxl's read-only mode trusts the sheet's <dimension>, and a file that understates it is read
  short without a word — sheet_rows() forgets that element, so every row in the file is read;
- a sheet with more rows than the caller allows is refused as soon as the first extra row with
  content is met, not after a million rows were parsed into memory;
- whatever openpyxl or the XML parser raise on a damaged part (malformed XML, an entity, a number
  too long to convert) becomes an ImportFileError naming the file and the sheet.
"""

from __future__ import annotations

import html
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.core.errors import ImportFileError
from desktop.exchange.safe_zip import SafeZip, ZipLimits

MiB = 1 << 20
LIMITS = ZipLimits(max_file_size=20 * MiB, max_members=1000, max_member_size=32 * MiB,
                   max_total_size=128 * MiB, max_ratio=200, allow_directories=True)
# What openpyxl raises on damaged parts; xml's ParseError and defusedxml's refusals derive from
# SyntaxError and ValueError; int() of a 5000-digit number raises ValueError, float() OverflowError.
_BLANK_TAIL = 1000  # empty rows past the limit still read before the sheet is refused anyway
LOAD_ERRORS = (KeyError, ValueError, TypeError, IndexError, AttributeError, SyntaxError,
               zipfile.BadZipFile, OSError, EOFError, OverflowError, RecursionError, MemoryError)


def open_workbook(path: Path, limits: ZipLimits = LIMITS, *, data_only: bool = True):
    """The workbook, read-only; raises ImportFileError (file missing, too big, damaged, harmful)."""
    from openpyxl import load_workbook  # here: the statistics core must not need openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_size:
            raise ImportFileError(f"文件过大（上限 {limits.max_file_size // MiB} MB）", path=path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError("找不到文件", path=path) from None
    except OSError as exc:
        raise ImportFileError(f"无法读取文件：{exc.strerror or exc}", path=path) from None
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError("无法读取：文件已损坏或不是 .xlsx 格式（不是有效的 zip 压缩包，"
                              "而 Excel 工作簿应是）", path=path)
    with SafeZip(data, limits, path=path) as archive:
        for name in archive.names:  # decompress everything once, within the limits
            tail = b""
            for chunk in archive.chunks(name):
                if name.endswith((".xml", ".rels")) and b"<!DOCTYPE" in tail + chunk[:4096]:
                    # Refused here, where the part is known, rather than by openpyxl's
                    # defusedxml later with no word of the sheet: Excel never writes a DTD.
                    sheet = _sheet_of(archive, name)
                    part = "" if sheet else f"的组成部分「{name}」"
                    raise ImportFileError(f"工作簿{part}含有不允许的 XML 实体或外部引用（DTD），"
                                          "已拒绝读取", path=path, sheet=sheet)
                tail = chunk[-16:]
    try:
        with warnings.catch_warnings():
            # openpyxl warns about Excel extensions it drops (e.g. slicers); they do not matter.
            warnings.simplefilter("ignore", UserWarning)
            return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only,
                                 keep_links=False, rich_text=False)
    except (*LOAD_ERRORS, InvalidFileException) as exc:
        raise ImportFileError(f"不是有效的 Excel 工作簿，或文件内容已损坏（{_reason(exc)}）",
                              path=path) from None


def sheet_rows(ws: Any, path: Path, *, max_rows: int, max_columns: int | None = None,
               values_only: bool = True) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) for every row of the sheet up to max_rows, whatever <dimension> says.

    A row beyond max_rows that holds anything refuses the sheet at once.
    """
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(max_col=max_columns, values_only=values_only)
    number = 0
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                row = next(rows, None)
        except LOAD_ERRORS as exc:
            raise ImportFileError(f"工作表内容已损坏或含有不允许的内容（{_reason(exc)}）", path=path,
                                  sheet=ws.title, row=number + 1 if number else None) from None
        if row is None:
            return
        number += 1
        if number > max_rows + _BLANK_TAIL:
            raise ImportFileError(f"工作表超过 {max_rows} 行，已停止读取", path=path,
                                  sheet=ws.title, row=number)
        if number > max_rows:
            values = row if values_only else tuple(c.value for c in row)
            if any(v is not None and str(v).strip() for v in values):
                raise ImportFileError(f"工作表超过 {max_rows} 行，已停止读取", path=path,
                                      sheet=ws.title, row=number)
            continue
        yield number, tuple(row)


def _sheet_of(archive: SafeZip, member: str) -> str:
    """The sheet name a worksheet part belongs to ("" for other parts), read without an XML
    parser: this runs on a file that has just been found hostile."""
    if not member.startswith("xl/worksheets/"):
        return ""
    try:
        book = archive.read("xl/workbook.xml", 1 << 20).decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels", 1 << 20).decode("utf-8", "replace")
    except (ImportFileError, KeyError):
        return member
    targets = {m[0]: m[1] for m in re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets |= {m[1]: m[0] for m in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        if targets.get(rid, "").lstrip("/").removeprefix("xl/") == member.removeprefix("xl/"):
            return html.unescape(name)
    return member


def _reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if "Entities" in name or "DTD" in name or "ExternalReference" in name:
        return "含有不允许的 XML 实体或外部引用"
    if name == "ParseError":
        return "XML 格式错误"
    if isinstance(exc, (ValueError, OverflowError)) and "digit" in str(exc):
        return "数字位数过多"
    return name
