"""文件 → 学校信息: change the school's profile; the open assessment is re-judged with it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.core.assessment import School
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error
from desktop.ui.setup_wizard import KINDERGARTEN_OWNERSHIP_ITEM, SchoolForm


class SchoolDialog(QDialog):
    """Attributes: form (SchoolForm)."""

    def __init__(self, school: School, parent: QWidget | None = None, kindergarten_kind: str = ""):
        super().__init__(parent)
        self.setWindowTitle("学校信息")
        layout = QVBoxLayout(self)
        self.form = SchoolForm()
        self.form.show_school(school, kindergarten_kind)
        layout.addWidget(self.form)
        note = QLabel("改变学校类型、城乡类别、办学性质或寄宿情况后，适用的条目会随之变化；已填的答案不会删除。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368;")
        layout.addWidget(note)
        self.hint = QLabel("")
        self.hint.setStyleSheet("color: #b00020;")
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Wrapped labels get their height only from a known width (QLabel height-for-width).
        self.setMinimumSize(540, 480)

    def _on_save(self) -> None:
        problem = self.form.problem()
        self.hint.setText(problem)
        if problem:
            (self.form.name if not self.form.name.text().strip() else self.form.code).setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, school: School, parent: QWidget | None = None,
            kindergarten_kind: str = "") -> tuple[School, str] | None:
        """The edited profile (with a 幼儿园's 办园性质 when one is asked), or None (patched in tests)."""
        dialog = cls(school, parent, kindergarten_kind)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.form.school(), dialog.form.kindergarten_kind()


def edit_school(window) -> None:
    """Saves the edited profile and reloads the open assessment (its items may change)."""
    session = window.session
    if session is None:
        return
    window.flush_edits()
    item = KINDERGARTEN_OWNERSHIP_ITEM
    recorded = session.answer(*item) if item[0] in session.checklists else None
    chosen = SchoolDialog.ask(session.snapshot.school, window, str(recorded or ""))
    if chosen is None:
        return
    school, kind = chosen
    if school != session.snapshot.school:
        try:
            window.store.update_school(session.info.school_id, school)
        except DesktopError as exc:
            show_error(window, exc)
            return
        window.reload_assessment()
    # The checklist's 办园性质 item is the same fact: kept in step, never asked twice.
    if kind and item[0] in window.session.checklists and kind != recorded:
        window.set_answer(*item, kind)
