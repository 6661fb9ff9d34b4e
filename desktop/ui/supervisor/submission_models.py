"""Read-only tables of one school's submission: every answer with its verdict, 整改措施, 佐证材料.

Item numbers (A3.2, R4) are the school report's (desktop/exchange/report_codes.py), so the
督学 and the school talk about the same item by the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core.assessment import AssessmentSnapshot, Evidence, Rectification
from desktop.core.catalog import Catalog
from desktop.core.engine import ChecklistResult, Status
from desktop.core.numbers import fmt, fmt_beside
from desktop.exchange.report_codes import Codes
from desktop.exchange.report_labels import load_labels
from desktop.ui.models.evidence_list import size_text
from desktop.ui.supervisor.table_base import (
    AMBER, CENTER, GREEN, GREY, RED, RIGHT, Column, RowsTableModel,
)

STATUS_COLOURS = {"达标": GREEN, "未达标": RED, "未填写": AMBER, "不适用": GREY}
INDICATOR_STATUS = {"met": "达标", "unmet": "未达标", "unanswered": "未填写"}


@dataclass(frozen=True)
class AnswerLine:
    """One item or 资源配置 indicator of the submission as the 督学 reads it."""

    checklist: str  # short title
    code: str
    title: str
    answer: str
    standard: str
    status: str  # 达标 / 未达标 / 未填写 / 不适用 / 已填写
    note: str = ""  # the gap or why it cannot be judged
    pending_review: bool = False


@dataclass(frozen=True)
class Reading:
    """A submission evaluated once: the engine's results and the report's item numbers."""

    snapshot: AssessmentSnapshot
    results: dict[str, ChecklistResult]
    codes: Codes

    @classmethod
    def of(cls, snapshot: AssessmentSnapshot, catalog: Catalog) -> "Reading":
        results = snapshot.evaluate(catalog)
        return cls(snapshot, results, Codes(snapshot, results, load_labels()))

    def item_title(self, checklist: str, item: str) -> str:
        result = self.results.get(checklist)
        if result is not None and result.checklist.has_item(item):
            return result.checklist.item(item).title
        return item


def answer_lines(reading: Reading) -> list[AnswerLine]:
    """Indicators first, then the items, per checklist in the snapshot's order."""
    snapshot, results, codes = reading.snapshot, reading.results, reading.codes
    lines: list[AnswerLine] = []
    for cid, result in results.items():
        lines += _indicator_lines(result)
        title = result.checklist.title
        for r in result.items:
            lines.append(AnswerLine(
                title, codes.item_code(cid, r.id), r.item.title, r.shown,
                r.threshold_text, r.status.label, r.gap_text or r.message,
                (cid, r.id) in snapshot.pending_review))
    return lines


def _indicator_lines(result: ChecklistResult) -> list[AnswerLine]:
    lines = []
    for stage in result.stages.values():
        for r in stage.indicators.values():
            ind = r.indicator
            lines.append(AnswerLine(
                result.checklist.title, ind.id, f"{ind.title}（{stage.name}）",
                fmt_beside(r.value, r.threshold) + (ind.unit if r.value is not None else ""),
                f"≥ {fmt(r.threshold, 4)}{ind.unit}" if r.threshold is not None else "",
                INDICATOR_STATUS.get(r.status, r.status), r.gap_text or "、".join(r.missing)))
    return lines


def _answer_status(line: AnswerLine) -> str:
    return line.status + ("（待复核）" if line.pending_review else "")


class AnswerTableModel(RowsTableModel[AnswerLine]):
    """Every answer with its standard and verdict; 不适用 items can be hidden by the caller."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("检查表", lambda a: a.checklist, width=124),
            Column("编号", lambda a: a.code, width=64),
            Column("条目", lambda a: a.title, tip=lambda a: a.title, width=300),
            Column("填报值", lambda a: a.answer, align=RIGHT, tip=lambda a: a.answer, width=130),
            Column("标准", lambda a: a.standard, width=110),
            Column("结论", _answer_status, align=CENTER, width=90,
                   background=lambda a: AMBER if a.pending_review else STATUS_COLOURS.get(a.status)),
            Column("说明", lambda a: a.note, tip=lambda a: a.note),
        ], parent)


@dataclass(frozen=True)
class PlanLine:
    plan: Rectification
    code: str
    title: str


def plan_lines(reading: Reading) -> list[PlanLine]:
    return [PlanLine(p, reading.codes.item_code(p.checklist, p.item),
                     reading.item_title(p.checklist, p.item))
            for p in reading.snapshot.rectifications]


class PlanTableModel(RowsTableModel[PlanLine]):
    """The school's 整改措施 as it filed them (整改台账)."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("编号", lambda p: p.code, width=64),
            Column("问题", lambda p: p.title, tip=lambda p: p.title, width=240),
            Column("整改措施", lambda p: p.plan.measure, tip=lambda p: p.plan.measure, width=280),
            Column("责任人", lambda p: p.plan.owner, width=80),
            Column("完成时限", lambda p: p.plan.deadline, width=90),
            Column("状态", lambda p: p.plan.status, align=CENTER, width=72),
            Column("完成情况", lambda p: p.plan.progress, tip=lambda p: p.plan.progress),
        ], parent)


@dataclass(frozen=True)
class EvidenceLine:
    evidence: Evidence
    code: str
    title: str


def evidence_lines(reading: Reading) -> list[EvidenceLine]:
    return [EvidenceLine(e, reading.codes.item_code(e.checklist, e.item),
                         reading.item_title(e.checklist, e.item))
            for e in reading.snapshot.evidence]


class EvidenceTableModel(RowsTableModel[EvidenceLine]):
    """The 佐证材料 the package carries, with the item each belongs to."""

    def __init__(self, parent: Any = None):
        super().__init__([
            Column("编号", lambda e: e.evidence.code or e.code, width=70),
            Column("条目", lambda e: e.title, tip=lambda e: e.title, width=260),
            Column("文件名", lambda e: e.evidence.name, tip=lambda e: e.evidence.name, width=220),
            Column("大小", lambda e: size_text(e.evidence.size), align=RIGHT,
                   sort=lambda e: e.evidence.size, width=80),
            Column("归档", lambda e: e.evidence.archive, align=CENTER, width=80),
            Column("说明", lambda e: e.evidence.caption, tip=lambda e: e.evidence.caption),
        ], parent)


def is_shown(line: AnswerLine, unmet_only: bool, hide_not_applicable: bool) -> bool:
    if unmet_only:
        return line.status in (Status.UNMET.label, Status.UNANSWERED.label) or line.pending_review
    return not (hide_not_applicable and line.status == Status.NOT_APPLICABLE.label)
