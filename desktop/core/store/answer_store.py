"""AnswerStore: every answer, school and assessment in one SQLite file, saved the moment it changes.

Threads: an AnswerStore and its sqlite3 connection belong to the thread that opened it (sqlite3
refuses use from another thread). A background worker either receives plain data (snapshot()) or
opens its own connection with AnswerStore.open_reader(data_dir), which reads and never writes.
"""

from __future__ import annotations

import os

import sqlite3
from pathlib import Path

from desktop import paths
from desktop.core.assessment import AssessmentSnapshot, School
from desktop.core.errors import StoreError
from desktop.core.period_names import normalise as normalise_period
from desktop.core.store import backups as backup_files
from desktop.core.store import database, periods, snapshots, wal_owner
from desktop.core.store.answer_sources import AnswerSources
from desktop.core.store.attachments import Attachments
from desktop.core.store.base import DB_NAME, check_date, check_new_assessment
from desktop.core.store.evidence import BlobStore
from desktop.core.store.item_data import ItemData
from desktop.core.store.lock import DataDirLock
from desktop.core.store.records import STATUSES, AssessmentInfo, now, school_from_row, school_row
from desktop.core.store.schema import SCHEMA_VERSION, migrate


class AnswerStore(ItemData, Attachments, AnswerSources):
    """The user's data. Open with AnswerStore.open(); close() or use as a context manager.

    Attributes:
        path: the database file.
        data_dir: the folder holding it, its backups/ and evidence/.
    """

    # --- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | None = None) -> "AnswerStore":
        """Locks the directory, checks the file, migrates it, and makes the day's backup."""
        data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # e.g. a file where the folder should be
            raise StoreError(f"无法使用数据目录 {data_dir}：{exc.strerror or exc}。"
                             "请确认它是一个可写的文件夹。") from exc
        lock = DataDirLock.acquire(data_dir)
        try:
            return cls._open_locked(data_dir, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_locked(cls, data_dir: Path, lock: DataDirLock) -> "AnswerStore":
        backup_files.remove_temp_files(data_dir)
        BlobStore(data_dir).remove_temp_files()
        path = data_dir / DB_NAME
        _refuse_dangling_link(path)
        for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            database.refuse_special_file(companion)
        _refuse_orphan_wal(path, data_dir)
        _keep_unclean_pair(path, data_dir)
        notices = [n for n in [wal_owner.set_aside_foreign_wal(path, backup_files.backup_dir(data_dir))] if n]
        created = _is_new(path)
        if created:
            database.create(path)
        # integrity_check, not quick_check: a damaged index passes quick_check, and the daily
        # backups copied from such a file could not be restored (verify_backup runs the full check).
        try:
            version = database.check_file(path, full=True)
        except StoreError as exc:
            raise StoreError(f"{exc}{_backups_hint(data_dir)}") from exc
        if 0 < version < SCHEMA_VERSION:
            cls._backup_file(path, data_dir, "before-migration")
        conn = database.connect(path)
        try:
            migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"无法升级数据库 {path}：{exc}。文件保持原样。") from exc
        try:
            generation = wal_owner.new_generation(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise database.user_error(exc, "数据库", "程序无法打开数据") or StoreError(
                f"无法打开数据库 {path}：{exc}。文件保持原样。") from exc
        store = cls(conn, data_dir, lock)
        store._generation = generation
        store.notices = notices
        store.normalise_periods()
        if not created and not backup_files.made_today(data_dir, "daily"):
            try:
                store.backup("daily")
            except BaseException:
                conn.close()  # the caller releases the lock; leave no connection behind either
                raise
        return store

    @staticmethod
    def _backup_file(path: Path, data_dir: Path, reason: str) -> Path:
        conn = database.read_only_connection(path)
        try:
            return backup_files.write_backup(conn, data_dir, reason)
        finally:
            conn.close()

    @classmethod
    def open_reader(cls, data_dir: Path | None = None) -> "AnswerStore":
        """A read-only store for a worker thread, used alongside the open one; writes raise."""
        data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
        path = data_dir / DB_NAME
        database.refuse_special_file(path)
        try:
            conn = database.read_only_connection(path)
        except sqlite3.Error as exc:
            raise StoreError(database.not_usable(path, str(exc))) from exc
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(database.not_usable(path, str(exc))) from exc
        if version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"数据库 {data_dir / DB_NAME} 尚未打开或版本不符，不能只读打开")
        return cls(conn, data_dir, None)

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "AnswerStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- schools --------------------------------------------------------------------------------

    def add_school(self, school: School) -> int:
        with self._transaction() as db:
            self._check_code_free(school.code, None)
            at = now()
            return db["schools"].insert({**school_row(school), "created_at": at, "updated_at": at}).last_pk

    def update_school(self, school_id: int, school: School) -> None:
        self.school(school_id)
        with self._transaction() as db:
            self._check_code_free(school.code, school_id)
            db["schools"].update(school_id, {**school_row(school), "updated_at": now()})

    def _check_code_free(self, code: str, school_id: int | None) -> None:
        if not code.strip():
            return
        row = self.db.execute("SELECT id, name FROM schools WHERE code = ? AND id IS NOT ?",
                              [code, school_id]).fetchone()
        if row is not None:
            raise StoreError(f"学校标识码 {code} 已被「{row[1]}」使用")

    def school(self, school_id: int) -> School:
        rows = list(self.db["schools"].rows_where("id = ?", [school_id]))
        if not rows:
            raise StoreError(f"找不到编号为 {school_id} 的学校")
        return school_from_row(rows[0])

    def schools(self) -> list[tuple[int, School]]:
        return [(row["id"], school_from_row(row))
                for row in self.db["schools"].rows_where(order_by="name, id")]

    # --- assessments ----------------------------------------------------------------------------

    def create_assessment(self, school_id: int, period: str, checklists: list[tuple[str, str]],
                          overlay: str = "", data_date: str = "", copy_from: int | None = None) -> int:
        """A new assessment; the school's other assessments become read-only (归档).

        copy_from: an earlier assessment of the same school whose answers (marked 待复核), notes
        and open 整改 plans are carried over.
        """
        check_new_assessment(period, checklists, data_date)
        period = normalise_period(period)
        self.school(school_id)
        with self._transaction() as db:
            if copy_from is not None:
                self._check_copy_source(copy_from, school_id)
            if db.execute("SELECT 1 FROM assessments WHERE school_id = ? AND period = ?",
                          [school_id, period.strip()]).fetchone():
                raise StoreError(f"该学校已有「{period.strip()}」的评估")
            at = now()
            new_id = db["assessments"].insert({
                "school_id": school_id, "period": period.strip(), "overlay": overlay,
                "data_date": data_date, "status": STATUSES[0], "copied_from": copy_from,
                "created_at": at, "updated_at": at}).last_pk
            db["assessment_checklists"].insert_all(
                {"assessment_id": new_id, "checklist_id": c, "version": v, "position": n}
                for n, (c, v) in enumerate(checklists))
            if copy_from is not None:
                periods.carry_over(db, copy_from, new_id, at)
            db.execute("UPDATE assessments SET read_only = 1 WHERE school_id = ? AND id != ?",
                       [school_id, new_id])
        return new_id

    def normalise_periods(self) -> int:
        """Maps free-text period names of older versions to 「2025—2026学年」/「2025年度」."""
        with self._transaction() as db:
            return periods.normalise_names(db)

    def _check_copy_source(self, source_id: int, school_id: int) -> None:
        row = self.db.execute("SELECT school_id FROM assessments WHERE id = ?", [source_id]).fetchone()
        if row is None:
            raise StoreError(f"找不到要复制的评估（编号 {source_id}）")
        if row[0] != school_id:
            raise StoreError("只能从同一所学校的上一期评估复制数据")

    def assessments(self, school_id: int | None = None) -> list[AssessmentInfo]:
        """Assessments, newest first (of one school when given)."""
        where, params = ("WHERE a.school_id = ?", [school_id]) if school_id is not None else ("", [])
        rows = self.db.execute(f"""
            SELECT a.*, s.name AS school_name FROM assessments a JOIN schools s ON s.id = a.school_id
            {where} ORDER BY a.created_at DESC, a.id DESC""", params).fetchall()
        columns = [d[0] for d in self.db.execute("SELECT a.*, '' AS school_name FROM assessments a "
                                                 "LIMIT 0").description]
        return [self._info(dict(zip(columns, row))) for row in rows]

    def assessment(self, assessment_id: int) -> AssessmentInfo:
        found = [a for a in self.assessments() if a.id == assessment_id]
        if not found:
            raise StoreError(f"找不到编号为 {assessment_id} 的评估")
        return found[0]

    def _info(self, row: dict) -> AssessmentInfo:
        return AssessmentInfo(
            id=row["id"], school_id=row["school_id"], school_name=row["school_name"],
            period=row["period"], status=row["status"], overlay=row["overlay"],
            checklists=self.checklists(row["id"]), created_at=row["created_at"],
            updated_at=row["updated_at"], read_only=bool(row["read_only"]),
            data_date=row["data_date"], copied_from=row["copied_from"])

    def checklists(self, assessment_id: int) -> tuple[tuple[str, str], ...]:
        rows = self.db.execute("SELECT checklist_id, version FROM assessment_checklists "
                               "WHERE assessment_id = ? ORDER BY position", [assessment_id])
        return tuple((c, v) for c, v in rows)

    def latest_assessment(self) -> int | None:
        """The assessment worked on most recently (to reopen at start), preferring editable ones."""
        row = self.db.execute("SELECT id FROM assessments ORDER BY read_only, updated_at DESC, "
                              "id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def set_status(self, assessment_id: int, status: str) -> None:
        if status not in STATUSES:
            raise StoreError(f"评估状态应为 {'、'.join(STATUSES)} 之一，现为「{status}」")
        with self._transaction() as db:
            self._editable(assessment_id)
            db.execute("UPDATE assessments SET status = ? WHERE id = ?", [status, assessment_id])

    def set_data_date(self, assessment_id: int, data_date: str) -> None:
        check_date(data_date, "数据日期")
        with self._transaction() as db:
            self._editable(assessment_id)
            db.execute("UPDATE assessments SET data_date = ? WHERE id = ?", [data_date, assessment_id])

    def set_read_only(self, assessment_id: int, read_only: bool) -> None:
        """Archives an assessment, or reopens an archived one (an explicit user decision)."""
        with self._transaction() as db:
            if db.execute("UPDATE assessments SET read_only = ? WHERE id = ?",
                          [int(read_only), assessment_id]).rowcount == 0:
                raise StoreError(f"找不到编号为 {assessment_id} 的评估")

    def delete_assessment(self, assessment_id: int) -> None:
        """Deletes an assessment and everything in it (evidence files still used elsewhere stay)."""
        with self._transaction() as db:
            hashes = self._evidence_hashes(assessment_id)
            if db.execute("DELETE FROM assessments WHERE id = ?", [assessment_id]).rowcount == 0:
                raise StoreError(f"找不到编号为 {assessment_id} 的评估")
            self._drop_unused_blob_rows(hashes)
        self.blobs.delete_unreferenced(hashes, self.db.conn)

    def snapshot(self, assessment_id: int) -> AssessmentSnapshot:
        """The whole assessment as plain data (for reports, exports, worker threads)."""
        return snapshots.build(self.db, assessment_id)

    # --- backups ----------------------------------------------------------------------------------

    def backup(self, reason: str = "manual") -> Path:
        """A backup of the database now; the oldest of the same kind beyond the last 10 go."""
        if self._lock is None:
            raise StoreError("只读打开的数据库不能做备份")
        try:
            target = backup_files.write_backup(self.db.conn, self.data_dir, reason)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"备份失败：{exc}。请确认磁盘有空间。") from exc
        known = {row[0] for row in self.db.execute("SELECT sha256 FROM blobs")}
        self.blobs.delete_unreferenced(self.blobs.all_hashes() - known, self.db.conn)
        return target

    def backups(self) -> list[Path]:
        """Backups, newest first."""
        return backup_files.list_backups(self.data_dir)

    @staticmethod
    def restore(data_dir: Path, backup: Path) -> None:
        """Replaces the database by a backup; only while no store is open on data_dir.

        The backup is checked in full first; the current file is itself backed up (or, if
        damaged, copied as it is) before it is replaced.
        """
        data_dir = Path(data_dir)
        lock = DataDirLock.acquire(data_dir)
        try:
            backup_files.remove_temp_files(data_dir)
            backup_files.restore_file(data_dir, data_dir / DB_NAME, Path(backup))
        finally:
            lock.release()


