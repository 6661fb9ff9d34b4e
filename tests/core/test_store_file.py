"""The database file: migrations, refusing foreign or damaged files untouched, the lock, backups."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.assessment import School
from desktop.core.errors import StoreError
from desktop.core.store import DB_NAME, SCHEMA_VERSION, AnswerStore
from desktop.core.store.schema import APPLICATION_ID, migrate

REPO = Path(__file__).resolve().parents[2]
PAGE = 4096


def filled_store(data_dir: Path, answers: int = 400) -> Path:
    """A closed store with enough rows to span many pages; returns the database path."""
    with AnswerStore.open(data_dir) as store:
        school = store.add_school(School("测试学校", "小学", code="1000000001"))
        aid = store.create_assessment(school, "2025年度", [("yzjh", "1")])
        for n in range(answers):
            store.set_answer(aid, "yzjh", f"item_{n}", f"第 {n} 条的较长说明文字" * 3)
        return store.path


# --- migrations ------------------------------------------------------------------------------

def test_a_new_directory_gets_the_current_schema(tmp_path: Path):
    with AnswerStore.open(tmp_path / "new") as store:
        conn = store.db.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert {"schools", "assessments", "answers", "audit", "evidence", "blobs"} <= tables
    assert not list((tmp_path / "new").glob("*.new"))


@pytest.mark.parametrize("kind", ["zero-length file", "empty sqlite database"])
def test_an_empty_file_is_migrated(tmp_path: Path, kind: str):
    path = tmp_path / DB_NAME
    if kind == "zero-length file":
        path.write_bytes(b"")
    else:
        sqlite3.connect(path).execute("VACUUM").connection.close()
        assert path.stat().st_size > 0
    with AnswerStore.open(tmp_path) as store:
        store.add_school(School("学校", "小学"))
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migration_from_version_1_keeps_the_data(tmp_path: Path):
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    assert migrate(conn, target=1) == 1
    at = "2024-11-01T09:00:00"
    conn.execute("INSERT INTO schools (name, type, created_at, updated_at) VALUES ('旧学校', '小学', ?, ?)",
                 [at, at])
    conn.execute("INSERT INTO assessments (school_id, period, created_at, updated_at) "
                 "VALUES (1, '2024年度', ?, ?)", [at, at])
    conn.execute("INSERT INTO assessment_checklists VALUES (1, 'yzjh', '2024.1', 0, '', '', '', '', '')")
    conn.execute("INSERT INTO answers VALUES (1, 'yzjh', 'students_primary', 'number', '640', "
                 "'2024.1', ?, 0)", [at])
    conn.execute("INSERT INTO blobs VALUES (?, 3, 'jpg', ?)", ["a" * 64, at])
    conn.execute("INSERT INTO evidence (assessment_id, checklist_id, item_id, sha256, name, size, "
                 "added_at) VALUES (1, 'yzjh', 'x', ?, '旧照片.jpg', 3, ?)", ["a" * 64, at])
    conn.commit()
    conn.close()
    with AnswerStore.open(tmp_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        snap = store.snapshot(1)
        assert any(b.name.endswith("-before-migration.db") for b in store.backups())
    assert snap.answers == {"yzjh": {"students_primary": Fraction(640)}}
    assert [(e.name, e.code) for e in snap.evidence] == [("旧照片.jpg", "")]


# --- foreign and damaged files ----------------------------------------------------------------

def _text(path: Path) -> None:
    path.write_text("这不是数据库。\n" * 500, encoding="utf-8")


def _zeros(path: Path) -> None:
    path.write_bytes(bytes(PAGE * 8))


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _random_middle_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    rng = random.Random(7)
    for page in range(pages // 3, 2 * pages // 3):
        data[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _foreign_sqlite(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, title TEXT)")
    conn.commit()
    conn.close()


DAMAGE = {
    "text file": (_text, "不是本程序的数据库文件"),
    "zero-filled file": (_zeros, "不是本程序的数据库文件"),
    "truncated database": (_truncated, "已损坏"),
    "random bytes in middle pages": (_random_middle_pages, "已损坏"),
    "newer schema": (_newer, "较新版本"),
    "another program's database": (_foreign_sqlite, "别的程序"),
}


@pytest.mark.parametrize("damage,message", DAMAGE.values(), ids=DAMAGE.keys())
def test_foreign_or_damaged_files_are_refused_untouched(tmp_path: Path, damage, message: str):
    path = filled_store(tmp_path)
    damage(path)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=message) as info:
        AnswerStore.open(tmp_path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()
    # Refusing releases the lock: after the user fixes things, the directory opens.
    path.unlink()
    AnswerStore.open(tmp_path).close()


def test_every_middle_page_overwritten_alone_is_detected(tmp_path: Path):
    """quick_check notices random bytes in any single b-tree page of a filled database."""
    original = filled_store(tmp_path).read_bytes()
    pages = len(original) // PAGE
    rng = random.Random(11)
    for page in range(1, pages):
        damaged = bytearray(original)
        damaged[page * PAGE:(page + 1) * PAGE] = rng.randbytes(PAGE)
        (tmp_path / DB_NAME).write_bytes(bytes(damaged))
        with pytest.raises(StoreError):
            AnswerStore.open(tmp_path)


# --- the lock --------------------------------------------------------------------------------

def test_a_second_open_in_the_same_process_is_refused(tmp_path: Path):
    with AnswerStore.open(tmp_path):
        with pytest.raises(StoreError, match="正被另一个正在运行的学校督导自评助手使用"):
            AnswerStore.open(tmp_path)
    AnswerStore.open(tmp_path).close()


HOLDER = """
import sys, time
from desktop.core.store import AnswerStore
store = AnswerStore.open(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


def test_the_lock_holds_against_another_process_until_it_is_killed(tmp_path: Path):
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path)], cwd=REPO,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=f"进程号 {child.pid}"):
            AnswerStore.open(tmp_path)
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    with AnswerStore.open(tmp_path) as store:  # the dead process left its pid: a stale lock
        assert store.schools() == []


