"""The seven 资源配置 indicators (R1–R7) of one 学段: value, standard, gap and verdict."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.core.numbers import fmt, fmt_beside
from desktop.core.resources import IndicatorResult, StageResult
from desktop.ui import icons

COL_INDICATOR, COL_VALUE, COL_STANDARD, COL_GAP, COL_VERDICT = range(5)
COLUMN_TITLES = ("指标", "本校数值", "标准值", "差距", "结论")
VERDICTS = {"met": "达标", "unmet": "未达标", "unanswered": "未填写"}
INDICATOR_ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1


def indicator_value(r: IndicatorResult) -> str:
    """The value beside its standard, with as many decimals as it takes to show a miss."""
    if r.value is None:
        return "—"
    return fmt_beside(r.value, r.threshold) + r.indicator.unit


def indicator_gap(r: IndicatorResult, titles: dict[str, str] | None = None) -> str:
    if r.status == "unanswered":
        names = [(titles or {}).get(m, m) for m in r.missing]
        return "需先填写：" + "、".join(names) if names else "尚缺数据"
    if r.status == "met":
        return ""
    share = r.share_of_standard
    below = "" if r.above_floor else "，低于 85% 底线"
    percent = f"（为标准值的 {r.share_text}%{below}）" if share is not None else ""
    return r.gap_text + percent


class IndicatorTableModel(QAbstractTableModel):
    """Rows are the indicators of one 学段's StageResult; item titles name missing inputs."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[IndicatorResult] = []
        self._titles: dict[str, str] = {}

    def set_stage(self, stage: StageResult | None, item_titles: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(stage.indicators.values()) if stage else []
        self._titles = item_titles or {}
        self.endResetModel()

    def result(self, row: int) -> IndicatorResult:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMN_TITLES[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
             ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.indicator.id} {r.indicator.title}\n{self._text(r, COL_GAP)}".strip()
        if role == Qt.ItemDataRole.DecorationRole and column == COL_VERDICT:
            return icons.status_icon(r.status)
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_GAP, COL_VERDICT) \
                and r.status == "unmet":
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_VALUE, COL_STANDARD):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == INDICATOR_ID_ROLE:
            return r.indicator.id
        if role == STATUS_ROLE:
            return r.status
        return None

    def _text(self, r: IndicatorResult, column: int) -> str:
        if column == COL_INDICATOR:
            return f"{r.indicator.id} {r.indicator.title}"
        if column == COL_VALUE:
            return indicator_value(r)
        if column == COL_STANDARD:
            return f"≥ {fmt(r.threshold, 4)}{r.indicator.unit}" if r.threshold is not None else ""
        if column == COL_GAP:
            return indicator_gap(r, self._titles)
        return VERDICTS[r.status]
