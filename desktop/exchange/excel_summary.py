"""The「汇总」sheet: the school, the fingerprint, each checklist's verdict, the 资源配置 indicators."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop import __version__
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.engine import ChecklistResult, Status
from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import IndicatorResult, StageResult
from desktop.core.snapshot_json import short_fingerprint
from desktop.exchange import excel_cells as xc
from desktop.exchange.manifest import DIGEST_NOTICE

SHEET = "汇总"
VERDICT_HEADERS = ("检查表", "编号", "版本", "结论", *(s.label for s in Status), "一票否决", "自评得分")
INDICATOR_HEADERS = ("学段", "指标", "名称", "单位", "数值", "标准值", "85% 底线", "是否达标",
                     "不低于 85%", "差距")
_INDICATOR_MARK = {"met": "✓ 达标", "unmet": "✗ 未达标", "unanswered": "○ 缺数据"}
WIDTHS = (16, 12, 30, 10, 12, 12, 12, 12, 12, 34, 10, 10)


def write_summary(ws: Worksheet, snapshot: AssessmentSnapshot, results: dict[str, ChecklistResult],
                  fingerprint: str, exported_at: str) -> None:
    xc.style(xc.put(ws.cell(1, 1), f"{snapshot.school.name} 督导自评汇总"), font=xc.TITLE_FONT,
             border=False)
    overlay = next((f"{r.checklist.overlay_title}（{snapshot.overlay}）" for r in results.values()
                    if r.checklist.overlay), snapshot.overlay)
    row = _write_facts(ws, 3, snapshot, fingerprint, exported_at, overlay)
    row = _write_verdicts(ws, row + 1, results)
    for result in results.values():
        if result.stages:
            row = _write_indicators(ws, row + 1, result)
    for n, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A3"
    xc.set_print_setup(ws, "1:1")


def _write_facts(ws: Worksheet, row: int, s: AssessmentSnapshot, fingerprint: str,
                 exported_at: str, overlay_title: str) -> int:
    school = s.school
    facts = (
        ("学校名称", school.name), ("学校标识码", school.code or "（未填写）"),
        ("学校类型", "、".join(p for p in (school.type, school.locale, school.ownership,
                                         "寄宿制" if school.boarding else "") if p)),
        ("评估周期", s.period), ("数据日期", s.data_date or "（未填写）"), ("填报状态", s.status),
        ("地方标准", overlay_title or "无"),
        ("数据指纹", f"{short_fingerprint(fingerprint)}（SHA-256：{fingerprint}）"),
        ("导出时间", f"{exported_at}（学校督导自评助手 {__version__}）"),
        ("指纹说明", DIGEST_NOTICE),
    )
    for label, value in facts:
        xc.style(xc.put(ws.cell(row, 1), label), font=xc.HEADER_FONT, fill=xc.HEADER_FILL)
        xc.style(xc.put(ws.cell(row, 2), value), alignment=xc.WRAP)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=10)
        if label == "指纹说明":
            ws.row_dimensions[row].height = 48
        row += 1
    return row


def _header(ws: Worksheet, row: int, title: str, headers: tuple[str, ...]) -> int:
    xc.style(xc.put(ws.cell(row, 1), title), font=xc.HEADER_FONT, border=False)
    for n, text in enumerate(headers, start=1):
        xc.style(xc.put(ws.cell(row + 1, n), text), font=xc.HEADER_FONT, fill=xc.HEADER_FILL,
                 alignment=xc.CENTER)
    return row + 2


def _write_verdicts(ws: Worksheet, row: int, results: dict[str, ChecklistResult]) -> int:
    row = _header(ws, row, "各检查表结论", VERDICT_HEADERS)
    for result in results.values():
        c = result.checklist
        counts = result.counts
        score = "" if result.self_score is None else \
            f"{fmt(result.self_score)} / {fmt(result.max_score)} {result.grade}".strip()
        mark = {"达标": "✓ ", "未达标": "✗ "}.get(result.verdict, "○ ")
        values = (c.title, c.id, c.version + (f"（{c.overlay_title}）" if c.overlay else ""),
                  mark + result.verdict, *(counts[s.value] for s in Status),
                  "、".join(r.item.title for r in result.vetoes) or "无", score)
        _write_values(ws, row, values, unmet=result.verdict == "未达标")
        row += 1
    return row


def _write_indicators(ws: Worksheet, row: int, result: ChecklistResult) -> int:
    row = _header(ws, row, f"{result.checklist.title}：资源配置七项指标（按学段）", INDICATOR_HEADERS)
    for stage in result.stages.values():
        for indicator in stage.indicators.values():
            _write_values(ws, row, _indicator_values(result, stage, indicator),
                          unmet=indicator.status == "unmet")
            row += 1
        mark = {"达标": "✓ ", "未达标": "✗ "}.get(stage.verdict, "○ ")
        xc.style(xc.put(ws.cell(row, 1), f"{stage.name}学段"), font=xc.HEADER_FONT)
        cell = xc.put(ws.cell(row, 2), f"{mark}{stage.verdict}：{stage.reason}")
        xc.style(cell, font=xc.UNMET_FONT if stage.verdict == "未达标" else xc.HEADER_FONT,
                 alignment=xc.WRAP)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(INDICATOR_HEADERS))
        row += 1
    return row


def _indicator_values(result: ChecklistResult, stage: StageResult, r: IndicatorResult) -> tuple:
    checklist = result.checklist
    missing = "、".join(checklist.item(m).title if checklist.has_item(m) else m for m in r.missing)
    above = "" if r.above_floor is None else ("是" if r.above_floor else "✗ 否")
    return (stage.name, r.indicator.id, r.indicator.title, r.indicator.unit,
            fmt_beside(r.value, r.threshold) if r.value is not None else "—",
            fmt(r.threshold, 4), fmt(r.floor, 4), _INDICATOR_MARK[r.status], above,
            r.gap_text or (f"缺少：{missing}" if missing else ""))


def _write_values(ws: Worksheet, row: int, values: tuple, unmet: bool) -> None:
    for n, value in enumerate(values, start=1):
        cell = xc.put(ws.cell(row, n), value)
        xc.style(cell, alignment=xc.WRAP, fill=xc.UNMET_FILL if unmet else None)
    if unmet:
        ws.cell(row, 1).font = xc.UNMET_FONT
