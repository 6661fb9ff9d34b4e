"""Per-item data of an assessment: answers (with their audit log), scores, notes, 整改 plans,
and the per-assessment narrative and sign-offs."""

from __future__ import annotations

from fractions import Fraction

from desktop.core.answers import AnswerValue
from desktop.core.assessment import (
    RECTIFICATION_STATES, AssessmentSnapshot, Narrative, Rectification, SignOff,
)
from desktop.core.errors import StoreError
from desktop.core.store import snapshots
from desktop.core.store.base import ITEM_KEY, StoreBase, check_date
from desktop.core.store.records import AuditEntry, audit_from_row, decode_answer, encode_answer, now


class ItemData(StoreBase):
    """The AnswerStore methods that read and write what is recorded per item."""

    # --- many changes at once ---------------------------------------------------------------------

    def apply_changes(self, assessment_id: int, before: AssessmentSnapshot,
                      after: AssessmentSnapshot, user: str = "") -> int:
        """Writes what differs between two snapshots of this assessment (answers, notes, 整改
        plans) in one transaction: all or nothing, the id kept, every answer change audited.

        Used by imports that edit an assessment in place (an Excel workbook filled offline).
        Returns the number of records written.
        """
        written = 0
        with self._transaction():  # the calls below nest as savepoints inside it
            for checklist_id in sorted(set(before.answers) | set(after.answers)):
                old, new = before.answers.get(checklist_id, {}), after.answers.get(checklist_id, {})
                for item_id in sorted(set(old) | set(new)):
                    if old.get(item_id) != new.get(item_id):
                        self.set_answer(assessment_id, checklist_id, item_id, new.get(item_id), user)
                        written += 1
            for checklist_id in sorted(set(before.notes) | set(after.notes)):
                old, new = before.notes.get(checklist_id, {}), after.notes.get(checklist_id, {})
                for item_id in sorted(set(old) | set(new)):
                    if old.get(item_id) != new.get(item_id):
                        self.set_note(assessment_id, checklist_id, item_id, new.get(item_id, ""))
                        written += 1
            old_plans = {(r.checklist, r.item): r for r in before.rectifications}
            for plan in after.rectifications:
                if old_plans.get((plan.checklist, plan.item)) != plan:
                    self.set_rectification(assessment_id, plan)
                    written += 1
        return written

    # --- answers ---------------------------------------------------------------------------------

    def set_answer(self, assessment_id: int, checklist_id: str, item_id: str,
                   value: AnswerValue | None, user: str = "") -> str:
        """Saves one answer (None clears it) in its own committed transaction; returns "HH:MM:SS".

        The value must already be checked by desktop.core.answers.parse_answer. Entering an answer
        also confirms it when it was carried over (待复核).
        """
        at = now()
        with self._transaction() as db:
            version = self._editable(assessment_id, checklist_id)
            key = [assessment_id, checklist_id, item_id]
            old = db.execute(f"SELECT kind, value, pending_review FROM answers WHERE {ITEM_KEY}", key).fetchone()
            if value is None:
                if old is not None:
                    db.execute(f"DELETE FROM answers WHERE {ITEM_KEY}", key)
                    self._audit(assessment_id, checklist_id, item_id, "answer", old[1], None, user, at)
                return at[11:19]
            kind, text = encode_answer(value)
            if old is not None and (old[0], old[1], old[2]) == (kind, text, 0):
                return at[11:19]
            db["answers"].upsert({"assessment_id": assessment_id, "checklist_id": checklist_id,
                                  "item_id": item_id, "kind": kind, "value": text, "version": version,
                                  "updated_at": at, "pending_review": 0},
                                 pk=("assessment_id", "checklist_id", "item_id"))
            same = old is not None and old[1] == text
            self._audit(assessment_id, checklist_id, item_id, "review" if same else "answer",
                        old[1] if old else None, text, user, at)
        return at[11:19]

    def answers(self, assessment_id: int, checklist_id: str) -> dict[str, AnswerValue]:
        rows = self.db.execute("SELECT item_id, kind, value FROM answers WHERE assessment_id = ? "
                               "AND checklist_id = ?", [assessment_id, checklist_id])
        return {item: decode_answer(kind, text) for item, kind, text in rows}

    def pending_review(self, assessment_id: int) -> frozenset[tuple[str, str]]:
        """(checklist, item) of the answers carried over and not yet confirmed (待复核)."""
        rows = self.db.execute("SELECT checklist_id, item_id FROM answers WHERE assessment_id = ? "
                               "AND pending_review = 1", [assessment_id])
        return frozenset((c, i) for c, i in rows)

    def confirm_review(self, assessment_id: int, checklist_id: str, item_id: str, user: str = "") -> None:
        """The carried-over answer is still right: it is no longer 待复核."""
        with self._transaction() as db:
            version = self._editable(assessment_id, checklist_id)
            key = [assessment_id, checklist_id, item_id]
            row = db.execute(f"SELECT value FROM answers WHERE {ITEM_KEY} AND pending_review = 1", key).fetchone()
            if row is None:
                return
            at = now()
            db.execute(f"UPDATE answers SET pending_review = 0, version = ?, updated_at = ? WHERE {ITEM_KEY}",
                       [version, at, *key])
            self._audit(assessment_id, checklist_id, item_id, "review", row[0], row[0], user, at)

    def _audit(self, assessment_id: int, checklist_id: str, item_id: str, kind: str,
               old: str | None, new: str | None, user: str, at: str) -> None:
        self.db["audit"].insert({"assessment_id": assessment_id, "checklist_id": checklist_id,
                                 "item_id": item_id, "kind": kind, "old": old, "new": new,
                                 "user": user, "at": at})

    def audit_log(self, assessment_id: int) -> list[AuditEntry]:
        """Every answer change of the assessment, oldest first."""
        return [audit_from_row(row) for row in self.db["audit"].rows_where(
            "assessment_id = ?", [assessment_id], order_by="id")]


    # --- scores, notes, plans, narrative, sign-offs --------------------------------------------

    def set_self_score(self, assessment_id: int, checklist_id: str, item_id: str,
                       score: Fraction | None) -> None:
        self._set_item_text(assessment_id, checklist_id, item_id, "self_scores", "score",
                            None if score is None else str(Fraction(score)))

    def self_scores(self, assessment_id: int, checklist_id: str) -> dict[str, Fraction]:
        rows = self.db.execute("SELECT item_id, score FROM self_scores WHERE assessment_id = ? "
                               "AND checklist_id = ?", [assessment_id, checklist_id])
        return {item: Fraction(score) for item, score in rows}

    def set_note(self, assessment_id: int, checklist_id: str, item_id: str, text: str) -> None:
        """The note on an item (说明); empty text removes it."""
        self._set_item_text(assessment_id, checklist_id, item_id, "notes", "text",
                            text.strip() or None, {"updated_at": now()})

    def notes(self, assessment_id: int, checklist_id: str) -> dict[str, str]:
        rows = self.db.execute("SELECT item_id, text FROM notes WHERE assessment_id = ? "
                               "AND checklist_id = ?", [assessment_id, checklist_id])
        return dict(rows.fetchall())

    def _set_item_text(self, assessment_id: int, checklist_id: str, item_id: str, table: str,
                       column: str, value: str | None, extra: dict | None = None) -> None:
        with self._transaction() as db:
            self._editable(assessment_id, checklist_id)
            key = [assessment_id, checklist_id, item_id]
            if value is None:
                db.execute(f"DELETE FROM {table} WHERE {ITEM_KEY}", key)
                return
            db[table].upsert({"assessment_id": assessment_id, "checklist_id": checklist_id,
                              "item_id": item_id, column: value, **(extra or {})},
                             pk=("assessment_id", "checklist_id", "item_id"))

    def set_rectification(self, assessment_id: int, plan: Rectification) -> None:
        """Adds or replaces the 整改 plan of one item."""
        if plan.status not in RECTIFICATION_STATES:
            raise StoreError(f"整改状态应为 {'、'.join(RECTIFICATION_STATES)} 之一，现为「{plan.status}」")
        check_date(plan.deadline, "完成时限")
        with self._transaction() as db:
            self._editable(assessment_id, plan.checklist)
            db["rectifications"].upsert(snapshots.rectification_row(assessment_id, plan, now()),
                                        pk=("assessment_id", "checklist_id", "item_id"))

    def delete_rectification(self, assessment_id: int, checklist_id: str, item_id: str) -> None:
        with self._transaction() as db:
            self._editable(assessment_id, checklist_id)
            db.execute(f"DELETE FROM rectifications WHERE {ITEM_KEY}", [assessment_id, checklist_id, item_id])

    def rectifications(self, assessment_id: int) -> list[Rectification]:
        return snapshots.read_rectifications(self.db, assessment_id)

    def set_narrative(self, assessment_id: int, narrative: Narrative) -> None:
        with self._transaction() as db:
            self._editable(assessment_id)
            db["assessments"].update(assessment_id, vars(narrative))

    def narrative(self, assessment_id: int) -> Narrative:
        return snapshots.read_narrative(self.db, assessment_id)

    def set_signoff(self, assessment_id: int, checklist_id: str, signoff: SignOff) -> None:
        check_date(signoff.filled_on, "填表日期")
        with self._transaction() as db:
            self._editable(assessment_id, checklist_id)
            db["assessment_checklists"].update((assessment_id, checklist_id), vars(signoff))

    def signoffs(self, assessment_id: int) -> dict[str, SignOff]:
        """Sign-offs of the checklists that have one (blank ones are left out)."""
        return snapshots.read_signoffs(self.db, assessment_id)
