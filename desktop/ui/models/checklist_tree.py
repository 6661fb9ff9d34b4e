"""The navigation tree (checklist → section → item) with status icons and answered/met counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.core.engine import ChecklistResult, ItemResult, Status
from desktop.core.model import Checklist
from desktop.ui import icons

COL_TITLE, COL_STATE = 0, 1
COLUMN_TITLES = ("条目", "答案")

KIND_ROLE = Qt.ItemDataRole.UserRole  # "checklist", "section" or "item"
CHECKLIST_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # item id ("" for containers)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # Status value of an item
PENDING_REVIEW_ROLE = Qt.ItemDataRole.UserRole + 4
MISSING_EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 5
SEARCH_TEXT_ROLE = Qt.ItemDataRole.UserRole + 6
SECTION_ROLE = Qt.ItemDataRole.UserRole + 8  # section id of a section row
FAILED_INDICATOR_ROLE = Qt.ItemDataRole.UserRole + 7  # the item feeds an R1–R7 indicator that fails

ANSWERED = (Status.MET, Status.UNMET, Status.RECORDED)
UNMET_COLOR = QColor("#b00020")
MUTED_COLOR = QColor("#80868b")


@dataclass(frozen=True)
class ChecklistState:
    """What the tree shows of one checklist: its result and the marks the store keeps."""

    checklist: Checklist
    result: ChecklistResult
    shown_items: tuple[str, ...]  # item ids that fit the school, in order
    pending_review: frozenset[str] = frozenset()
    with_evidence: frozenset[str] = frozenset()  # item ids with at least one file
    failing_inputs: frozenset[str] = frozenset()  # input items of R1–R7 indicators a 学段 fails


@dataclass(eq=False)
class _Node:
    kind: str
    checklist_id: str
    key: str  # section or item id; "" for a checklist
    parent: "_Node | None"
    row: int
    children: list["_Node"] = field(default_factory=list)


class ChecklistTreeModel(QAbstractItemModel):
    """Adapts ChecklistState objects to a two-column tree; no rules of its own."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._root = _Node("root", "", "", None, 0)
        self._states: dict[str, ChecklistState] = {}
        self._results: dict[str, dict[str, ItemResult]] = {}
        self._counts: dict[tuple[str, str], list[int]] = {}  # (checklist, section or "") → counts

    # --- filling ---------------------------------------------------------------------------
    def set_states(self, states: list[ChecklistState]) -> None:
        self.beginResetModel()
        self._root = _Node("root", "", "", None, 0)
        self._states, self._results, self._counts = {}, {}, {}
        for state in states:
            self._store(state)
            self._root.children.append(self._build(state, len(self._root.children)))
        self.endResetModel()

    def update_state(self, state: ChecklistState) -> None:
        """New result or marks for a checklist already shown (same items): repaint, no reset."""
        old = self._states.get(state.checklist.id)
        if old is None or old.shown_items != state.shown_items:
            states = [state if s.checklist.id == state.checklist.id else s
                      for s in self._states.values()]
            self.set_states(states if old is not None else [*states, state])
            return
        self._store(state)
        top = next(n for n in self._root.children if n.checklist_id == state.checklist.id)
        last = self.columnCount() - 1
        self.dataChanged.emit(self.createIndex(top.row, 0, top), self.createIndex(top.row, last, top))
        for section in top.children:
            self.dataChanged.emit(self.createIndex(section.row, 0, section),
                                  self.createIndex(section.row, last, section))
            if section.children:
                self.dataChanged.emit(self.createIndex(0, 0, section.children[0]),
                                      self.createIndex(len(section.children) - 1, last,
                                                       section.children[-1]))

    def _store(self, state: ChecklistState) -> None:
        self._states[state.checklist.id] = state
        results = {r.item.id: r for r in state.result.items}
        self._results[state.checklist.id] = results
        self._counts = {k: v for k, v in self._counts.items()
                        if k[0] != state.checklist.id}
        shown = set(state.shown_items)
        for item in state.checklist.items:
            if item.id not in shown or results[item.id].status is Status.NOT_APPLICABLE:
                continue
            status = results[item.id].status
            for key in ((state.checklist.id, ""), (state.checklist.id, item.section)):
                counts = self._counts.setdefault(key, [0, 0, 0, 0])  # total, answered, met, unmet
                counts[0] += 1
                counts[1] += status in ANSWERED
                counts[2] += status is Status.MET
                counts[3] += status is Status.UNMET

    def _build(self, state: ChecklistState, row: int) -> _Node:
        top = _Node("checklist", state.checklist.id, "", self._root, row)
        shown = set(state.shown_items)
        for section in state.checklist.sections:
            items = [i for i in state.checklist.items_in(section.id) if i.id in shown]
            if not items:
                continue
            node = _Node("section", state.checklist.id, section.id, top, len(top.children))
            node.children = [_Node("item", state.checklist.id, i.id, node, n)
                             for n, i in enumerate(items)]
            top.children.append(node)
        return top

    # --- lookup ----------------------------------------------------------------------------
    def index_for_item(self, checklist_id: str, item_id: str) -> QModelIndex:
        for top in self._root.children:
            if top.checklist_id != checklist_id:
                continue
            for section in top.children:
                for node in section.children:
                    if node.key == item_id:
                        return self.createIndex(node.row, 0, node)
        return QModelIndex()

    def index_for_checklist(self, checklist_id: str) -> QModelIndex:
        for top in self._root.children:
            if top.checklist_id == checklist_id:
                return self.createIndex(top.row, 0, top)
        return QModelIndex()

    def item_indexes(self) -> list[QModelIndex]:
        """Every item row, in tree order."""
        return [self.createIndex(n.row, 0, n) for top in self._root.children
                for section in top.children for n in section.children]

    # --- QAbstractItemModel ----------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()
              ) -> QModelIndex:
        # Bounds checked here rather than with hasIndex(): this runs thousands of times a paint.
        node = self._node(parent)
        if not (0 <= row < len(node.children) and 0 <= column < len(COLUMN_TITLES)) or \
                (parent.isValid() and parent.column() != 0):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()  # type: ignore[override]
               ) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLES[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
             ) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == KIND_ROLE:
            return node.kind
        if role == CHECKLIST_ROLE:
            return node.checklist_id
        if role == ITEM_ROLE:
            return node.key if node.kind == "item" else ""
        if role == SECTION_ROLE:
            return node.key if node.kind == "section" else ""
        if node.kind == "item":
            return self._item_data(node, index.column(), role)
        return self._container_data(node, index.column(), role)

    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    def _item_data(self, node: _Node, column: int, role: int) -> Any:
        state = self._states[node.checklist_id]
        result = self._results[node.checklist_id][node.key]
        pending = node.key in state.pending_review
        if role == STATUS_ROLE:
            return result.status.value
        if role == PENDING_REVIEW_ROLE:
            return pending
        if role == FAILED_INDICATOR_ROLE:
            return node.key in state.failing_inputs
        if role == MISSING_EVIDENCE_ROLE:
            return _missing_evidence(result, node.key in state.with_evidence)
        if role == SEARCH_TEXT_ROLE:
            item = result.item
            code = state.checklist.item_code(item.id)  # searching 2.17 finds the item users call so
            return f"{code} {item.title} {item.guidance}".lower()
        if role == Qt.ItemDataRole.DisplayRole:
            return _item_title(result) if column == COL_TITLE else _state_text(result, pending)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_TITLE:
            return icons.status_icon(result.status.value, pending)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _item_tooltip(result, pending)
            return tip + ("\n所属资源配置指标未达标" if node.key in state.failing_inputs else "")
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATE:
            if result.status is Status.UNMET or node.key in state.failing_inputs:
                return QBrush(UNMET_COLOR)
            return QBrush(MUTED_COLOR)
        return None

    def _container_data(self, node: _Node, column: int, role: int) -> Any:
        total, answered, met, unmet = self._counts.get((node.checklist_id, node.key), (0, 0, 0, 0))
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_STATE:
                return f"{answered}/{total} 达标{met}"
            return self._container_title(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{self._container_title(node)}\n已填写 {answered} 项，共 {total} 项；"
                    f"达标 {met} 项，未达标 {unmet} 项")
        if role == Qt.ItemDataRole.DecorationRole and column == COL_TITLE:
            return icons.icon("checklist" if node.kind == "checklist" else "section")
        if role == Qt.ItemDataRole.FontRole and node.kind == "checklist":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _container_title(self, node: _Node) -> str:
        checklist = self._states[node.checklist_id].checklist
        if node.kind == "checklist":
            return checklist.title
        return checklist.section(node.key).title


def _item_title(result: ItemResult) -> str:
    prefix = "★ " if result.item.key else ""
    return prefix + result.item.title


def _state_text(result: ItemResult, pending: bool) -> str:
    """The answer itself (the icon carries the status); a short word where there is none."""
    if result.status is Status.NOT_APPLICABLE:
        return "不适用"
    return result.shown


def _missing_evidence(result: ItemResult, has_files: bool) -> bool:
    """An applicable item whose checklist asks for 佐证材料 but has no file yet."""
    return bool(result.item.evidence) and not has_files and result.status is not Status.NOT_APPLICABLE


def _item_tooltip(result: ItemResult, pending: bool) -> str:
    lines = [result.item.title, f"状态：{result.status.label}" + ("（待复核）" if pending else "")]
    if result.gap_text:
        lines.append(result.gap_text)
    if result.message:
        lines.append(result.message)
    return "\n".join(lines)
