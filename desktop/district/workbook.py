"""The consolidated workbook for the 督学: 汇总表, 差异系数, and 普及普惠 / 未提交学校 when given.

Cells hold numbers (so the county can sort and sum) with number formats that show enough
decimals never to make an unmet value look equal to its standard; unmet cells are shaded and
carry a ✗ in their number format, so the mark survives copying the value elsewhere.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import MET
from desktop.district.cv import cv_text
from desktop.district.preschool import PreschoolSummary
from desktop.district.roster import RosterEntry, not_on_roster, not_submitted
from desktop.district.schools import SchoolRecord
from desktop.district.summary import DistrictSummary, StageSummary
from desktop.exchange.output_file import atomic_output
from desktop.exchange.excel_cells import append_row, save_workbook

UNMET_FILL, HEAD_FILL, GREY_FILL, OK_FILL = "FFC7CE", "DDEBF7", "EDEDED", "E2EFDA"


def write_workbook(path: Path, summary: DistrictSummary, preschool: PreschoolSummary | None = None,
                   roster: Sequence[RosterEntry] | None = None,
                   records: Sequence[SchoolRecord] = (), periods: Sequence[str] = ()) -> Path:
    """Writes the workbook atomically; `records` (all schools read) are matched to the roster.

    periods: the 评估周期 of the packages (or the 统计年度), named on every sheet's header.
    """
    from openpyxl import Workbook
    from desktop.exchange.excel_print import print_setup, wrapped_row_heights
    book = Workbook()
    _summary_sheet(book.active, summary)
    _cv_sheet(book.create_sheet("差异系数"), summary)
    if preschool is not None:
        from desktop.district.workbook_preschool import preschool_sheet
        preschool_sheet(book.create_sheet("普及普惠"), preschool)
    if roster is not None:
        _missing_sheet(book.create_sheet("未提交学校"), roster, records or _all_records(summary))
    period = "、".join(periods) if periods else "未注明统计年度"
    _scope_sheet(book.create_sheet("统计范围"), summary, period)
    for sheet in book.worksheets:
        wrapped_row_heights(sheet, 2)
        print_setup(sheet, f"县域资源配置统计（{period}）　{sheet.title}",
                    title_columns=2 if sheet.title == "汇总表" else 0)
    with atomic_output(Path(path)) as temp:
        save_workbook(book, temp)
    return Path(path)


def _scope_sheet(sheet: Any, summary: DistrictSummary, period: str) -> None:
    """The period and every school counted, with the package (or row) its data came from."""
    append_row(sheet, ["序号", "学校名称", "学校标识码", "学校类型", "数据来源"])
    style_header(sheet, 1, [6, 30, 16, 14, 40])
    for n, school in enumerate(summary.schools, 1):
        r = school.record
        append_row(sheet, [n, r.name, r.code, r.type, r.origin])
    append_row(sheet, [])
    append_row(sheet, ["", f"评估周期（统计年度）：{period}"])
    append_row(sheet, ["", f"参与统计 {len(summary.schools)} 所；不纳入统计 {len(summary.excluded)} 所"
                  "（见「差异系数」表下的说明）。"])


def _all_records(summary: DistrictSummary) -> list[SchoolRecord]:
    return [s.record for s in summary.schools] + list(summary.excluded)


def style_header(sheet: Any, row: int, widths: Sequence[int]) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    thin = Side(style="thin", color="999999")
    for column, width in enumerate(widths, 1):
        cell = sheet.cell(row, column)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEAD_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        sheet.column_dimensions[get_column_letter(column)].width = width


def fill(cell: Any, colour: str) -> None:
    from openpyxl.styles import PatternFill
    cell.fill = PatternFill("solid", fgColor=colour)


def number_format(value: Fraction, beside: Fraction | None, places: int = 2, mark: str = "",
                  compare: str = ">=") -> str:
    """'0.00' with as many decimals as fmt_beside needs, plus an optional literal mark."""
    text = fmt_beside(value, beside, places, compare=compare)
    decimals = max(places, len(text.split(".")[1]) if "." in text else 0)
    base = "0." + "0" * decimals if decimals else "0"
    return f'{base}" {mark}"' if mark else base


def _summary_sheet(sheet: Any, summary: DistrictSummary) -> None:
    sheet.title = "汇总表"
    indicators = summary.checklist.resources.indicators
    heads = ["序号", "学校名称", "学校类型", "学段", "在校生数"]
    heads += [f"{i.id} {i.title}（{i.unit}）\n" + " ".join(
        f"{n}≥{fmt(i.threshold(s), 4)}" for s, n in (("primary", "小学"), ("junior", "初中")))
        for i in indicators]
    heads += ["达标项数", "结论", "说明"]
    append_row(sheet, heads)
    # Narrow enough to print readable on landscape A4 (the sheet is scaled to the page width).
    style_header(sheet, 1, [5, 22, 11, 6, 8] + [11] * len(indicators) + [8, 8, 34])
    sheet.row_dimensions[1].height = 118  # the indicator heads wrap to seven lines
    sheet.freeze_panes = "C2"
    n = 0
    for school in summary.schools:
        for stage, result in school.stages.items():
            n += 1
            row = [n, school.name, school.record.type, result.name, int(result.students or 0)]
            row += [float(r.value) if r.value is not None else None for r in result.indicators.values()]
            row += [f"{result.met_count}/{result.total}", result.verdict, result.reason]
            append_row(sheet, row)
            _mark_row(sheet, sheet.max_row, result)
            _wrap(sheet.cell(sheet.max_row, len(row)))
    for record in summary.excluded:
        n += 1
        append_row(sheet, [n, record.name, record.type, "", None] + [None] * len(indicators)
                     + ["", "不纳入统计", record.excluded])
        for cell in sheet[sheet.max_row]:
            fill(cell, GREY_FILL)
    append_row(sheet, [])
    append_row(sheet, ["", "说明：红底并标 ✗ 的数值未达到标准值；结论按「七项中至少六项达标、其余不低于标准值的"
                  " 85%」判定。一贯制学校每个学段一行，共用的校舍、场馆、设备按加权学生数拆分。"])


def _wrap(cell: Any) -> None:
    from openpyxl.styles import Alignment
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _mark_row(sheet: Any, row: int, result: Any) -> None:
    for offset, r in enumerate(result.indicators.values()):
        cell = sheet.cell(row, 6 + offset)
        if r.value is None:
            continue
        unmet = r.status == "unmet"
        cell.number_format = number_format(r.value, r.threshold, 2, "✗" if unmet else "")
        if unmet:
            fill(cell, UNMET_FILL)
    verdict = sheet.cell(row, 6 + len(result.indicators) + 1)
    fill(verdict, OK_FILL if result.verdict == MET else UNMET_FILL)


def _cv_sheet(sheet: Any, summary: DistrictSummary) -> None:
    heads = ["学段", "指标", "名称", "标准值", "全县均值", "均值对标准", "标准差", "差异系数", "限值",
             "差异系数判定", "达到标准值的学校"]
    append_row(sheet, heads)
    style_header(sheet, 1, [8, 6, 30, 9, 11, 11, 10, 10, 8, 12, 12])
    sheet.freeze_panes = "A2"
    for stage in summary.stages.values():
        _cv_rows(sheet, stage)
        append_row(sheet, [])
    notes = [
        "计算方法：学生数加权的校际差异系数（教督〔2012〕3号 附件2 的方法）：CV = S ÷ 全县均值，"
        "S = √Σ(该校学生数 ÷ 全县学生数)(该校值 − 全县均值)²；按学段分别计算。",
        "一贯制学校按学段分别计入；共用的校舍、场馆、设备按加权学生数拆分（九年一贯制 1∶1.1，"
        "完全中学 1∶1.2，十二年一贯制 1∶1.1∶1.32）。",
        "是否超出限值按精确值判断；显示三位小数，若三位小数看起来等于限值而实际超出，则多显示几位。",
    ]
    if summary.excluded:
        notes.append("不纳入统计（特教、职业学校、不足 50 人的教学点等）：" + "、".join(
            f"{r.name}（{r.excluded}）" for r in summary.excluded))
    for note in notes:
        append_row(sheet, [note])


def _cv_rows(sheet: Any, stage: StageSummary) -> None:
    for ind_id, s in stage.spreads.items():
        d = s.dispersion
        sd = d.sd
        # The county's level (mean against the standard) and the spread (CV against its limit)
        # are judged in separate columns: a small spread around a low mean is not 「达标」.
        level = None if d.mean is None else d.mean >= s.threshold
        row = [stage.name, ind_id, s.indicator.title, float(s.threshold),
               float(d.mean) if d.mean is not None else None,
               {True: "达到", False: "低于标准值", None: "无法计算"}[level],
               float(sd) if sd is not None else None,
               float(d.cv) if d.cv is not None else None, float(stage.limit),
               {True: "在限值内", False: "超出限值", None: "无法计算"}[s.within_limit],
               f"{s.schools_met}/{len(stage.schools)}"]
        append_row(sheet, row)
        r = sheet.max_row
        if d.mean is not None:
            sheet.cell(r, 5).number_format = number_format(d.mean, s.threshold, 2)
        sheet.cell(r, 7).number_format = "0.00"
        if d.cv is not None:
            places = len(cv_text(d.cv, stage.limit).split(".")[1])
            sheet.cell(r, 8).number_format = "0." + "0" * places
        sheet.cell(r, 9).number_format = "0.00"
        fill(sheet.cell(r, 6), OK_FILL if level else UNMET_FILL)
        fill(sheet.cell(r, 10), OK_FILL if s.within_limit else UNMET_FILL)
    composite = stage.composite
    append_row(sheet, [stage.name, "综合", "七项差异系数的平均值（仅供参考，不作判定）", None, None, None,
                  None, float(composite) if composite is not None else None])
    sheet.cell(sheet.max_row, 8).number_format = "0.000"
    verdict = "七项均达标" if stage.passed else "超出限值：" + "、".join(stage.cv_failed)
    append_row(sheet, [stage.name, "结论", f"资源配置达标学校 {stage.schools_met}/{len(stage.schools)} 所；"
                  f"差异系数{verdict}；学段结论："
                  + ("达标" if stage.county_passed else "未达标")])


def _missing_sheet(sheet: Any, roster: Sequence[RosterEntry], records: Sequence[SchoolRecord]) -> None:
    missing = not_submitted(roster, records)
    append_row(sheet, ["序号", "学校名称", "学校标识码", "学校类型"])
    style_header(sheet, 1, [6, 30, 16, 14])
    for n, entry in enumerate(missing, 1):
        append_row(sheet, [n, entry.name, entry.code, entry.type])
    if not missing:
        append_row(sheet, ["", f"名单中的 {len(roster)} 所学校均已提交"])
    extra = not_on_roster(roster, records)
    if extra:
        append_row(sheet, [])
        append_row(sheet, ["", "已提交但不在名单中的学校（请核对名称）："])
        for record in extra:
            append_row(sheet, ["", record.name, record.code, record.type])
