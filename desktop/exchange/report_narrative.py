"""The written part of the report (学校概况 … 下一步打算) and the 一票否决 statement."""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.core.engine import Status
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_outline import Outline
from desktop.exchange.report_tables import center, grid

# A paragraph that is only a sub-heading the user typed: 「（一）领导重视」, 「1. 办学条件」, 「（1）…」.
_SUBHEADING = re.compile(r"^\s*(（[一二三四五六七八九十]+）|[(（]\d+[)）]|\d+[.．、])")
_SUBHEADING_MAX = 30
VETO_WEIGHTS = (12, 88, 22, 40)


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks inside one are kept."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return [b.strip("\n") for b in blocks if b.strip()]


def narrative_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    n = ctx.snapshot.narrative
    texts = (n.overview, n.achievements, n.problems, n.plans)
    story: list[Flowable] = []
    others = _other_checklist_names(ctx)
    for heading, text in zip(ctx.labels.list("narrative.headings"), texts):
        story.append(outline.heading(1, heading))
        blocks = _about_printed_checklists(paragraphs(text), others)
        if not blocks:
            story.append(ctx.p(ctx.text("report.empty"), "note"))
        story += [ctx.p(block.strip(), _style_of(block)) for block in blocks]
    return story


def _style_of(block: str) -> str:
    """「（一）…」 is a 二级标题 (楷体), 「1.」 「（1）」 a 三级 (仿宋); anything else is text."""
    if not _is_subheading(block):
        return "body"
    return "h2" if _LEVEL_TWO.match(block) else "h3"


_LEVEL_TWO = re.compile(r"^\s*（[一二三四五六七八九十]+）")


def _is_subheading(block: str) -> bool:
    return bool(_SUBHEADING.match(block) and len(block) <= _SUBHEADING_MAX
                and "。" not in block and "\n" not in block)


def _other_checklist_names(ctx: ReportContext) -> set[str]:
    """Names of the assessment's checklists that this report leaves out (校园安全, 食品安全 …)."""
    printed = set(ctx.results)
    titles = ctx.labels.mapping("report.checklist_titles")
    names: set[str] = set()
    for checklist_id, _ in ctx.snapshot.checklists:
        if checklist_id in printed:
            continue
        candidates = [str(titles.get(checklist_id) or "")]
        checklist = ctx.catalog.checklists.get(checklist_id)
        if checklist is not None:
            candidates += [checklist.title, checklist.title.split("（")[0]]
        names |= {n for n in candidates if len(n) >= 2}
    return names


def _about_printed_checklists(blocks: list[str], others: set[str]) -> list[str]:
    """The narrative without the sub-sections written about checklists this report leaves out.

    A principal writes one narrative for the whole assessment, usually one sub-section per
    checklist (「（二）校园安全」). A report of 优质均衡 alone must not tell of 校园安全 problems
    under its title, so a sub-section whose heading names only left-out checklists is dropped
    with its paragraphs, up to the next sub-heading.
    """
    if not others:
        return blocks
    kept: list[str] = []
    skipping = False
    for block in blocks:
        if _is_subheading(block):
            skipping = any(name in block for name in others)
        if not skipping:
            kept.append(block)
    return kept


def veto_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    with_vetoes = [r for r in ctx.results.values() if any(i.item.veto for i in r.items)]
    if not with_vetoes:
        return []
    story: list[Flowable] = [outline.heading(1, ctx.text("veto.heading"))]
    for result in with_vetoes:
        if len(ctx.results) > 1:
            story.append(outline.heading(2, ctx.checklist_name(result.checklist.id)))
        story += _veto_table(ctx, result)
    return story


def _veto_table(ctx: ReportContext, result) -> list[Flowable]:
    vetoes = [r for r in result.items if r.item.veto]
    present = [r for r in vetoes if r.status is Status.UNMET]
    open_items = [r for r in vetoes if r.status is Status.UNANSWERED]
    lead = "veto.some" if present else ("veto.open" if open_items else "veto.none")
    s = ctx.styles
    rows: list[list] = [ctx.labels.list("veto.columns")]
    hatched = []
    for n, r in enumerate(vetoes, 1):
        answer = _veto_answer(ctx, r.status)
        if r.status is Status.UNMET:
            hatched.append((2, n))
        note = ctx.note(result.checklist.id, r.item.id) or r.message
        rows.append([center(str(n), s), r.item.title, center(answer, s), note])
    # The statement and its table stay together: 「无下列情形：」 must not end a page.
    return [KeepTogether([ctx.p(ctx.text(lead), "plain")]
                         + grid(rows, VETO_WEIGHTS, s, hatched=hatched)), Spacer(1, 6)]


def _veto_answer(ctx: ReportContext, status: Status) -> str:
    if status is Status.UNMET:
        return f"{ctx.styles.unmet_mark} {ctx.text('veto.yes')}"
    if status is Status.MET:
        return ctx.text("veto.no")
    return status.label
