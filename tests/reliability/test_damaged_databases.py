"""Damaged, foreign, locked and unwritable databases: refused with a Chinese StoreError, never touched.

For every kind of damage the store must (1) raise StoreError whose message is a Chinese sentence
naming the problem, (2) leave every file in the data directory byte-for-byte as it was (hashes
before and after), and (3) where the data is damaged, say where the backups are — and restoring
the newest one must bring back all 400 answers (the damaged file is kept as a copy).
Cases that need another process (locks, permissions, a size limit) run tests/reliability/store_probe.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from desktop.core.assessment import School
from desktop.core.errors import StoreError
from desktop.core.store.backups import parse_name
from desktop.core.store import DB_NAME, SCHEMA_VERSION, AnswerStore
from desktop.core.store.backups import list_backups

PAGE = 4096
ANSWERS = 400
PROBE = Path(__file__).with_name("store_probe.py")
CHINESE = re.compile(r"[\u4e00-\u9fff]{4}")
DAMAGED = "已损坏"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
NOT_OURS = "不是本程序的数据库文件"


# --- a filled store with a backup, copied for each test -------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A closed store: one assessment with 400 long answers, and the day's backup of it."""
    folder = tmp_path_factory.mktemp("template") / "store"
    with AnswerStore.open(folder) as store:
        school = store.add_school(School("测试学校", "小学", code="1000000001"))
        aid = store.create_assessment(school, "2025年度", [("yzjh", "1")])
        store.db.execute("PRAGMA synchronous = OFF")  # only to build the sample quickly
        for n in range(ANSWERS):
            store.set_answer(aid, "yzjh", f"item_{n}", f"第 {n} 条的较长说明文字" * 3)
    AnswerStore.open(folder).close()  # the second open makes the daily backup
    assert len(list_backups(folder)) == 1
    return folder


