"""The layout of one checklist sheet, shared by the export and the blank template.

One row per item: section, item id (the key the import matches on), item, answer, unit, standard,
status, gap, note, 整改措施/责任人/完成时限, evidence count. Answers, notes and plans are the input
cells; everything else is for reading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from desktop.core.answers import AnswerValue, default_range, display
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.engine import ChecklistResult, ItemResult, Status
from desktop.core.engine import blank_standard_text
from desktop.core.model import AnswerType, Checklist, Item
from desktop.core.numbers import fmt, fmt_against
from desktop.exchange import excel_cells as xc
from desktop.exchange.excel_print import wrapped_row_heights


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    input: bool = False


COLUMNS = (
    Column("section", "部分", 16),
    Column("item_id", "条目编号", 14),
    Column("code", "编号", 7),  # the printed report's item code (1.1, 2.17)
    Column("title", "条目", 42),
    Column("answer", "填报值", 16, input=True),
    Column("unit", "单位", 7),
    Column("standard", "标准", 18),
    Column("status", "状态", 13),
    Column("gap", "差距", 24),
    Column("note", "备注", 28, input=True),
    Column("measure", "整改措施", 28, input=True),
    Column("owner", "责任人", 10, input=True),
    Column("deadline", "完成时限", 12, input=True),
    Column("evidence", "佐证材料数", 9),
)
HEADERS = {c.key: c.header for c in COLUMNS}
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
STATUS_MARKS = {Status.MET: "✓ 达标", Status.UNMET: "✗ 未达标", Status.UNANSWERED: "○ 未填写",
                Status.NOT_APPLICABLE: "— 不适用", Status.RECORDED: "· 已填写"}
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\']")


def sheet_title(checklist: Checklist, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME_BAD.sub("", checklist.title)[:31] or checklist.id
    title, n = base, 2
    while title.casefold() in {u.casefold() for u in used} or title in ("汇总", "_meta"):
        title = f"{base[:28]}({n})"
        n += 1
    used.add(title)
    return title


def standard_text(item: Item) -> str:
    """The standard as printed when no result exists yet (the blank template)."""
    return blank_standard_text(item)


def checklist_heading(checklist: Checklist) -> str:
    overlay = f"，{checklist.overlay_title}" if checklist.overlay else ""
    return f"{checklist.full_title}（{checklist.version}{overlay}）"


def unit_text(item: Item) -> str:
    return "%" if item.type is AnswerType.PERCENT else item.unit


def write_checklist_sheet(ws: Worksheet, checklist: Checklist, heading: str, info: str,
                          result: ChecklistResult | None = None,
                          snapshot: AssessmentSnapshot | None = None) -> None:
    """Fills the sheet; with result and snapshot it is an export, without them a blank template."""
    _write_heading(ws, heading, info)
    row = FIRST_ROW
    codes = item_codes(checklist)
    for item in checklist.items:
        item_result = result.result(item.id) if result is not None else None
        _write_row(ws, row, checklist, item, item_result, snapshot)
        xc.style(xc.put(ws.cell(row, COL["code"]), codes.get(item.id, "")), alignment=xc.TOP)
        row += 1
    last = max(row - 1, FIRST_ROW)
    ws.freeze_panes = ws.cell(FIRST_ROW, COL["answer"])
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"
    for column in COLUMNS:
        ws.column_dimensions[get_column_letter(COL[column.key])].width = column.width
    xc.set_print_setup(ws, f"{HEADER_ROW - 2}:{HEADER_ROW}")
    ws.print_title_cols = "A:D"  # 部分, 条目编号, 编号, 条目 on every printed page
    wrapped_row_heights(ws, FIRST_ROW)


def item_codes(checklist: Checklist) -> dict[str, str]:
    """Item id → the code the printed report uses: section number . item number (2.17)."""
    codes = {}
    for s_no, section in enumerate(checklist.sections, 1):
        for i_no, item in enumerate(checklist.items_in(section.id), 1):
            codes[item.id] = f"{s_no}.{i_no}"
    return codes


def _write_heading(ws: Worksheet, heading: str, info: str) -> None:
    last = get_column_letter(len(COLUMNS))
    xc.style(xc.put(ws.cell(1, 1), heading), font=xc.TITLE_FONT, border=False)
    xc.style(xc.put(ws.cell(2, 1), info), font=xc.MUTED_FONT, alignment=xc.WRAP, border=False)
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = 32
    for column in COLUMNS:
        cell = xc.put(ws.cell(HEADER_ROW, COL[column.key]), column.header)
        xc.style(cell, font=xc.HEADER_FONT, fill=xc.HEADER_FILL, alignment=xc.CENTER)


def _write_row(ws: Worksheet, row: int, checklist: Checklist, item: Item,
               result: ItemResult | None, snapshot: AssessmentSnapshot | None) -> None:
    cid = checklist.id
    value = snapshot.answers.get(cid, {}).get(item.id) if snapshot is not None else None
    plan = snapshot.rectification(cid, item.id) if snapshot is not None else None
    values = {
        "section": checklist.section(item.section).title,
        "item_id": item.id,
        "title": ("【一票否决】" if item.veto else "") + ("★" if item.key else "") + item.title,
        "unit": unit_text(item),
        "standard": (result.threshold_text if result is not None else "") or standard_text(item),
        "status": _status_text(result),
        "gap": (result.gap_text or result.message) if result is not None else "",
        "note": snapshot.notes.get(cid, {}).get(item.id, "") if snapshot is not None else "",
        "measure": plan.measure if plan else "",
        "owner": plan.owner if plan else "",
        "deadline": xc.excel_date(plan.deadline) if plan and plan.deadline else "",
        "evidence": len(snapshot.evidence_for(cid, item.id)) if snapshot is not None else "",
    }
    for key, text in values.items():
        cell = xc.put(ws.cell(row, COL[key]), text)
        xc.style(cell, alignment=xc.WRAP if key in ("title", "gap", "note", "measure") else xc.TOP)
    _write_answer(ws, row, item, value, result)
    _mark_row(ws, row, item, result, snapshot is None)


def _status_text(result: ItemResult | None) -> str:
    if result is None:
        return ""
    text = STATUS_MARKS[result.status]
    if result.status is Status.UNMET and result.item.veto:
        text += "（一票否决）"
    return text


def _write_answer(ws: Worksheet, row: int, item: Item, value: AnswerValue | None,
                  result: ItemResult | None) -> None:
    cell = ws.cell(row, COL["answer"])
    if item.type is AnswerType.COMPUTED:
        computed = result.value if result is not None else None
        if isinstance(computed, Fraction):
            # A real number, with as many decimals as the report shows (a miss never rounds
            # to the standard), so the county can sort and sum it.
            text = fmt_against(computed, result.threshold, item.compare.value, item.decimals)
            found = re.fullmatch(r"-?[\d,]+\.(\d+)", text)
            decimals = len(found.group(1)) if found else 0
            xc.put(cell, float(computed), "0." + "0" * decimals if decimals else "0")
        else:
            xc.put(cell, "（自动计算）")
        xc.style(cell, font=xc.MUTED_FONT, fill=xc.COMPUTED_FILL, alignment=xc.TOP)
        return
    if isinstance(value, bool) or isinstance(value, str):
        xc.put(cell, display(item, value))
    elif isinstance(value, Fraction):
        number = xc.excel_number(value)
        money = item.unit in ("元", "万元")  # printed with thousands separators
        if isinstance(number, int):
            xc.put(cell, number, "#,##0" if money else "0")
        else:
            xc.put(cell, number, "#,##0.00" if money and value * 100 == int(value * 100) else "General")
    elif isinstance(value, dt.date):
        xc.put(cell, value, "yyyy-mm-dd")
    xc.style(cell, fill=xc.INPUT_FILL, alignment=xc.TOP)
    validation = answer_validation(item)
    if validation is not None:
        ws.add_data_validation(validation)
        validation.add(cell)


def _mark_row(ws: Worksheet, row: int, item: Item, result: ItemResult | None,
              template: bool) -> None:
    editable = item.type is not AnswerType.COMPUTED
    for column in COLUMNS:
        cell = ws.cell(row, COL[column.key])
        if column.input and editable:
            cell.protection = Protection(locked=False)
        if result is not None and result.status is Status.UNMET and column.key != "answer":
            cell.fill = xc.UNMET_FILL
    if result is not None and result.status is Status.UNMET:
        ws.cell(row, COL["status"]).font = xc.UNMET_FONT
    if template and editable:
        for key in ("note", "measure", "owner", "deadline"):
            ws.cell(row, COL[key]).fill = xc.INPUT_FILL
    ws.cell(row, COL["item_id"]).font = xc.MUTED_FONT


def answer_validation(item: Item) -> DataValidation | None:
    """A drop-down list for yes/no and choice items, a range check for numbers."""
    prompt = _prompt(item)
    if item.type is AnswerType.YES_NO:
        return _list_validation(item.labels, prompt)
    if item.type is AnswerType.CHOICE:
        return _list_validation(item.options, prompt)
    if item.type.numeric:
        low, high = default_range(item)
        kind = "whole" if item.type is AnswerType.INTEGER else "decimal"
        rule = dict(operator="between", formula1=fmt(low, 10), formula2=fmt(high, 10)) \
            if high is not None else dict(operator="greaterThanOrEqual", formula1=fmt(low, 10))
        return DataValidation(type=kind, allow_blank=True, showErrorMessage=True,
                              showInputMessage=bool(prompt), promptTitle="填写说明", prompt=prompt,
                              errorTitle="数值不符合要求", error=_range_error(item, low, high),
                              **rule)
    return None


def _list_validation(options: tuple[str, ...], prompt: str) -> DataValidation | None:
    literal = ",".join(options)
    if any("," in o or '"' in o for o in options) or len(literal) > 250:
        return None  # an Excel list literal cannot hold these; the import still checks the value
    return DataValidation(type="list", formula1=f'"{literal}"', allow_blank=True,
                          showErrorMessage=True, showInputMessage=bool(prompt),
                          promptTitle="填写说明", prompt=prompt, errorTitle="请从列表中选择",
                          error="可选：" + "、".join(options))


def _prompt(item: Item) -> str:
    parts = [item.guidance.strip()] if item.guidance.strip() else []
    if item.type is AnswerType.PERCENT:
        parts.append("填百分数，如 95 表示 95%")
    text = "；".join(parts)
    return text if len(text) <= 250 else text[:249] + "…"


def _range_error(item: Item, low: Fraction | None, high: Fraction | None) -> str:
    kind = "整数" if item.type is AnswerType.INTEGER else "数字"
    unit = unit_text(item)
    if high is None:
        return f"请填写不小于 {fmt(low, 4)}{unit} 的{kind}"
    return f"请填写 {fmt(low, 4)} 到 {fmt(high, 4)}{unit} 之间的{kind}"
