"""A blank workbook for one checklist, to fill in offline and import: `template yzjh --out F.xlsx`.

Input cells (answer, note, plan) are unlocked and yellow; the sheet is protected without a
password so the layout the import relies on is not broken by accident.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from desktop import __version__
from desktop.exchange.excel_cells import save_workbook
from desktop.core.catalog import Catalog
from desktop.exchange.excel_meta import SheetRef, WorkbookMeta, write_meta
from desktop.exchange.excel_sheet import checklist_heading, sheet_title, write_checklist_sheet
from desktop.exchange.output_file import atomic_output

INSTRUCTIONS = ("空白填报模板：请在黄色单元格中填写（是/否、选项可从下拉列表选择，数字不必带单位，"
                "百分数填 95 或 95%）。填好后在本程序中选择「导入」，或运行 python -m desktop import 文件名。"
                "空白单元格不会覆盖程序中已有的数据；有任何一格不合要求时，整个文件都不会导入，并会指出是哪一格。")


def write_template(catalog: Catalog, checklist_id: str, out: Path, overlay: str | None = None) -> Path:
    """Writes the blank template atomically; raises InputError for an unknown checklist."""
    checklist = catalog.get(checklist_id, overlay or None)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(checklist, set())
    write_checklist_sheet(ws, checklist, f"{checklist_heading(checklist)} 空白填报模板", INSTRUCTIONS)
    ws.protection.sheet = True
    # Let people widen columns, filter and format even though the sheet is protected.
    ws.protection.formatColumns = ws.protection.formatRows = ws.protection.formatCells = False
    ws.protection.autoFilter = False
    write_meta(wb, WorkbookMeta("template", (SheetRef(ws.title, checklist.id, checklist.version),),
                                overlay=overlay or ""))
    wb.properties.title = f"{checklist.title} 空白填报模板"
    wb.properties.creator = f"学校督导自评助手 {__version__}"
    with atomic_output(Path(out)) as tmp:
        save_workbook(wb, tmp)
    return Path(out)
