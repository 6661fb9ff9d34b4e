"""The left-hand navigator: filter buttons, search, and the checklist → section → item tree."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QToolButton,
    QTreeView, QVBoxLayout, QWidget,
)

from desktop.ui.models.checklist_tree import (
    CHECKLIST_ROLE, COL_STATE, COL_TITLE, ITEM_ROLE, KIND_ROLE, SECTION_ROLE, STATUS_ROLE,
    ChecklistState,
    ChecklistTreeModel,
)
from desktop.ui.models.item_filter import ItemFilter, ItemFilterProxyModel


class ItemNavigator(QWidget):
    """Signals:
        item_selected(str, str): the user moved to (checklist, item).
        item_activated(str, str): Enter or double-click on an item (go and type the answer).
        checklist_selected(str): the current row belongs to this checklist.
    """

    item_selected = Signal(str, str)
    item_activated = Signal(str, str)
    checklist_selected = Signal(str)
    section_selected = Signal(str, str)  # a section row became current (the grid shows it)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ChecklistTreeModel(self)
        self.proxy = ItemFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addLayout(self._filter_row())
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索条目（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.empty_label = QLabel("没有符合条件的条目。")
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #5f6368; padding: 4px;")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        self.tree = self._make_tree()
        layout.addWidget(self.tree, 1)

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[ItemFilter, QToolButton] = {}
        for item_filter in ItemFilter:
            button = QToolButton()
            button.setText(item_filter.value)
            button.setCheckable(True)
            button.setAutoRaise(False)
            button.clicked.connect(lambda _=False, f=item_filter: self.set_filter(f))
            self.filter_group.addButton(button)
            self.filter_buttons[item_filter] = button
            row.addWidget(button)
        row.addStretch(1)
        self.filter_buttons[ItemFilter.ALL].setChecked(True)
        return row

    def _make_tree(self) -> QTreeView:
        tree = QTreeView()
        tree.setModel(self.proxy)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        # A fixed width: sizing to contents would ask every row for its text on each change.
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.Fixed)
        # As narrow as the usual answers and counts allow: the names need the room at 125 %.
        header.resizeSection(COL_STATE, tree.fontMetrics().horizontalAdvance("00/00 达标00") + 10)
        tree.setIndentation(tree.fontMetrics().horizontalAdvance("中") + 2)
        tree.selectionModel().currentChanged.connect(self._on_current_changed)
        tree.activated.connect(self._on_activated)
        return tree

    # --- content ---------------------------------------------------------------------------
    def set_states(self, states: list[ChecklistState]) -> None:
        self.model.set_states(states)
        self.tree.expandAll()
        self._show_empty()

    def update_state(self, state: ChecklistState) -> None:
        self.model.update_state(state)

    # --- filter and search -----------------------------------------------------------------
    def set_filter(self, item_filter: ItemFilter) -> None:
        self.filter_buttons[item_filter].setChecked(True)
        current = self.current_item()
        self.proxy.set_item_filter(item_filter)
        self._after_filter(current)

    def _on_search_changed(self, text: str) -> None:
        current = self.current_item()
        self.proxy.set_search(text)
        self._after_filter(current)

    def _after_filter(self, current: tuple[str, str] | None) -> None:
        """Keeps the current item when it still shows, else the first one that does (the item
        pane follows the list); says so when nothing matches."""
        self.tree.expandAll()
        index = QModelIndex()
        if current is not None:
            index = self.proxy.mapFromSource(self.model.index_for_item(*current))
        if index.isValid():
            self._set_current(index)
        else:
            self.select_first()
        self._show_empty()

    def _show_empty(self) -> None:
        empty = self.proxy.is_filtering() and self.visible_count() == 0
        if empty:
            what = f"「{self.search.text().strip()}」" if self.search.text().strip() else ""
            kind = self.proxy.item_filter()
            scope = f"（{kind.value}）" if kind is not ItemFilter.ALL else ""
            self.empty_label.setText(f"没有符合条件{scope}的条目{what}。")
        self.empty_label.setVisible(empty)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        # ↓ or Enter in the search box goes into the results, on the first match.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.visible_count():
                if self.current_item() is None:
                    self.select_first()
                self.tree.setFocus()
                if event.key() != Qt.Key.Key_Down:
                    current = self.current_item()
                    if current is not None:
                        self.item_activated.emit(*current)
            return True
        return super().eventFilter(watched, event)

    def clear_filter(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.proxy.set_search("")
        self.set_filter(ItemFilter.ALL)

    def visible_count(self) -> int:
        return len(self._visible_items())

    # --- moving ----------------------------------------------------------------------------
    def current_item(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex()
        if index.isValid() and index.data(KIND_ROLE) == "item":
            return index.data(CHECKLIST_ROLE), index.data(ITEM_ROLE)
        return None

    def select_item(self, checklist_id: str, item_id: str) -> bool:
        """Makes (checklist, item) current, lifting the filter if it hides the item."""
        source = self.model.index_for_item(checklist_id, item_id)
        if not source.isValid():
            return False
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.clear_filter()
            index = self.proxy.mapFromSource(source)
        self._set_current(index)
        return True

    def select_first(self) -> None:
        items = self._visible_items()
        if items:
            self._set_current(items[0])

    def move(self, step: int) -> None:
        """To the next (step 1) or previous (-1) item shown in the tree, across sections."""
        items = self._visible_items()
        if not items:
            return
        rows = [(i.data(CHECKLIST_ROLE), i.data(ITEM_ROLE)) for i in items]
        current = self.current_item()
        if current not in rows:
            self._set_current(items[0] if step > 0 else items[-1])
            return
        position = rows.index(current) + step
        if 0 <= position < len(items):
            self._set_current(items[position])

    def next_unanswered(self) -> bool:
        """To the next item (in the whole tree, wrapping round) that has no answer yet."""
        items = self.model.item_indexes()
        keys = [(i.data(CHECKLIST_ROLE), i.data(ITEM_ROLE)) for i in items]
        current = self.current_item()
        start = keys.index(current) + 1 if current in keys else 0
        for n in range(len(items)):
            index = items[(start + n) % len(items)]
            if index.data(STATUS_ROLE) == "unanswered" and keys[(start + n) % len(items)] != current:
                return self.select_item(index.data(CHECKLIST_ROLE), index.data(ITEM_ROLE))
        return False

    def _visible_items(self) -> list[QModelIndex]:
        found: list[QModelIndex] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if index.data(KIND_ROLE) == "item":
                    found.append(index)
                else:
                    walk(index)
        walk(QModelIndex())
        return found

    def _set_current(self, index: QModelIndex) -> None:
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self.checklist_selected.emit(current.data(CHECKLIST_ROLE))
        if current.data(KIND_ROLE) == "item":
            self.item_selected.emit(current.data(CHECKLIST_ROLE), current.data(ITEM_ROLE))
        elif current.data(KIND_ROLE) == "section":
            self.section_selected.emit(current.data(CHECKLIST_ROLE), current.data(SECTION_ROLE))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == "item":
            self.item_activated.emit(index.data(CHECKLIST_ROLE), index.data(ITEM_ROLE))