def test_a_stale_pid_is_ignored_where_the_os_cannot_lock(tmp_path: Path, monkeypatch):
    import errno
    from desktop.core.store import lock
    (tmp_path / lock.LOCK_NAME).write_text("999999999\n")

    def unsupported(fd: int) -> None:
        raise OSError(errno.ENOLCK, "no locks")
    monkeypatch.setattr(lock, "_os_lock", unsupported)
    monkeypatch.setattr(lock, "_unlock", lambda fd: None)
    held = lock.DataDirLock.acquire(tmp_path)
    assert (tmp_path / lock.LOCK_NAME).read_text().strip() == str(os.getpid())
    held.release()
    (tmp_path / lock.LOCK_NAME).write_text(f"{os.getppid()}\n")  # a live process
    with pytest.raises(StoreError, match=f"进程号 {os.getppid()}"):
        lock.DataDirLock.acquire(tmp_path)


# --- backups ---------------------------------------------------------------------------------

def _one_answer(store: AnswerStore) -> int:
    school = store.add_school(School("测试学校", "小学"))
    return store.create_assessment(school, "2025年度", [("yzjh", "1")])


def test_a_new_file_is_not_backed_up(tmp_path: Path):
    with AnswerStore.open(tmp_path) as store:
        assert store.backups() == []


def test_daily_backup_is_made_once(tmp_path: Path):
    with AnswerStore.open(tmp_path) as store:
        _one_answer(store)
    for _ in range(3):
        with AnswerStore.open(tmp_path) as store:
            pass
    names = [p.name for p in store.backups()]
    assert len(names) == 1 and names[0].endswith("-daily.db")


def test_backups_rotate_per_kind(tmp_path: Path, monkeypatch):
    from desktop.core.store import backups
    monkeypatch.setattr(backups, "KEEP", 3)
    with AnswerStore.open(tmp_path) as store:
        _one_answer(store)
        made = [store.backup() for _ in range(5)]
        assert store.backups() == list(reversed(made[-3:]))
        for path in store.backups():
            conn = sqlite3.connect(path)
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            conn.close()


def test_backup_and_restore_round_trip(tmp_path: Path):
    with AnswerStore.open(tmp_path) as store:
        aid = _one_answer(store)
        store.set_answer(aid, "yzjh", "students_primary", Fraction(800))
        backup = store.backup()
        store.set_answer(aid, "yzjh", "students_primary", Fraction(900))
        with pytest.raises(StoreError, match="正被另一个"):
            AnswerStore.restore(tmp_path, backup)  # not while the store is open
    AnswerStore.restore(tmp_path, backup)
    with AnswerStore.open(tmp_path) as store:
        assert store.answers(aid, "yzjh") == {"students_primary": Fraction(800)}
        saved = [p for p in store.backups() if p.name.endswith("-before-restore.db")]
    assert len(saved) == 1  # the replaced file was kept: restoring it brings 900 back
    AnswerStore.restore(tmp_path, saved[0])
    with AnswerStore.open(tmp_path) as store:
        assert store.answers(aid, "yzjh") == {"students_primary": Fraction(900)}


def test_a_damaged_backup_is_not_restored(tmp_path: Path):
    with AnswerStore.open(tmp_path) as store:
        aid = _one_answer(store)
        store.set_answer(aid, "yzjh", "students_primary", Fraction(800))
        backup = store.backup()
    _truncated(backup)
    before = (tmp_path / DB_NAME).read_bytes()
    with pytest.raises(StoreError, match=f"备份 {backup.name} 不能用于恢复"):
        AnswerStore.restore(tmp_path, backup)
    assert (tmp_path / DB_NAME).read_bytes() == before


def test_restoring_over_a_damaged_file_keeps_a_copy_of_it(tmp_path: Path):
    path = filled_store(tmp_path)
    with AnswerStore.open(tmp_path) as store:
        backup = store.backup()
    _random_middle_pages(path)
    damaged = path.read_bytes()
    AnswerStore.restore(tmp_path, backup)
    with AnswerStore.open(tmp_path) as store:
        assert len(store.answers(1, "yzjh")) == 400
        copies = [p for p in store.backups() if p.name.endswith("-damaged.db")]
    assert [c.read_bytes() for c in copies] == [damaged]
