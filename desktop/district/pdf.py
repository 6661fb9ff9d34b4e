"""The district PDF: cover, 差异系数 tables and charts, failing schools with their gaps,
the schools that move each failing CV most, 普及普惠, and schools that have not submitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from desktop.core.numbers import fmt, fmt_beside, fmt_fixed
from desktop.district.cv import cv_text
from desktop.district.pdf_chart import cv_chart
from desktop.district.preschool import PreschoolSummary
from desktop.district.roster import RosterEntry, not_submitted
from desktop.district.schools import SchoolRecord
from desktop.district.summary import DistrictSummary, StageSummary
from desktop.district.whatif import WhatIf
from desktop.exchange.fonts import FontSet, find_font_set
from desktop.exchange.kinsoku import CjkParagraph
from desktop.exchange.page_flow import keep_headings_with_next
from desktop.exchange.output_file import atomic_output

HEAD_FILL = colors.Color(0.88, 0.88, 0.88)
MARGIN = 18 * mm
BINDING = 28 * mm  # the left edge is stapled or bound: GB/T 9704 leaves 28 mm there
WHATIF_TOP = 3
FAILING_PER_TABLE = 15
NUMERALS = "〇一二三四五六七八九"
Section = tuple[str, list]  # heading without its number, and the flowables under it


@dataclass(frozen=True)
class DistrictReport:
    """Everything the PDF prints (plain data; nothing is read from disk while drawing)."""

    summary: DistrictSummary
    whatifs: dict[str, dict[str, list[WhatIf]]] = field(default_factory=dict)
    preschool: PreschoolSummary | None = None
    roster: Sequence[RosterEntry] | None = None
    records: Sequence[SchoolRecord] = ()
    county: str = ""
    source: str = ""  # the 统计表 file or package folder the data came from
    made_on: dt.date | None = None
    periods: tuple[str, ...] = ()  # the 评估周期 of the packages, or the 统计年度 given

    @property
    def period_text(self) -> str:
        return "、".join(self.periods) if self.periods else "未注明（统计表未写明统计年度）"

    @property
    def from_packages(self) -> bool:
        return any(r.origin.lower().endswith(".zpkg") for r in self.summary_records)

    @property
    def summary_records(self) -> list[SchoolRecord]:
        return [s.record for s in self.summary.schools]


@dataclass(frozen=True)
class _Look:
    font: str
    over: str  # the mark for "over the limit / unmet" this font can draw
    styles: dict[str, ParagraphStyle]
    width: float


def write_pdf(path: Path, report: DistrictReport, font: str | None = None) -> Path:
    """Writes the report atomically; raises FontError when no CJK TrueType font is available."""
    fonts = find_font_set(font)
    cjk = fonts.table
    look = _Look(cjk.name, cjk.first_drawable(["✗", "✘", "×"]), _styles(fonts),
                 A4[0] - BINDING - MARGIN)
    sections = [_scope_section(report, look), _cv_section(report, look),
                _failing_section(report, look), _whatif_section(report, look)]
    if report.preschool is not None:
        sections.append(_preschool_section(report.preschool, look))
    if report.roster is not None:
        sections.append(_missing_section(report, look))
    story = _cover(report, look) + [PageBreak()]
    for number, (title, body) in enumerate((s for s in sections if s is not None), 1):
        head = _p(f"{NUMERALS[number]}、{title}", look, "h1")
        # keepWithNext does not reach into a KeepTogether (reportlab's _ktAllow), so nest it.
        if body and isinstance(body[0], KeepTogether):
            story += [KeepTogether([head, body[0]]), *body[1:]]
        else:
            story += [head, *body]
    story.append(_sign_block(look))
    header = f"{_title(report)}资源配置统计报告" + (f"（{'、'.join(report.periods)}）" if report.periods else "")
    with atomic_output(Path(path)) as temp:
        doc = SimpleDocTemplate(str(temp), pagesize=A4, leftMargin=BINDING, rightMargin=MARGIN,
                                topMargin=MARGIN + 6 * mm, bottomMargin=MARGIN,
                                title="县域资源配置统计报告", author="学校督导自评助手",
                                # Else every page starts in an unembedded Helvetica.
                                initialFontName=cjk.name)
        doc.build(keep_headings_with_next(story), canvasmaker=_numbered_canvas(cjk.name, header))
    return Path(path)


def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    """公文 levels: title 小标宋/宋体 bold, 一级 黑体, 二级 楷体, text 仿宋, tables 宋体."""
    base = ParagraphStyle("body", fontName=fonts.body.name, fontSize=10.5, leading=16, wordWrap="CJK")
    table = ParagraphStyle("table", base, fontName=fonts.table.name)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=fonts.title.name, fontSize=22, leading=32,
                                alignment=TA_CENTER, fakeBold=fonts.title_needs_bold),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=13, leading=22, alignment=TA_CENTER),
        "h1": ParagraphStyle("h1", base, fontName=fonts.heading.name, fontSize=14, leading=22,
                             spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontName=fonts.subheading.name, fontSize=12, leading=18,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "cell": ParagraphStyle("cell", table, fontSize=9, leading=12),
        "number": ParagraphStyle("number", table, fontSize=9, leading=12, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", table, fontSize=8.5, leading=12,
                               textColor=colors.Color(.3, .3, .3)),
    }


def _p(text: str, look: _Look, style: str = "body") -> CjkParagraph:
    return CjkParagraph(escape(text), look.styles[style])


def _table(rows: list[list[object]], widths: list[float], look: _Look,
           marked: Sequence[tuple[int, int]] = (), right: set[int] = frozenset(),
           spans: Sequence[tuple[int, int, int]] = (), wrap: set[int] | None = None) -> Table:
    """A grid with a repeated, shaded head row.

    Cells of the `wrap` columns (all when None) become Paragraphs that wrap; the others are
    drawn as plain strings, which is much faster for long tables. `right` columns are
    right-aligned, `marked` (row, column) cells get bold borders, `spans` = (column, first, last).
    """
    def cell(n: int, i: int, c: object) -> object:
        if not isinstance(c, str) or (n and wrap is not None and i not in wrap):
            return c
        return _p(c, look, "number" if n and i in right else "cell")
    data = [[cell(n, i, c) for i, c in enumerate(row)] for n, row in enumerate(rows)]
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
             ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("FONTNAME", (0, 0), (-1, -1), look.font), ("FONTSIZE", (0, 0), (-1, -1), 9),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in right]
    style += [("BOX", (c, r), (c, r), 1.6, colors.black) for r, c in marked]
    style += [("SPAN", (c, first), (c, last)) for c, first, last in spans if last > first]
    table.setStyle(TableStyle(style))
    return table


def _title(report: DistrictReport) -> str:
    # 「示范县」 + 「县域…」 would read 「示范县县域」: a named county drops 县域.
    if report.county:
        return f"{report.county}义务教育优质均衡发展"
    return "县域义务教育优质均衡发展"


def _sign_block(look: _Look) -> KeepTogether:
    """制表单位, 审核人 and date with room to write and seal: the county signs what it reports."""
    blank = "＿＿＿＿＿＿＿＿＿＿"
    rows = [[_p(f"制表单位（盖章）：{blank}", look), _p(f"制表人：{blank}", look)],
            [_p(f"审核人：{blank}", look), _p("日期：　　　　年　　月　　日", look)]]
    table = Table(rows, colWidths=[look.width * 0.55, look.width * 0.45])
    # Naming the font keeps reportlab's default Helvetica (not embedded) out of the file.
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), look.font),
                               ("TOPPADDING", (0, 0), (-1, -1), 10),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 12 * mm), table])


def _scope_section(report: DistrictReport, look: _Look) -> Section:
    """Which period and which schools the figures cover (the package list when built from them)."""
    s = report.summary
    story: list = [_p(f"评估周期（统计年度）：{report.period_text}。参与统计 {len(s.schools)} 所"
                      + (f"，不纳入统计 {len(s.excluded)} 所" if s.excluded else "") + "。", look)]
    if report.from_packages:
        rows: list[list[object]] = [["序号", "学校名称", "学校标识码", "学校类型", "提交包文件"]]
        rows += [[str(n), r.name, r.code, r.type, r.origin]
                 for n, r in enumerate(report.summary_records, 1)]
        widths = [12 * mm, 48 * mm, 26 * mm, 24 * mm]
        story.append(_table(rows, widths + [look.width - sum(widths)], look))
    return "统计范围", story


def _cover(report: DistrictReport, look: _Look) -> list:
    s = report.summary
    day = report.made_on or dt.date.today()
    title = _title(report)
    lines = [f"评估周期：{report.period_text}",
             f"统计学校：{len(s.schools)} 所" + (f"（另有 {len(s.excluded)} 所不纳入统计）" if s.excluded else "")]
    for stage in s.stages.values():
        verdict = "七项差异系数均在限值内" if stage.passed else "差异系数超出限值：" + "、".join(stage.cv_failed)
        lines.append(f"{stage.name}：{len(stage.schools)} 所，资源配置达标 {stage.schools_met} 所；{verdict}")
    if report.preschool is not None:
        lines.append(f"幼儿园：{len(report.preschool.kindergartens)} 所（普及普惠水平见报告后部）")
    if report.source:
        lines.append(f"数据来源：{report.source}")
    lines.append(f"生成日期：{day.year} 年 {day.month} 月 {day.day} 日")
    story = [Spacer(1, 50 * mm), _p(title, look, "title"), _p("资源配置统计报告", look, "title"),
             Spacer(1, 20 * mm)]
    story += [_p(line, look, "subtitle") for line in lines]
    story += [Spacer(1, 30 * mm), _p("本报告由学校督导自评助手根据各校填报的数据计算生成；"
                                     "数据是否属实，仍需督学核查佐证材料和现场情况。", look, "note")]
    return story


def _cv_section(report: DistrictReport, look: _Look) -> Section:
    story = [_p(
        "按学段计算七项指标的学生数加权校际差异系数：CV = S ÷ 全县均值，"
        "S = √Σ(该校学生数 ÷ 全县学生数)×(该校值 − 全县均值)²。一贯制学校按学段分别计入，"
        "共用的校舍、场馆、设备按加权学生数拆分（九年一贯制 1∶1.1，完全中学 1∶1.2，十二年一贯制 "
        "1∶1.1∶1.32）。是否超出限值按精确值判断，显示三位小数。", look, "note")]
    for stage in report.summary.stages.values():
        story += _stage_block(stage, look)
    if report.summary.excluded:
        story.append(_p("不纳入统计：" + "、".join(f"{r.name}（{r.excluded}）" for r in report.summary.excluded),
                        look, "note"))
    return "校际差异系数", story


def _stage_block(stage: StageSummary, look: _Look) -> list:
    # Two separate judgements, each in its own column: the spread between schools (差异系数
    # against its limit) and the county's level (its mean against the standard). A small spread
    # around a mean below the standard is not 「达标」.
    rows: list[list[object]] = [["指标", "名称", "标准值", "全县均值", "均值对标准",
                                 "差异系数", "限值", "差异系数判定", "达到标准值的学校数"]]
    marked = []
    for n, (ind_id, s) in enumerate(stage.spreads.items(), 1):
        d = s.dispersion
        ok = s.within_limit
        level = None if d.mean is None else d.mean >= s.threshold
        rows.append([ind_id, s.indicator.title, fmt(s.threshold, 4),
                     fmt_beside(d.mean, s.threshold, 2) if d.mean is not None else "—",
                     {True: "达到", False: f"低于 {look.over}", None: "无法计算"}[level],
                     cv_text(d.cv, stage.limit), f"≤{fmt_fixed(stage.limit, 2)}",
                     {True: "在限值内", False: f"超出 {look.over}", None: "无法计算"}[ok],
                     f"{s.schools_met}/{len(stage.schools)}"])
        if ok is not True:
            marked.append((n, 7))
        if level is False:
            marked.append((n, 4))
    widths = [12 * mm, 36 * mm, 14 * mm, 16 * mm, 18 * mm, 16 * mm, 14 * mm, 18 * mm]
    widths.append(look.width - sum(widths))
    verdict = "达标" if stage.county_passed else "未达标"
    summary_line = (f"资源配置达标学校 {stage.schools_met}/{len(stage.schools)} 所；综合差异系数（七项平均，"
                    f"仅供参考）{cv_text(stage.composite)}；{stage.name}资源配置结论：{verdict}"
                    "（要求各校均达标且七项差异系数均在限值内）。")
    chart = cv_chart(stage, look.width, look.font, look.over)
    return [KeepTogether([_p(f"（{'一' if stage.stage == 'primary' else '二'}）{stage.name}"
                             f"（{len(stage.schools)} 所）", look, "h2"),
                          _table(rows, widths, look, marked, {2, 3, 5}), Spacer(1, 3 * mm),
                          _p(summary_line, look)]),
            KeepTogether([Spacer(1, 3 * mm), chart,
                          _p(f"图：{stage.name}七项差异系数与限值（虚线）；斜线填充的条超出限值。",
                             look, "note")])]


def _failing_section(report: DistrictReport, look: _Look) -> Section:
    title = "资源配置未达标的学校及差距"
    failing = report.summary.failing
    if not failing:
        return title, [_p("所有参与统计的学校资源配置均达标。", look)]
    body: list = [_p("判定规则：七项指标中至少六项达标，且其余各项不低于标准值的 85%。", look, "note")]
    # Several short tables rather than one long one: reportlab re-measures the remaining rows
    # at every page break, which grows quadratically with a table of a thousand rows.
    for start in range(0, len(failing), FAILING_PER_TABLE):
        body.append(_failing_table(failing[start:start + FAILING_PER_TABLE], look))
    return title, body


def _failing_table(failing: list, look: _Look) -> Table:
    rows: list[list[object]] = [["学校", "学段", "达标项数", "指标", "实际值", "标准值", "差距"]]
    spans = []
    for school, stage in failing:
        result = school.stages[stage]
        first = len(rows)
        unmet = [r for r in result.indicators.values() if r.status == "unmet"]
        for r in unmet or [None]:
            head = ([school.name, result.name, f"{result.met_count}/{result.total}"]
                    if len(rows) == first else ["", "", ""])
            if r is None:  # 未完成: data missing, nothing to measure yet
                rows.append(head + ["", "", "", result.reason])
            else:
                rows.append(head + [r.indicator.id, fmt_beside(r.value, r.threshold),
                                    fmt(r.threshold, 4), r.gap_text])
        spans += [(c, first, len(rows) - 1) for c in range(3)]
    widths = [34 * mm, 12 * mm, 17 * mm, 11 * mm, 17 * mm, 15 * mm]
    return _table(rows, widths + [look.width - sum(widths)], look, right={4, 5}, spans=spans,
                  wrap={0, 6})


def _whatif_section(report: DistrictReport, look: _Look) -> Section | None:
    rows: list[list[object]] = [["学段", "指标", "现差异系数", "学校（现值 → 标准值）", "补足后差异系数"]]
    for stage_id, by_indicator in report.whatifs.items():
        stage = report.summary.stages[stage_id]
        for ind_id in stage.cv_failed:
            for w in [w for w in by_indicator.get(ind_id, []) if w.decrease > 0][:WHATIF_TOP]:
                rows.append([stage.name, ind_id, cv_text(w.cv_before, stage.limit),
                             f"{w.school.name}（{fmt(w.value, 2)} → {fmt(w.raised_to, 4)}）",
                             cv_text(w.cv_after, stage.limit) + ("（达标）" if w.within_after else "")])
    if len(rows) == 1:
        return None
    return "对超限差异系数影响最大的学校", [
            _p(f"把一所学校的该项指标补足到标准值（其余学校不变）后重新计算差异系数；每项列出降幅最大的 "
               f"{WHATIF_TOP} 所。", look, "note"),
            _table(rows, [14 * mm, 12 * mm, 22 * mm, look.width - 76 * mm, 28 * mm], look)]


def _preschool_section(p: PreschoolSummary, look: _Look) -> Section:
    t = p.totals
    rows: list[list[object]] = [["指标", "全县数值", "标准", "标准值", "结论"]]
    for metric in p.metrics.values():
        for region, check in metric.checks.items():
            rows.append([metric.title, metric.text(beside=check.threshold), check.region_name,
                         metric.threshold_text(region),
                         {True: "达标", False: f"未达标 {look.over}", None: "无法计算"}[check.passed]])
    intro = (f"{t['kindergartens']} 所幼儿园，在园幼儿 {t['children']} 人（公办 {t['public_children']}，"
             f"普惠性民办 {t['inclusive_private_children']}，非普惠性民办 {t['other_private_children']}）；"
             f"3–5 岁常住人口 {p.population} 人。")
    note = "广东地方目标（「5085」、毛入园率 100%）来自区（县）级文件，仅在与国家标准不同处列出。"
    widths = [58 * mm, 24 * mm, 32 * mm, 24 * mm, look.width - 138 * mm]
    return "学前教育普及普惠水平", [KeepTogether([
        _p(intro, look), _table(rows, widths, look), Spacer(1, 2 * mm), _p(note, look, "note")])]


def _missing_section(report: DistrictReport, look: _Look) -> Section:
    records = list(report.records) or [s.record for s in report.summary.schools]
    missing = not_submitted(report.roster or (), records)
    title = "未提交数据的学校"
    if not missing:
        return title, [_p(f"名单中的 {len(report.roster or ())} 所学校均已提交。", look)]
    rows: list[list[object]] = [["序号", "学校名称", "学校标识码", "学校类型"]]
    rows += [[str(n), e.name, e.code, e.type] for n, e in enumerate(missing, 1)]
    return title, [_table(rows, [14 * mm, 80 * mm, 40 * mm, look.width - 134 * mm], look)]


def _numbered_canvas(font: str, header: str):
    class NumberedCanvas(Canvas):
        """Writes 「第 n 页 共 N 页」 once the page count is known (the cover is unnumbered)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # the cover has neither header nor page number
                    self.setFont(font, 8.5)
                    top = A4[1] - MARGIN + 1 * mm
                    self.drawString(BINDING, top + 1.5 * mm, header)
                    self.setLineWidth(0.5)
                    self.line(BINDING, top, A4[0] - MARGIN, top)
                    self.drawCentredString((A4[0] + BINDING - MARGIN) / 2, 10 * mm,
                                           f"第 {self._pageNumber - 1} 页 共 {total - 1} 页")
                super().showPage()
            super().save()
    return NumberedCanvas
