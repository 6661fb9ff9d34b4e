"""学校名单 page: the counts line, status and search filters, and the sortable school table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from desktop.supervisor.outcomes import FailedPackage
from desktop.supervisor.status import (
    FAILED, NOT_ON_ROSTER, NOT_SUBMITTED, REVIEW, STATUSES, SUBMITTED, SchoolRow, status_counts,
)
from desktop.ui.supervisor.school_table_model import SchoolFilterProxy, SchoolTableModel
from desktop.ui.supervisor.table_base import ROW_ROLE, resize_columns

ALL = "全部"


def counts_line(rows: list[SchoolRow], unidentified: int = 0) -> str:
    """「应交 52 所，已提交 40，需复核 6，校验失败 2，未提交 10」, then what lies outside the roster."""
    listed = [r for r in rows if r.on_roster]
    c = status_counts(listed)
    if listed:
        text = (f"应交 {len(listed)} 所，已提交 {c[SUBMITTED]}，需复核 {c[REVIEW]}，"
                f"校验失败 {c[FAILED]}，未提交 {c[NOT_SUBMITTED]}")
    else:
        text = "尚未导入学校名单（「文件 → 导入名单…」）"
    extra = len(rows) - len(listed)
    if extra:
        text += f"；另有 {extra} 所学校不在名单内"
    if unidentified:
        text += f"；{unidentified} 个提交包无法识别学校且校验失败"
    return text


class SchoolListPage(QWidget):
    """Attributes: model, proxy, view, counts (the header line), status_box, search.

    Signals:
        school_activated(object): a SchoolRow was double-clicked or Enter was pressed on it.
        selection_changed(): the current school changed.
    """

    school_activated = Signal(object)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.counts.setStyleSheet("font-size: 11pt; font-weight: bold;")
        layout.addWidget(self.counts)
        layout.addLayout(self._filters())
        self.model = SchoolTableModel(self)
        self.proxy = SchoolFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = self._table()
        layout.addWidget(self.view, 1)
        self.shown_label = QLabel()
        layout.addWidget(self.shown_label)
        self.proxy.rowsInserted.connect(self._update_shown)
        self.proxy.rowsRemoved.connect(self._update_shown)
        self.proxy.modelReset.connect(self._update_shown)
        self.proxy.layoutChanged.connect(self._update_shown)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("状态："))
        self.status_box = QComboBox()
        self.status_box.setMinimumWidth(150)
        self.status_box.currentIndexChanged.connect(self._apply_filter)
        row.addWidget(self.status_box)
        row.addSpacing(12)
        row.addWidget(QLabel("搜索："))
        self.search = QLineEdit()
        self.search.setPlaceholderText("学校名称或学校标识码")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.setMaximumWidth(320)
        self.search.textChanged.connect(self._apply_filter)
        row.addWidget(self.search)
        row.addStretch(1)
        hint = QLabel("双击学校查看其提交内容；点列标题排序。")
        hint.setStyleSheet("color: #5f6368;")
        row.addWidget(hint)
        return row

    def _table(self) -> QTableView:
        view = QTableView()
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # roster order until a header is clicked
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setStretchLastSection(True)
        # activated covers both a double-click and Enter (connecting doubleClicked too would
        # open the school twice).
        view.activated.connect(self._on_activated)
        view.selectionModel().currentRowChanged.connect(lambda *_: self.selection_changed.emit())
        return view

    # --- contents -------------------------------------------------------------------------------
    def set_rows(self, rows: list[SchoolRow], failed: list[FailedPackage] | None = None) -> None:
        """Shows the schools; the current school stays selected when it is still listed."""
        current = self.current_school()
        unidentified = [f for f in failed or [] if not f.claimed_name]
        self.model.set_schools(rows)
        resize_columns(self.view, self.model)
        self.counts.setText(counts_line(rows, len(unidentified)))
        self._fill_status_box(rows)
        if current is not None:
            self.select_school(current.key)

    def _fill_status_box(self, rows: list[SchoolRow]) -> None:
        chosen = self.status_box.currentData()
        counts = status_counts(rows)
        self.status_box.blockSignals(True)
        self.status_box.clear()
        self.status_box.addItem(f"{ALL}（{len(rows)}）", ALL)
        for status in STATUSES:
            self.status_box.addItem(f"{status}（{counts[status]}）", status)
        if counts[NOT_ON_ROSTER]:
            self.status_box.addItem(f"{NOT_ON_ROSTER}（{counts[NOT_ON_ROSTER]}）", NOT_ON_ROSTER)
        found = self.status_box.findData(chosen) if chosen else 0
        self.status_box.setCurrentIndex(max(found, 0))
        self.status_box.blockSignals(False)
        self._apply_filter()

    def set_status_filter(self, status: str) -> None:
        """Shows only schools of a status (a value of STATUSES, NOT_ON_ROSTER or ALL)."""
        self.status_box.setCurrentIndex(max(self.status_box.findData(status), 0))

    def _apply_filter(self) -> None:
        chosen = self.status_box.currentData() or ALL
        statuses = (chosen,) if chosen in STATUSES else ()
        self.proxy.set_filter(statuses, self.search.text(), off_roster=chosen == NOT_ON_ROSTER)
        self._update_shown()

    def _update_shown(self) -> None:
        self.shown_label.setText(f"显示 {self.proxy.rowCount()} 所，共 {self.model.rowCount()} 所")

    # --- selection ------------------------------------------------------------------------------
    def current_school(self) -> SchoolRow | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_school(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def shown_schools(self) -> list[SchoolRow]:
        """The rows as the table shows them now (filtered and sorted)."""
        return [self.proxy.index(n, 0).data(ROW_ROLE) for n in range(self.proxy.rowCount())]

    def _on_activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE) if index.isValid() else None
        if row is not None:
            self.school_activated.emit(row)
