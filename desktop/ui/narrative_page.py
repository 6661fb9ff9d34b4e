"""The 自评报告正文 page: the four parts of the narrative and each checklist's 填表人/检查人 (SignOff)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QDateEdit, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from desktop.core.assessment import Narrative, SignOff
from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error
from desktop.ui.narrative_facts import school_facts
from desktop.ui.session import AssessmentSession

SAVE_DELAY_MS = 800
PARTS = (("overview", "一、学校概况"), ("achievements", "二、主要工作和成绩"),
         ("problems", "三、存在问题"), ("plans", "四、下一步打算"))
HINTS = {"overview": "学校规模、办学条件、师资队伍等基本情况",
         "achievements": "对照评估指标，写明主要做法和取得的成绩",
         "problems": "如实写明未达标的指标和薄弱环节",
         "plans": "针对存在的问题，写明整改措施、责任人和时限"}


class SignOffBox(QGroupBox):
    """填表人, 联系电话, 填表日期, 检查人, 职务 of one checklist."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        form = QFormLayout(self)
        self.filled_by, self.phone = QLineEdit(), QLineEdit()
        self.filled_on = QDateEdit()
        self.filled_on.setCalendarPopup(True)
        self.filled_on.setDisplayFormat("yyyy-MM-dd")
        self.checked_by, self.checker_title = QLineEdit(), QLineEdit()
        for label, widget in (("填表人", self.filled_by), ("联系电话", self.phone),
                              ("填表日期", self.filled_on), ("检查人", self.checked_by),
                              ("职务", self.checker_title)):
            form.addRow(label + "：", widget)

    def show_signoff(self, s: SignOff) -> None:
        for widget, text in ((self.filled_by, s.filled_by), (self.phone, s.phone),
                             (self.checked_by, s.checked_by), (self.checker_title, s.checker_title)):
            widget.setText(text)
        date = QDate.fromString(s.filled_on, "yyyy-MM-dd") if s.filled_on else QDate.currentDate()
        self.filled_on.setDate(date if date.isValid() else QDate.currentDate())

    def signoff(self) -> SignOff:
        return SignOff(self.filled_by.text().strip(), self.phone.text().strip(),
                       self.filled_on.date().toString("yyyy-MM-dd"), self.checked_by.text().strip(),
                       self.checker_title.text().strip())

    def connect_edits(self, slot) -> None:
        for widget in (self.filled_by, self.phone, self.checked_by, self.checker_title):
            widget.textEdited.connect(slot)
        self.filled_on.dateChanged.connect(slot)

    def set_editable(self, editable: bool) -> None:
        for widget in (self.filled_by, self.phone, self.checked_by, self.checker_title):
            widget.setReadOnly(not editable)
        self.filled_on.setEnabled(editable)


class NarrativePage(QScrollArea):
    """Attributes: editors (part → QPlainTextEdit), signoff_boxes (checklist id → SignOffBox)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: AssessmentSession | None = None
        self.setWidgetResizable(True)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        intro = QLabel("自评报告正文按四个部分填写，每段写成普通段落；生成自评报告时原样排入。")
        intro.setWordWrap(True)
        self._layout.addWidget(intro)
        self.editors: dict[str, QPlainTextEdit] = {}
        for key, title in PARTS:
            self._layout.addWidget(self._part_box(key, title))
        self.signoff_area = QGroupBox("各检查表的填表人与检查人")
        self._signoff_grid = QGridLayout(self.signoff_area)
        self._layout.addWidget(self.signoff_area)
        self.signoff_boxes: dict[str, SignOffBox] = {}
        self.setWidget(body)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._dirty_narrative = False
        self._dirty_signoffs: set[str] = set()

    def _part_box(self, key: str, title: str) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        edit = QPlainTextEdit()
        edit.setPlaceholderText(HINTS[key])
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(110)
        edit.textChanged.connect(self._on_narrative_edited)
        self.editors[key] = edit
        if key == "overview":
            row = QHBoxLayout()
            self.facts_button = QPushButton("插入学校基本情况")
            self.facts_button.setToolTip("按学校信息和已填写的在校生数、班数、教师数生成一段文字，可再修改")
            self.facts_button.clicked.connect(self.insert_facts)
            row.addWidget(self.facts_button)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(edit)
        return box

    def set_session(self, session: AssessmentSession | None) -> None:
        self.flush()
        self.session = session
        for box in self.signoff_boxes.values():
            box.hide()
            self._signoff_grid.removeWidget(box)
            box.deleteLater()
        self.signoff_boxes = {}
        if session is None:
            return
        narrative = session.snapshot.narrative
        for key, _title in PARTS:
            self.editors[key].blockSignals(True)
            self.editors[key].setPlainText(getattr(narrative, key))
            self.editors[key].blockSignals(False)
        for n, (cid, checklist) in enumerate(session.checklists.items()):
            box = SignOffBox(checklist.title)
            box.show_signoff(session.snapshot.signoffs.get(cid, SignOff()))
            box.connect_edits(lambda *_a, c=cid: self._on_signoff_edited(c))
            self.signoff_boxes[cid] = box
            self._signoff_grid.addWidget(box, n // 2, n % 2)
        editable = not session.read_only
        for edit in self.editors.values():
            edit.setReadOnly(not editable)
        for box in self.signoff_boxes.values():
            box.set_editable(editable)
        self.facts_button.setEnabled(editable)

    def insert_facts(self) -> None:
        if self.session is None:
            return
        facts = school_facts(self.session.snapshot.school, self.session.results)
        edit = self.editors["overview"]
        cursor = edit.textCursor()
        if edit.toPlainText().strip() and not cursor.atBlockStart():
            facts = "\n" + facts
        cursor.insertText(facts)
        edit.setTextCursor(cursor)
        edit.setFocus()

    def narrative(self) -> Narrative:
        return Narrative(**{key: edit.toPlainText() for key, edit in self.editors.items()})

    def _on_narrative_edited(self) -> None:
        self._dirty_narrative = True
        self._timer.start()

    def _on_signoff_edited(self, checklist_id: str) -> None:
        self._dirty_signoffs.add(checklist_id)
        self._timer.start()

    def flush(self) -> None:
        """Saves pending edits (also called before the page or assessment changes)."""
        self._timer.stop()
        if self.session is None or self.session.read_only:
            self._dirty_narrative, self._dirty_signoffs = False, set()
            return
        try:
            if self._dirty_narrative:
                self._dirty_narrative = False
                self.session.set_narrative(self.narrative())
            for cid in sorted(self._dirty_signoffs):
                self.session.set_signoff(cid, self.signoff_boxes[cid].signoff())
            self._dirty_signoffs = set()
        except DesktopError as exc:
            show_error(self, exc)
