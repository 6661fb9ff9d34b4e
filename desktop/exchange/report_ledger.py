"""整改台账: one row per unmet item and per unmet 资源配置 indicator, with the school's plan.

Columns follow the 陕西 问题整改情况台账 pattern (REPORT-FORMAT.md §5.4). Resource indicators are
listed too: their input items only record numbers, so an unmet R4 would otherwise never appear.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_failures import all_failures
from desktop.exchange.report_outline import Outline, chinese_date
from desktop.exchange.report_page import turned_pages
from desktop.exchange.report_styles import wide_width
from desktop.exchange.report_tables import center, grid

LEDGER_WEIGHTS = (5, 11, 26, 36, 38, 12, 16, 20, 9)


def ledger_flowables(ctx: ReportContext, outline: Outline) -> list[Flowable]:
    """The ledger on landscape pages: nine columns on a portrait page broke 「整改/中」."""
    story: list[Flowable] = [outline.heading(1, ctx.text("ledger.heading"))]
    problems = all_failures(ctx)
    if not problems:
        return turned_pages(story + [ctx.p(ctx.text("ledger.none"), "body")])
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
                     plan.measure, plan.owner or blank,
                     center(chinese_date(plan.deadline), s) if plan.deadline else blank,
                     plan.progress or blank, plan.status])
    table = grid(rows, LEDGER_WEIGHTS, s, small=True, width=wide_width(s))
    return turned_pages(story + [ctx.p(ctx.text("ledger.intro"), "body")] + table)
