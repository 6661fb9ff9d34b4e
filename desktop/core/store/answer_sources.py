"""Where an answer came from (「2020/2021学年初 基层表 基础基311 在园人数 合计」), written with it.

A source is kept with the answer text it was recorded for: once the user types another value the
source no longer holds, and answer_sources() stops reporting it without any hook in set_answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.answers import AnswerValue
from desktop.core.store import snapshots
from desktop.core.store.base import ITEM_KEY, StoreBase
from desktop.core.store.records import encode_answer, now

PrefillEntry = tuple[str, str, AnswerValue | None, str | None]  # checklist, item, value, source


class AnswerSources(StoreBase):
    """The AnswerStore methods that write answers together with their source."""

    def set_answers_with_sources(self, assessment_id: int, entries: Iterable[PrefillEntry],
                                 user: str = "") -> int:
        """Writes every (checklist, item, value, source) in one transaction: all or nothing.

        value None clears the answer; source None removes the recorded source (used by undo to
        put back what was there). Returns the number of entries written.
        """
        written = 0
        with self._transaction() as db:  # set_answer's own transactions nest as savepoints
            for checklist_id, item_id, value, source in entries:
                self.set_answer(assessment_id, checklist_id, item_id, value, user)
                key = [assessment_id, checklist_id, item_id]
                db.execute(f"DELETE FROM answer_sources WHERE {ITEM_KEY}", key)
                if source is not None and value is not None:
                    db["answer_sources"].insert({
                        "assessment_id": assessment_id, "checklist_id": checklist_id,
                        "item_id": item_id, "source": source, "value": encode_answer(value)[1],
                        "recorded_at": now()})
                written += 1
        return written

    def answer_sources(self, assessment_id: int) -> dict[tuple[str, str], str]:
        """(checklist, item) → source, for the answers still holding the value recorded."""
        return snapshots.read_answer_sources(self.db, assessment_id)
