"""文件 → 学校信息: change the school's profile; the open assessment is re-judged with it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.core.assessment import School
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error
from desktop.ui.setup_wizard import SchoolForm


class SchoolDialog(QDialog):
    """Attributes: form (SchoolForm)."""

    def __init__(self, school: School, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("学校信息")
        layout = QVBoxLayout(self)
        self.form = SchoolForm(school)
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
    def ask(cls, school: School, parent: QWidget | None = None) -> School | None:
        """The edited profile, or None (patched in tests)."""
        dialog = cls(school, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.form.school()


def edit_school(window) -> None:
    """Saves the edited profile and reloads the open assessment (its items may change)."""
    session = window.session
    if session is None:
        return
    window.flush_edits()
    school = SchoolDialog.ask(session.snapshot.school, window)
    if school is None or school == session.snapshot.school:
        return
    try:
        window.store.update_school(session.info.school_id, school)
    except DesktopError as exc:
        show_error(window, exc)
        return
    window.reload_assessment()
