"""表格填报: every item of a section in one grid, filled the way Excel taught principals.

Type over a cell, Enter saves it and moves down (Shift+Enter up); a column copied from Excel is
pasted with Ctrl+V from the current row down, all or nothing, as one undo step. Verdicts and
gaps update as each value is saved; the R1–R7 panel beside follows too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox, QHeaderView, QLabel, QStyledItemDelegate,
    QTableView, QVBoxLayout, QWidget,
)

from desktop.core.errors import InputError
from desktop.core.model import AnswerType
from desktop.ui.models.section_grid import (
    COL_ANSWER, COL_CODE, COL_GAP, COL_STANDARD, COL_TITLE, COL_VERDICT, ITEM_ROLE, SectionGridModel,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AnswerDelegate(QStyledItemDelegate):
    """A line edit for numbers, dates and text; a list for 是/否 and choices."""

    def __init__(self, model: SectionGridModel, parent: QObject | None = None):
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        item = self.model.session.checklists[self.model.checklist_id].item(
            index.data(ITEM_ROLE))
        if item.type in (AnswerType.YES_NO, AnswerType.CHOICE):
            combo = QComboBox(parent)
            combo.addItems(list(item.labels) if item.type is AnswerType.YES_NO else list(item.options))
            return combo
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.setCurrentIndex(max(editor.findText(text), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
            return
        super().setModelData(editor, model, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Enter in an open editor: the view moves once the value is saved (see GridView).
        if event.type() == QEvent.Type.KeyPress and event.key() in ENTER_KEYS:
            view = self.parent()
            if isinstance(view, GridView):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                view.pending_step = -1 if shift else 1
        return super().eventFilter(editor, event)


class GridView(QTableView):
    """Excel keys: typing edits the cell, Enter saves and moves down, Shift+Enter up; Ctrl+V
    pastes a column. Signals: paste_requested(str): the clipboard's text, to put from here down."""

    paste_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.pending_step = 0  # set by the delegate on Enter; cleared when a value is refused

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        super().closeEditor(editor, hint)
        if self.pending_step:
            step, self.pending_step = self.pending_step, 0
            self.move_row(step)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_requested.emit(QGuiApplication.clipboard().text())
            return
        if event.key() in ENTER_KEYS and self.state() != QAbstractItemView.State.EditingState:
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.move_row(-1 if shift else 1)
            return
        super().keyPressEvent(event)

    def commit_open_editor(self) -> None:
        """Saves what is being typed in a cell (before the window closes or the page changes)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex()) or QApplication.focusWidget()
        if editor is not None and self.isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def move_row(self, step: int) -> None:
        current = self.currentIndex()
        row = (current.row() if current.isValid() else -1) + step
        if 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row, COL_ANSWER))


class SectionGrid(QWidget):
    """Attributes: model (SectionGridModel), view (GridView), sections (the section list), message.

    Signals: item_selected(str, str): the current row moved to (checklist, item);
    message(str): for the status bar.
    """

    item_selected = Signal(str, str)
    section_chosen = Signal(str, str)  # another section picked in the grid's own list

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        # The sections of every checklist: the grid's own way between them, so it works with
        # the navigator folded away for room.
        self.sections = QComboBox()
        self.sections.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sections.setMinimumContentsLength(12)
        self.sections.activated.connect(self._on_section_chosen)
        hint = QLabel("直接输入数字，按回车保存并转到下一行（Shift+回车 上一行）；"
                      "可从 Excel 复制一列后按 Ctrl+V 粘贴到当前行起的各行。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")
        self.model = SectionGridModel(self)
        self.view = GridView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(COL_ANSWER, AnswerDelegate(self.model, self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setWordWrap(True)
        self.view.setTabKeyNavigation(False)  # Tab leaves the grid, as everywhere else
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        for column, sample in ((COL_CODE, "编号00"), (COL_ANSWER, "0000000.00元"),
                               (COL_STANDARD, "≥ 0000.00㎡"), (COL_VERDICT, "未达标000"),
                               (COL_GAP, "还需增加教学及辅")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        for widget in (self.sections, hint):
            layout.addWidget(widget)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.model.refused.connect(self._on_refused)
        self.model.modelReset.connect(self._fit_rows)
        self.model.dataChanged.connect(lambda *_: self._fit_rows())
        self.view.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.view.paste_requested.connect(self.paste)
        self._writer = None
        self._batch = None

    def set_writer(self, writer: Any, batch: Any) -> None:
        """writer(checklist, item, value) -> bool saves one answer (the window's set_answer);
        batch(text) is a context manager grouping writes into one undo step."""
        self._writer = writer
        self._batch = batch
        self.model.set_writer(writer)

    def show_section(self, session: Any, checklist_id: str, section_id: str, item_id: str = "") -> None:
        if (session, checklist_id, section_id) != (self.model.session, self.model.checklist_id,
                                                    self.model.section_id):
            self.model.show_section(session, checklist_id, section_id)
            self._fill_sections(session, checklist_id, section_id)
            self.show_message("")
        row = self.model.row_of(item_id)
        if row >= 0 and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.model.index(row, COL_ANSWER))

    def refresh(self) -> None:
        self.model.refresh()

    def flush(self) -> None:
        self.view.commit_open_editor()

    def _fill_sections(self, session: Any, checklist_id: str, section_id: str) -> None:
        self.sections.blockSignals(True)
        self.sections.clear()
        if session is not None:
            for cid, checklist in session.checklists.items():
                shown = set(session.tree_state(cid).shown_items)
                for section in checklist.sections:
                    if any(i.id in shown for i in checklist.items_in(section.id)):
                        self.sections.addItem(f"{checklist.title}　›　{section.title}", (cid, section.id))
                        if (cid, section.id) == (checklist_id, section_id):
                            self.sections.setCurrentIndex(self.sections.count() - 1)
        self.sections.blockSignals(False)

    def _on_section_chosen(self, index: int) -> None:
        data = self.sections.itemData(index)
        if data:
            self.section_chosen.emit(*data)

    def focus_answer(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, COL_ANSWER))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def paste(self, text: str) -> bool:
        """Puts a copied column into the answer cells from the current row down (editable rows
        only); nothing is saved unless every value is acceptable."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines or self._writer is None:
            return False
        start = max(self.view.currentIndex().row(), 0)
        rows = [r for r in range(start, self.model.rowCount()) if self.model.is_editable(r)]
        if len(lines) > len(rows):
            self.show_message(f"粘贴了 {len(lines)} 行，但从当前行起只有 {len(rows)} 个可填写的格子；"
                              "没有保存任何内容。")
            return False
        values = []
        for row, line in zip(rows, lines):
            cell = line.split("\t")[0]
            try:
                values.append((row, self.model.parse(row, cell)))
            except InputError as exc:
                self.show_message(f"{self.model.where(row)}{exc}。粘贴的内容都没有保存。")
                return False
        with self._batch(f"粘贴 {len(values)} 个答案"):
            for row, value in values:
                if not self._writer(self.model.checklist_id, self.model.item_id(row), value):
                    break
        self.show_message("")
        self.view.setCurrentIndex(self.model.index(values[-1][0], COL_ANSWER))
        return True

    def _on_refused(self, text: str) -> None:
        self.view.pending_step = 0  # stay on the row whose value was not saved
        self.show_message(text + "（未保存）")

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.message.text().endswith("（未保存）"):
            self.show_message("")
        item_id = self.model.item_id(current.row())
        if item_id:
            self.item_selected.emit(self.model.checklist_id, item_id)

    def _fit_rows(self) -> None:
        self.view.resizeRowsToContents()
