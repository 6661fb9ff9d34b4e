"""An assessment snapshot with one answer changed, as the store would read it back after the write.

The window keeps the snapshot in memory; after saving one answer it applies the same change here
instead of reading the whole assessment again (tests/ui/test_session_refresh.py checks the two
agree after every kind of edit).
"""

from __future__ import annotations

import dataclasses

from desktop.core.answers import AnswerValue
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.store.records import decode_answer, encode_answer


def with_answer(snapshot: AssessmentSnapshot, checklist_id: str, item_id: str,
                value: AnswerValue | None,
                answer_sources: dict[tuple[str, str], str] | None = None) -> AssessmentSnapshot:
    """The snapshot after store.set_answer(…, value): the value as stored, no longer 待复核.

    answer_sources: the store's current sources when the item had one (a changed value loses
    it); None keeps the snapshot's.
    """
    answers = dict(snapshot.answers)
    per_checklist = dict(answers.get(checklist_id, {}))
    if value is None:
        per_checklist.pop(item_id, None)
    else:
        per_checklist[item_id] = decode_answer(*encode_answer(value))  # exactly what a re-read gives
    answers[checklist_id] = per_checklist
    return dataclasses.replace(
        snapshot, answers=answers, pending_review=snapshot.pending_review - {(checklist_id, item_id)},
        answer_sources=snapshot.answer_sources if answer_sources is None else answer_sources)
