"""Importing packages: verified copies only, failures recorded, duplicates asked about, cancelling."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import pytest

from desktop.core.errors import ImportFileError, StoreError
from desktop.core.snapshot_json import digest
from desktop.supervisor import intake
from desktop.supervisor.outcomes import Outcome
from desktop.supervisor.workspace import Workspace
from tests.supervisor.factories import EXPORTED, blob, school, snapshot, tamper, write

SOUTH, NORTH, WEST = (school("城南小学", "2144190002"), school("城北小学", "2144190003"),
                      school("河西小学", "2144190004"))


def stored_files(ws: Workspace) -> set[str]:
    return {p.name for p in ws.submissions_dir.iterdir() if p.suffix == ".zpkg"}


def leftovers(ws: Workspace) -> list[Path]:
    return [p for p in ws.submissions_dir.iterdir() if p.name.startswith(".incoming")]


def test_folder_with_a_tampered_package_imports_the_others_and_records_the_failure(ws, inbox):
    good = [write(snapshot(s, fail=1), inbox / "乡镇") for s in (SOUTH, NORTH)]
    bad = tamper(write(snapshot(WEST), inbox, "河西小学.zpkg"))
    (inbox / ".半截.zpkg").write_bytes(b"an export still being written")
    result = ws.import_folder(inbox)
    kinds = {o.path.name: o.outcome for o in result.outcomes}
    assert kinds == {"城南小学.zpkg": Outcome.IMPORTED, "城北小学.zpkg": Outcome.IMPORTED,
                     "河西小学.zpkg": Outcome.FAILED}
    failed = next(o for o in result.outcomes if o.outcome is Outcome.FAILED)
    assert "data.json" in failed.reason and "SHA-256" in failed.reason
    assert failed.message.startswith("河西小学.zpkg：校验失败：")
    assert {f.school_name for f in ws.submissions()} == {"城南小学", "城北小学"}
    (record,) = ws.failed_packages()
    assert (record.file_name, record.claimed_name, record.claimed_code) == \
        ("河西小学.zpkg", "河西小学", "2144190004")
    assert record.file_size == bad.stat().st_size
    assert stored_files(ws) == {f"{f.digest}.zpkg" for f in ws.submissions()}
    assert len(good) == 2 and not leftovers(ws)


def test_a_stored_submission_opens_read_only_with_its_snapshot_and_evidence(ws, inbox):
    files = blob("校门口照片")
    original = snapshot(SOUTH, fail=2)
    outcome = ws.import_package(write(original, inbox, evidence=files))
    stored = ws.submission(outcome.submission_id)
    assert stored.facts.digest == digest(stored.snapshot)
    assert stored.snapshot.answers == original.answers
    assert stored.package_path.is_file()
    assert stored.facts.verdicts.verdicts == {"xyaq": "未达标"}
    assert len(stored.facts.verdicts.unmet) == 2
    package = ws.open_package(outcome.submission_id)
    (sha,) = files
    assert package.evidence_source(sha) == files[sha]
    inbox_file = inbox / "城南小学.zpkg"
    inbox_file.unlink()  # the school's file may go: the workspace keeps its own copy
    assert ws.open_package(outcome.submission_id).digest == stored.facts.digest


def test_a_second_package_of_the_same_school_and_period_is_a_conflict_until_confirmed(ws, inbox):
    first = ws.import_package(write(snapshot(SOUTH, fail=2), inbox / "a"))
    newer = write(snapshot(SOUTH, fail=1), inbox / "b", created=EXPORTED + dt.timedelta(days=3))
    dup = ws.import_package(newer)
    assert dup.outcome is Outcome.DUPLICATE and "--replace" in dup.message
    conflict = dup.conflict
    assert conflict.existing_id == first.submission_id and conflict.incoming_is_newer
    assert (conflict.existing.unmet, conflict.incoming.unmet) == (2, 1)
    assert conflict.existing.verdicts == conflict.incoming.verdicts == {"xyaq": "未达标"}
    assert conflict.existing.digest != conflict.incoming.digest
    assert conflict.existing.imported_at and not conflict.incoming.imported_at
    assert [f.id for f in ws.submissions()] == [first.submission_id]

    replaced = ws.import_package(newer, replace=True)
    assert replaced.outcome is Outcome.REPLACED
    (current,) = ws.submissions()
    assert current.id == replaced.submission_id and len(current.verdicts.unmet) == 1
    history = ws.submissions(current_only=False)
    old = next(f for f in history if f.id == first.submission_id)
    assert old.superseded_by == current.id and not old.current
    assert ws.package_path(old.digest).is_file()  # the older package is kept, not deleted


def test_the_same_package_twice_is_reported_and_not_stored_again(ws, inbox):
    path = write(snapshot(SOUTH), inbox)
    first = ws.import_package(path)
    again = ws.import_package(path)
    assert again.outcome is Outcome.SAME and again.submission_id == first.submission_id
    assert len(ws.submissions(current_only=False)) == 1


def test_folder_replace_takes_only_newer_packages(ws, inbox):
    ws.import_package(write(snapshot(SOUTH, fail=1), inbox / "now"))
    older = write(snapshot(SOUTH, fail=3), inbox / "old", created=EXPORTED - dt.timedelta(days=5))
    result = ws.import_folder(inbox / "old", replace=True)
    (outcome,) = result.outcomes
    assert outcome.outcome is Outcome.DUPLICATE and "不比已有的新" in outcome.message
    assert not outcome.conflict.incoming_is_newer
    assert len(ws.submissions()[0].verdicts.unmet) == 1
    assert ws.import_package(older, replace=True).outcome is Outcome.REPLACED  # asked for by name


def test_another_period_is_not_a_duplicate(ws, inbox):
    ws.import_package(write(snapshot(SOUTH, "2024年度"), inbox / "2024"))
    second = ws.import_package(write(snapshot(SOUTH, "2025年度"), inbox / "2025"))
    assert second.outcome is Outcome.IMPORTED
    assert ws.periods() == ["2024年度", "2025年度"]


def test_same_name_without_a_code_is_the_same_school(ws, inbox):
    ws.import_package(write(snapshot(school("东山小学")), inbox / "a"))
    coded = snapshot(school("东 山小学", "2144190009"), fail=1)
    assert ws.import_package(write(coded, inbox / "b")).outcome is Outcome.DUPLICATE


def test_cancelling_a_folder_keeps_whole_packages_only(ws, inbox):
    for s in (SOUTH, NORTH, WEST):
        write(snapshot(s), inbox)
    progress: list[tuple[int, int]] = []
    seen_half_copied: list[bool] = []

    def cancel_while_checking_the_second() -> bool:
        # True once the first package is in and the second is copied and being verified.
        cancel = bool(ws.submissions()) and bool(leftovers(ws))
        seen_half_copied.append(cancel)
        return cancel

    result = ws.import_folder(inbox, progress=lambda d, t: progress.append((d, t)),
                              is_cancelled=cancel_while_checking_the_second)
    assert result.cancelled and result.total == 3 and any(seen_half_copied)
    assert [o.outcome for o in result.outcomes] == [Outcome.IMPORTED]
    (kept,) = ws.submissions(current_only=False)
    assert kept.id == result.outcomes[0].submission_id
    assert stored_files(ws) == {f"{kept.digest}.zpkg"}
    assert not leftovers(ws) and not ws.failed_packages()
    assert ws.submission(kept.id).snapshot.school.name == result.outcomes[0].path.stem
    assert progress[:2] == [(0, 3), (1, 3)]


def test_cancelling_between_packages_stops_before_the_next(ws, inbox):
    for s in (SOUTH, NORTH):
        write(snapshot(s), inbox)
    done: list[int] = []
    result = ws.import_folder(inbox, progress=lambda d, t: done.append(d),
                              is_cancelled=lambda: done[-1] >= 1)
    assert result.cancelled and len(result.outcomes) == 1 and len(ws.submissions()) == 1


def test_cancelling_a_single_import_raises_and_leaves_nothing(ws, inbox):
    with pytest.raises(intake.ImportCancelled):
        ws.import_package(write(snapshot(SOUTH), inbox), is_cancelled=lambda: True)
    assert not ws.submissions(current_only=False) and not ws.failed_packages()
    assert not stored_files(ws) and not leftovers(ws)


def test_a_failure_while_saving_leaves_no_row_and_no_file(ws, inbox, monkeypatch):
    def broken(*args):
        raise StoreError("磁盘已满，未能保存。")
    monkeypatch.setattr(intake, "_insert_details", broken)
    with pytest.raises(StoreError):
        ws.import_package(write(snapshot(SOUTH, fail=1), inbox))
    assert not ws.submissions(current_only=False)
    assert not stored_files(ws) and not leftovers(ws)


def test_a_damaged_or_foreign_file_is_a_failure_without_a_school(ws, inbox):
    (inbox / "乱码.zpkg").write_bytes(b"PK\x03\x04 not really a zip")
    (outcome,) = ws.import_folder(inbox).outcomes
    assert outcome.outcome is Outcome.FAILED and outcome.reason
    (record,) = ws.unidentified_failures()
    assert record.file_name == "乱码.zpkg" and record.claimed_name == ""


def test_missing_file_or_folder_is_a_user_error(ws, tmp_path):
    with pytest.raises(ImportFileError, match="找不到文件"):
        ws.import_package(tmp_path / "无.zpkg")
    with pytest.raises(ImportFileError, match="找不到文件夹"):
        ws.import_folder(tmp_path / "无")


def test_a_worker_thread_imports_through_its_own_connection(ws, inbox):
    write(snapshot(SOUTH), inbox)
    write(snapshot(NORTH), inbox)
    found: list = []

    def work() -> None:
        worker = Workspace.open_worker(ws.data_dir)
        try:
            found.append(worker.import_folder(inbox))
        finally:
            worker.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert found and found[0].count(Outcome.IMPORTED) == 2
    assert len(ws.submissions()) == 2
    assert ws._lock is not None and ws._lock.held  # the worker's close left the lock alone


def test_a_worker_needs_the_workspace_open(tmp_path):
    with pytest.raises(StoreError, match="尚未打开"):
        Workspace.open_worker(tmp_path / "别处")


def test_the_workspace_is_locked_while_open_and_survives_reopening(ws, inbox):
    ws.import_package(write(snapshot(SOUTH), inbox))
    with pytest.raises(StoreError, match="正被另一个"):
        Workspace.open(ws.data_dir)
    ws.close()
    with Workspace.open(ws.data_dir) as again:
        assert [f.school_name for f in again.submissions()] == ["城南小学"]


def test_a_foreign_database_is_refused_and_left_as_it_was(tmp_path):
    import sqlite3
    data = tmp_path / "其他"
    data.mkdir()
    conn = sqlite3.connect(data / "supervisor.db")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = (data / "supervisor.db").read_bytes()
    with pytest.raises(StoreError, match="不是督学工作区"):
        Workspace.open(data)
    assert (data / "supervisor.db").read_bytes() == before
    with Workspace.open(tmp_path / "新") as fresh:  # and the lock was released on failure
        assert fresh.submissions() == []
    with Workspace.open(tmp_path / "新"):
        pass


def test_verdicts_are_those_of_the_engine(ws, inbox):
    snap = snapshot(SOUTH, fail=2, veto=True)
    outcome = ws.import_package(write(snap, inbox))
    facts = ws.submission(outcome.submission_id).facts
    from desktop.core import catalog
    result = snap.evaluate(catalog.shipped())["xyaq"]
    assert facts.verdicts.verdicts["xyaq"] == result.verdict
    assert [u.plan_item for u in facts.verdicts.unmet] == [r.id for r in result.unmet]
    assert facts.verdicts.vetoes == tuple(v.item.title for v in result.vetoes)
    assert sum(u.veto for u in facts.verdicts.unmet) == 1
    assert dataclasses.asdict(facts)["file_name"] == "城南小学.zpkg"


def test_history_keeps_replaced_packages_and_a_damaged_copy_is_caught(ws, inbox):
    first = ws.import_package(write(snapshot(SOUTH, fail=2), inbox / "a"))
    later = write(snapshot(SOUTH, fail=1), inbox / "b", created=EXPORTED + dt.timedelta(days=1))
    second = ws.import_package(later, replace=True)
    history = ws.history("城南小学", "2144190002")
    assert [f.id for f in history] == [second.submission_id, first.submission_id]
    stored = ws.package_path(history[1].digest)
    stored.write_bytes(stored.read_bytes()[:-40])  # the disk copy damaged afterwards
    with pytest.raises(ImportFileError):
        ws.open_package(first.submission_id)


def test_a_daily_backup_is_made_when_an_existing_workspace_opens(tmp_path):
    from desktop.supervisor import workspace_file
    with Workspace.open(tmp_path / "d"):
        pass
    assert workspace_file.backups(tmp_path / "d") == []  # nothing to back up in a new one
    for _ in range(2):
        with Workspace.open(tmp_path / "d"):
            pass
    (backup,) = workspace_file.backups(tmp_path / "d")
    assert workspace_file.check(backup) == workspace_file.SCHEMA_VERSION


def test_importing_the_same_package_again_repairs_a_damaged_stored_copy(ws, inbox):
    path = write(snapshot(SOUTH), inbox)
    outcome = ws.import_package(path)
    stored = ws.package_path(ws.submissions()[0].digest)
    stored.write_bytes(b"damaged")
    assert ws.import_package(path).outcome is Outcome.SAME
    assert ws.open_package(outcome.submission_id).digest == ws.submissions()[0].digest