def _backups_hint(data_dir: Path) -> str:
    """Where the backups are: a store that refuses to open cannot list them in its own dialog."""
    found = backup_files.list_backups(data_dir)
    if not found:
        return ""
    return (f"\n自动备份保存在 {backup_files.backup_dir(data_dir)}，共 {len(found)} 个，"
            f"最新的是 {found[0].name}。")


UNCLEAN_KEPT = 5  # copies of a database and WAL left by a crash


def _refuse_dangling_link(path: Path) -> None:
    """A link to a database on a drive that is not there: never replace it with an empty file."""
    if path.is_symlink() and not path.exists():
        raise StoreError(f"数据库文件 {path} 是指向 {os.readlink(path)} 的链接，但链接的目标不存在"
                         "（可能是移动硬盘或网络盘未连接）。请先连接该磁盘再打开程序；程序没有改动任何文件。")


def _keep_unclean_pair(path: Path, data_dir: Path) -> None:
    """Copies the database and its WAL aside when the last session did not close cleanly.

    SQLite replays a WAL left by a crash, but one whose header or a frame is damaged is ignored and
    then overwritten: the answers committed in it would be gone without a word. A clean close
    checkpoints and removes the WAL, so a non-empty WAL here means an unclean end; its bytes are
    kept in backups/unclean-<time>/ before SQLite touches them (the last few are kept).
    """
    wal = Path(str(path) + "-wal")
    if not (path.exists() and wal.exists() and wal.stat().st_size > 0):
        return
    import datetime as dt
    import shutil
    folder = data_dir / "backups" / f"unclean-{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
    try:
        folder.mkdir(parents=True)
        for source in (path, wal):
            shutil.copy2(source, folder / source.name)
    except OSError as exc:
        raise StoreError(f"上次程序没有正常退出，打开前需要先把数据库和日志文件另存一份，但保存失败"
                         f"（{exc.strerror or exc}）。请确认磁盘有空间、数据目录可写。程序没有改动任何文件。") from exc
    kept = sorted((data_dir / "backups").glob("unclean-*"))
    for old in kept[:-UNCLEAN_KEPT]:
        shutil.rmtree(old, ignore_errors=True)


def _refuse_orphan_wal(path: Path, data_dir: Path) -> None:
    """A WAL without its database holds committed changes: never start a new file beside it
    (SQLite would replay the old pages into the new database)."""
    wal = Path(str(path) + "-wal")
    if not path.exists() and wal.exists() and wal.stat().st_size > 0:
        raise StoreError(f"数据库文件 {path} 不见了，只留下它的日志文件 {wal.name}（其中有尚未写入"
                         "数据库的修改）。为保护数据，程序没有改动任何文件；请把数据库文件放回原处，"
                         f"或从备份恢复。{_backups_hint(data_dir)}")


def _is_new(path: Path) -> bool:
    """No database yet: no file, or an empty one (what sqlite3.connect leaves) with no WAL."""
    if not path.exists():
        return True
    wal = Path(str(path) + "-wal")
    return path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size > 0)
