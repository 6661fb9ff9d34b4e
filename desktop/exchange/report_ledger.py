"""整改台账: one row per unmet item and per unmet 资源配置 indicator, with the school's plan.

Columns follow the 陕西 问题整改情况台账 pattern (REPORT-FORMAT.md §5.4). Resource indicators are
listed too: their input items only record numbers, so an unmet R4 would otherwise never appear.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_failures import all_failures
from desktop.exchange.report_outline import Outline
from desktop.exchange.report_tables import center, grid

LEDGER_WEIGHTS = (6, 9, 24, 32, 32, 10, 16, 15, 9)


def ledger_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), outline.heading(1, ctx.text("ledger.heading"))]
    problems = all_failures(ctx)
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
