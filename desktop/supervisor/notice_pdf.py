"""The printed 整改通知书 and its 整改情况回执 (REPORT-FORMAT.md §5.3, §7 point 11).

The notice follows the 限期整改通知书 pattern: addressee, when and on what the school was checked,
numbered problems with the school's value against the standard and the clause it comes from, the
requirement and a deadline per problem, then two signature places (督学, 学校负责人) and the
issuer's seal. The 回执 repeats the problems with columns for the school's measures and status and
the 督学's 复查; what the school already reported in a later package is printed in it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.core.snapshot_json import short_fingerprint
from desktop.exchange.report_outline import chinese_date
from desktop.exchange.report_page import turned_pages
from desktop.exchange.report_styles import para, wide_width
from desktop.exchange.report_tables import center, font_command, grid
from desktop.supervisor.follow_up import ItemFollowUp
from desktop.supervisor.form_pdf import (
    FormContext, FormInfo, MinHeight, form_context, signature_table, write_form,
)
from desktop.supervisor.outcomes import shown_time
from desktop.supervisor.records import Notice
from desktop.supervisor.submissions import SubmissionFacts

NOTICE_WEIGHTS = (5, 8, 17, 25, 20, 20, 19)
RECEIPT_WEIGHTS = (5, 22, 26, 10, 22, 12, 14, 11, 20)
WRITING_ROOM = 14 * mm  # height left in each 回执 row for handwriting


def write_notice_pdf(out: Path, notice: Notice, basis: SubmissionFacts | None = None,
                     follow: list[ItemFollowUp] | None = None,
                     font_path: str | Path | None = None) -> FormInfo:
    """Writes the notice (with its 回执) to out; basis = the package it was drawn from.

    Raises FontError when no CJK font can be embedded, ExportError when out cannot be written.
    """
    ctx = form_context(notice.school_name, "", notice.digest, font_path,
                       basis.school_type if basis is not None else "")
    ctx.form_title = ctx.text("supervisor.notice.title")
    # The 回执 has nine columns the school fills in by hand: it is printed on a landscape page.
    story = _notice_part(ctx, notice, basis) + turned_pages(_receipt_part(ctx, notice, follow))
    return write_form(out, ctx, story)


def _notice_part(ctx: FormContext, notice: Notice, basis: SubmissionFacts | None) -> list[Flowable]:
    s = ctx.styles
    right = ParagraphStyle("number", s.plain, alignment=TA_RIGHT)
    story: list[Flowable] = []
    if notice.issuer:
        story.append(para(notice.issuer, s.subtitle))
    story += [para(ctx.text("supervisor.notice.title"), s.title), para(notice.number, right),
              Spacer(1, 4 * mm),
              para(ctx.text("supervisor.notice.addressee", school=notice.school_name), s.plain),
              para(_intro(ctx, notice, basis), s.body), Spacer(1, 2 * mm)]
    rows: list[list] = [ctx.labels.list("supervisor.notice.columns")]
    for item in notice.items:
        rows.append([center(str(item.seq), s), center(item.code, s), item.title, item.problem,
                     item.standard, item.requirement, center(chinese_date(item.deadline), s)])
    story += grid(rows, NOTICE_WEIGHTS, s, small=True)
    seal = ctx.text("supervisor.seal")
    closing: list[Flowable] = [Spacer(1, 3 * mm)]
    closing += [para(line, s.body) for line in ctx.labels.list("supervisor.notice.requirements")]
    closing += [Spacer(1, 8 * mm),
                para(ctx.text("supervisor.notice.issued", issuer=notice.issuer, seal=seal), right),
                para(ctx.text("supervisor.notice.issued_date",
                              date=chinese_date(notice.issued_on)), right),
                Spacer(1, 8 * mm), _signatures(ctx, "supervisor.notice")]
    # The requirements, the seal and the signatures stay on one page: a page holding only the
    # seal would be a page anyone could staple to another notice.
    story.append(KeepTogether(closing))
    return story


def _intro(ctx: FormContext, notice: Notice, basis: SubmissionFacts | None) -> str:
    inspector = (ctx.text("supervisor.notice.inspector_named", name=notice.inspector)
                 if notice.inspector else ctx.text("supervisor.notice.inspector_blank"))
    exported = shown_time(basis.created) if basis is not None else ctx.text("supervisor.blank_date")
    return ctx.text("supervisor.notice.intro", inspector=inspector, period=notice.period,
                    fingerprint=short_fingerprint(notice.digest) if notice.digest else "",
                    exported=exported)


def _signatures(ctx: FormContext, prefix: str, width: float | None = None) -> Flowable:
    blank, date = ctx.text("supervisor.blank_line"), ctx.text("supervisor.blank_date")
    first, second = (("sign_inspector", "sign_school") if prefix.endswith("notice")
                     else ("sign_school", "sign_inspector"))
    left = [line.format(blank=blank, date=date) for line in ctx.labels.list(f"{prefix}.{first}")]
    right = [line.format(blank=blank, date=date) for line in ctx.labels.list(f"{prefix}.{second}")]
    return signature_table(ctx, left, right, width)


def _receipt_part(ctx: FormContext, notice: Notice,
                  follow: list[ItemFollowUp] | None) -> list[Flowable]:
    s = ctx.styles
    by_seq = {f.item.seq: f for f in follow or []}
    story: list[Flowable] = [
        para(ctx.text("supervisor.receipt.title"), s.title),
        para(ctx.text("supervisor.receipt.number", number=notice.number), s.subtitle),
        Spacer(1, 3 * mm),
        para(ctx.text("supervisor.receipt.school", school=notice.school_name), s.plain),
        Spacer(1, 2 * mm)]
    rows: list[list] = [ctx.labels.list("supervisor.receipt.columns")]
    hatched = []
    for item in notice.items:
        f = by_seq.get(item.seq)
        plan = f.reported if f is not None else None
        status = plan.status if plan is not None else ""
        if f is not None and f.overdue:
            status += ctx.text("supervisor.receipt.overdue", days=f.days_overdue)
            hatched.append((5, len(rows)))
        problem = MinHeight(para(f"{item.code} {item.title}", s.cell_small), WRITING_ROOM)
        rows.append([center(str(item.seq), s), problem, plan.measure if plan else "",
                     plan.owner if plan else "", plan.progress if plan else "", status,
                     center(chinese_date(item.review_on) if item.review_on else "", s), center(item.review_result, s), item.follow_up])
    # The notes and signatures end the table as its last row, kept on the page of the row
    # above: a signature page without the table would be a page anyone could staple elsewhere.
    inner = wide_width(s) - 8
    tail = Table([[para(_receipt_source(ctx, follow), s.note)],
                  [para(ctx.text("supervisor.receipt.hint"), s.note)],
                  [_signatures(ctx, "supervisor.receipt", inner)]], colWidths=[inner])
    tail.setStyle(TableStyle([font_command(s), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 2), (0, 2), 6)]))
    return story + grid(rows, RECEIPT_WEIGHTS, s, hatched=hatched, small=True, width=wide_width(s),
                        tail=tail)


def _receipt_source(ctx: FormContext, follow: list[ItemFollowUp] | None) -> str:
    reported = next((f.reported_in for f in follow or [] if f.reported is not None), None)
    if reported is None:
        return ctx.text("supervisor.receipt.source_none")
    return ctx.text("supervisor.receipt.source_reported", exported=shown_time(reported.created),
                    fingerprint=reported.fingerprint)
