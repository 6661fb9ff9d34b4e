"""Opening the database file: refuse foreign, damaged or newer files without touching them.

Every check runs on a read-only connection first, so a file that fails is left byte-for-byte as
it was; the writable connection is opened only after the file has passed.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from desktop.core.errors import StoreError
from desktop.core.store import wal
from desktop.core.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5.0


def read_only_connection(path: Path, immutable: bool = False) -> sqlite3.Connection:
    """A connection that can never write the file (nor checkpoint its WAL into it)."""
    uri = f"file:{quote(str(path.resolve()).replace(os.sep, '/'))}?mode=ro"
    if immutable:
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)


def check_file(path: Path, full: bool = False) -> int:
    """Checks a database file read-only and returns its schema version; raises StoreError.

    full=True runs PRAGMA integrity_check (for backups being restored) instead of quick_check.
    """
    _check_header(path)
    # A read-only connection still creates the -wal and -shm files of a WAL database; those it
    # made are removed again (empty), so a refused file is left exactly as it was found.
    companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    made = [p for p in companions if not p.exists()]
    try:
        conn = read_only_connection(path)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开数据库文件 {path}：{exc}。文件未作任何改动。") from exc
    try:
        return _check_contents(conn, path, full)
    except sqlite3.OperationalError as exc:
        raise StoreError(not_usable(path, str(exc))) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(_damaged(path, str(exc))) from exc
    finally:
        conn.close()
        _remove_empty_companions(made)


def _remove_empty_companions(made: list[Path]) -> None:
    wal = next((p for p in made if p.name.endswith("-wal")), None)
    if wal is not None and wal.exists() and wal.stat().st_size > 0:
        return  # never happens for a read-only connection; keep whatever was written
    for p in made:
        p.unlink(missing_ok=True)


def refuse_non_file(path: Path) -> None:
    """Something other than a regular file where the database belongs (a folder, a device): refused
    with the same message on every system. Windows reports a folder's size as 0, so without this it
    was taken for a new empty database and the write failed with a bare 「访问被拒绝」."""
    if path.exists() and not path.is_file():
        kind = "文件夹" if path.is_dir() else "特殊文件"
        raise StoreError(f"无法读取数据库文件 {path}：那里是一个{kind}，不是数据库文件。"
                         "程序没有改动它；请把它移走或改名，或换一个数据目录。")


def _check_header(path: Path) -> None:
    refuse_special_file(path)
    refuse_non_file(path)
    try:
        with path.open("rb") as f:
            head = f.read(100)
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件 {path}：{exc.strerror or exc}") from exc
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        raise StoreError(f"文件 {path} 不是本程序的数据库文件（可能已损坏，或是别的文件）。"
                         "文件未作任何改动；请从备份恢复，或换一个数据目录。")
    expected = _size_in_header(head)
    actual = path.stat().st_size
    if actual < expected and not _tail_in_wal(path, head, actual):
        # SQLite reads a missing tail as zeros and integrity_check can still say ok, while the
        # rows stored there come back as garbage: a short file must be caught here — unless the
        # WAL holds every missing page. That is what a full disk leaves: a checkpoint wrote page 1
        # (the new size) but the file could not grow, and SQLite reads those pages from the WAL.
        raise StoreError(_damaged(path, f"文件被截短：应有 {expected} 字节，只有 {actual} 字节"))


def refuse_special_file(path: Path) -> None:
    """A pipe (FIFO), socket or device where a file belongs: opening it would block for ever."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: the callers say so in their own words
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise StoreError(f"{path} 不是普通文件（可能是管道或设备文件），程序不能把它当作数据库打开。"
                         "请把它移走，或换一个数据目录；程序没有改动任何文件。")


