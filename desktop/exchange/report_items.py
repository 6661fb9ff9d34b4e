"""Item detail tables, one per checklist section: answer, standard, verdict, notes, evidence, 整改.

Each item takes one row; its note, evidence list and 整改 plan go in a second row spanning the
wide columns, so long texts wrap across the page width instead of squeezing into one column.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table, TableStyle

from desktop.core.assessment import SignOff
from desktop.core.engine import ChecklistResult, ItemResult, Status
from desktop.exchange import report_numbers as numbers
from desktop.exchange.report_codes import human_size
from desktop.exchange.report_numbers import answer_text
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_outline import Outline, chinese_date
from desktop.exchange.report_styles import para, scaled
from desktop.exchange.report_tables import center, font_command, grid, mark

ITEM_WEIGHTS = (11, 58, 30, 22, 20, 11)
SIGN_WEIGHTS = (24, 34, 26, 30)
SIGN_SPACE = 10 * mm  # room above the line for a handwritten signature


def items_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    # A new page only when little room is left: a forced break left pages holding two lines.
    room = ctx.styles.content_height * 0.35
    story: list[Flowable] = [CondPageBreak(room), outline.heading(1, ctx.text("items.heading"))]
    for n, (checklist_id, result) in enumerate(ctx.results.items()):
        if n:
            story.append(CondPageBreak(room))
        story.append(outline.heading(2, ctx.checklist_name(checklist_id)))
        story += checklist_items(ctx, outline, result)
    return story


def checklist_items(ctx: ReportContext, outline: Outline,
                    result: ChecklistResult) -> list[Flowable]:
    """One table per section; the last one ends in the checklist's signature row."""
    checklist = result.checklist
    sections = [(s, [r for r in result.items if r.item.section == s.id])
                for s in checklist.sections]
    sections = [(s, results) for s, results in sections if results]
    story: list[Flowable] = []
    for n, (section, results) in enumerate(sections, 1):
        tail = signature_line(ctx, checklist.id) if n == len(sections) else None
        story.append(outline.heading(3, section.title))
        story += _section_table(ctx, checklist.id, results, tail)
    return story


def _section_table(ctx: ReportContext, checklist_id: str, results: list[ItemResult],
                   tail: Flowable | None) -> list[Flowable]:
    s = ctx.styles
    rows: list[list] = [ctx.labels.list("items.columns")]
    hatched: list[tuple[int, int]] = []
    extra: list[tuple] = []
    for r in results:
        row = len(rows)
        if r.status is Status.UNMET:
            hatched += [(2, row), (4, row)]
        key = ctx.text("items.key_mark") + " " if r.item.key else ""
        rows.append([center(ctx.codes.item_code(checklist_id, r.id), s), key + r.item.title,
                     answer_text(r.item, r.value, r.shown),
                     numbers.standard_text(r.item, ctx.standard_text(checklist_id, r)),
                     center(_verdict(ctx, checklist_id, r), s), ""])
        details = detail_text(ctx, checklist_id, r)
        if details:
            rows.append(["", details, "", "", "", ""])
            extra += [("SPAN", (0, row), (0, row + 1)), ("SPAN", (1, row + 1), (-1, row + 1))]
    return grid(rows, ITEM_WEIGHTS, s, hatched=hatched, extra=extra, tail=tail)


def _verdict(ctx: ReportContext, checklist_id: str, r: ItemResult) -> str:
    if r.status in (Status.MET, Status.UNMET):
        text = mark(r.status is Status.MET, ctx.styles, Status.MET.label, Status.UNMET.label, "")
    else:
        text = r.status.label
    if r.gap_text:
        text += "\n" + r.gap_text
    if (checklist_id, r.id) in ctx.snapshot.pending_review:
        text += "\n" + ctx.text("items.pending_review")
    return text


def detail_text(ctx: ReportContext, checklist_id: str, r: ItemResult) -> str:
    """The note, engine message, evidence and 整改 plan of one item, one per line."""
    lines = []
    note = ctx.note(checklist_id, r.id)
    if note:
        lines.append(ctx.text("items.detail_note") + note)
    if r.message:
        lines.append(ctx.text("items.detail_message") + r.message)
    evidence = ctx.codes.evidence_for(checklist_id, r.id)
    if evidence:
        lines.append(ctx.text("items.detail_evidence") + "；".join(
            f"{e.code} {e.evidence.name}（{human_size(e.evidence.size)}，"
            f"SHA-256 {e.evidence.sha256[:12]}）" for e in evidence))
    if r.status is Status.UNMET:
        lines.append(ctx.text("items.detail_plan") + plan_text(ctx, checklist_id, r.id))
    return "\n".join(lines)


def plan_text(ctx: ReportContext, checklist_id: str, item_id: str) -> str:
    plan = ctx.snapshot.rectification(checklist_id, item_id)
    if plan is None or not plan.measure.strip():
        return ctx.text("items.no_plan")
    blank = ctx.text("marks.missing")
    return ctx.text("items.plan", measure=plan.measure, owner=plan.owner or blank,
                    deadline=chinese_date(plan.deadline) if plan.deadline else blank, status=plan.status or blank)


def signature_line(ctx: ReportContext, checklist_id: str) -> Flowable:
    """检查人 / 负责人 / 日期 under each checklist's table, as county forms have (REPORT-FORMAT §0)."""
    signoff = ctx.snapshot.signoffs.get(checklist_id) or SignOff()
    values = {"filled_by": signoff.filled_by, "checked_by": signoff.checked_by}
    cells = [para(text.format(**values), ctx.styles.sign) for text in ctx.labels.list("signature.row")]
    widths = [w * (ctx.styles.content_width - 8) / ctx.styles.content_width
              for w in scaled(SIGN_WEIGHTS, ctx.styles)]  # inside the table's cell padding
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([font_command(ctx.styles), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("TOPPADDING", (0, 0), (-1, -1), SIGN_SPACE),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table
