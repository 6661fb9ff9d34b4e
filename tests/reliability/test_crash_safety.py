"""SIGKILL at random moments never loses an answer the writer reported saved, nor damages the file.

Hundreds of trials: a writer (tests/core/crash_writer.py, forked from crash_zygote.py) saves answers
through AnswerStore.set_answer and prints each one after the call returns; the test kills it with
SIGKILL at a random moment, then checks that every reported answer is in the database, that
PRAGMA integrity_check is ok, and that every backup the store lists is a whole database. A quarter
of the trials kill the writer while the store is still opening (lock, checks, the day's backup).

CRASH_TRIALS (default 240) and CRASH_SEED change the run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.store import AnswerStore

ZYGOTE = Path(__file__).with_name("crash_zygote.py")
TRIALS = int(os.environ.get("CRASH_TRIALS", "240"))
EARLY_SHARE = 0.25  # trials killed at any moment after start, often inside AnswerStore.open
WRITE_WINDOW_S = 0.12  # longest time a writer runs after "ready"
WATCHDOG_S = 30.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)"),
]


class Zygote:
    """The warm helper process; spawn() forks one writer, reap() waits for it to be gone."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, str(ZYGOTE)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "zygote ready"

    def spawn(self, data_dir: Path, fifo: Path, err: Path) -> int:
        self.process.stdin.write(f"{data_dir}\t{fifo}\t{err}\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def reap(self) -> int:
        word, status = self.process.stdout.readline().split()
        assert word == "EXIT"
        return int(status)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture
def zygote():
    helper = Zygote()
    yield helper
    helper.close()


def kill_at_random(zygote: Zygote, data_dir: Path, work: Path, rng: random.Random,
                   early: bool) -> tuple[dict[str, int], bool]:
    """One trial; returns item → last reported n, and whether the writer got to say "ready"."""
    fifo, err = work / "writer.fifo", work / "writer.err"
    pid = zygote.spawn(data_dir, fifo, err)
    watchdog = threading.Timer(WATCHDOG_S, os.kill, (pid, signal.SIGKILL))  # never hang CI
    watchdog.start()
    try:
        with open(fifo, encoding="utf-8") as out:  # returns once the child has opened its end
            if early:
                time.sleep(rng.uniform(0.0, 0.04))
            else:
                assert out.readline() == "ready\n", err.read_text()
                time.sleep(rng.uniform(0.0, WRITE_WINDOW_S))
            os.kill(pid, signal.SIGKILL)
            text = out.read()
    finally:
        watchdog.cancel()
    status = zygote.reap()
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, err.read_text()
    lines = text.splitlines()
    ready = early is False or "ready" in lines
    reported: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            reported[parts[0]] = int(parts[1])
    return reported, ready


def integrity(path: Path) -> list[tuple[str]]:
    """PRAGMA integrity_check on a read-only connection: it reads a crash's WAL without
    checkpointing it, so the store's own open still meets the files as the crash left them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()


def check(data_dir: Path, reported: dict[str, int], backups_too: bool) -> int:
    """Asserts every reported answer survived; returns how many backups were checked."""
    assert integrity(data_dir / "answers.db") == [("ok",)]
    with AnswerStore.open(data_dir) as store:
        listed = store.backups() if backups_too else []
        found = store.assessments()
        answers = store.answers(found[0].id, "yzjh") if found else {}
    assert found or not reported
    in_flight = max(reported.values(), default=0) + 1  # committed, killed before printing
    for item, n in reported.items():
        assert item in answers, f"{item} was reported saved but is missing"
        assert answers[item] in (Fraction(n, 4), Fraction(in_flight, 4)), item
    for backup in listed:
        assert integrity(backup) == [("ok",)], backup.name
    assert not list((data_dir / "backups").glob("*.tmp"))  # leftovers are cleared on open
    assert not (data_dir / "answers.db.new").exists()
    return len(listed)


def test_sigkill_at_random_moments_loses_no_reported_answer(tmp_path: Path, zygote, record):
    rng = random.Random(os.environ.get("CRASH_SEED", "2025-crash"))
    data_dir, work = tmp_path / "store", tmp_path / "work"
    data_dir.mkdir()
    work.mkdir()
    os.mkfifo(work / "writer.fifo")
    claims = opening_kills = backups = 0
    for trial in range(TRIALS):
        early = trial > 0 and rng.random() < EARLY_SHARE
        if early and rng.random() < 0.5:
            shutil.rmtree(data_dir / "backups", ignore_errors=True)  # the open makes a backup again
        reported, ready = kill_at_random(zygote, data_dir, work, rng, early)
        backups += check(data_dir, reported, backups_too=early)
        claims += len(reported)
        opening_kills += not ready
    record("crash safety", trials=TRIALS, killed_while_opening=opening_kills,
           reported_answers_verified=claims, backups_verified=backups)
    assert claims > TRIALS  # the writers got to write in most trials
    assert opening_kills > 0  # and some kills did land inside AnswerStore.open