def _tail_in_wal(path: Path, head: bytes, actual: int) -> bool:
    """Whether the committed frames of the database's WAL hold every page the file lacks."""
    contents = wal.read(Path(f"{path}-wal"))
    page_size = _page_size(head)
    if contents is None or contents.page_size != page_size:
        return False
    complete_pages = actual // page_size
    wanted = max(contents.database_pages, _size_in_header(head) // page_size)
    return all(page in contents.pages for page in range(complete_pages + 1, wanted + 1))


def _page_size(head: bytes) -> int:
    page_size = int.from_bytes(head[16:18], "big")
    return 65536 if page_size == 1 else page_size


def _size_in_header(head: bytes) -> int:
    """The database size the header records, or 0 when that field is not valid (SQLite file
    format §1.3.9: valid only when non-zero and the change counter equals version-valid-for)."""
    page_size = _page_size(head)
    pages = int.from_bytes(head[28:32], "big")
    if head[24:28] != head[92:96]:
        return 0
    return pages * page_size


def _check_contents(conn: sqlite3.Connection, path: Path, full: bool) -> int:
    pragma = "integrity_check" if full else "quick_check"
    problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}(5)")]
    if problems != ["ok"]:
        raise StoreError(_damaged(path, "；".join(problems[:3])))
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables != 0):
        raise StoreError(f"文件 {path} 是别的程序的 SQLite 数据库，不是本程序的数据。"
                         "文件未作任何改动；请换一个数据目录。")
    if version > SCHEMA_VERSION:
        raise StoreError(f"数据库 {path} 由较新版本的本程序创建（数据库版本 {version}，"
                         f"本程序只支持到 {SCHEMA_VERSION}）。请升级程序后再打开；文件未作任何改动。")
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    if missing := sorted(_tables_at(version) - present):
        # integrity_check is happy with a table dropped by another tool; the answers in it are not
        raise StoreError(_damaged(path, f"缺少数据表「{'」「'.join(missing)}」，可能被别的工具改动过"))
    return version


def _tables_at(version: int) -> set[str]:
    """The tables a database of this schema version must have (its migrations, run in memory)."""
    if version == 0:
        return set()
    conn = sqlite3.connect(":memory:")
    try:
        migrate(conn, target=version)
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    finally:
        conn.close()


def not_usable(path: Path, detail: str) -> str:
    """A file that may well be sound but cannot be read now: locked by another program, not
    writable (WAL needs its -shm file), a full disk. Saying "damaged" here would send the user to
    restore a backup over a good file."""
    if "locked" in detail or "busy" in detail:
        return (f"数据库文件 {path} 正被其他程序占用（{detail}），无法打开。请关闭可能打开它的程序"
                "（如数据库查看工具、同步或备份软件）后重试；文件未作任何改动。")
    if "readonly" in detail or "read-only" in detail or "unable to open" in detail:
        return (f"无法读写数据库文件 {path} 或其所在的文件夹（{detail}）。请确认数据目录可写，"
                "或换一个数据目录；文件未作任何改动。")
    if "I/O" in detail or "full" in detail:
        return (f"读写数据库文件 {path} 时磁盘出错（{detail}）。请确认磁盘有剩余空间、没有故障；"
                "文件未作任何改动。")
    return _damaged(path, detail)


def _damaged(path: Path, detail: str) -> str:
    return (f"数据库文件 {path} 已损坏（{detail}）。为保护数据，程序没有修改它；"
            f"请在「备份」中选一个备份恢复，或联系技术人员。")


def connect(path: Path) -> sqlite3.Connection:
    """The writable connection: WAL, synchronous=FULL (a commit survives power loss), foreign keys."""
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise StoreError(not_usable(path, str(exc))) from exc
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"无法以 WAL 模式打开数据库 {path}（{mode}）；"
                             "请确认数据目录在本机磁盘上且可写。")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(not_usable(path, str(exc))) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def create(path: Path, migrate_to_current: Callable[[sqlite3.Connection], object] = migrate,
           what: str = "数据库") -> None:
    """Creates a new database at the current schema, atomically: a crash leaves no half file.

    The supervisor's workspace file is made the same way with its own migrations.
    """
    refuse_non_file(path)
    temp = path.with_name(path.name + ".new")
    try:
        temp.unlink(missing_ok=True)
        conn = sqlite3.connect(temp)
        try:
            migrate_to_current(conn)
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
        fsync_file(temp)
        os.replace(temp, path)
        fsync_dir(path.parent)
    except (sqlite3.Error, OSError) as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"无法在 {path.parent} 中创建{what}（{exc}）。请确认磁盘有空间、"
                         "该目录可写。") from exc


def user_error(exc: sqlite3.OperationalError, file: str, lost: str) -> StoreError | None:
    """The user's side of a failed write (disk full, read-only file…); None for a programming error.

    file names what is written ("数据库"), lost what was not saved ("答案未能保存").
    """
    text = str(exc)
    if "full" in text:
        return StoreError(f"磁盘已满，{lost}。请清理磁盘空间后重试。")
    if "readonly" in text or "read-only" in text:
        return StoreError(f"{file}文件是只读的，{lost}。请检查文件权限。")
    if "locked" in text or "busy" in text:
        return StoreError(f"{file}正被其他程序占用，{lost}。请稍后重试。")
    if "I/O" in text:
        return StoreError(f"读写磁盘出错（{text}），{lost}。")
    return None


def fsync_file(path: Path) -> None:
    """Flushes a file's data to disk. Opened for writing because Windows' FlushFileBuffers refuses
    a read-only handle (a read-only open made every new database fail there)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Makes a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
