"""What failed in a checklist: the one list the summary, its counts and the 整改台账 all print.

An inspector reads 「未达标 n」 in 六、自评结果汇总, the names listed under it and the rows of the
整改台账 side by side; they must agree. Failed 资源配置 indicators (R1–R7 per 学段) are failures
too, although their input items only record numbers and are never 「未达标」 themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from desktop.core.assessment import Rectification
from desktop.core.engine import ChecklistResult, Status
from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import IndicatorResult, StageResult
from desktop.exchange import report_numbers as numbers
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_numbers import answer_text


@dataclass(frozen=True)
class Failure:
    """One failed item or indicator, with everything the summary and the ledger print."""

    checklist_id: str
    code: str  # 2.17, A3.1 or R7
    title: str  # the item's title, or the indicator's with its 学段
    where: str  # 对应指标 in the ledger: checklist, code and title
    problem: str  # the school's value against the standard
    plan: Rectification | None
    veto: bool = False
    indicator: bool = False

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}"


def failures(ctx: ReportContext, result: ChecklistResult) -> list[Failure]:
    """Failed items (in checklist order, vetoes included), then failed indicators per 学段."""
    checklist_id = result.checklist.id
    found = [_item_failure(ctx, checklist_id, r) for r in result.items if r.status is Status.UNMET]
    found += [_indicator_failure(ctx, checklist_id, stage, r)
              for stage in result.stages.values()
              for r in stage.indicators.values() if r.status == "unmet"]
    return found


def all_failures(ctx: ReportContext) -> list[Failure]:
    return [f for result in ctx.results.values() for f in failures(ctx, result)]


def _item_failure(ctx: ReportContext, checklist_id: str, r) -> Failure:
    code = ctx.codes.item_code(checklist_id, r.id)
    text = ctx.text("ledger.item_problem", answer=answer_text(r.item, r.value, r.shown),
                    standard=numbers.standard_text(r.item, ctx.standard_text(checklist_id, r)))
    if r.gap_text:
        text += f"；{r.gap_text}"
    return Failure(checklist_id, code, r.item.title,
                   f"{ctx.checklist_name(checklist_id)} {code} {r.item.title}", text,
                   ctx.snapshot.rectification(checklist_id, r.id), veto=r.item.veto)


def _indicator_failure(ctx: ReportContext, checklist_id: str, stage: StageResult,
                       r: IndicatorResult) -> Failure:
    ind = r.indicator
    share = r.share_of_standard
    text = ctx.text("ledger.indicator_problem", value=fmt_beside(r.value, r.threshold),
                    standard=fmt(r.threshold, 4), unit=ind.unit,
                    share=r.share_text)
    if r.gap_text:
        text += f"；{r.gap_text}"
    # Plans are keyed by the per-stage input item (the journey's 整改 for an indicator), or by
    # the indicator id in older data.
    plan = (ctx.snapshot.rectification(checklist_id, ind.input_for(stage.stage))
            or ctx.snapshot.rectification(checklist_id, ind.id))
    stage_name = ctx.stage_name(stage.stage)
    title = f"{ind.title}（{stage_name}）"
    return Failure(checklist_id, ind.id, title,
                   f"{ctx.checklist_name(checklist_id)} {ind.id} {title}", text, plan,
                   indicator=True)
