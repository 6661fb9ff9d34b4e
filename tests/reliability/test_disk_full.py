"""A real full disk (a small tmpfs) while saving, opening, exporting and importing.

The store must keep every answer it reported as saved, must not call a full disk damage, and once
space is free again the data must open as it was — SQLite judges the file (header, integrity),
not an expected file size.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fractions import Fraction

from desktop.core.assessment import School
from desktop.core.catalog import shipped
from desktop.core.model import AnswerType
from desktop.core.errors import StoreError
from desktop.core.store import DB_NAME, AnswerStore
from tests.reliability.real_disks import fill, make_read_only, resize, small_disk

ITEM = next(i.id for i in shipped().get("yzjh").items if i.type is AnswerType.INTEGER)
LONG = "磁盘写满测试的较长说明文字" * 100


def _new_store(folder: Path) -> int:
    with AnswerStore.open(folder) as store:
        school = store.add_school(School("测试学校", "小学", code="1000000001"))
        assessment = store.create_assessment(school, "2025年度", [("yzjh", "1")])
        store.set_answer(assessment, "yzjh", ITEM, Fraction(42))
    return assessment


def _save_until_full(folder: Path, assessment: int) -> tuple[list[str], str]:
    saved: list[str] = []
    store = AnswerStore.open(folder)
    try:
        for n in range(100_000):
            store.set_answer(assessment, "yzjh", f"probe_{n}", LONG)
            saved.append(f"probe_{n}")
    except StoreError as exc:
        error = str(exc)
    finally:
        try:
            store.close()  # the checkpoint at close hits the full disk too
        except Exception:  # noqa: BLE001 — whatever close raises, the files are what we test
            pass
    return saved, error


def test_a_disk_filled_while_saving_does_not_lock_the_user_out(tmp_path: Path, record):
    with small_disk(tmp_path / "disk", "2m") as disk:
        folder = disk / "data"
        assessment = _new_store(folder)
        saved, error = _save_until_full(folder, assessment)
        assert saved and "磁盘已满" in error, error
        # The disk is still full: opening says so, and calls nothing damaged.
        with pytest.raises(StoreError) as still_full:
            AnswerStore.open(folder).close()
        assert "磁盘" in str(still_full.value) and "已损坏" not in str(still_full.value)
        resize(disk, "16m")  # the user frees space
        with AnswerStore.open(folder) as store:
            assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            answers = store.answers(assessment, "yzjh")
        assert answers[ITEM] == 42
        assert set(saved) <= set(answers), "an answer reported as saved was lost"
        with AnswerStore.open(folder) as store:  # and again, after the WAL was checkpointed
            assert set(saved) <= set(store.answers(assessment, "yzjh"))
    record("disk full", saves_before_full=len(saved))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("name", [DB_NAME, f"{DB_NAME}-wal"])
def test_a_fifo_in_place_of_the_database_is_refused_without_blocking(tmp_path: Path, name, record):
    folder = tmp_path / "data"
    AnswerStore.open(folder).close()
    if name == DB_NAME:
        (folder / DB_NAME).unlink()
    os.mkfifo(folder / name)
    done = subprocess.run([sys.executable, "-c", "import sys\nfrom desktop.core.store import AnswerStore\n"
                           "try:\n    AnswerStore.open(sys.argv[1])\nexcept Exception as e:\n    print(e)",
                           str(folder)], cwd=Path(__file__).resolve().parents[2], capture_output=True,
                          text=True, timeout=30)
    assert "不是普通文件" in done.stdout, done.stdout + done.stderr
    record("disk full", fifo_refused=1)


ROOT = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def _refused_in_chinese(done: subprocess.CompletedProcess, *words: str) -> str:
    text = done.stdout + done.stderr
    assert done.returncode != 0, text
    assert "Traceback" not in text, text
    assert any(w in text for w in words), text
    return text


def test_start_up_on_a_read_only_file_system_is_a_clear_message(tmp_path: Path, record):
    with small_disk(tmp_path / "disk", "8m") as disk:
        folder = disk / "data"
        _new_store(folder)
        make_read_only(disk)
        try:
            done = _cli("--data-dir", str(folder), "export", "--out", str(tmp_path / "x.xlsx"))
            _refused_in_chinese(done, "只读", "可写", "无法")
            with pytest.raises(StoreError) as caught:
                AnswerStore.open(folder)
            assert "已损坏" not in str(caught.value)
        finally:
            make_read_only(disk, False)
    record("disk full", read_only_start=1)


def test_export_to_a_full_disk_leaves_no_half_file(tmp_path: Path, record):
    folder = tmp_path / "data"
    _new_store(folder)
    with small_disk(tmp_path / "usb", "1m") as usb:
        fill(usb)
        for out in ("自评.zpkg", "自评.xlsx"):
            done = _cli("--data-dir", str(folder), "export", "--out", str(usb / out))
            _refused_in_chinese(done, "磁盘", "空间")
            assert not (usb / out).exists()
        assert sorted(p.name for p in usb.iterdir()) == ["filler.bin"]
    record("disk full", export_refused=2)


def test_import_onto_a_full_disk_is_all_or_nothing(tmp_path: Path, record):
    source = tmp_path / "source"
    assessment = _new_store(source)
    package = tmp_path / "自评.zpkg"
    _cli("--data-dir", str(source), "export", "--out", str(package)).check_returncode()
    with small_disk(tmp_path / "disk", "4m") as disk:
        folder = disk / "data"
        _new_store(folder)
        filler = fill(disk)
        done = _cli("--data-dir", str(folder), "import", str(package))
        _refused_in_chinese(done, "磁盘", "空间")
        filler.unlink()
        with AnswerStore.open(folder) as store:
            assert len(store.assessments()) == 1  # the import left nothing behind
    assert assessment
    record("disk full", import_refused=1)
