"""The 普及普惠 sheet of the consolidated workbook: county metrics, then each kindergarten."""

from __future__ import annotations

from typing import Any

from desktop.district.preschool import PERCENT_METRICS, PreschoolSummary
from desktop.district.workbook import OK_FILL, UNMET_FILL, fill, number_format, style_header
from desktop.exchange.excel_cells import append_row


def preschool_sheet(sheet: Any, p: PreschoolSummary) -> None:
    t = p.totals
    append_row(sheet, [f"{t['kindergartens']} 所幼儿园，在园幼儿 {t['children']} 人，"
                  f"3–5 岁常住人口 {p.population} 人"])
    append_row(sheet, ["指标", "全县数值", "标准", "标准值", "结论", "依据", "可信度"])
    style_header(sheet, 2, [34, 12, 18, 10, 10, 60, 8])
    for metric in p.metrics.values():
        for region, check in metric.checks.items():
            _metric_row(sheet, metric, region, check)
    append_row(sheet, [])
    append_row(sheet, ["注：广东地方目标仅在与国家标准不同处列出；可信度 V 为官方原文，V2 为二手来源，M 为未经证实。"])
    append_row(sheet, [])
    _kindergarten_rows(sheet, p)


def _metric_row(sheet: Any, metric: Any, region: str, check: Any) -> None:
    percent = metric.key in PERCENT_METRICS
    value = metric.value
    shown = float(value) if value is not None else None
    append_row(sheet, [metric.title, shown, check.region_name, float(check.threshold),
                  {True: "达标", False: "未达标", None: "无法计算"}[check.passed],
                  check.source.text,  # the printed basis only: basis_note is a maintainer's note
                  check.source.confidence])
    row = sheet.max_row
    if value is not None:
        scale = 100 if percent else 1
        base = number_format(value * scale, check.threshold * scale, 1 if percent else 2,
                             compare=metric.standard.compare.value)
        # Excel's % format multiplies by 100 itself; the decimals were chosen for the ×100 value.
        sheet.cell(row, 2).number_format = base + "%" if percent else base
    sheet.cell(row, 4).number_format = "0%" if percent else "0"
    fill(sheet.cell(row, 5), OK_FILL if check.passed else UNMET_FILL)


def _kindergarten_rows(sheet: Any, p: PreschoolSummary) -> None:
    start = sheet.max_row + 1
    append_row(sheet, ["园名", "办园性质", "在园幼儿数", "班级数", "超额班级数", "专任教师数",
                  "持证专任教师数", "保育员数", "持证率", "每名专任教师对应幼儿数"])
    style_header(sheet, start, [34, 12, 18, 10, 10, 60, 14, 10, 10, 14])
    for k in p.kindergartens:
        certified = k.certified_teachers / k.teachers if k.teachers else None
        per_teacher = k.children / k.teachers if k.teachers else None
        append_row(sheet, [k.name, k.nature, k.children, k.classes, k.oversized_classes, k.teachers,
                      k.certified_teachers, k.caregivers, certified, per_teacher])
        row = sheet.max_row
        sheet.cell(row, 9).number_format = "0.0%"
        sheet.cell(row, 10).number_format = "0.00"
        if k.oversized_classes:
            fill(sheet.cell(row, 5), UNMET_FILL)
        if certified is not None and certified < 1:
            fill(sheet.cell(row, 9), UNMET_FILL)
