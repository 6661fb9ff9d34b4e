"""The 督学's workspace: roster, imported submissions, 督导记录 and 整改通知书 in data_dir/supervisor.db.

Package files are kept in data_dir/submissions/<digest>.zpkg, so a school's package can be opened
(read-only, verified again) long after it was imported.

Threads: a Workspace and its sqlite3 connection belong to the thread that opened it. The GUI opens
it on its own thread; a task thread (a folder import) calls Workspace.open_worker(data_dir) for a
second connection of its own, closes it when done, and the GUI re-reads its lists afterwards.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from desktop.core.store.sqlite_db import Database

from desktop import paths
from desktop.core.errors import StoreError
from desktop.core.store import database
from desktop.core.store.lock import DataDirLock
from desktop.supervisor import workspace_file
from desktop.supervisor.intake import SUBMISSIONS_DIR, Intake
from desktop.supervisor.records import Records
from desktop.supervisor.roster import RosterData
from desktop.supervisor.status import StatusQueries
from desktop.supervisor.submissions import SubmissionQueries

# Locks held by this process, per data directory: a worker connection may write only while the
# Workspace that holds the directory's lock is open.
_HELD: dict[Path, DataDirLock] = {}
SETTINGS = {
    "issuer": "",  # 发文机关, e.g. 「××县人民政府教育督导室」
    "inspector": "",  # the 责任督学 who uses this workspace
    "notice_prefix": "",  # printed before 〔2025〕第 N 号, e.g. 「×督整」
    "visit_prefix": "",
    "deadline_days": "30",
}


class Workspace(RosterData, Intake, SubmissionQueries, Records, StatusQueries):
    """The supervisor's data. Open with Workspace.open(); close() or use it as a context manager.

    Attributes:
        data_dir: the folder holding supervisor.db, submissions/ and backups/.
        path: the database file.
    """

    def __init__(self, conn: sqlite3.Connection, data_dir: Path, lock: DataDirLock | None,
                 owns_lock: bool):
        self.db = Database(conn, recursive_triggers=False, execute_plugins=False)
        self.data_dir = data_dir
        self.path = data_dir / workspace_file.DB_NAME
        self.submissions_dir = data_dir / SUBMISSIONS_DIR
        self._lock = lock
        self._owns_lock = owns_lock

    @classmethod
    def open(cls, data_dir: Path | None = None) -> "Workspace":
        """Locks the workspace, checks and migrates its file, and makes the day's backup."""
        data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        folder = data_dir / SUBMISSIONS_DIR
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"无法使用数据目录 {data_dir}：{exc.strerror or exc}。"
                             "请确认它是一个可写的文件夹。") from exc
        # The lock file lives in submissions/, not beside answers.db: the school side's store
        # and this workspace may be open on the same data directory at once.
        lock = DataDirLock.acquire(folder)
        try:
            workspace = cls._open_locked(data_dir, lock)
        except BaseException:
            lock.release()
            raise
        _HELD[data_dir.resolve()] = lock
        return workspace

    @classmethod
    def _open_locked(cls, data_dir: Path, lock: DataDirLock) -> "Workspace":
        _remove_leftovers(data_dir / SUBMISSIONS_DIR)
        path = data_dir / workspace_file.DB_NAME
        created = not path.exists()
        if created:
            workspace_file.create(path)
        version = workspace_file.check(path)
        conn = database_connection(path, data_dir, version)
        workspace = cls(conn, data_dir, lock, owns_lock=True)
        if not created and not workspace_file.backed_up_today(data_dir):
            workspace.backup("daily")
        return workspace

    @classmethod
    def open_worker(cls, data_dir: Path | None = None) -> "Workspace":
        """A second, writable connection for a task thread, while the GUI's Workspace is open."""
        data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        lock = _HELD.get(data_dir.resolve())
        if lock is None or not lock.held:
            raise StoreError("督学工作区尚未打开，不能在后台导入")
        conn = workspace_file.connect(data_dir / workspace_file.DB_NAME)
        return cls(conn, data_dir, lock, owns_lock=False)

    def close(self) -> None:
        self.db.conn.close()
        if self._owns_lock and self._lock is not None:
            _HELD.pop(self.data_dir.resolve(), None)
            self._lock.release()
        self._lock = None

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def backup(self, reason: str = "manual") -> Path:
        return workspace_file.backup(self.db.conn, self.data_dir, reason)

    # --- transactions and settings ---------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Database]:
        """One transaction, committed (to disk: synchronous=FULL) when the block ends."""
        if self._lock is None:
            raise StoreError("督学工作区已关闭，不能修改")
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.OperationalError as exc:
            mapped = _store_error(exc)
            if mapped is None:
                raise
            raise mapped from exc

    def settings(self) -> dict[str, str]:
        """issuer, inspector, notice_prefix, visit_prefix, deadline_days (defaults filled in)."""
        stored = {r["key"]: r["value"] for r in self.db.query("SELECT key, value FROM settings")}
        return {key: stored.get(key, default) for key, default in SETTINGS.items()}

    def set_settings(self, **values: str) -> None:
        unknown = set(values) - set(SETTINGS)
        if unknown:
            raise StoreError(f"没有设置项「{'、'.join(sorted(unknown))}」")
        days = values.get("deadline_days")
        if days is not None and not (str(days).isdigit() and 1 <= int(days) <= 365):
            raise StoreError(f"默认整改期限应为 1 到 365 天，现为「{days}」")
        with self._transaction() as db:
            for key, value in values.items():
                self._set_setting(db, key, str(value).strip())

    @staticmethod
    def _set_setting(db: Database, key: str, value: str) -> None:
        db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])


def database_connection(path: Path, data_dir: Path, version: int) -> sqlite3.Connection:
    """The writable connection; an older file is backed up before it is migrated."""
    if 0 < version < workspace_file.SCHEMA_VERSION:
        reader = sqlite3.connect(path)
        try:
            workspace_file.backup(reader, data_dir, "before-migration")
        finally:
            reader.close()
    return workspace_file.connect(path)


def _remove_leftovers(folder: Path) -> None:
    """Half-copied packages of an import interrupted by a crash (only called under the lock)."""
    for leftover in folder.glob(".incoming-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _store_error(exc: sqlite3.OperationalError) -> StoreError | None:
    return database.user_error(exc, "督学工作区", "未能保存")
