"""The results summary: verdict and counts per checklist, and the seven 资源配置 indicators per 学段.

Standard and actual values stand side by side (REPORT-FORMAT.md §1.3); a failing value's cell is
hatched and marked, and the line under each 学段 gives n/7 and the rule's reason.
"""

from __future__ import annotations


from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.core.engine import MET, UNMET, ChecklistResult, Status
from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import IndicatorResult, StageResult
from desktop.exchange.report_chart import share_chart
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_failures import failures
from desktop.exchange.report_numbers import MONEY_UNITS, Num, grouped
from desktop.exchange.report_outline import Outline
from desktop.exchange.report_scores import score_flowables
from desktop.exchange.report_tables import center, grid, mark, right

OVERVIEW_WEIGHTS = (46, 14, 16, 11, 12, 12, 12, 12)
RESOURCE_WEIGHTS = (11, 7, 34, 17, 19, 17, 17, 13, 30)


def summary_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    story: list[Flowable] = [outline.heading(1, ctx.text("summary.heading")), *_overview(ctx)]
    for checklist_id, result in ctx.results.items():
        story.append(outline.heading(2, ctx.checklist_name(checklist_id)))
        story += _checklist_summary(ctx, outline, result)
    return story


def _overview(ctx: ReportContext) -> list[Flowable]:
    s = ctx.styles
    rows: list[list] = [ctx.labels.list("summary.overview_columns")]
    hatched = []
    for row, (checklist_id, result) in enumerate(ctx.results.items(), 1):
        c = result.checklist
        counts = result.counts
        if result.verdict == UNMET:
            hatched.append((2, row))
        # 未达标 counts failed indicators too: the same list as the ledger's rows.
        failed = len(failures(ctx, result))
        rows.append([c.full_title, center(c.version, s), center(_verdict(ctx, result), s),
                     right(str(counts[Status.MET.value]), s), right(str(failed), s),
                     *(right(str(counts[k.value]), s) for k in
                       (Status.UNANSWERED, Status.NOT_APPLICABLE, Status.RECORDED))])
    return grid(rows, OVERVIEW_WEIGHTS, s, hatched=hatched)


def _verdict(ctx: ReportContext, result: ChecklistResult) -> str:
    if result.verdict == UNMET:
        return f"{ctx.styles.unmet_mark} {result.verdict}"
    if result.verdict == MET:
        return f"{ctx.styles.met_mark} {result.verdict}"
    return result.verdict


def _checklist_summary(ctx: ReportContext, outline: Outline,
                       result: ChecklistResult) -> list[Flowable]:
    counts = result.counts
    failed = failures(ctx, result)
    indicators = [f for f in failed if f.indicator]
    story: list[Flowable] = [ctx.p(ctx.text(
        "summary.verdict_line", verdict=result.verdict, total=len(result.items),
        met=counts["met"], unmet=counts["unmet"], unanswered=counts["unanswered"],
        na=counts["not_applicable"], recorded=counts["recorded"]), "body")]
    if indicators:
        story.append(ctx.p(ctx.text("summary.indicators_line", count=len(indicators),
                                    total=len(failed)), "body"))
    vetoes = [f for f in failed if f.veto]
    if vetoes:
        names = "、".join(f.title for f in vetoes)
        story.append(ctx.p(ctx.text("summary.vetoes_line", items=names), "body"))
    others = [f for f in failed if not f.veto]
    if others:
        names = "；".join(f.label for f in others)
        story.append(ctx.p(ctx.text("summary.unmet_line", count=len(others), items=names), "body"))
    if result.stages:
        story.append(outline.heading(3, ctx.text("summary.resources_heading")))
        story += resource_flowables(ctx, result)
    if result.max_score is not None:
        story.append(outline.heading(3, ctx.text("summary.scores_heading")))
        story += score_flowables(ctx, result)
    return story


def resource_flowables(ctx: ReportContext, result: ChecklistResult) -> list[Flowable]:
    """Per 学段: the indicator table, the n/7 line with the rule's reason, and the chart."""
    rule = result.checklist.resources
    assert rule is not None
    percent = fmt(rule.floor * 100)
    columns = [c.format(percent=percent) for c in ctx.labels.list("summary.resources_columns")]
    story: list[Flowable] = []
    for stage in result.stages.values():
        hatched: list[tuple[int, int]] = []
        rows = [columns] + _stage_rows(ctx, stage, 1, hatched)
        span = [("SPAN", (0, 1), (0, len(rows) - 1))]
        story += grid(rows, RESOURCE_WEIGHTS, ctx.styles, hatched=hatched, extra=span,
                      decimal_columns=(3, 4, 5))
        story += [Spacer(1, 3)] + _stage_lines(ctx, stage, percent)
    return story


def _stage_rows(ctx: ReportContext, stage: StageResult, first: int,
                hatched: list[tuple[int, int]]) -> list[list]:
    s = ctx.styles
    name = center(ctx.stage_name(stage.stage), s)
    if not stage.indicators:  # no students at this 学段: not judged
        return [[name, "", stage.reason, "", "", "", center(stage.verdict, s), "", ""]]
    rows = []
    for offset, r in enumerate(stage.indicators.values()):
        if r.status == "unmet":
            hatched += [(4, first + offset), (6, first + offset)]
        money = r.indicator.unit in MONEY_UNITS
        shown = (lambda text: Num(grouped(text) if money else text))
        rows.append([name if offset == 0 else "", center(r.indicator.id, s),
                     f"{r.indicator.title}（{r.indicator.unit}）", shown(fmt(r.threshold, 4)),
                     shown(_value(ctx, r)), shown(fmt(r.floor, 4)),
                     center(_indicator_mark(ctx, r, stage), s), right(_share(r), s),
                     r.gap_text or ctx.text("marks.missing")])
    return rows


def _value(ctx: ReportContext, r: IndicatorResult) -> str:
    if r.value is None:
        return ctx.text("summary.missing")
    return fmt_beside(r.value, r.threshold)


def _share(r: IndicatorResult) -> str:
    return r.share_text + "%" if r.share_text else ""


def _indicator_mark(ctx: ReportContext, r: IndicatorResult, stage: StageResult) -> str:
    text = mark(r.met, ctx.styles, Status.MET.label, Status.UNMET.label, ctx.text("summary.missing"))
    if r.status == "unmet" and r.above_floor is not None:
        key = "summary.above_floor" if r.above_floor else "summary.below_floor"
        text += ctx.text(key, percent=fmt(stage.floor_ratio * 100))
    return text


def _stage_lines(ctx: ReportContext, stage: StageResult, percent: str) -> list[Flowable]:
    name = ctx.stage_name(stage.stage)
    story: list[Flowable] = [ctx.p(ctx.text(
        "summary.stage_line", stage=name, met=stage.met_count, total=stage.total,
        reason=stage.reason, verdict=stage.verdict), "body")]
    if stage.share is not None and stage.share != 1 and stage.indicators:
        story.append(ctx.p(ctx.text("summary.stage_share_line", stage=name,
                                    share=fmt(stage.share * 100, 2) + "%"), "body"))
    if stage.indicators:
        chart = share_chart(stage, ctx.styles, ctx.text("summary.missing"))
        title = ctx.p(ctx.text("summary.chart_title", stage=name, percent=percent), "caption")
        story.append(KeepTogether([title, Spacer(1, 3), chart, Spacer(1, 8)]))
    return story
