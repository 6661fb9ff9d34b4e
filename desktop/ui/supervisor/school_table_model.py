"""The school list as a table: one row per SchoolRow, one verdict column per checklist seen.

Filtering and sorting use the workspace's own rules (desktop.supervisor.status.filter_rows and
SORT_KEYS) so the window and the command line never disagree about who is 需复核.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex

from desktop.supervisor.outcomes import shown_time
from desktop.supervisor.status import (
    FAILED, NOT_SUBMITTED, REVIEW, SORT_KEYS, SUBMITTED, SchoolRow, filter_rows,
)
from desktop.ui.supervisor.table_base import (
    AMBER, CENTER, GREEN, GREY, RED, RIGHT, Column, RowsSortProxy, RowsTableModel,
)

# Checklists in the order a county reads them (the principal's wizard uses the same order).
CHECKLIST_ORDER = ("yzjh", "xqph", "xyaq", "spaq")
STATUS_COLOURS = {SUBMITTED: GREEN, REVIEW: AMBER, FAILED: RED, NOT_SUBMITTED: GREY}
VERDICT_ORDER = {"未达标": 0, "未完成": 1, "达标": 2}
COL_NAME, COL_CODE, COL_TYPE, COL_STATUS = range(4)
FINGERPRINT_CHARS = 9  # 1A2B-3C4D: enough to tell packages apart on screen


def note_text(row: SchoolRow) -> str:
    """The first reason worth reading in the list; the tooltip has them all."""
    parts = list(row.flags)
    if row.reasons:
        more = f"（等 {len(row.reasons)} 条）" if len(row.reasons) > 1 else ""
        parts.append(row.reasons[0] + more)
    elif row.notes:
        parts.append(row.notes[0])
    return "；".join(parts)


def note_tip(row: SchoolRow) -> str:
    lines = [*row.flags, *row.reasons, *row.notes]
    if row.notices:
        lines.append(f"已下发整改通知书 {row.notices} 份" + (f"，{row.overdue} 项逾期" if row.overdue else ""))
    return "\n".join(lines)


def _status_text(row: SchoolRow) -> str:
    return row.status + (f"（逾期 {row.overdue}）" if row.overdue else "")


def _verdict_column(checklist: str, title: str) -> Column[SchoolRow]:
    def text(row: SchoolRow) -> str:
        if row.submission is None:
            return ""
        return row.verdicts.get(checklist, "—")

    def colour(row: SchoolRow) -> str | None:
        return {"达标": GREEN, "未达标": RED, "未完成": AMBER}.get(row.verdicts.get(checklist, ""))

    return Column(title, text, sort=lambda r: VERDICT_ORDER.get(r.verdicts.get(checklist, "")),
                  align=CENTER, background=colour, width=max(84, 15 * len(title) + 20))


def school_columns(checklists: list[tuple[str, str]]) -> list[Column[SchoolRow]]:
    """The fixed columns, a verdict column per (checklist id, short title), then the details."""
    columns: list[Column[SchoolRow]] = [
        Column("学校名称", lambda r: r.name, sort=SORT_KEYS["name"], tip=note_tip, width=210),
        Column("学校标识码", lambda r: r.code, sort=SORT_KEYS["code"], width=100),
        Column("类型", lambda r: r.type, width=84),
        Column("状态", _status_text, sort=SORT_KEYS["status"], align=CENTER, tip=note_tip,
               background=lambda r: STATUS_COLOURS[r.status], width=92),
    ]
    columns += [_verdict_column(cid, title) for cid, title in checklists]
    columns += [
        Column("未达标项", lambda r: "" if r.unmet is None else str(r.unmet),
               sort=SORT_KEYS["unmet"], align=RIGHT, width=72),
        Column("最近提交包", lambda r: shown_time(r.last_package) if r.last_package else "",
               sort=SORT_KEYS["last_package"], width=128),
        Column("数据指纹", lambda r: r.fingerprint[:FINGERPRINT_CHARS],
               sort=lambda r: r.fingerprint or None, tip=lambda r: r.fingerprint, width=86),
        Column("说明", note_text, tip=note_tip),
    ]
    return columns


def checklists_of(rows: list[SchoolRow]) -> list[tuple[str, str]]:
    """(id, short title) of every checklist some school's package carries, in county order."""
    found: dict[str, str] = {}
    for row in rows:
        if row.submission is not None:
            for cid, title in row.submission.verdicts.titles.items():
                found.setdefault(cid, title)
    rank = {cid: n for n, cid in enumerate(CHECKLIST_ORDER)}
    return sorted(found.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))


class SchoolTableModel(RowsTableModel[SchoolRow]):
    """Rows are SchoolRows; the verdict columns follow the checklists of the rows shown."""

    def __init__(self, parent: Any = None):
        super().__init__(school_columns([]), parent)

    def set_schools(self, rows: list[SchoolRow]) -> None:
        self.set_rows(rows, school_columns(checklists_of(rows)))

    def row_of(self, key: str) -> int:
        return next((n for n, r in enumerate(self.rows()) if r.key == key), -1)


class SchoolFilterProxy(RowsSortProxy):
    """Status and search filters, applied by desktop.supervisor.status.filter_rows."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._statuses: tuple[str, ...] = ()
        self._text = ""
        self._off_roster = False

    def set_filter(self, statuses: tuple[str, ...] = (), text: str = "",
                   off_roster: bool = False) -> None:
        self.beginFilterChange()
        self._statuses, self._text, self._off_roster = statuses, text.strip(), off_roster
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int,  # noqa: N802 (Qt override)
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        row = self.sourceModel().row_at(source_row)
        return bool(filter_rows([row], statuses=self._statuses, text=self._text,
                                on_roster=False if self._off_roster else None))
