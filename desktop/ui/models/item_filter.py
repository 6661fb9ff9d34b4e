"""Filters the navigation tree by status (全部 / 未填写 / 未达标 / 缺佐证材料 / 待复核) and search text."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from desktop.ui.models.checklist_tree import (
    FAILED_INDICATOR_ROLE, KIND_ROLE, MISSING_EVIDENCE_ROLE, PENDING_REVIEW_ROLE, SEARCH_TEXT_ROLE, STATUS_ROLE,
)


class ItemFilter(str, Enum):
    ALL = "全部"
    UNANSWERED = "未填写"
    UNMET = "未达标"
    MISSING_EVIDENCE = "缺佐证材料"
    PENDING_REVIEW = "待复核"


class ItemFilterProxyModel(QSortFilterProxyModel):
    """Keeps items matching the filter and search; sections and checklists stay while a child does."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._filter = ItemFilter.ALL
        self._search = ""
        # A parent row is kept whenever one of its descendants is accepted.
        self.setRecursiveFilteringEnabled(True)
        # Answering an item must not make it vanish under the user's cursor (e.g. in 未填写):
        # the filter is re-applied only when the user changes it.
        self.setDynamicSortFilter(False)

    def item_filter(self) -> ItemFilter:
        return self._filter

    def set_item_filter(self, item_filter: ItemFilter) -> None:
        self.beginFilterChange()
        self._filter = item_filter
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().lower()
        self.endFilterChange()

    def is_filtering(self) -> bool:
        return self._filter is not ItemFilter.ALL or bool(self._search)

    def filterAcceptsRow(self, source_row: int,  # noqa: N802 (Qt override)
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(KIND_ROLE) != "item":
            return not self.is_filtering()
        if self._search and self._search not in index.data(SEARCH_TEXT_ROLE):
            return False
        return self._matches_filter(index)

    def _matches_filter(self, index: QModelIndex) -> bool:
        status = index.data(STATUS_ROLE)
        if self._filter is ItemFilter.UNANSWERED:
            return status == "unanswered"
        if self._filter is ItemFilter.UNMET:
            # A failed R1–R7 indicator shows through the input its 整改措施 is kept under.
            return status == "unmet" or bool(index.data(FAILED_INDICATOR_ROLE))
        if self._filter is ItemFilter.MISSING_EVIDENCE:
            return bool(index.data(MISSING_EVIDENCE_ROLE))
        if self._filter is ItemFilter.PENDING_REVIEW:
            return bool(index.data(PENDING_REVIEW_ROLE))
        return True
