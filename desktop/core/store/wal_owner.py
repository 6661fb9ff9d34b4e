"""Whether the WAL beside the database belongs to it; a WAL of another copy is set aside, kept.

SQLite replays any valid WAL it finds next to a database, and a WAL carries no mark of the file it
was written for: a valid WAL of another copy of the data (a synced or copied folder) would be
replayed silently over saved answers. So the store marks its own: each session writes a fresh
generation into store_identity, checkpoints it into the file, and every later write transaction
writes the same value again with a new count (base.StoreBase._transaction), so every WAL of the session carries it.
At the next open the generation read through the WAL must equal the one in the file alone.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import uuid
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.core.store import wal
from desktop.core.store.database import read_only_connection

FOLDER_PREFIX = "wal-not-belonging-"
_UNREADABLE = object()


def new_generation(conn: sqlite3.Connection) -> str:
    """Marks the session: a fresh generation, checkpointed into the database file itself."""
    generation = uuid.uuid4().hex
    with conn:
        conn.execute("INSERT OR REPLACE INTO store_identity (id, generation) VALUES (1, ?)",
                     [generation])
    busy, frames, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy or frames != done:
        raise sqlite3.OperationalError("database is locked (checkpoint incomplete)")
    return generation


def set_aside_foreign_wal(path: Path, backups: Path) -> str | None:
    """Moves a valid WAL that does not belong to path into backups/; returns the user's notice."""
    wal_path = Path(f"{path}-wal")
    if not (path.exists() and wal_path.exists() and wal_path.stat().st_size > 0):
        return None
    if wal.read(wal_path) is None:
        return None  # not a valid WAL: SQLite ignores it (the unclean copy keeps its bytes)
    in_file = _generation_in_file(path)
    if in_file is _UNREADABLE or in_file == _generation_through_wal(path):
        return None  # belongs (or the file cannot tell: the damage checks judge it next)
    folder = backups / f"{FOLDER_PREFIX}{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
    try:
        folder.mkdir(parents=True)
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                os.replace(companion, folder / companion.name)
    except OSError as exc:
        raise StoreError(f"数据库旁边的日志文件 {wal_path.name} 不属于这个数据库，需要先把它移开，但移动失败"
                         f"（{exc.strerror or exc}）。请确认数据目录可写；程序没有改动数据库。") from exc
    return (f"数据库旁边的日志文件 {wal_path.name} 不属于这个数据库（可能是从另一份数据复制过来的）。"
            f"为防止它覆盖已保存的答案，程序没有使用它，已原样移到 {folder}。"
            "数据库按原样打开，已保存的答案没有改动；如确实需要那份日志中的修改，请联系技术人员。")


def _generation_in_file(path: Path) -> object:
    """The generation stored in the database file alone, the WAL ignored (None: not marked)."""
    try:
        data = bytearray(path.read_bytes())
        data[18] = data[19] = 1  # read as a rollback-journal file: the copy in memory has no WAL
        conn = sqlite3.connect(":memory:")
        try:
            conn.deserialize(bytes(data))
            return _generation(conn)
        finally:
            conn.close()
    except (OSError, sqlite3.Error, MemoryError):
        return _UNREADABLE


def _generation_through_wal(path: Path) -> object:
    try:
        conn = read_only_connection(path)
        try:
            return _generation(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return _UNREADABLE  # the WAL's pages do not fit this file


def _generation(conn: sqlite3.Connection) -> str | None:
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'store_identity'").fetchone() is None:
        return None
    row = conn.execute("SELECT generation FROM store_identity WHERE id = 1").fetchone()
    return row[0] if row else None
