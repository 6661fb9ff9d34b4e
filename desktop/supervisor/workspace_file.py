"""The workspace database file: create it atomically, check it read-only, back it up daily.

Like the school side's store (desktop/core/store/database.py), every check runs on a read-only
connection first, so a file that is refused is left exactly as it was found.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.core.store import database
from desktop.core.store import backups as backup_names
from desktop.core.store.backups import copy_database
from desktop.supervisor.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

DB_NAME = "supervisor.db"
BACKUP_DIR = "backups"
BACKUP_KEEP = 10
BACKUP_PREFIX = "supervisor"
_BACKUP_NAME = re.compile(r"^supervisor-(\d{8})-\d{6}-([a-z-]+?)(?:-n\d+)?\.db$")


def create(path: Path) -> None:
    """A new, empty workspace at the current schema; a crash leaves no half file."""
    database.create(path, migrate, "督学工作区")


def check(path: Path) -> int:
    """Checks the file read-only and returns its schema version; raises StoreError."""
    # The header check also catches a truncated file, which quick_check would pass.
    database._check_header(path)  # noqa: SLF001 — the school store's check, reused as it is
    made = [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm")) if not p.exists()]
    try:
        conn = database.read_only_connection(path)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开督学工作区 {path}：{exc}。文件未作任何改动。") from exc
    try:
        return _check_contents(conn, path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"督学工作区 {path} 无法读取或已损坏（{exc}）。为保护数据，程序没有修改它；"
                         f"请从 {path.parent / BACKUP_DIR} 中的备份恢复。") from exc
    finally:
        conn.close()
        for companion in made:  # a read-only connection leaves them empty
            if companion.exists() and companion.stat().st_size == 0:
                companion.unlink(missing_ok=True)


def _check_contents(conn: sqlite3.Connection, path: Path) -> int:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        raise sqlite3.DatabaseError("；".join(problems[:3]))
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise StoreError(f"文件 {path} 不是督学工作区（是别的数据库文件）。文件未作任何改动；"
                         "请换一个数据目录。")
    if version > SCHEMA_VERSION:
        raise StoreError(f"督学工作区 {path} 由较新版本的本程序创建（版本 {version}，本程序只支持到 "
                         f"{SCHEMA_VERSION}）。请升级程序后再打开；文件未作任何改动。")
    return version


def connect(path: Path) -> sqlite3.Connection:
    """The writable connection of the school store: WAL, synchronous=FULL, foreign keys."""
    conn = database.connect(path)
    try:
        migrate(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"无法升级督学工作区 {path}：{exc}。文件保持原样。") from exc
    return conn


def backup(conn: sqlite3.Connection, data_dir: Path, reason: str) -> Path:
    """A complete copy of the workspace in data_dir/backups; the oldest beyond 10 go."""
    folder = data_dir / BACKUP_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = backup_names.new_name(folder, BACKUP_PREFIX, reason)
    temp = target.with_suffix(".tmp")
    try:
        copy_database(conn, temp)
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"督学工作区备份失败：{exc}。请确认磁盘有空间。") from exc
    database.fsync_dir(folder)
    backup_names.remove_beyond(backups(data_dir), BACKUP_KEEP, target)
    return target


def backups(data_dir: Path) -> list[Path]:
    """The workspace's backups, newest first."""
    folder = data_dir / BACKUP_DIR
    if not folder.is_dir():
        return []
    return backup_names.ordered(folder, BACKUP_PREFIX)


def backed_up_today(data_dir: Path) -> bool:
    today = dt.date.today().strftime("%Y%m%d")
    return any((m := _BACKUP_NAME.match(p.name)) and m.group(1) == today for p in backups(data_dir))
