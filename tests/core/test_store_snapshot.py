"""import_snapshot: a whole assessment in one transaction, evidence checked before any commit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from desktop.core.assessment import Narrative, Rectification, School, SignOff
from desktop.core.errors import StoreError
from desktop.core.snapshot_json import digest
from desktop.core.store import AnswerStore

SCHOOL = School("城关镇第一学校", "九年一贯制", code="4401234567", locale="城区", ownership="公办")


def full_assessment(store: AnswerStore, tmp_path: Path) -> int:
    """An assessment using every part of a snapshot, carried over from a previous period."""
    sid = store.add_school(SCHOOL)
    old = store.create_assessment(sid, "2024年度", [("yzjh", "2024.1"), ("xyaq", "2024.1")])
    store.set_answer(old, "xyaq", "fire_equipment", True)
    aid = store.create_assessment(sid, "2025年度", [("yzjh", "2025.1"), ("xyaq", "2025.1")],
                                  overlay="gd", data_date="2025-11-01", copy_from=old)
    store.set_answer(aid, "yzjh", "students_primary", Fraction(812))
    store.set_answer(aid, "yzjh", "sports_area_m2", Fraction("6543.21"))
    store.set_answer(aid, "xyaq", "last_drill_date", dt.date(2025, 9, 1))
    store.set_answer(aid, "yzjh", "moral_education_rating", "良好")
    store.set_self_score(aid, "yzjh", "moral_education_rating", Fraction(9, 2))
    store.set_note(aid, "yzjh", "students_primary", "含随班就读 3 人")
    store.set_rectification(aid, Rectification("yzjh", "multimedia_rooms", "新增 4 间", "王主任",
                                                "2026-08-31", "整改中", "已立项"))
    for n, name in enumerate(("操场.jpg", "制度.pdf")):
        path = tmp_path / name
        path.write_bytes(f"内容 {n}".encode())
        store.add_evidence(aid, "yzjh", "sports_area_m2", path, caption=f"说明{n}", code=f"R5-{n}")
    store.set_narrative(aid, Narrative("概况", "成绩", "问题", "打算"))
    store.set_signoff(aid, "yzjh", SignOff("李老师", "13800000000", "2025-11-02", "陈校长", "校长"))
    store.set_status(aid, "已完成")
    return aid


def blob_source(store: AnswerStore):
    return lambda sha: store.evidence_file(sha).read_bytes()


def table_counts(store: AnswerStore) -> dict[str, int]:
    tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
    return {t: store.db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


def test_round_trip_gives_an_equal_snapshot(tmp_path: Path):
    with AnswerStore.open(tmp_path / "a") as source:
        original = source.snapshot(full_assessment(source, tmp_path))
        assert original.pending_review == {("xyaq", "fire_equipment")}
        with AnswerStore.open(tmp_path / "b") as target:
            new_id = target.import_snapshot(original, blob_source(source))
            copy = target.snapshot(new_id)
            assert digest(copy) == digest(original)
            assert dataclasses.replace(copy, id=None) == dataclasses.replace(original, id=None)
            for e in original.evidence:
                assert target.evidence_file(e.sha256).read_bytes() == \
                    source.evidence_file(e.sha256).read_bytes()
            assert {e.kind for e in target.audit_log(new_id)} == {"import"}


def test_the_school_is_matched_by_its_code(tmp_path: Path):
    with AnswerStore.open(tmp_path / "a") as source:
        snap = source.snapshot(full_assessment(source, tmp_path))
        with AnswerStore.open(tmp_path / "b") as target:
            sid = target.add_school(School("城关一校（旧名）", "九年一贯制", code="4401234567"))
            new_id = target.import_snapshot(snap, blob_source(source))
            assert [s for s, _ in target.schools()] == [sid]
            assert target.school(sid) == SCHOOL  # the package carries the newer details
            assert target.assessment(new_id).school_id == sid


def test_an_existing_period_is_replaced_only_when_asked(tmp_path: Path):
    with AnswerStore.open(tmp_path) as store:
        aid = full_assessment(store, tmp_path)
        snap = store.snapshot(aid)
        with pytest.raises(StoreError, match="已有「2025年度」的评估"):
            store.import_snapshot(snap, blob_source(store))
        edited = dataclasses.replace(snap, answers={**snap.answers, "yzjh": {"students_primary": Fraction(1)}})
        new_id = store.import_snapshot(edited, blob_source(store), replace=True)
        assert store.answers(new_id, "yzjh") == {"students_primary": Fraction(1)}
        assert [a.period for a in store.assessments()] == ["2025年度", "2024年度"]
        for e in snap.evidence:
            assert store.evidence_file(e.sha256).exists()  # still used by the replacement
        archived = store.snapshot(store.assessments()[1].id)
        with pytest.raises(StoreError, match="已归档，不能替换"):
            store.import_snapshot(archived, blob_source(store), replace=True)


def failing_sources(store: AnswerStore):
    good = blob_source(store)
    calls = {"n": 0}

    def second_is_missing(sha: str) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyError(sha)
        return good(sha)

    return {
        "missing blob": (second_is_missing, "缺少佐证材料"),
        "altered blob": (lambda sha: good(sha) + b"!", "SHA-256 不符"),
        "same size, other bytes": (lambda sha: bytes(len(good(sha))), "SHA-256 不符"),
    }


@pytest.mark.parametrize("case", ["missing blob", "altered blob", "same size, other bytes"])
def test_a_failing_evidence_blob_leaves_the_database_unchanged(tmp_path: Path, case: str):
    with AnswerStore.open(tmp_path / "a") as source:
        snap = source.snapshot(full_assessment(source, tmp_path))
        with AnswerStore.open(tmp_path / "b") as target:
            target.add_school(School("已有的学校", "小学"))
            before = table_counts(target)
            source_fn, message = failing_sources(source)[case]
            with pytest.raises(StoreError, match=message):
                target.import_snapshot(snap, source_fn)
            assert table_counts(target) == before
            folder = target.data_dir / "evidence"
            assert not folder.exists() or list(folder.iterdir()) == []


def test_a_failure_while_writing_rolls_everything_back(tmp_path: Path, monkeypatch):
    from desktop.core.store import snapshots

    def fail(*args) -> None:  # after the school, assessment and answers are written
        raise OSError("模拟的写入故障")
    monkeypatch.setattr(snapshots, "_write_item_tables", fail)
    with AnswerStore.open(tmp_path / "a") as source:
        snap = source.snapshot(full_assessment(source, tmp_path))
        with AnswerStore.open(tmp_path / "b") as target:
            before = table_counts(target)
            with pytest.raises(OSError, match="模拟的写入故障"):
                target.import_snapshot(snap, blob_source(source))
            assert table_counts(target) == before
            assert list((target.data_dir / "evidence").iterdir()) == []


@pytest.mark.parametrize("change,message", [
    ({"answers": {"spaq": {"has_canteen": True}}}, "未选用的检查表：spaq"),
    ({"status": "完成"}, "评估状态「完成」无效"),
    ({"period": " "}, "缺少评估周期"),
    ({"rectifications": (Rectification("yzjh", "a", "x"),) * 2}, "整改措施重复"),
    ({"rectifications": (Rectification("yzjh", "a", "x", status="进行中"),)}, "整改状态「进行中」无效"),
])
def test_inconsistent_snapshots_are_refused(tmp_path: Path, change: dict, message: str):
    with AnswerStore.open(tmp_path) as store:
        snap = store.snapshot(full_assessment(store, tmp_path))
        with pytest.raises(StoreError, match=message):
            store.import_snapshot(dataclasses.replace(snap, **change), blob_source(store))


def test_apply_changes_edits_in_place_all_or_nothing(tmp_path):
    import dataclasses
    from fractions import Fraction
    from desktop.core.assessment import Rectification
    from desktop.core.errors import StoreError
    from desktop.core.store import AnswerStore
    from desktop.core.assessment import School
    with AnswerStore.open(tmp_path / "d") as store:
        school = store.add_school(School("测试小学", "小学", code="1234567890"))
        aid = store.create_assessment(school, "2025年度", [("yzjh", "2025.1")])
        store.set_answer(aid, "yzjh", "students_primary", Fraction(900))
        before = store.snapshot(aid)
        after = dataclasses.replace(
            before,
            answers={"yzjh": {"students_primary": Fraction(1000), "multimedia_rooms": Fraction(20)}},
            notes={"yzjh": {"multimedia_rooms": "新建中"}},
            rectifications=(Rectification("yzjh", "multimedia_rooms", "增建多媒体教室", "张三",
                                          "2026-06-30"),))
        assert store.apply_changes(aid, before, after, user="Excel 导入") == 4
        now = store.snapshot(aid)
        assert now.answers["yzjh"] == after.answers["yzjh"] and now.notes == after.notes
        assert now.rectifications == after.rectifications and now.id == aid
        assert [e.item for e in store.audit_log(aid)].count("students_primary") == 2
        bad = dataclasses.replace(after, answers={"yzjh": {"students_primary": Fraction(1)}},
                                  rectifications=(Rectification("yzjh", "x", "m", status="不存在的状态"),))
        try:
            store.apply_changes(aid, now, bad)
        except StoreError:
            pass
        assert store.snapshot(aid).answers["yzjh"]["students_primary"] == 1000
