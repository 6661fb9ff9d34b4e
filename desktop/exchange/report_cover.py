"""The cover (fields, room for the seal, fingerprint and QR code) and the 填写说明 page after it.

Cover fields follow the county templates in REPORT-FORMAT.md §0 and §1.1: 学校名称（公章）, 校长,
填表人, 联系电话, 填表日期; the 填写说明 states the data date and the statistical basis.
"""

from __future__ import annotations

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable, KeepInFrame, PageBreak, Spacer, Table, TableStyle,
)

from desktop.core.assessment import SignOff
from desktop.exchange.kinsoku import CjkParagraph
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_outline import chinese_date
from desktop.exchange.report_prefill import prefilled_paragraph
from desktop.exchange.report_styles import markup, para
from desktop.exchange.report_tables import font_command

QR_SIZE = 30 * mm
LABEL_WIDTH, VALUE_WIDTH = 60 * mm, 100 * mm  # room for 「学校（机构）标识码：」
SEAL_ROW = 26 * mm  # a round 公章 is 40–42 mm across; it may overlap the rows below


def cover_flowables(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    title_lines = "<br/>".join(markup(part) for part in ctx.title.split())
    story: list[Flowable] = [Spacer(1, 14 * mm), CjkParagraph(title_lines, s.title)]
    if len(ctx.results) > 1:
        names = "、".join(ctx.checklist_name(c) for c in ctx.results)
        story.append(para(f"（{names}）", s.subtitle))
    story += [Spacer(1, 10 * mm), _fields(ctx), Spacer(1, 8 * mm), _fingerprint(ctx)]
    printed_by = ctx.text("report.printed_by")
    if printed_by:
        story += [Spacer(1, 6 * mm), para(printed_by, s.subtitle)]
    # The cover is one page whatever the school's name or the number of checklists.
    return [KeepInFrame(s.content_width, s.content_height, story, mode="shrink"), PageBreak()]


def _signoff(ctx: ReportContext) -> SignOff:
    """The first checklist's sign-off that names who filled it in."""
    for checklist_id in ctx.results:
        signoff = ctx.snapshot.signoffs.get(checklist_id)
        if signoff and signoff.filled_by:
            return signoff
    return SignOff()


def _fields(ctx: ReportContext) -> Table:
    snap, school, s = ctx.snapshot, ctx.snapshot.school, ctx.styles
    signoff = _signoff(ctx)
    filled_on = signoff.filled_on or snap.data_date
    rows = [
        ("cover.school", school.name), ("cover.code", school.code),
        ("cover.type", _school_type(ctx)), ("cover.period", snap.period),
        ("cover.principal", school.principal), ("cover.filled_by", signoff.filled_by),
        ("cover.phone", signoff.phone or school.phone),
        ("cover.filled_on", chinese_date(filled_on) if filled_on else ""),
        ("cover.state", ctx.state_text),
        ("cover.checklists", "\n".join(_checklist_lines(ctx))),
        ("cover.overlay", _overlay(ctx)),
    ]
    data = [[para(ctx.text(key) + "：", s.cover_label), para(value, s.cover_value)]
            for key, value in rows]
    heights = [SEAL_ROW] + [None] * (len(rows) - 1)
    multi_line = [key for key, _ in rows].index("cover.checklists")  # its label sits at the top
    table = Table(data, colWidths=[LABEL_WIDTH, VALUE_WIDTH], rowHeights=heights)
    table.setStyle(TableStyle([
        font_command(s),
        ("LINEBELOW", (1, 0), (1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("VALIGN", (0, multi_line), (0, multi_line), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
    ]))
    return table


def _school_type(ctx: ReportContext) -> str:
    school = ctx.snapshot.school
    extras = [x for x in (school.locale, school.ownership) if x]
    if school.boarding:
        extras.append(ctx.text("cover.boarding"))
    return school.type + (f"（{'，'.join(extras)}）" if extras else "")


def _checklist_lines(ctx: ReportContext) -> list[str]:
    recorded = dict(ctx.snapshot.checklists)
    lines = []
    for checklist_id, result in ctx.results.items():
        current = result.checklist.version
        version = recorded.get(checklist_id, current)
        key = "cover.version" if version == current else "cover.version_changed"
        name = ctx.checklist_name(checklist_id)
        lines.append(f"{name}（{ctx.text(key, version=version, current=current)}）")
    return lines


def _overlay(ctx: ReportContext) -> str:
    overlay_id = ctx.snapshot.overlay
    if not overlay_id:
        return ctx.text("cover.overlay_none")
    overlay = ctx.catalog.overlays.get(overlay_id)
    return overlay.title if overlay else overlay_id


def _fingerprint(ctx: ReportContext) -> Table:
    s = ctx.styles
    code = QrCodeWidget(ctx.fingerprint, barWidth=QR_SIZE, barHeight=QR_SIZE, barBorder=2)
    qr = Drawing(QR_SIZE, QR_SIZE, initialFontName=s.font)  # no default Helvetica
    qr.add(code)
    digest = " ".join(ctx.fingerprint[i:i + 16] for i in range(0, len(ctx.fingerprint), 16))
    text = [para(f"{ctx.text('cover.fingerprint')}：{ctx.short_fingerprint}", s.cover_value),
            para(digest, s.cell), para(ctx.text("cover.fingerprint_note"), s.note)]
    table = Table([[qr, text]], colWidths=[QR_SIZE + 6 * mm, 100 * mm])
    table.setStyle(TableStyle([font_command(s), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def instructions_flowables(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    snap = ctx.snapshot
    values = {"data_date": chinese_date(snap.data_date) if snap.data_date else ctx.text("report.empty"),
              "period": snap.period, "fingerprint": ctx.fingerprint,
              "met": s.met_mark, "unmet": s.unmet_mark}
    story: list[Flowable] = [para(ctx.text("instructions.title"), s.title), Spacer(1, 4 * mm)]
    paragraphs = [template.format(**values) for template in ctx.labels.list("instructions.paragraphs")]
    paragraphs += [p for p in (prefilled_paragraph(ctx),) if p]
    for n, text in enumerate(paragraphs, 1):
        story.append(para(f"{n}．" + text, s.body))
    if not ctx.finished:
        story += [Spacer(1, 4 * mm), para(_unfinished_note(ctx), s.body)]
    return story + [PageBreak()]


def _unfinished_note(ctx: ReportContext) -> str:
    """Why this print is not the final report: unanswered items, answers still 待复核."""
    text = ctx.text("instructions.unfinished", state=ctx.state_text)
    if ctx.pending_review:
        text += ctx.text("instructions.pending", n=ctx.pending_review,
                         mark=ctx.text("items.pending_review"))
    if ctx.draft:
        text += ctx.text("instructions.draft")
    return text
