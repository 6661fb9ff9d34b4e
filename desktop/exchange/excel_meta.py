"""The hidden「_meta」sheet: which checklist (id, version) each sheet holds, and whose workbook it is.

The import matches sheets and items by id through it, so a workbook stays readable after its
sheets are reordered and when the checklists have moved on to a newer version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl.workbook import Workbook

from desktop import __version__
from desktop.core.errors import ImportFileError
from desktop.exchange.excel_cells import put
from desktop.exchange.xlsx_read import sheet_rows

SHEET = "_meta"
FORMAT = "school-self-assessment-workbook"
FORMAT_VERSION = 1
KINDS = ("export", "template")
_MAX_META_ROWS = 500


@dataclass(frozen=True)
class SheetRef:
    sheet: str
    checklist: str
    version: str


@dataclass(frozen=True)
class WorkbookMeta:
    """Attributes: kind is "export" (an assessment with its school) or "template" (blank)."""

    kind: str
    sheets: tuple[SheetRef, ...]
    overlay: str = ""
    school_name: str = ""
    school_code: str = ""
    period: str = ""
    digest: str = ""
    app_version: str = __version__
    format_version: int = FORMAT_VERSION


def write_meta(wb: Workbook, meta: WorkbookMeta) -> None:
    ws = wb.create_sheet(SHEET)
    ws.sheet_state = "hidden"
    rows: list[tuple[str, object]] = [
        ("format", FORMAT), ("format_version", meta.format_version), ("kind", meta.kind),
        ("app_version", meta.app_version), ("overlay", meta.overlay),
        ("school_name", meta.school_name), ("school_code", meta.school_code),
        ("period", meta.period), ("digest", meta.digest),
    ]
    for n, ref in enumerate(meta.sheets, start=1):
        rows += [(f"sheet.{n}", ref.sheet), (f"sheet.{n}.checklist", ref.checklist),
                 (f"sheet.{n}.version", ref.version)]
    for r, (key, value) in enumerate(rows, start=1):
        put(ws.cell(r, 1), key)
        put(ws.cell(r, 2), value)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 40


def read_meta(wb: Workbook, path: str) -> WorkbookMeta:
    """Reads and checks the meta sheet; raises ImportFileError naming the row that is wrong."""
    if SHEET not in wb.sheetnames:
        raise ImportFileError("不是本程序导出的工作簿（缺少隐藏的「_meta」工作表）。"
                              "请先用本程序导出工作簿或空白模板，在其中填写后再导入", path=path)
    values: dict[str, tuple[int, object]] = {}
    for r, row in sheet_rows(wb[SHEET], Path(path), max_rows=_MAX_META_ROWS, max_columns=2):
        key = row[0] if row else None
        if key is None:
            continue
        if not isinstance(key, str) or key in values:
            raise _bad(path, r, "键重复或不是文字")
        values[key] = (r, row[1] if len(row) > 1 else None)
    if _get(values, "format", path) != FORMAT:
        raise ImportFileError("不是本程序导出的工作簿（「_meta」工作表的格式标记不符）", path=path)
    version = values.get("format_version", (0, None))[1]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ImportFileError(f"工作簿格式版本「{version}」不受支持（本程序支持 {FORMAT_VERSION}）",
                              path=path, sheet=SHEET)
    kind = _get(values, "kind", path)
    if kind not in KINDS:
        raise _bad(path, values["kind"][0], f"类型「{kind}」不认识")
    return WorkbookMeta(
        kind=kind, sheets=_sheets(values, path), overlay=_get(values, "overlay", path, True),
        school_name=_get(values, "school_name", path, True),
        school_code=_get(values, "school_code", path, True),
        period=_get(values, "period", path, True), digest=_get(values, "digest", path, True),
        app_version=_get(values, "app_version", path, True), format_version=version)


def _sheets(values: dict[str, tuple[int, object]], path: str) -> tuple[SheetRef, ...]:
    refs = []
    n = 1
    while f"sheet.{n}" in values:
        refs.append(SheetRef(_get(values, f"sheet.{n}", path),
                             _get(values, f"sheet.{n}.checklist", path),
                             _get(values, f"sheet.{n}.version", path)))
        n += 1
    if not refs:
        raise ImportFileError("工作簿中没有任何检查表工作表的记录", path=path, sheet=SHEET)
    if len({r.checklist for r in refs}) != len(refs):
        raise ImportFileError("同一检查表出现在多个工作表中", path=path, sheet=SHEET)
    return tuple(refs)


def _get(values: dict[str, tuple[int, object]], key: str, path: str, optional: bool = False) -> str:
    if key not in values:
        if optional:
            return ""
        raise ImportFileError(f"缺少「{key}」", path=path, sheet=SHEET)
    row, value = values[key]
    if value is None and optional:
        return ""
    if not isinstance(value, str) or (not value and not optional):
        raise _bad(path, row, f"「{key}」应为文字")
    return value


def _bad(path: str, row: int, message: str) -> ImportFileError:
    return ImportFileError(message, path=path, sheet=SHEET, row=row)
