"""Exporting an assessment to .xlsx: a「汇总」sheet, one sheet per checklist, a hidden「_meta」sheet.

The file is written beside its destination, read back through the importer and compared with
the snapshot before it takes the final name: a workbook that would not import exactly is never
delivered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from openpyxl import Workbook

from desktop import __version__
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.catalog import Catalog
from desktop.core.engine import ChecklistResult, Status
from desktop.core.errors import ImportFileError
from desktop.core.model import AnswerType
from desktop.core.snapshot_json import digest, short_fingerprint
from desktop.exchange.excel_cells import cell_text, save_workbook
from desktop.exchange.excel_import import read_workbook
from desktop.exchange.excel_meta import SheetRef, WorkbookMeta, write_meta
from desktop.exchange.excel_sheet import checklist_heading, sheet_title, write_checklist_sheet
from desktop.exchange.excel_summary import SHEET as SUMMARY_SHEET
from desktop.exchange.excel_summary import write_summary
from desktop.exchange.output_file import ExportError, atomic_output, read_back_failure

EXTENSION = ".xlsx"


def export_workbook(snapshot: AssessmentSnapshot, catalog: Catalog, out: Path, *,
                    exported_at: dt.datetime | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    is_cancelled: Callable[[], bool] | None = None) -> Path:
    """Writes the workbook to `out` (atomically); raises ExportError if it cannot be written."""
    results = snapshot.evaluate(catalog)
    fingerprint = digest(snapshot)
    stamp = (exported_at or dt.datetime.now()).astimezone().isoformat(timespec="seconds")
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    write_summary(summary, snapshot, results, fingerprint, stamp)
    used = {SUMMARY_SHEET}
    refs = []
    for done, (checklist_id, _version) in enumerate(snapshot.checklists, start=1):
        if is_cancelled is not None and is_cancelled():
            raise ExportError("已取消导出，未生成文件")
        checklist = catalog.get(checklist_id, snapshot.overlay or None)
        ws = wb.create_sheet(sheet_title(checklist, used))
        write_checklist_sheet(ws, checklist, checklist_heading(checklist),
                              _info(snapshot, results[checklist_id], fingerprint),
                              results[checklist_id], snapshot)
        refs.append(SheetRef(ws.title, checklist_id, checklist.version))
        if progress is not None:
            progress(done, len(snapshot.checklists))
    school = snapshot.school
    write_meta(wb, WorkbookMeta("export", tuple(refs), snapshot.overlay, school.name, school.code,
                                snapshot.period, fingerprint))
    _set_properties(wb, f"{school.name} {snapshot.period} 督导自评")
    with atomic_output(Path(out)) as tmp:
        save_workbook(wb, tmp)
        _check_read_back(tmp, snapshot, catalog)
    return Path(out)


def _info(snapshot: AssessmentSnapshot, result: ChecklistResult, fingerprint: str) -> str:
    school = snapshot.school
    counts = result.counts
    tally = "，".join(f"{s.label} {counts[s.value]}" for s in Status if counts[s.value])
    return (f"{school.name}　学校标识码 {school.code or '（未填写）'}　{snapshot.period}　"
            f"结论：{result.verdict}（{tally}）　数据指纹 {short_fingerprint(fingerprint)}。"
            "可在黄色单元格中修改后用本程序导入；空白单元格不会清除已有数据。")


def _set_properties(wb: Workbook, title: str) -> None:
    wb.properties.title = title
    wb.properties.creator = f"学校督导自评助手 {__version__}"


def _check_read_back(path: Path, snapshot: AssessmentSnapshot, catalog: Catalog) -> None:
    """The written file must import back to exactly the snapshot's answers, notes and plans."""
    try:
        workbook = read_workbook(path, catalog, snapshot.overlay)
    except ImportFileError as exc:
        raise read_back_failure(exc) from None
    for sheet in workbook.sheets:
        cid, checklist = sheet.ref.checklist, sheet.checklist
        expected = {i: cell_text(v) if isinstance(v, str) else v
                    for i, v in snapshot.answers.get(cid, {}).items()
                    if checklist.has_item(i) and checklist.item(i).type is not AnswerType.COMPUTED}
        notes = {i: cell_text(t) for i, t in snapshot.notes.get(cid, {}).items()
                 if t.strip() and checklist.has_item(i)}
        plans = {r.item: (cell_text(r.measure).strip(), r.owner.strip(), r.deadline)
                 for r in snapshot.rectifications
                 if r.checklist == cid and checklist.has_item(r.item)
                 and (r.measure.strip() or r.owner.strip() or r.deadline)}
        got_plans = {i: (p.measure, p.owner, p.deadline) for i, p in sheet.plans.items()}
        for what, want, got in (("填报值", expected, sheet.answers), ("备注", notes, sheet.notes),
                                ("整改措施", plans, got_plans)):
            if not _same(want, got):
                wrong = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
                raise ExportError(f"导出的工作簿读回后与数据不一致（{checklist.title}的{what}："
                                  f"{'、'.join(wrong[:5])}），文件未保存")


def _same(want: dict, got: dict) -> bool:
    return want.keys() == got.keys() and all(
        want[k] == got[k] and type(want[k]) is type(got[k]) for k in want)