@pytest.fixture
def data_dir(template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    shutil.copytree(template, folder)
    return folder


def fingerprint(folder: Path) -> dict[str, str]:
    """SHA-256 of every file the store could touch (the lock file and backups/ aside)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative == "store.lock" or relative.startswith("backups/"):
            continue
        found[relative] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def assert_chinese(message: str) -> None:
    assert CHINESE.search(message), message
    assert "Traceback" not in message


def assert_restorable(data_dir: Path) -> None:
    """The newest backup restores every answer; the replaced file is kept among the backups
    (byte for byte when it fails the quick check, else as a backup-API copy)."""
    damaged = (data_dir / DB_NAME).read_bytes()
    AnswerStore.restore(data_dir, list_backups(data_dir)[0])
    with AnswerStore.open(data_dir) as store:
        assert len(store.answers(store.assessments()[0].id, "yzjh")) == ANSWERS
        kept = [p for p in store.backups() if parse_name(p)[1] in ("damaged", "before-restore")]
    assert len(kept) == 1
    assert parse_name(kept[0])[1] == "before-restore" or kept[0].read_bytes() == damaged


# --- damage done to the bytes of the file -------------------------------------------------------

def truncate_to(size: int | Callable[[int], int]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = path.read_bytes()
        path.write_bytes(data[: size(len(data)) if callable(size) else size])
    return damage


def overwrite(offset: Callable[[int], int], data: Callable[[random.Random], bytes]) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        content = bytearray(path.read_bytes())
        at = offset(len(content))
        chunk = data(random.Random(at))
        content[at:at + len(chunk)] = chunk
        path.write_bytes(bytes(content))
    return damage


def zero_page(page: Callable[[int], int]) -> Callable[[Path], None]:
    return overwrite(lambda n: page(n // PAGE) * PAGE, lambda rng: bytes(PAGE))


def random_bytes(count: int) -> Callable[[random.Random], bytes]:
    return lambda rng: rng.randbytes(count)


def index_bit_flip(path: Path) -> None:
    """One flipped bit in a leaf page of the answers' primary-key index: quick_check misses it."""
    pages = index_leaf_pages(path, "sqlite_autoindex_answers_1")
    content = bytearray(path.read_bytes())
    content[(pages[len(pages) // 2] - 1) * PAGE + 2000] ^= 0x10
    path.write_bytes(bytes(content))


def index_leaf_pages(path: Path, index: str) -> list[int]:
    """The leaf pages of an index b-tree, in key order, read from the file (SQLite file format
    §1.6). Not the dbstat table: Windows' sqlite3.dll is built without it."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (index,)).fetchone()[0]
    conn.close()
    content = path.read_bytes()

    def leaves(number: int) -> list[int]:
        start = (number - 1) * PAGE
        header = start + (100 if number == 1 else 0)
        kind, cells = content[header], int.from_bytes(content[header + 3:header + 5], "big")
        if kind == 0x0A:  # index leaf
            return [number]
        assert kind == 0x02, f"page {number} is not an index page ({kind:#x})"
        children = [int.from_bytes(content[start + offset:start + offset + 4], "big")
                    for offset in (int.from_bytes(content[header + 12 + 2 * i:header + 14 + 2 * i], "big")
                                   for i in range(cells))]
        children.append(int.from_bytes(content[header + 8:header + 12], "big"))  # right-most
        return [leaf for child in children for leaf in leaves(child)]

    return leaves(root)


def wrong_magic(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[:16] = b"SQLite format 2\x00"
    path.write_bytes(bytes(content))


def newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def foreign_database(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()


def text_file(path: Path) -> None:
    path.write_text("学校,学生数\n城关镇第一学校,1080\n" * 200, encoding="utf-8")


def directory_instead(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "note.txt").write_text("这里本该是数据库文件")


@dataclass(frozen=True)
class Damage:
    make: Callable[[Path], None]
    message: str  # a regular expression the StoreError must match
    restorable: bool = True  # the data is damaged: a backup must be offered and restore it


DAMAGE = {
    "truncated inside the header": Damage(truncate_to(50), NOT_OURS),
    "truncated after the header": Damage(truncate_to(100), DAMAGED),
    "truncated to the first page": Damage(truncate_to(PAGE), DAMAGED),
    "truncated to half": Damage(truncate_to(lambda n: n // 2), DAMAGED),
    "last page cut short": Damage(truncate_to(lambda n: n - 100), "截短"),
    "first page zeroed": Damage(zero_page(lambda pages: 0), NOT_OURS),
    "schema page zeroed": Damage(zero_page(lambda pages: 1), DAMAGED),
    "middle page zeroed": Damage(zero_page(lambda pages: pages // 2), DAMAGED),
    "last page zeroed": Damage(zero_page(lambda pages: pages - 1), DAMAGED),
    "random bytes in the header": Damage(overwrite(lambda n: 16, random_bytes(84)), DAMAGED),
    "random bytes in a b-tree page header": Damage(
        overwrite(lambda n: (n // PAGE // 3) * PAGE, random_bytes(12)), DAMAGED),
    "random bytes in the middle": Damage(overwrite(lambda n: n // 2 + 37, random_bytes(200)), DAMAGED),
    "one bit flipped in an index page": Damage(index_bit_flip, DAMAGED),
    "wrong magic header": Damage(wrong_magic, NOT_OURS),
    "newer schema version": Damage(newer_schema, "较新版本", restorable=False),
    "another program's database": Damage(foreign_database, "别的程序", restorable=False),
    "a text file": Damage(text_file, NOT_OURS),
    "empty but not zero bytes": Damage(lambda p: p.write_bytes(b"\n"), NOT_OURS),
    "a file of zeros": Damage(lambda p: p.write_bytes(bytes(PAGE * 8)), NOT_OURS),
    "a directory where the file should be": Damage(directory_instead, "无法读取数据库文件",
                                                   restorable=False),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_file_is_refused_untouched(data_dir: Path, damage: Damage, record):
    damage.make(data_dir / DB_NAME)
    before = fingerprint(data_dir)
    with pytest.raises(StoreError) as info:
        AnswerStore.open(data_dir)
    message = str(info.value)
    assert_chinese(message)
    assert re.search(damage.message, message), message
    assert fingerprint(data_dir) == before
    if damage.restorable:
        assert str(data_dir / "backups") in message  # the app cannot open: say where they are
        assert_restorable(data_dir)
    record("damaged databases", kinds_refused=1)


def test_a_missing_database_with_its_wal_left_is_refused(data_dir: Path, record):
    """The WAL holds committed answers: it must not be replayed into a new, empty database."""
    with AnswerStore.open(data_dir) as store:
        store.db.execute("PRAGMA wal_autocheckpoint = 0")
        aid = store.assessments()[0].id
        for n in range(20):
            store.set_answer(aid, "yzjh", f"late_{n}", f"后来填写的答案 {n}")
        wal = Path(f"{store.path}-wal").read_bytes()
    (data_dir / DB_NAME).unlink()
    Path(f"{data_dir / DB_NAME}-wal").write_bytes(wal)
    before = fingerprint(data_dir)
    with pytest.raises(StoreError) as info:
        AnswerStore.open(data_dir)
    assert_chinese(str(info.value))
    assert fingerprint(data_dir) == before  # no new answers.db made beside the old WAL
    record("damaged databases", kinds_refused=1)


def test_a_file_where_the_data_directory_should_be(tmp_path: Path, record):
    where = tmp_path / "数据"
    where.write_text("不是文件夹")
    with pytest.raises(StoreError, match="数据目录") as info:
        AnswerStore.open(where)
    assert_chinese(str(info.value))
    assert where.read_text() == "不是文件夹"
    record("damaged databases", kinds_refused=1)


# --- the WAL: what SQLite would silently drop --------------------------------------------------

def leave_wal(data_dir: Path, answers: int) -> tuple[bytes, bytes]:
    """The database and WAL as a crash leaves them, with `answers` committed in the WAL only."""
    store = AnswerStore.open(data_dir)
    store.db.execute("PRAGMA wal_autocheckpoint = 0")
    aid = store.assessments()[0].id
    for n in range(answers):
        store.set_answer(aid, "yzjh", f"late_{n}", f"后来填写的答案 {n}")
    db, wal = store.path.read_bytes(), Path(f"{store.path}-wal").read_bytes()
    store.close()  # checkpoints; the files are put back as the crash left them
    store.path.write_bytes(db)
    Path(f"{store.path}-wal").write_bytes(wal)
    return db, wal


# SQLite ignores a WAL whose header or a frame checksum is bad and overwrites it on the next write;
# the store keeps the pair in backups/unclean-*/ before opening after an unclean shutdown.


def test_a_wal_of_garbage_is_kept(data_dir: Path):
    wal = random.Random(5).randbytes(20_000)
    Path(f"{data_dir / DB_NAME}-wal").write_bytes(wal)
    try:
        AnswerStore.open(data_dir).close()
    except StoreError as exc:
        assert_chinese(str(exc))
    kept = [p.read_bytes() for p in data_dir.rglob("*-wal") if p.is_file()]
    assert wal in kept


def test_a_wal_with_a_damaged_frame_loses_nothing_silently(data_dir: Path):
    _, wal = leave_wal(data_dir, 30)
    damaged = bytearray(wal)
    for at in range(len(damaged) // 2, len(damaged) // 2 + 64):
        damaged[at] ^= 0xFF  # inverted, not zeroed: zeros could fall on a page's free space
    Path(f"{data_dir / DB_NAME}-wal").write_bytes(bytes(damaged))
    try:
        with AnswerStore.open(data_dir) as store:
            late = [k for k in store.answers(store.assessments()[0].id, "yzjh") if k.startswith("late_")]
    except StoreError:
        return  # refusing the pair is also acceptable
    assert len(late) == 30 or bytes(damaged) in [p.read_bytes() for p in data_dir.rglob("*-wal")]


def test_a_whole_wal_left_by_a_crash_is_replayed(data_dir: Path):
    """The ordinary crash: every answer committed in the WAL is there after the next open."""
    leave_wal(data_dir, 30)
    with AnswerStore.open(data_dir) as store:
        answers = store.answers(store.assessments()[0].id, "yzjh")
    assert {f"late_{n}" for n in range(30)} <= set(answers)


def test_a_dangling_symlink_is_not_replaced(data_dir: Path):
    target = data_dir.parent / "unmounted" / DB_NAME
    (data_dir / DB_NAME).unlink()
    (data_dir / DB_NAME).symlink_to(target)
    with pytest.raises(StoreError):
        AnswerStore.open(data_dir)
    assert (data_dir / DB_NAME).is_symlink()


# --- other processes, permissions, a full disk ------------------------------------------------

def probe(data_dir: Path, *options: str) -> dict:
    done = subprocess.run([sys.executable, str(PROBE), str(data_dir), *options],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    result = json.loads(done.stdout)
    if "skip" in result:
        pytest.skip(result["skip"])
    return result


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("ready", flush=True)
time.sleep(120)
"""


@pytest.mark.slow  # waits out SQLite's 5 s busy timeout
def test_a_file_locked_by_another_program(data_dir: Path, record):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir / DB_NAME)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = fingerprint(data_dir)
        with pytest.raises(StoreError) as info:
            AnswerStore.open(data_dir)
        assert fingerprint(data_dir) == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    message = str(info.value)
    assert_chinese(message)
    assert "占用" in message and DAMAGED not in message, message  # not "damaged: restore a backup"
    record("damaged databases", kinds_refused=1)


def test_the_data_directory_held_by_another_instance(data_dir: Path, record):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom desktop.core.store import AnswerStore\n"
         "s = AnswerStore.open(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(120)", str(data_dir)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = fingerprint(data_dir)
        with pytest.raises(StoreError, match=f"进程号 {holder.pid}") as info:
            AnswerStore.open(data_dir)
        assert fingerprint(data_dir) == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert_chinese(str(info.value))
    record("damaged databases", kinds_refused=1)


@pytest.fixture
def shared_dir(template: Path):
    """A copy another user can reach (pytest's own tmp folders are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="reliability-"))
    base.chmod(0o755)
    folder = base / "store"
    shutil.copytree(template, folder)
    yield folder
    for path in [base, *base.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(base)


def make_unwritable(folder: Path, directory: bool) -> None:
    """Read-only for whoever is not root; store_probe --as-nobody is that user when we are root."""
    for path in folder.rglob("*"):
        path.chmod(0o777 if path.is_dir() else 0o666)
    if directory:
        (folder / "store.lock").unlink()
        folder.chmod(0o555)
    else:
        folder.chmod(0o777)
        (folder / DB_NAME).chmod(0o444)


needs_posix = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and resource limits")


@needs_posix
@pytest.mark.parametrize("directory", [True, False], ids=["read-only directory", "read-only file"])
def test_unwritable_data_is_refused_untouched(shared_dir: Path, directory: bool, record):
    make_unwritable(shared_dir, directory)
    before = fingerprint(shared_dir)
    result = probe(shared_dir, "--as-nobody", "--write", "1")
    # A read-only file may open (reading works); the first save must then fail, saving nothing.
    assert result["error_type"] == "StoreError" and result["saved"] == [], result
    assert_chinese(result["error"])
    assert re.search("可写|只读|权限", result["error"]), result["error"]
    assert DAMAGED not in result["error"]
    after = fingerprint(shared_dir)
    assert {name: after[name] for name in before} == before
    new = {name: digest for name, digest in after.items() if name not in before}
    assert set(new) <= {f"{DB_NAME}-wal", f"{DB_NAME}-shm"}  # SQLite's empty companions at most
    assert new.get(f"{DB_NAME}-wal", EMPTY_SHA256) == EMPTY_SHA256
    record("damaged databases", kinds_refused=1)


@needs_posix
def test_disk_full_while_answering_keeps_every_saved_answer(data_dir: Path, record):
    limit = (data_dir / DB_NAME).stat().st_size + 200_000
    result = probe(data_dir, "--fsize", str(limit), "--write", "1000")
    assert result["opened"] and result["error_type"] == "StoreError", result
    assert_chinese(result["error"])
    assert "磁盘" in result["error"], result["error"]
    assert 0 < len(result["saved"]) < 1000
    with AnswerStore.open(data_dir) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        answers = store.answers(store.assessments()[0].id, "yzjh")
    assert set(result["saved"]) <= set(answers)
    assert len(answers) == ANSWERS + len(result["saved"])  # the failed one is not half there
    record("damaged databases", kinds_refused=1)


@needs_posix
@pytest.mark.parametrize("situation", ["new database", "the day's backup"])
def test_disk_full_while_opening_is_a_store_error(data_dir: Path, situation: str, record):
    if situation == "new database":
        shutil.rmtree(data_dir)
    else:
        shutil.rmtree(data_dir / "backups")
    before = fingerprint(data_dir) if data_dir.exists() else {}
    result = probe(data_dir, "--fsize", "16384", "--full-at-open")
    assert not result["opened"] and result["error_type"] == "StoreError", result
    assert_chinese(result["error"])
    assert "磁盘" in result["error"], result["error"]
    assert fingerprint(data_dir) == before  # no half-made answers.db, no touched file
    AnswerStore.open(data_dir).close()  # with space again, it opens (and clears the leftovers)
    assert not list(data_dir.rglob("*.tmp")) and not list(data_dir.rglob("*.new"))
    record("damaged databases", kinds_refused=1)


def test_index_pages_are_found_as_dbstat_finds_them(data_dir: Path):
    """The b-tree walk above agrees with SQLite's own dbstat table, where it is compiled in."""
    path = data_dir / DB_NAME
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_answers_1' "
                            "AND pagetype = 'leaf'").fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this sqlite3 has no dbstat table (Windows' sqlite3.dll)")
    finally:
        conn.close()
    assert index_leaf_pages(path, "sqlite_autoindex_answers_1") == [row[0] for row in rows]
