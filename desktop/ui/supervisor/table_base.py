"""A read-only table model over a list of plain rows, described by columns; its sorting proxy and view.

The supervisor's tables (schools, CVs, failing schools, notices, follow-ups…) all show rows of
dataclasses from desktop/supervisor or desktop/district; each table only says which columns it
has and how a row reads in each. Sorting uses each column's sort key, with "no value" (None)
last in either direction, as desktop.supervisor.status.sort_rows does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView

T = TypeVar("T")
ROW_ROLE = Qt.ItemDataRole.UserRole  # the row object itself (for views and tests)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)

# Status colours; every coloured cell also says its state in words.
GREEN, AMBER, RED, GREY = "#e2efda", "#fff2cc", "#ffd7d7", "#ededed"
RED_TEXT = "#b00020"


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its title, how a row reads in it, and optionally how it sorts and looks.

    Attributes:
        sort: the sort key (None = no value, sorted last); the text when not given.
        tip: tooltip text; background / foreground: a colour name or None.
    """

    title: str
    text: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    align: int | None = None
    tip: Callable[[T], str] | None = None
    background: Callable[[T], str | None] | None = None
    foreground: Callable[[T], str | None] | None = None
    width: int = 0  # preferred width in pixels (0: fit the contents)


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """Rows are plain objects; set_rows() replaces them (a model reset)."""

    def __init__(self, columns: Sequence[Column[T]], parent: Any = None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    # --- contents ------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T], columns: Sequence[Column[T]] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def replace_row(self, row: int, value: T) -> None:
        """One row changed in place (an edit): dataChanged for the whole row."""
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def column(self, column: int) -> Column[T]:
        return self._columns[column]

    def columns(self) -> list[Column[T]]:
        return list(self._columns)

    def sort_key(self, row: int, column: int) -> Any:
        spec = self._columns[column]
        return (spec.sort or spec.text)(self._rows[row])

    # --- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self._columns):
            return None
        row, spec = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return spec.tip(row) if spec.tip is not None else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return spec.align
        if role == Qt.ItemDataRole.BackgroundRole and spec.background is not None:
            colour = spec.background(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and spec.foreground is not None:
            colour = spec.foreground(row)
            return QBrush(QColor(colour)) if colour else None
        if role == ROW_ROLE:
            return row
        return None


class RowsSortProxy(QSortFilterProxyModel):
    """Sorts by the source columns' sort keys; rows without a value go last either way."""

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,  # noqa: N802 (Qt override)
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        a = model.sort_key(left.row(), left.column())
        b = model.sort_key(right.row(), right.column())
        if a is None or b is None:
            # Qt sorts descending by asking lessThan(right, left): answering "a value comes
            # before no value" in both orders keeps the blanks at the bottom.
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return a is not None and b is None if not descending else a is None and b is not None
        return a < b


def resize_columns(view: Any, model: RowsTableModel) -> None:
    """Fixed widths where a column asks for one; the others fit their contents once. The last
    column is left alone: it stretches to the view's edge (fitting it to a long text would only
    add a horizontal scroll bar)."""
    columns = model.columns()
    for n, spec in enumerate(columns[:-1]):
        if spec.width:
            view.setColumnWidth(n, spec.width)
        else:
            view.resizeColumnToContents(n)


def table_view(model: RowsTableModel, sortable: bool = False) -> QTableView:
    """A read-only, row-selecting table over one of the supervisor's row models."""
    view = QTableView()
    if sortable:
        proxy = RowsSortProxy(view)
        proxy.setSourceModel(model)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the source's order until a click
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    model.modelReset.connect(lambda: resize_columns(view, model))
    resize_columns(view, model)
    return view
