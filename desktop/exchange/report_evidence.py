"""佐证材料目录: every evidence file with its code, indicator, form, count, filing and hash prefix.

Columns follow the evaluation-platform catalogue plus the codes and hashes recommended in
REPORT-FORMAT.md §1.5; 归档方式 is 随报 (sent with the report) or 留校备查 (kept for the site visit).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer

from desktop.exchange.report_codes import EvidenceEntry, human_size
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_outline import Outline
from desktop.exchange.report_tables import center, grid

CATALOGUE_WEIGHTS = (8, 12, 32, 33, 8, 11, 13, 20)
HASH_PREFIX = 12


def catalogue_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), outline.heading(1, ctx.text("evidence.heading"))]
    if not ctx.codes.entries:
        return story + [ctx.p(ctx.text("evidence.none"), "body")]
    serial = 0
    for checklist_id in ctx.results:
        entries = [e for e in ctx.codes.entries if e.evidence.checklist == checklist_id]
        if not entries:
            continue
        if len(ctx.results) > 1:
            story.append(outline.heading(2, ctx.checklist_name(checklist_id)))
        story += _table(ctx, checklist_id, entries, serial) + [Spacer(1, 6)]
        serial += len(entries)
    return story


def _table(ctx: ReportContext, checklist_id: str, entries: list[EvidenceEntry],
           serial: int) -> list[Flowable]:
    s = ctx.styles
    rows: list[list] = [ctx.labels.list("evidence.columns")]
    for n, entry in enumerate(entries, serial + 1):
        e = entry.evidence
        name = f"{e.name}（{human_size(e.size)}）"
        if ctx.file_of(e.sha256) is None:
            name += ctx.text("evidence.missing")
        form = ctx.text("evidence.form_photo" if entry.is_image else "evidence.form_file")
        where = f"{ctx.codes.item_code(checklist_id, e.item)} {entry.item_title}"
        rows.append([center(str(n), s), center(entry.code, s), name, where, center(form, s),
                     center(str(e.pages), s), center(e.archive, s), e.sha256[:HASH_PREFIX]])
    return grid(rows, CATALOGUE_WEIGHTS, s, small=True)
