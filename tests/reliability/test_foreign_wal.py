"""A valid WAL written by another copy of the data is set aside, never replayed over saved answers.

The attack as it was made: the data folder is copied; the copy is opened and an answer changed
(42 → 5019), and that process dies before it checkpoints, leaving a valid, committed WAL; that
WAL is then put beside the original database (a sync tool, a copied folder).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.core.assessment import School
from desktop.core.store import DB_NAME, AnswerStore
from desktop.core.store.wal import read as read_wal
from desktop.core.store.wal_owner import FOLDER_PREFIX

ROOT = Path(__file__).resolve().parents[2]
DIE_AFTER_SAVING = """
import os, sys
from desktop.core.store import AnswerStore
store = AnswerStore.open(sys.argv[1])
aid = store.assessments()[0].id
store.set_answer(aid, "yzjh", "1.1", sys.argv[2])
os._exit(0)  # dies with the change only in the WAL, as a crash or a power cut would leave it
"""


def _save_and_die(folder: Path, value: str) -> None:
    subprocess.run([sys.executable, "-c", DIE_AFTER_SAVING, str(folder), value], cwd=ROOT,
                   check=True, timeout=60)


def _original(folder: Path) -> int:
    with AnswerStore.open(folder) as store:
        school = store.add_school(School("测试学校", "小学", code="1000000001"))
        aid = store.create_assessment(school, "2025年度", [("yzjh", "1")])
        store.set_answer(aid, "yzjh", "1.1", "42")
    return aid


def test_a_valid_wal_of_another_copy_is_set_aside_and_kept(tmp_path: Path, record):
    original, copy = tmp_path / "original", tmp_path / "copy"
    aid = _original(original)
    shutil.copytree(original, copy)
    _save_and_die(copy, "5019")
    foreign = copy / f"{DB_NAME}-wal"
    assert read_wal(foreign) is not None and read_wal(foreign).pages, "the copy left a valid WAL"
    shutil.copy2(foreign, original / foreign.name)
    digest = hashlib.sha256(foreign.read_bytes()).hexdigest()

    with AnswerStore.open(original) as store:
        assert store.answers(aid, "yzjh")["1.1"] == "42"
        assert len(store.notices) == 1 and "不属于这个数据库" in store.notices[0]
        assert "损坏" not in store.notices[0]  # not blamed on the database
    kept = list((original / "backups").glob(f"{FOLDER_PREFIX}*/{DB_NAME}-wal"))
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).hexdigest() == digest
    with AnswerStore.open(original) as store:  # nothing more to say the next time
        assert store.notices == [] and store.answers(aid, "yzjh")["1.1"] == "42"
    record("foreign wal", set_aside=1)


def test_the_own_wal_of_a_crash_is_still_replayed(tmp_path: Path, record):
    folder = tmp_path / "data"
    aid = _original(folder)
    _save_and_die(folder, "5019")
    assert (folder / f"{DB_NAME}-wal").stat().st_size > 0
    with AnswerStore.open(folder) as store:
        assert store.answers(aid, "yzjh")["1.1"] == "5019"
        assert store.notices == []
    record("foreign wal", own_replayed=1)
