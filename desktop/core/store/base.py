"""What every part of the store shares: the connection, the transaction, the read-only check."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from desktop.core.store.sqlite_db import Database

from desktop.core.errors import StoreError
from desktop.core.store import database
from desktop.core.store.evidence import BlobStore
from desktop.core.store.lock import DataDirLock
from desktop.core.store.records import READ_ONLY_MESSAGE, now

DB_NAME = "answers.db"
ITEM_KEY = "assessment_id = ? AND checklist_id = ? AND item_id = ?"


class StoreBase:
    """The connection and data directory; writes go through _transaction().

    Attributes:
        path: the database file.
        data_dir: the folder holding it, its backups/ and evidence/.
    """

    def __init__(self, conn: sqlite3.Connection, data_dir: Path, lock: DataDirLock | None):
        self.db = Database(conn, recursive_triggers=False, execute_plugins=False)
        self.data_dir = data_dir
        self.path = data_dir / DB_NAME
        self.blobs = BlobStore(data_dir)
        self._lock = lock
        self._generation: str | None = None  # wal_owner: written again by every transaction
        self.notices: list[str] = []  # what the user must be told about this open (Chinese)

    # --- transactions -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Database]:
        """One transaction, committed (to disk: synchronous=FULL) when the block ends."""
        if self._lock is None:
            raise StoreError("这是只读打开的数据库，不能修改")
        try:
            with self.db.atomic():
                if self._generation is not None:
                    # writes changes each time: SQLite skips rewriting a row whose bytes stay
                    # the same, and the page must be in the WAL to carry the generation.
                    self.db.execute("UPDATE store_identity SET generation = ?, writes = writes + 1 "
                                    "WHERE id = 1", [self._generation])
                yield self.db
        except sqlite3.OperationalError as exc:
            mapped = _store_error(exc)
            if mapped is None:
                raise
            raise mapped from exc
        except sqlite3.DatabaseError as exc:
            if "malformed" not in str(exc):
                raise
            raise StoreError(f"数据库文件已损坏（{exc}），请从备份恢复") from exc

    def _editable(self, assessment_id: int, checklist_id: str | None = None) -> str:
        """Refuses archived assessments; returns the checklist's version when one is named."""
        row = self.db.execute("SELECT read_only FROM assessments WHERE id = ?",
                              [assessment_id]).fetchone()
        if row is None:
            raise StoreError(f"找不到编号为 {assessment_id} 的评估")
        if row[0]:
            raise StoreError(READ_ONLY_MESSAGE)
        version = ""
        if checklist_id is not None:
            found = self.db.execute(
                "SELECT version FROM assessment_checklists WHERE assessment_id = ? AND checklist_id = ?",
                [assessment_id, checklist_id]).fetchone()
            if found is None:
                raise StoreError(f"该评估没有选用检查表「{checklist_id}」")
            version = found[0]
        self.db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now(), assessment_id])
        return version


def _store_error(exc: sqlite3.OperationalError) -> StoreError | None:
    return database.user_error(exc, "数据库", "答案未能保存")



def check_new_assessment(period: str, checklists: list[tuple[str, str]], data_date: str) -> None:
    if not period.strip():
        raise StoreError("请填写评估周期，如「2025年度」")
    ids = [c for c, _ in checklists]
    if not ids:
        raise StoreError("请至少选择一张检查表")
    if len(set(ids)) != len(ids):
        raise StoreError("检查表不能重复选择")
    check_date(data_date, "数据日期")


def check_date(text: str, what: str) -> None:
    if not text:
        return
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise StoreError(f"{what}应为日期（如 2025-09-01），现为「{text}」") from None
