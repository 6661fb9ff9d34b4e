"""AnswerStore: schools, assessments, answers and their audit log, archived periods, snapshots."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from fractions import Fraction
from pathlib import Path

import pytest

from desktop import paths
from desktop.core.assessment import Narrative, Rectification, School, SignOff
from desktop.core.errors import StoreError
from desktop.core.snapshot_json import digest
from desktop.core.store import READ_ONLY_MESSAGE, AnswerStore

SCHOOL = School("城关镇第一学校", "九年一贯制", code="4401234567", locale="城区", ownership="公办",
                address="城关镇解放路 1 号", principal="陈校长", phone="020-12345678")
CHECKLISTS = [("yzjh", "2025.1"), ("xyaq", "2025.1")]


@pytest.fixture
def store():
    with AnswerStore.open() as s:
        yield s


@pytest.fixture
def assessment(store: AnswerStore) -> int:
    school = store.add_school(SCHOOL)
    return store.create_assessment(school, "2025年度", CHECKLISTS, overlay="", data_date="2025-11-01")


def test_opens_in_the_data_directory_by_default(store: AnswerStore):
    assert store.path == paths.data_dir() / "answers.db"
    assert store.path.exists()


def test_schools_round_trip_and_codes_are_unique(store: AnswerStore):
    sid = store.add_school(SCHOOL)
    assert store.school(sid) == SCHOOL
    changed = School(**{**vars(SCHOOL), "boarding": True, "phone": "123"})
    store.update_school(sid, changed)
    assert store.schools() == [(sid, changed)]
    with pytest.raises(StoreError, match="学校标识码 4401234567 已被「城关镇第一学校」使用"):
        store.add_school(School("另一所学校", "小学", code="4401234567"))
    store.add_school(School("没有标识码的学校", "小学"))
    store.add_school(School("也没有标识码", "小学"))  # empty codes never clash
    with pytest.raises(StoreError, match="找不到编号为 99 的学校"):
        store.school(99)


def test_answers_of_every_kind_round_trip_exactly(store: AnswerStore, assessment: int):
    values = {"students_primary": Fraction(1000), "sports_area_m2": Fraction("12345.67"),
              "school_charter": True, "veto_key_classes": False,
              "moral_education_rating": "优秀", "last_drill_date": dt.date(2025, 9, 1),
              "note_text": "多行\n文字", "ratio": Fraction(1, 8)}
    for item, value in values.items():
        saved = store.set_answer(assessment, "yzjh", item, value)
        assert len(saved) == 8 and saved[2] == saved[5] == ":"
    got = store.answers(assessment, "yzjh")
    assert got == values
    assert all(type(got[k]) is type(v) for k, v in values.items())
    assert store.answers(assessment, "xyaq") == {}
    with pytest.raises(ValueError):  # would be rounded by the decimal JSON form
        store.set_answer(assessment, "yzjh", "ratio", Fraction(1, 3))
    assert store.answers(assessment, "yzjh")["ratio"] == Fraction(1, 8)


def test_an_answer_is_committed_before_set_answer_returns(store: AnswerStore, assessment: int):
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(812))
    other = sqlite3.connect(store.path)  # a different connection sees only committed data
    try:
        row = other.execute("SELECT value FROM answers WHERE item_id = 'students_primary'").fetchone()
    finally:
        other.close()
    assert row == ("812",)


def test_durability_settings(store: AnswerStore):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_clearing_and_the_audit_log(store: AnswerStore, assessment: int):
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(800), user="张老师")
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(800), user="张老师")  # no change
    store.set_answer(assessment, "yzjh", "students_primary", Fraction("812.5"), user="李老师")
    store.set_answer(assessment, "yzjh", "students_primary", None, user="李老师")
    store.set_answer(assessment, "yzjh", "students_junior", None)  # clearing nothing: no entry
    log = store.audit_log(assessment)
    assert [(e.user, e.item, e.kind, e.old, e.new) for e in log] == [
        ("张老师", "students_primary", "answer", None, "800"),
        ("李老师", "students_primary", "answer", "800", '"812.5"'),
        ("李老师", "students_primary", "answer", '"812.5"', None),
    ]
    assert all(dt.datetime.fromisoformat(e.at) for e in log)
    assert store.answers(assessment, "yzjh") == {}


def test_unknown_checklist_and_assessment_are_refused(store: AnswerStore, assessment: int):
    with pytest.raises(StoreError, match="没有选用检查表「spaq」"):
        store.set_answer(assessment, "spaq", "has_canteen", True)
    with pytest.raises(StoreError, match="找不到编号为 42 的评估"):
        store.set_answer(42, "yzjh", "x", True)


def test_creating_assessments_checks_its_input(store: AnswerStore):
    sid = store.add_school(SCHOOL)
    for args, message in ((("", CHECKLISTS), "评估周期"), (("2025年度", []), "至少选择一张"),
                          (("2025年度", [("yzjh", "1"), ("yzjh", "1")]), "不能重复")):
        with pytest.raises(StoreError, match=message):
            store.create_assessment(sid, *args)
    with pytest.raises(StoreError, match="数据日期应为日期"):
        store.create_assessment(sid, "2025年度", CHECKLISTS, data_date="明天")
    store.create_assessment(sid, "2025年度", CHECKLISTS)
    with pytest.raises(StoreError, match="已有「2025年度」的评估"):
        store.create_assessment(sid, "2025年度", CHECKLISTS)


def test_item_data_round_trips(store: AnswerStore, assessment: int):
    store.set_self_score(assessment, "yzjh", "a", Fraction(3, 2))
    store.set_note(assessment, "yzjh", "a", "  已与教育局沟通  ")
    plan = Rectification("yzjh", "a", "新建多媒体教室 4 间", "王主任", "2026-08-31", "整改中", "已立项")
    store.set_rectification(assessment, plan)
    store.set_rectification(assessment, Rectification("xyaq", "b", "补做演练"))
    narrative = Narrative("概况", "成绩", "问题", "打算")
    store.set_narrative(assessment, narrative)
    signoff = SignOff("李老师", "13800000000", "2025-11-02", "陈校长", "校长")
    store.set_signoff(assessment, "yzjh", signoff)
    assert store.self_scores(assessment, "yzjh") == {"a": Fraction(3, 2)}
    assert store.notes(assessment, "yzjh") == {"a": "已与教育局沟通"}
    assert store.rectifications(assessment) == [plan, Rectification("xyaq", "b", "补做演练")]
    assert store.narrative(assessment) == narrative
    assert store.signoffs(assessment) == {"yzjh": signoff}
    store.set_self_score(assessment, "yzjh", "a", None)
    store.set_note(assessment, "yzjh", "a", "")
    store.delete_rectification(assessment, "xyaq", "b")
    assert store.self_scores(assessment, "yzjh") == {} and store.notes(assessment, "yzjh") == {}
    assert store.rectifications(assessment) == [plan]
    with pytest.raises(StoreError, match="整改状态应为"):
        store.set_rectification(assessment, Rectification("yzjh", "a", "x", status="完成"))


def test_status_and_listing(store: AnswerStore, assessment: int):
    store.set_status(assessment, "已完成")
    [info] = store.assessments()
    assert (info.status, info.period, info.school_name, info.checklists, info.read_only) == (
        "已完成", "2025年度", "城关镇第一学校", tuple(CHECKLISTS), False)
    assert store.latest_assessment() == assessment
    with pytest.raises(StoreError, match="评估状态应为"):
        store.set_status(assessment, "完成了")


def previous_period(store: AnswerStore) -> tuple[int, int]:
    """A 2024 assessment with answers, a note and two plans (one done); returns (school, id)."""
    sid = store.add_school(SCHOOL)
    old = store.create_assessment(sid, "2024年度", CHECKLISTS, data_date="2024-11-01")
    store.set_answer(old, "yzjh", "students_primary", Fraction(780))
    store.set_answer(old, "xyaq", "fire_equipment", True)
    store.set_note(old, "yzjh", "students_primary", "含随班就读 3 人")
    store.set_rectification(old, Rectification("yzjh", "multimedia_rooms", "增加 4 间", status="整改中"))
    store.set_rectification(old, Rectification("xyaq", "fire_equipment", "更换灭火器", status="已完成"))
    return sid, old


def test_copy_from_carries_answers_as_pending_review(store: AnswerStore):
    sid, old = previous_period(store)
    new = store.create_assessment(sid, "2025年度", [("yzjh", "2025.2")], copy_from=old)
    assert store.answers(new, "yzjh") == {"students_primary": Fraction(780)}
    assert store.pending_review(new) == {("yzjh", "students_primary")}
    assert store.notes(new, "yzjh") == {"students_primary": "含随班就读 3 人"}
    assert [r.item for r in store.rectifications(new)] == ["multimedia_rooms"]  # the open one
    assert [e.kind for e in store.audit_log(new)] == ["copy"]
    store.confirm_review(new, "yzjh", "students_primary", user="李老师")
    assert store.pending_review(new) == frozenset()
    assert store.audit_log(new)[-1].kind == "review"
    version = store.db.execute("SELECT version FROM answers WHERE assessment_id = ?", [new]).fetchone()
    assert version == ("2025.2",)  # confirmed against the checklist chosen now


def test_entering_the_same_value_confirms_a_pending_answer(store: AnswerStore):
    sid, old = previous_period(store)
    new = store.create_assessment(sid, "2025年度", CHECKLISTS, copy_from=old)
    store.set_answer(new, "xyaq", "fire_equipment", True)
    assert store.pending_review(new) == {("yzjh", "students_primary")}


def test_copying_from_another_school_is_refused(store: AnswerStore):
    _, old = previous_period(store)
    other = store.add_school(School("别的学校", "小学"))
    with pytest.raises(StoreError, match="同一所学校"):
        store.create_assessment(other, "2025年度", CHECKLISTS, copy_from=old)


WRITES = {
    "set_answer": lambda s, a: s.set_answer(a, "yzjh", "students_primary", Fraction(1)),
    "set_answer(None)": lambda s, a: s.set_answer(a, "yzjh", "students_primary", None),
    "confirm_review": lambda s, a: s.confirm_review(a, "yzjh", "students_primary"),
    "set_self_score": lambda s, a: s.set_self_score(a, "yzjh", "x", Fraction(1)),
    "set_note": lambda s, a: s.set_note(a, "yzjh", "x", "说明"),
    "set_rectification": lambda s, a: s.set_rectification(a, Rectification("yzjh", "x", "措施")),
    "delete_rectification": lambda s, a: s.delete_rectification(a, "yzjh", "multimedia_rooms"),
    "set_narrative": lambda s, a: s.set_narrative(a, Narrative("x")),
    "set_signoff": lambda s, a: s.set_signoff(a, "yzjh", SignOff("x")),
    "set_status": lambda s, a: s.set_status(a, "已完成"),
    "add_evidence": lambda s, a: s.add_evidence(a, "yzjh", "x", Path(__file__)),
    "remove_evidence": lambda s, a: s.remove_evidence(a, "yzjh", "x", "0" * 64),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_an_archived_assessment_is_read_only(store: AnswerStore, write):
    sid, old = previous_period(store)
    before = store.snapshot(old)
    store.create_assessment(sid, "2025年度", CHECKLISTS, copy_from=old)
    with pytest.raises(StoreError, match=READ_ONLY_MESSAGE):
        write(store, old)
    assert digest(store.snapshot(old)) == digest(before)
    assert [a.read_only for a in store.assessments()] == [False, True]


def test_an_archived_assessment_can_be_reopened_explicitly(store: AnswerStore):
    sid, old = previous_period(store)
    store.create_assessment(sid, "2025年度", CHECKLISTS)
    store.set_read_only(old, False)
    store.set_answer(old, "yzjh", "students_primary", Fraction(781))


def test_snapshot_contains_everything(store: AnswerStore, assessment: int, tmp_path: Path):
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(812))
    photo = tmp_path / "操场.png"
    photo.write_bytes(b"\x89PNG fake")
    store.add_evidence(assessment, "yzjh", "sports_area_m2", photo, caption="操场", taken_on="2025-10-08")
    snap = store.snapshot(assessment)
    assert snap.id == assessment and snap.school == SCHOOL and snap.period == "2025年度"
    assert snap.checklists == tuple(CHECKLISTS) and snap.data_date == "2025-11-01"
    assert snap.answers == {"yzjh": {"students_primary": Fraction(812)}, "xyaq": {}}
    [evidence] = snap.evidence
    assert (evidence.name, evidence.caption, evidence.size) == ("操场.png", "操场", 9)


def test_a_reader_in_another_thread_sees_committed_data(store: AnswerStore, assessment: int):
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(812))
    seen: list = []

    def work() -> None:
        with AnswerStore.open_reader(store.data_dir) as reader:
            seen.append(reader.snapshot(assessment).answers["yzjh"])
            try:
                reader.set_answer(assessment, "yzjh", "x", True)
            except StoreError as exc:
                seen.append(str(exc))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [{"students_primary": Fraction(812)}, "这是只读打开的数据库，不能修改"]


def test_the_connection_refuses_other_threads(store: AnswerStore):
    errors: list = []
    thread = threading.Thread(target=lambda: _try(store.schools, errors))
    thread.start()
    thread.join()
    assert errors and isinstance(errors[0], sqlite3.ProgrammingError)


def _try(call, errors: list) -> None:
    try:
        call()
    except sqlite3.ProgrammingError as exc:
        errors.append(exc)


def test_delete_assessment(store: AnswerStore, assessment: int):
    store.set_answer(assessment, "yzjh", "students_primary", Fraction(812))
    store.delete_assessment(assessment)
    assert store.assessments() == []
    assert store.db.execute("SELECT count(*) FROM answers").fetchone() == (0,)
