"""The assessment open in the window: its snapshot, checklists and live results, written through the store.

Every write goes to the store first (which commits before returning), then the cached snapshot
and the affected results are refreshed and a signal tells the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.answers import AnswerValue
from desktop.core.assessment import (
    AssessmentSnapshot, Evidence, Narrative, Rectification, SignOff,
)
from desktop.core.catalog import Catalog
from desktop.core.engine import ChecklistResult
from desktop.core.errors import StoreError
from desktop.core.incremental import LiveResult, evaluate_live, refresh
from desktop.core.model import Checklist, Item, SchoolProfile
from desktop.core.resources import IndicatorResult, StageResult
from desktop.core.snapshot_edit import with_answer
from desktop.ui.models.checklist_tree import ChecklistState


@dataclass(frozen=True)
class FailedIndicator:
    """An R1–R7 indicator a 学段 fails; its 整改措施 is kept under the input item (plan_item)."""

    checklist_id: str
    stage: StageResult
    result: IndicatorResult

    @property
    def plan_item(self) -> str:
        # The PDF ledger (report_ledger._indicator_problem) looks the plan up under this id.
        return self.result.indicator.input_for(self.stage.stage)

    @property
    def label(self) -> str:
        ind = self.result.indicator
        return f"{ind.id} {ind.title}（{self.stage.name}）"


def failed_indicators(result: ChecklistResult) -> list[FailedIndicator]:
    return [FailedIndicator(result.checklist.id, stage, r)
            for stage in result.stages.values()
            for r in stage.indicators.values() if r.status == "unmet"]


def fits_school(item: Item, school: SchoolProfile) -> bool:
    """Whether an item can ever apply to this school (type, 学段, boarding, locale, ownership).

    Items that fail are hidden from navigation; items whose applicability depends on other
    answers (a condition) stay visible and show 不适用 when it is false.
    """
    a = item.applies
    return not (
        (a.types and school.type not in a.types)
        or (a.stages and not set(a.stages) & set(school.stages))
        or (a.boarding is not None and a.boarding != school.boarding)
        or (a.locales and school.locale and school.locale not in a.locales)
        or (a.ownerships and school.ownership and school.ownership not in a.ownerships))


class AssessmentSession(QObject):
    """One open assessment.

    Attributes:
        info: the store's AssessmentInfo; snapshot: the AssessmentSnapshot as last read;
        checklists: id → Checklist (overlay applied); results: id → ChecklistResult.
    Signals:
        answers_changed(str): answers of this checklist changed (results recomputed).
        details_changed(str, str): evidence, note, plan or review mark of (checklist, item) changed.
        narrative_changed(): narrative or sign-offs changed.
        saved(str): a write was committed at this time (HH:MM:SS).
    """

    answers_changed = Signal(str)
    details_changed = Signal(str, str)
    narrative_changed = Signal()
    saved = Signal(str)

    def __init__(self, store: Any, catalog: Catalog, assessment_id: int,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.store, self.catalog, self.id = store, catalog, assessment_id
        self.info = store.assessment(assessment_id)
        self.snapshot: AssessmentSnapshot = store.snapshot(assessment_id)
        self.checklists: dict[str, Checklist] = {
            cid: catalog.get(cid, self.snapshot.overlay or None)
            for cid, _version in self.snapshot.checklists if cid in catalog.checklists}
        self.results: dict[str, ChecklistResult] = {}
        self._live: dict[str, LiveResult] = {}  # results with what they read, for _refresh_answer
        for cid in self.checklists:
            self._evaluate(cid)
        self._previous: dict[str, ChecklistResult] | None = None

    # --- reading ---------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self.info.read_only

    @property
    def profile(self) -> SchoolProfile:
        return self.snapshot.school.profile

    @property
    def title(self) -> str:
        return f"{self.snapshot.school.name} · {self.snapshot.period}"

    def answer(self, checklist_id: str, item_id: str) -> AnswerValue | None:
        return self.snapshot.answers.get(checklist_id, {}).get(item_id)

    def note(self, checklist_id: str, item_id: str) -> str:
        return self.snapshot.notes.get(checklist_id, {}).get(item_id, "")

    def is_pending_review(self, checklist_id: str, item_id: str) -> bool:
        return (checklist_id, item_id) in self.snapshot.pending_review

    def evidence(self, checklist_id: str, item_id: str) -> list[Evidence]:
        return self.snapshot.evidence_for(checklist_id, item_id)

    def rectification(self, checklist_id: str, item_id: str) -> Rectification | None:
        return self.snapshot.rectification(checklist_id, item_id)

    def evidence_file(self, sha256: str) -> Path:
        return self.store.evidence_file(sha256)

    def tree_states(self) -> list[ChecklistState]:
        return [self.tree_state(cid) for cid in self.checklists]

    def tree_state(self, checklist_id: str) -> ChecklistState:
        checklist = self.checklists[checklist_id]
        return ChecklistState(
            checklist=checklist,
            result=self.results[checklist_id],
            shown_items=tuple(i.id for i in checklist.items if fits_school(i, self.profile)),
            pending_review=frozenset(i for c, i in self.snapshot.pending_review if c == checklist_id),
            with_evidence=frozenset(e.item for e in self.snapshot.evidence if e.checklist == checklist_id),
            failing_inputs=frozenset(f.plan_item for f in self.failed_indicators(checklist_id)))

    def failed_indicators(self, checklist_id: str, item_id: str | None = None) -> list[FailedIndicator]:
        """The failed R1–R7 indicators of a checklist (those whose plan lives under item_id)."""
        found = failed_indicators(self.results[checklist_id])
        return [f for f in found if item_id is None or f.plan_item == item_id]

    def previous_results(self) -> dict[str, ChecklistResult]:
        """Results of the same school's previous period (for the comparison), {} if none."""
        if self._previous is None:
            self._previous = {}
            earlier = self.previous_assessment()
            if earlier is not None:
                self._previous = self.store.snapshot(earlier.id).evaluate(self.catalog)
        return self._previous

    def previous_assessment(self) -> Any:
        """The same school's assessment created just before this one, or None."""
        mine = self.store.assessments(self.info.school_id)
        if self.info.copied_from is not None:
            source = [a for a in mine if a.id == self.info.copied_from]
            if source:
                return source[0]
        earlier = [a for a in mine if (a.created_at, a.id) < (self.info.created_at, self.info.id)]
        return max(earlier, key=lambda a: (a.created_at, a.id)) if earlier else None

    # --- writing (each write commits in the store before returning) -----------------------
    def set_answer(self, checklist_id: str, item_id: str, value: AnswerValue | None) -> str:
        self._check_writable()
        saved_at = self.store.set_answer(self.id, checklist_id, item_id, value)
        self._refresh_answer(checklist_id, item_id, value)
        self.answers_changed.emit(checklist_id)
        self.saved.emit(saved_at)
        return saved_at

    def set_answers_with_sources(self, entries: list[tuple[str, str, AnswerValue | None, str | None]],
                                 user: str = "") -> None:
        """Several answers with where each came from, in one transaction (a prefill or its undo)."""
        self._check_writable()
        self.store.set_answers_with_sources(self.id, entries, user)
        self._reload()
        for checklist_id in dict.fromkeys(c for c, *_ in entries):
            self._evaluate(checklist_id)
            self.answers_changed.emit(checklist_id)
        self.saved.emit(_clock())

    def confirm_review(self, checklist_id: str, item_id: str) -> None:
        self._write_detail(checklist_id, item_id, self.store.confirm_review,
                           self.id, checklist_id, item_id)

    def set_note(self, checklist_id: str, item_id: str, text: str) -> None:
        self._write_detail(checklist_id, item_id, self.store.set_note,
                           self.id, checklist_id, item_id, text)

    def set_self_score(self, checklist_id: str, item_id: str, score: Fraction | None) -> None:
        self._write_detail(checklist_id, item_id, self.store.set_self_score,
                           self.id, checklist_id, item_id, score)
        self._evaluate(checklist_id)
        self.answers_changed.emit(checklist_id)

    def set_rectification(self, plan: Rectification) -> None:
        self._write_detail(plan.checklist, plan.item, self.store.set_rectification, self.id, plan)

    def delete_rectification(self, checklist_id: str, item_id: str) -> None:
        self._write_detail(checklist_id, item_id, self.store.delete_rectification,
                           self.id, checklist_id, item_id)

    def add_evidence(self, checklist_id: str, item_id: str, path: Path, **options: Any) -> Evidence:
        evidence = self.store.add_evidence(self.id, checklist_id, item_id, path, **options)
        self._after_detail(checklist_id, item_id)
        return evidence

    def remove_evidence(self, checklist_id: str, item_id: str, sha256: str) -> None:
        self._write_detail(checklist_id, item_id, self.store.remove_evidence,
                           self.id, checklist_id, item_id, sha256)

    def update_evidence(self, evidence: Evidence) -> None:
        self._write_detail(evidence.checklist, evidence.item, self.store.update_evidence, self.id, evidence)

    def set_narrative(self, narrative: Narrative) -> None:
        self._check_writable()
        self.store.set_narrative(self.id, narrative)
        self._reload()
        self.narrative_changed.emit()
        self.saved.emit(_clock())

    def set_signoff(self, checklist_id: str, signoff: SignOff) -> None:
        self._check_writable()
        self.store.set_signoff(self.id, checklist_id, signoff)
        self._reload()
        self.narrative_changed.emit()
        self.saved.emit(_clock())

    # --- internals -------------------------------------------------------------------------
    def _write_detail(self, checklist_id: str, item_id: str, write: Any, *args: Any) -> None:
        self._check_writable()
        write(*args)
        self._after_detail(checklist_id, item_id)

    def _after_detail(self, checklist_id: str, item_id: str) -> None:
        self._reload()
        self.details_changed.emit(checklist_id, item_id)
        self.saved.emit(_clock())

    def _check_writable(self) -> None:
        # The store refuses too; checking first gives the user the same sentence without a write.
        if self.read_only:
            raise StoreError(f"「{self.info.period}」的评估已归档，只能查看，不能修改。")

    def _reload(self) -> None:
        self.snapshot = self.store.snapshot(self.id)

    def _evaluate(self, checklist_id: str) -> None:
        s = self.snapshot
        live = evaluate_live(self.checklists[checklist_id], s.school.profile,
                             s.answers.get(checklist_id, {}), s.on_date, s.self_scores.get(checklist_id, {}))
        self._live[checklist_id], self.results[checklist_id] = live, live.result

    def _refresh_answer(self, checklist_id: str, item_id: str, value: AnswerValue | None) -> None:
        """After one committed answer: the snapshot updated in memory with what was written (no
        re-read of the assessment) and only the results that answer can affect judged again."""
        # One small query: a source shows only while the answer holds the value it recorded, so
        # an edit can hide it, and editing back to that value shows it again.
        sources = self.store.answer_sources(self.id)
        self.snapshot = s = with_answer(self.snapshot, checklist_id, item_id, value, sources)
        live = refresh(self._live[checklist_id], s.school.profile, s.answers.get(checklist_id, {}),
                       {item_id}, s.on_date, s.self_scores.get(checklist_id, {}))
        self._live[checklist_id], self.results[checklist_id] = live, live.result


def _clock() -> str:
    import datetime as dt
    return dt.datetime.now().strftime("%H:%M:%S")
