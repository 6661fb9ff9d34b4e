"""Backups with a wrong clock: set back, and once set ahead (a faked clock, as the attack did).

Rotation must never delete the backup just made, and must keep the last made ones — not the ones
whose wall-clock names sort last.
"""

from __future__ import annotations

import datetime as dt
import types
from pathlib import Path

import pytest

from desktop.core.assessment import School
from desktop.core.store import AnswerStore, backups
from desktop.supervisor import workspace_file


class Clock:
    """Replaces the `dt` module of the code under test with one whose now() is shifted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *modules: types.ModuleType):
        self.shift = dt.timedelta(0)
        clock = self

        class FakeDatetime(dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return dt.datetime.now(tz) + clock.shift

        class FakeDate(dt.date):
            @classmethod
            def today(cls):
                return (dt.datetime.now() + clock.shift).date()

        fake = types.SimpleNamespace(datetime=FakeDatetime, date=FakeDate, timedelta=dt.timedelta)
        for module in modules:
            monkeypatch.setattr(module, "dt", fake)

    def set(self, **shift: float) -> None:
        self.shift = dt.timedelta(**shift)


@pytest.fixture
def store(tmp_path: Path):
    with AnswerStore.open(tmp_path / "data") as opened:
        school = opened.add_school(School("测试学校", "小学", code="1000000001"))
        opened.create_assessment(school, "2025年度", [("yzjh", "1")])
        yield opened


def _manual(store: AnswerStore) -> list[Path]:
    return [p for p in store.backups() if backups.parse_name(p)[1] == "manual"]


def test_a_backup_made_with_the_clock_set_back_is_kept(store: AnswerStore, monkeypatch, record):
    clock = Clock(monkeypatch, backups)
    for _ in range(backups.KEEP):
        store.backup("manual")
    clock.set(days=-400)
    made = store.backup("manual")
    assert made.exists(), "the backup just made was rotated away"
    kept = _manual(store)
    assert len(kept) == backups.KEEP and kept[0] == made  # listed as the last made
    record("backups and the clock", clock_set_back=1)


def test_after_the_clock_was_once_ahead_new_daily_backups_are_kept(store: AnswerStore, monkeypatch,
                                                                   record):
    clock = Clock(monkeypatch, backups)
    clock.set(days=5 * 365)
    ahead = store.backup("daily")
    made = []
    for day in range(backups.KEEP + 2):
        clock.set(days=day)
        made.append(store.backup("daily"))
        assert made[-1].exists(), f"the daily backup of day {day} was deleted at once"
    daily = [p for p in store.backups() if backups.parse_name(p)[1] == "daily"]
    assert daily == made[::-1][:backups.KEEP]  # the last ten made, the one from "the future" gone
    assert not ahead.exists()
    record("backups and the clock", clock_set_ahead=1)


def test_the_supervisor_workspace_rotates_the_same_way(tmp_path: Path, monkeypatch, record):
    import sqlite3
    clock = Clock(monkeypatch, backups)
    conn = sqlite3.connect(tmp_path / "w.db")
    conn.execute("CREATE TABLE t (x)")
    made = [workspace_file.backup(conn, tmp_path, "daily") for _ in range(workspace_file.BACKUP_KEEP)]
    clock.set(days=-30)
    made.append(workspace_file.backup(conn, tmp_path, "daily"))
    conn.close()
    assert made[-1].exists()
    assert workspace_file.backups(tmp_path) == made[::-1][:workspace_file.BACKUP_KEEP]
    record("backups and the clock", supervisor=1)
