"""Undo/redo of answer changes: each command writes through the store when done, undone or redone."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from desktop.core.answers import AnswerValue, display
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error
from desktop.ui.session import AssessmentSession


class AnswerCommand(QUndoCommand):
    """Sets (checklist, item) from old to new. The first write happens before the push.

    Writing first (outside the stack) lets a refused write (read-only, disk full) be shown to the
    user without leaving a command on the stack that never happened.
    """

    def __init__(self, session: AssessmentSession, checklist_id: str, item_id: str,
                 old: AnswerValue | None, new: AnswerValue | None,
                 on_applied: Callable[[str, str], None] | None = None):
        super().__init__()
        self.session, self.checklist_id, self.item_id = session, checklist_id, item_id
        self.old, self.new = old, new
        self._on_applied = on_applied
        self._first = True
        item = session.checklists[checklist_id].item(item_id)
        shown = display(item, new) or "（清除）"
        self.setText(f"填写「{_short(item.title)}」为 {shown}")

    def redo(self) -> None:
        if self._first:  # already written by the caller before push()
            self._first = False
            return
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def _apply(self, value: AnswerValue | None) -> None:
        # Called by Qt from QUndoStack.undo()/redo(): an exception would not reach the action.
        try:
            self.session.set_answer(self.checklist_id, self.item_id, value)
        except DesktopError as exc:
            show_error(None, exc)
            return
        if self._on_applied is not None:
            self._on_applied(self.checklist_id, self.item_id)


def _short(title: str, limit: int = 16) -> str:
    return title if len(title) <= limit else title[:limit] + "…"
