"""Rotating backups of the database with SQLite's backup API, and restoring one of them.

A backup is a complete, self-contained database file (rollback journal, not WAL) named
answers-YYYYMMDD-HHMMSS-REASON-nSEQ.db in data_dir/backups/. Each reason keeps its own last KEEP
files, so a burst of manual backups never pushes out the daily ones.

The order of backups is the order they were made — SEQ, one more than the highest in the folder —
never the wall-clock time in the name alone: a clock set back would otherwise make the backup just
made the "oldest" and rotate it away at once, and one made while the clock was ahead would stay
"newest" for years while every real daily backup went. Files from before SEQ (none in the name)
come first, in the order of their names.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.core.store.database import check_file, fsync_dir, fsync_file, read_only_connection

BACKUP_DIR = "backups"
KEEP = 10
AUTOMATIC = ("daily", "before-migration", "before-restore")
PREFIX = "answers"


def _pattern(prefix: str) -> re.Pattern[str]:
    return re.compile(rf"^{prefix}-(\d{{8}}-\d{{6}})-([a-z][a-z-]*?)(?:-(\d+))?(?:-n(\d+))?\.db$")


_NAME = _pattern(PREFIX)


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR


def list_backups(data_dir: Path) -> list[Path]:
    """Backups, the last made first."""
    return ordered(backup_dir(data_dir), PREFIX)


def ordered(folder: Path, prefix: str) -> list[Path]:
    """The backups named prefix-… in folder, the last made first (by sequence, then name)."""
    if not folder.is_dir():
        return []
    name = _pattern(prefix)
    found = [(int(m.group(4) or 0), m.group(1), int(m.group(3) or 0), p.name, p)
             for p in folder.iterdir() if (m := name.match(p.name)) and p.is_file()]
    return [p for *_, p in sorted(found, reverse=True)]


def new_name(folder: Path, prefix: str, reason: str) -> Path:
    """A name no backup has yet, whose sequence is above every other backup's in the folder."""
    name = _pattern(prefix)
    highest = max((int(m.group(4) or 0) for p in folder.iterdir() if (m := name.match(p.name))),
                  default=0)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return folder / f"{prefix}-{stamp}-{reason}-n{highest + 1}.db"


def parse_name(path: Path) -> tuple[dt.datetime, str] | None:
    """When a backup was made and why, from its name."""
    m = _NAME.match(path.name)
    if not m:
        return None
    return dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S"), m.group(2)


def made_today(data_dir: Path, reason: str) -> bool:
    today = dt.date.today()
    return any((info := parse_name(p)) and info[1] == reason and info[0].date() == today
               for p in list_backups(data_dir))


def write_backup(source: sqlite3.Connection, data_dir: Path, reason: str) -> Path:
    """Copies the live database (WAL included) into a new backup file, then rotates."""
    if not re.fullmatch(r"[a-z][a-z-]*[a-z]", reason):
        raise ValueError(f"backup reason {reason!r}")
    folder = backup_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = new_name(folder, PREFIX, reason)
    temp = target.with_suffix(".tmp")
    copy_database(source, temp)
    os.replace(temp, target)
    fsync_dir(folder)
    rotate(data_dir, reason, just_made=target)
    return target


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy through the backup API, as one plain file, flushed to disk."""
    target.unlink(missing_ok=True)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    fsync_file(target)


def rotate(data_dir: Path, reason: str, keep: int | None = None,
           just_made: Path | None = None) -> list[Path]:
    """Deletes the earliest made backups of this reason beyond `keep` (KEEP); returns those deleted.

    The backup just made is never among them, whatever its name says.
    """
    keep = KEEP if keep is None else keep
    same = [p for p in list_backups(data_dir) if (info := parse_name(p)) and info[1] == reason]
    return remove_beyond(same, keep, just_made)


def remove_beyond(last_made_first: list[Path], keep: int, just_made: Path | None) -> list[Path]:
    old = [p for p in last_made_first[keep:] if p != just_made]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def remove_temp_files(data_dir: Path) -> None:
    """Leftovers of a backup or restore interrupted by a crash (only called under the lock)."""
    for pattern in ("*.tmp",):
        for path in backup_dir(data_dir).glob(pattern):
            path.unlink(missing_ok=True)
    for name in ("answers.db.new", "answers.db.restore"):
        (data_dir / name).unlink(missing_ok=True)


def verify_backup(path: Path) -> int:
    """Full integrity check of a backup before it is restored; returns its schema version."""
    if not path.is_file():
        raise StoreError(f"找不到备份文件 {path}")
    try:
        return check_file(path, full=True)
    except StoreError as exc:
        raise StoreError(f"备份 {path.name} 不能用于恢复：{exc}") from exc


def restore_file(data_dir: Path, db_path: Path, backup: Path) -> Path | None:
    """Replaces db_path by the backup; the current file is saved first. Returns that saved copy.

    Caller holds the directory lock, so no connection to db_path is open.
    """
    verify_backup(backup)
    saved = _save_current(data_dir, db_path) if db_path.exists() else None
    temp = data_dir / "answers.db.restore"
    source = read_only_connection(backup)
    try:
        copy_database(source, temp)
    finally:
        source.close()
    # The old file's WAL must go before the new file takes its name, or SQLite would replay
    # the old transactions into the restored database. Its content is in the saved copy.
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    os.replace(temp, db_path)
    fsync_dir(data_dir)
    return saved


def _save_current(data_dir: Path, db_path: Path) -> Path:
    """Backs up the file being replaced; a damaged one is copied byte for byte, WAL included."""
    try:
        check_file(db_path)
        conn = read_only_connection(db_path)
        try:
            return write_backup(conn, data_dir, "before-restore")
        finally:
            conn.close()
    except (StoreError, sqlite3.Error):
        folder = backup_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        target = new_name(folder, PREFIX, "damaged")
        for suffix in ("", "-wal"):
            source = Path(str(db_path) + suffix)
            if source.exists():
                shutil.copy2(source, Path(str(target) + suffix))
        return target
