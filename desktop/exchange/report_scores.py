"""The score table of scored checklists (usually from a local overlay): 分值, 自评得分, 扣分说明,
subtotals per section and part, the grade, and an empty 复评 column for the 督导组 (REPORT-FORMAT.md §6).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import groupby

from reportlab.platypus import Flowable, Spacer

from desktop.core.engine import ChecklistResult, ItemResult, Status
from desktop.core.numbers import fmt
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_tables import center, grid, right

SCORE_WEIGHTS = (12, 62, 12, 14, 44, 14)
_SKIPPED = (Status.NOT_APPLICABLE, Status.RECORDED)


def score_flowables(ctx: ReportContext, result: ChecklistResult) -> list[Flowable]:
    rows: list[list] = [ctx.labels.list("summary.scores_columns")]
    hatched: list[tuple[int, int]] = []
    extra: list[tuple] = []
    checklist = result.checklist
    sections = [s for s in checklist.sections if _scored(result, s.id)]
    for part, group in groupby(sections, key=lambda s: s.part):
        group = list(group)
        part_results: list[ItemResult] = []
        for section in group:
            section_results = _scored(result, section.id)
            part_results += section_results
            for r in section_results:
                if r.status is Status.UNMET:
                    hatched.append((3, len(rows)))
                rows.append(_item_row(ctx, checklist.id, r))
            rows.append(_total_row(ctx, "summary.subtotal", section.title, section_results,
                                   extra, len(rows)))
        if part and len(group) > 1:
            rows.append(_total_row(ctx, "summary.part_total", part, part_results, extra, len(rows)))
    counted = [r for r in result.items if r.item.score is not None and r.status not in _SKIPPED]
    rows.append(_total_row(ctx, "summary.total", "", counted, extra, len(rows), result.grade))
    return (grid(rows, SCORE_WEIGHTS, ctx.styles, hatched=hatched, extra=extra)
            + [Spacer(1, 4), ctx.p(_grade_line(ctx, result), "body")])


def _scored(result: ChecklistResult, section_id: str) -> list[ItemResult]:
    return [r for r in result.items if r.item.section == section_id and r.item.score is not None]


def _item_row(ctx: ReportContext, checklist_id: str, r: ItemResult) -> list:
    s = ctx.styles
    key = ctx.text("items.key_mark") + " " if r.item.key else ""
    if r.status in _SKIPPED:
        return [center(ctx.codes.item_code(checklist_id, r.id), s), key + r.item.title,
                right(f"（{fmt(r.item.score)}）", s), center(r.status.label, s), "", ""]
    return [center(ctx.codes.item_code(checklist_id, r.id), s), key + r.item.title,
            right(fmt(r.item.score), s), right(_score_text(ctx, r.self_score), s),
            _deduction(ctx, checklist_id, r), ""]


def _deduction(ctx: ReportContext, checklist_id: str, r: ItemResult) -> str:
    if r.status is Status.UNANSWERED:
        return Status.UNANSWERED.label
    if r.self_score is None or r.self_score >= r.item.score:
        return ""
    reason = ctx.note(checklist_id, r.id) or r.gap_text or r.status.label
    return ctx.text("summary.deduction", points=fmt(r.item.score - r.self_score), reason=reason)


def _total_row(ctx: ReportContext, key: str, title: str, results: list[ItemResult],
               extra: list[tuple], row: int, grade: str = "") -> list:
    s = ctx.styles
    counted = [r for r in results if r.status not in _SKIPPED]
    maximum = sum((r.item.score for r in counted), Fraction(0))
    scores = [r.self_score for r in counted]
    total = None if None in scores else sum(scores, Fraction(0))
    extra += [("SPAN", (0, row), (1, row)), ("LINEABOVE", (0, row), (-1, row), 1.0, "black")]
    return [ctx.text(key, title=title), "", right(fmt(maximum), s),
            right(_score_text(ctx, total), s), center(grade, s), ""]


def _score_text(ctx: ReportContext, score: Fraction | None) -> str:
    return ctx.text("marks.missing") if score is None else fmt(score)


def _grade_line(ctx: ReportContext, result: ChecklistResult) -> str:
    if result.self_score is None or not result.max_score:
        return ctx.text("summary.grade_none")
    percent = fmt(result.self_score / result.max_score * 100, 1) + "%"
    return ctx.text("summary.grade_line", score=fmt(result.self_score), max=fmt(result.max_score),
                    percent=percent, grade=result.grade or ctx.text("marks.missing"))
