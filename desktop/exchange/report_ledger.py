"""整改台账: one row per unmet item and per unmet 资源配置 indicator, with the school's plan.

Columns follow the 陕西 问题整改情况台账 pattern (REPORT-FORMAT.md §5.4). Resource indicators are
listed too: their input items only record numbers, so an unmet R4 would otherwise never appear.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak

from desktop.core.assessment import Rectification
from desktop.core.engine import ChecklistResult, Status
from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import IndicatorResult, StageResult
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_outline import Outline
from desktop.exchange.report_tables import center, grid

LEDGER_WEIGHTS = (6, 9, 24, 32, 32, 10, 16, 15, 9)


@dataclass(frozen=True)
class Problem:
    where: str  # 对应指标
    problem: str
    plan: Rectification | None


def ledger_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), outline.heading(1, ctx.text("ledger.heading"))]
    problems = [p for result in ctx.results.values() for p in problems_of(ctx, result)]
    if not problems:
        return story + [ctx.p(ctx.text("ledger.none"), "body")]
    s = ctx.styles
    blank = ctx.text("marks.missing")
    rows: list[list] = [ctx.labels.list("ledger.columns")]
    for n, p in enumerate(problems, 1):
        plan = p.plan
        if plan is None or not plan.measure.strip():
            rows.append([center(str(n), s), ctx.text("ledger.source"), p.where, p.problem,
                         ctx.text("ledger.no_plan"), "", "", "", ctx.text("ledger.no_plan_status")])
            continue
        rows.append([center(str(n), s), ctx.text("ledger.source"), p.where, p.problem,
                     plan.measure, plan.owner or blank, plan.deadline or blank,
                     plan.progress or blank, plan.status])
    return story + [ctx.p(ctx.text("ledger.intro"), "body")] + grid(rows, LEDGER_WEIGHTS, s, small=True)


def problems_of(ctx: ReportContext, result: ChecklistResult) -> list[Problem]:
    checklist_id = result.checklist.id
    problems = [_indicator_problem(ctx, checklist_id, stage, r)
                for stage in result.stages.values()
                for r in stage.indicators.values() if r.status == "unmet"]
    for r in result.items:
        if r.status is not Status.UNMET:
            continue
        code = ctx.codes.item_code(checklist_id, r.id)
        text = ctx.text("ledger.item_problem", answer=r.shown,
                        standard=r.threshold_text)
        if r.gap_text:
            text += f"；{r.gap_text}"
        problems.append(Problem(f"{ctx.checklist(checklist_id).title} {code} {r.item.title}",
                                text, ctx.snapshot.rectification(checklist_id, r.id)))
    return problems


def _indicator_problem(ctx: ReportContext, checklist_id: str, stage: StageResult,
                       r: IndicatorResult) -> Problem:
    ind = r.indicator
    text = ctx.text("ledger.indicator_problem", value=fmt_beside(r.value, r.threshold),
                    standard=fmt(r.threshold, 4), unit=ind.unit,
                    share=r.share_text)
    text += f"；{r.gap_text}"
    plan = (ctx.snapshot.rectification(checklist_id, ind.input_for(stage.stage))
            or ctx.snapshot.rectification(checklist_id, ind.id))
    where = f"{ctx.checklist(checklist_id).title} {ind.id} {ind.title}（{ctx.stage_name(stage.stage)}）"
    return Problem(where, text, plan)
