"""The pane for one item: what it asks, its basis, the answer, the live verdict and gap, evidence, note, plan."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from desktop.core.engine import ItemResult, Status, blank_standard_text
from desktop.core.errors import DesktopError
from desktop.core.model import AnswerType
from desktop.ui.answer_widgets import AnswerWidget, make_answer_widget
from desktop.ui.errors import show_error
from desktop.ui.evidence_panel import EvidencePanel
from desktop.ui.rectification_form import RectificationForm
from desktop.ui.session import AssessmentSession

NOTE_SAVE_MS = 800
STATUS_COLORS = {Status.MET: "#2e7d32", Status.UNMET: "#b00020", Status.UNANSWERED: "#5f6368",
                 Status.NOT_APPLICABLE: "#5f6368", Status.RECORDED: "#1e63b5"}
BADGE = ("QLabel {{ background: {bg}; color: white; border-radius: 3px; padding: 1px 6px; }}")


CONFIDENCE_WORDS = {"V": "已核对官方原文或其忠实转载", "V2": "数值或条款见于二手资料，尚未读到官方原文",
                    "M": "凭回忆整理，尚待核实"}


def basis_note_text(source) -> str:
    """What 「依据说明」 shows: how sure the basis is and the note; empty when there is nothing to add."""
    if source.confidence == "V" and not source.note:
        return ""
    lines = [f"可信程度：{CONFIDENCE_WORDS.get(source.confidence, source.confidence)}"]
    # the maintainers' row ids (「（REFERENCE YZJH-G3）」) mean nothing to a principal
    note = re.sub(r"（REFERENCE[^）]*）|REFERENCE [^，；。）]*", "", source.note).strip("；，。 ")
    if note:
        lines.append(f"说明：{note}")
    return "\n".join(lines)


def _label(text: str = "", style: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class ItemPane(QScrollArea):
    """Signals:
        answer_edited(str, str, object): the user changed (checklist, item)'s answer to a checked value.
        review_confirmed(str, str): the user confirmed a carried-over answer.
        message(str): something the status bar should say (e.g. an entry that was not saved).
    """

    answer_edited = Signal(str, str, object)
    review_confirmed = Signal(str, str)
    message = Signal(str)
    advance = Signal(int)  # Enter (1) or Shift+Enter (-1) in the answer: save, go to the next item

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: AssessmentSession | None = None
        self.checklist_id = self.item_id = ""
        self.answer_widget: AnswerWidget | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(16, 12, 16, 12)
        self._build_header()
        self._build_answer_box()
        self._build_details()
        self._layout.addStretch(1)
        self.setWidget(body)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_SAVE_MS)
        self._note_timer.timeout.connect(self._save_note)
        self._show_nothing()

    # --- layout ----------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.place_label = _label(style="color: #5f6368;")
        self.title_label = _label()
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        badges = QHBoxLayout()
        self.key_badge = _label("★ 重点指标", BADGE.format(bg="#c77700"), wrap=False)
        self.veto_badge = _label("一票否决", BADGE.format(bg="#b00020"), wrap=False)
        self.id_label = _label(style="color: #80868b;", wrap=False)
        for widget in (self.key_badge, self.veto_badge, self.id_label):
            badges.addWidget(widget)
        badges.addStretch(1)
        self.review_banner = self._review_banner()
        self.guidance_label = _label()
        # 依据 is the printed basis only; how sure it is (confidence, maintainer's note) sits behind
        # a small 「依据说明」 link, never as a warning on every item.
        self.source_label = _label(style="color: #3c4043;")
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.source_label.setOpenExternalLinks(False)
        self.source_label.linkActivated.connect(self.show_basis_note)
        self.basis_dialog: QMessageBox | None = None
        self._basis_note = ""
        for widget in (self.place_label, self.title_label):
            self._layout.addWidget(widget)
        self._layout.addLayout(badges)
        for widget in (self.review_banner, self.guidance_label, self.source_label):
            self._layout.addWidget(widget)

    def _review_banner(self) -> QFrame:
        frame = QFrame()
        frame.setStyleSheet("QFrame { background: #fff4e0; border: 1px solid #e0a040; border-radius: 4px; }"
                            "QLabel { border: none; }")
        row = QHBoxLayout(frame)
        text = _label("待复核：这个答案沿用自上一评估周期，请核对是否仍然符合实际。")
        self.confirm_button = QPushButton("确认无误（Ctrl+Enter）")
        self.confirm_button.clicked.connect(self.confirm_review)
        row.addWidget(text, 1)
        row.addWidget(self.confirm_button)
        return frame

    def _build_answer_box(self) -> None:
        box = QGroupBox("填写")
        self._answer_layout = QVBoxLayout(box)
        self.clear_button = QPushButton("清除答案")
        self.clear_button.clicked.connect(lambda: self._on_answer_edited(None))
        self.verdict_label = _label()
        self.standard_label = _label(style="color: #3c4043;")
        self.gap_label = _label(style="color: #b00020; font-weight: bold;")
        self.message_label = _label(style="color: #5f6368;")
        row = QHBoxLayout()
        row.addWidget(self.verdict_label, 1)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        self._answer_row = QVBoxLayout()
        self._answer_layout.addLayout(self._answer_row)
        self._answer_layout.addLayout(row)
        for widget in (self.standard_label, self.gap_label, self.message_label):
            self._answer_layout.addWidget(widget)
        self._layout.addWidget(box)

    def _build_details(self) -> None:
        self.rectification = RectificationForm()
        self.rectification.plan_edited.connect(self._on_plan_edited)
        self.evidence = EvidencePanel()
        self.evidence.files_dropped.connect(self.add_evidence)
        self.evidence.remove_requested.connect(self._on_remove_evidence)
        self.evidence.details_edited.connect(
            lambda evidence: self._write(lambda s: s.update_evidence(evidence)))
        note_box = QGroupBox("备注")
        note_layout = QVBoxLayout(note_box)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("需要说明的情况（例如数据口径、特殊原因）")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(60)
        self.note_edit.textChanged.connect(self._on_note_changed)
        note_layout.addWidget(self.note_edit)
        for widget in (self.rectification, self.evidence, note_box):
            self._layout.addWidget(widget)

    # --- showing ---------------------------------------------------------------------------
    def set_session(self, session: AssessmentSession | None) -> None:
        self.flush()
        self.session = session
        if session is not None:
            self.evidence.set_path_lookup(session.evidence_file)
        self._show_nothing()

    def show_item(self, checklist_id: str, item_id: str) -> None:
        if (checklist_id, item_id) == (self.checklist_id, self.item_id):
            return
        self.flush()
        assert self.session is not None
        self.checklist_id, self.item_id = checklist_id, item_id
        item = self.session.checklists[checklist_id].item(item_id)
        self._replace_answer_widget(make_answer_widget(item))
        self.widget().setVisible(True)
        self.rectification.show_plan(checklist_id, item_id,
                                     self.session.rectification(checklist_id, item_id))
        self._show_note()
        self.refresh()
        self.verticalScrollBar().setValue(0)

    def _replace_answer_widget(self, widget: AnswerWidget) -> None:
        if self.answer_widget is not None:
            # Hidden now: deleteLater() waits for the event loop, and until then it would still show.
            self.answer_widget.hide()
            self._answer_row.removeWidget(self.answer_widget)
            self.answer_widget.deleteLater()
        self.answer_widget = widget
        widget.answer_edited.connect(self._on_answer_edited)
        widget.answer_refused.connect(lambda why: self.message.emit(f"未保存：{why}"))
        self._answer_row.addWidget(widget)
        widget.show()  # a child added to a visible parent stays hidden until shown
        for child in [widget, *widget.findChildren(QWidget)]:
            if not isinstance(child, QPlainTextEdit):  # Enter there starts a new line
                child.installEventFilter(self)
        self._set_tab_order(widget)

    def _set_tab_order(self, widget: AnswerWidget) -> None:
        """Tab goes answer → 清除答案 → 整改措施 → 佐证材料 → 备注, never off to the page tabs."""
        inputs = [w for w in [widget, *widget.findChildren(QWidget)]
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(self)]
        chain = [*inputs, self.clear_button, self.confirm_button, self.rectification.measure,
                 self.rectification.owner, self.rectification.deadline, self.rectification.status,
                 self.rectification.progress, self.evidence.view, self.evidence.add_button,
                 self.note_edit]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        # Enter in the answer saves it and moves on, as in a spreadsheet; Ctrl+Enter stays
        # 确认无误 (a menu shortcut), and a value that cannot be saved keeps the user here.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                and self.answer_widget is not None:
            self.answer_widget.flush()
            if getattr(self.answer_widget, "has_error", lambda: False)():
                return True
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.advance.emit(-1 if shift else 1)
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        """Re-reads the shown item from the session (after any write or undo)."""
        if self.session is None or not self.item_id:
            return
        session, cid, iid = self.session, self.checklist_id, self.item_id
        result = session.results[cid].result(iid)
        checklist = session.checklists[cid]
        item = result.item
        self.place_label.setText(f"{checklist.title}　›　{checklist.section(item.section).title}")
        self.title_label.setText(item.title)
        self.key_badge.setVisible(item.key)
        self.veto_badge.setVisible(item.veto)
        self.id_label.setText(f"第 {checklist.item_code(item.id)} 项")
        self.review_banner.setVisible(session.is_pending_review(cid, iid))
        self.guidance_label.setText(f"<b>评估要点：</b>{_html(item.guidance)}" if item.guidance else "")
        self.guidance_label.setVisible(bool(item.guidance))
        self._show_source(item)
        self._show_answer(result)
        self._show_result(result)
        self.evidence.model.set_evidence(session.evidence(cid, iid))
        self.evidence.set_required(item.evidence)
        has_plan = session.rectification(cid, iid) is not None
        failed = session.failed_indicators(cid, iid)
        # An input of a failed R1–R7 indicator carries that indicator's plan (the PDF ledger
        # looks it up under this item).
        # A short title: a group box title never wraps (the indicators are named above it).
        self.rectification.setTitle("整改措施（所属指标未达标）" if failed else "整改措施")
        self.rectification.setVisible(result.status is Status.UNMET or has_plan or bool(failed))
        self._apply_editable()

    def _show_source(self, item) -> None:
        self._basis_note = basis_note_text(item.source)
        link = f"　<a href='basis-note' style='color:#5f6368;'>依据说明</a>" if self._basis_note else ""
        self.source_label.setText(f"<b>依据：</b>{_html(item.source.text)}{link}")
        self.source_label.setToolTip(self._basis_note)

    def show_basis_note(self, _link: str = "") -> None:
        """The confidence and the maintainer's note for this item's basis, on request."""
        if not self._basis_note:
            return
        if self.basis_dialog is not None:
            self.basis_dialog.close()
        self.basis_dialog = QMessageBox(QMessageBox.Icon.Information, "依据说明", self._basis_note,
                                        QMessageBox.StandardButton.Ok, self)
        self.basis_dialog.open()

    def _show_answer(self, result: ItemResult) -> None:
        assert self.answer_widget is not None and self.session is not None
        if result.item.type is AnswerType.COMPUTED:
            self.answer_widget.threshold = result.threshold
            self.answer_widget.set_value(result.value)
            return
        value = self.session.answer(self.checklist_id, self.item_id)
        shown = self.answer_widget.value()
        # Only a real change (undo, another window) replaces what is in the field.
        if shown != value or type(shown) is not type(value):
            self.answer_widget.set_value(value)

    def _show_result(self, result: ItemResult) -> None:
        color = STATUS_COLORS[result.status]
        shown = result.shown
        value = f"　（{shown}）" if shown and result.item.type is AnswerType.COMPUTED else ""
        self.verdict_label.setText(f"结论：<b style='color:{color}'>{result.status.label}</b>{value}")
        # Shown before the item is answered too: the principal reads the bar before the answer.
        standard = result.threshold_text or blank_standard_text(result.item, with_unit=True)
        if standard:
            self.standard_label.setText(f"标准：{standard}")
        else:
            failed = self.session.failed_indicators(self.checklist_id, self.item_id) if self.session else []
            self.standard_label.setText(
                "本条数据用于计算：" + "、".join(f.label for f in failed) + "，该指标未达标，请在下方制定整改措施。"
                if failed else "本条只记录数据，不单独评价")
        self.gap_label.setText(result.gap_text)
        self.gap_label.setVisible(bool(result.gap_text))
        self.message_label.setText(result.message)
        self.message_label.setVisible(bool(result.message))

    def _show_note(self) -> None:
        assert self.session is not None
        self._note_timer.stop()
        self.note_edit.blockSignals(True)
        self.note_edit.setPlainText(self.session.note(self.checklist_id, self.item_id))
        self.note_edit.blockSignals(False)

    def _show_nothing(self) -> None:
        self.checklist_id = self.item_id = ""
        if self.answer_widget is not None:
            self.answer_widget.hide()
            self._answer_row.removeWidget(self.answer_widget)
            self.answer_widget.deleteLater()
            self.answer_widget = None
        self.widget().setVisible(False)

    def _apply_editable(self) -> None:
        editable = self.session is not None and not self.session.read_only
        if self.answer_widget is not None:
            self.answer_widget.set_editable(editable and self.answer_widget.item.type is not AnswerType.COMPUTED)
        self.clear_button.setEnabled(editable)
        self.clear_button.setVisible(self.answer_widget is not None
                                     and self.answer_widget.item.type is not AnswerType.COMPUTED)
        self.confirm_button.setEnabled(editable)
        self.note_edit.setReadOnly(not editable)
        self.rectification.set_editable(editable)
        self.evidence.set_editable(editable)

    def focus_answer(self) -> None:
        if self.answer_widget is not None:
            self.answer_widget.focus_input()

    # --- user actions ----------------------------------------------------------------------
    def flush(self) -> None:
        """Saves whatever is still being typed in this pane."""
        if not self.item_id:
            return
        if self.answer_widget is not None:
            self.answer_widget.flush()
        self.rectification.flush()
        if self._note_timer.isActive():
            self._save_note()

    def confirm_review(self) -> None:
        if self.item_id and self.session and self.session.is_pending_review(self.checklist_id, self.item_id):
            self.review_confirmed.emit(self.checklist_id, self.item_id)

    def _on_answer_edited(self, value: object) -> None:
        if self.item_id:
            self.answer_edited.emit(self.checklist_id, self.item_id, value)

    def _on_note_changed(self) -> None:
        self._note_timer.start()

    def _save_note(self) -> None:
        self._note_timer.stop()
        self._write(lambda s: s.set_note(self.checklist_id, self.item_id, self.note_edit.toPlainText()))

    def _on_plan_edited(self, plan: object) -> None:
        if plan is None:
            if self.session and self.session.rectification(self.checklist_id, self.item_id):
                self._write(lambda s: s.delete_rectification(self.checklist_id, self.item_id))
            return
        self._write(lambda s: s.set_rectification(plan))

    def add_evidence(self, files: list[Path]) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            for path in files:
                if not self._write(lambda s, p=path: s.add_evidence(
                        self.checklist_id, self.item_id, p, caption=p.stem)):
                    break
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _on_remove_evidence(self, sha256: str) -> None:
        self._write(lambda s: s.remove_evidence(self.checklist_id, self.item_id, sha256))

    def _write(self, write) -> bool:
        """Runs one store write; a user-caused failure is shown, never swallowed."""
        if self.session is None:
            return False
        try:
            write(self.session)
        except DesktopError as exc:
            show_error(self, exc)
            return False
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
