"""The demo school: every applicable item answered, the planned shortfalls, plans, files, history."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.catalog import shipped
from desktop.core.demo import SCHOOL, create_demo
from desktop.core.demo_files import PICTURES, png
from desktop.core.engine import Status
from desktop.core.errors import StoreError
from desktop.core.model import AnswerType
from desktop.core.store import READ_ONLY_MESSAGE, AnswerStore


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with AnswerStore.open(tmp_path_factory.mktemp("demo")) as store:
        result = create_demo(store)
        yield store, result, store.snapshot(result.assessment_id)


def test_the_school_and_its_checklists(demo):
    store, result, snap = demo
    assert store.school(result.school_id) == SCHOOL and len(SCHOOL.code) == 10
    catalog = shipped()
    expected = [c.id for c in catalog.for_school_type("九年一贯制")]
    assert sorted(c for c, _ in snap.checklists) == sorted(expected)
    assert snap.overlay == ("gd" if "gd" in catalog.overlays else "")
    assert (snap.period, snap.data_date) == ("2025年度", "2025-11-20")


def test_every_applicable_item_is_answered(demo):
    _, _, snap = demo
    for checklist_id, result in snap.evaluate(shipped()).items():
        missing = [r.item.id for r in result.items if r.status is Status.UNANSWERED
                   and not (r.item.type is AnswerType.TEXT and not r.item.required_text)]
        assert missing == [], checklist_id
        for stage in result.stages.values():
            assert all(i.status != "unanswered" for i in stage.indicators.values())


def test_the_planned_shortfalls_and_only_those(demo):
    _, _, snap = demo
    results = snap.evaluate(shipped())
    unmet = {(c, r.item.id) for c, res in results.items() for r in res.unmet}
    assert unmet == {("yzjh", "max_class_size_junior"), ("xyaq", "last_drill_date"),
                     ("spaq", "health_cert_coverage")}
    stages = results["yzjh"].stages
    assert stages["primary"].verdict == "达标" and stages["junior"].verdict == "未达标"
    short = {i.indicator.id for i in stages["junior"].indicators.values() if i.status == "unmet"}
    assert short == {"R4", "R7"}


def test_every_unmet_item_has_a_plan_and_a_note(demo):
    _, result, snap = demo
    planned = {(r.checklist, r.item) for r in snap.rectifications}
    assert {("yzjh", "max_class_size_junior"), ("yzjh", "multimedia_rooms"), ("yzjh", "teaching_rooms_m2"),
            ("xyaq", "last_drill_date"), ("spaq", "health_cert_coverage")} <= planned
    assert all(r.measure and r.owner and r.deadline and r.status for r in snap.rectifications)
    assert snap.notes["yzjh"]["max_class_size_junior"]
    assert len(result.unmet) == 6


def test_evidence_files_are_real_pictures_and_a_pdf(demo):
    store, _, snap = demo
    assert len(snap.evidence) == 6
    for e in snap.evidence:
        data = store.evidence_file(e.sha256).read_bytes()
        assert len(data) == e.size and e.caption and e.taken_on
        assert data.startswith(b"%PDF" if e.name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n")


def test_narrative_signoffs_and_history(demo):
    store, result, snap = demo
    n = snap.narrative
    assert all(len(part) > 40 for part in (n.overview, n.achievements, n.problems, n.plans))
    assert "1840" in n.overview and "初中最大班额" in n.problems
    assert set(snap.signoffs) == {c for c, _ in snap.checklists}
    previous = store.assessment(result.previous_id)
    assert previous.period == "2024年度" and previous.read_only and previous.status == "已完成"
    with pytest.raises(StoreError, match=READ_ONLY_MESSAGE):
        store.set_answer(result.previous_id, "yzjh", "students_primary", None)
    assert len(snap.pending_review) == result.pending_review == 5


def test_a_second_demo_is_refused(demo):
    store, _, _ = demo
    before = len(store.assessments())
    with pytest.raises(StoreError, match="已存在"):
        create_demo(store)
    assert len(store.assessments()) == before


def test_command_creates_once(tmp_path: Path, capsys):
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    out = capsys.readouterr().out
    assert "城关镇第一学校" in out and "2024年度" in out and "整改措施 5 条" in out
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    assert "示例数据已存在" in capsys.readouterr().out
    with AnswerStore.open(tmp_path) as store:
        assert len(store.schools()) == 1 and len(store.assessments()) == 2


def test_png_writer_makes_valid_files():
    data = png(2, 1, [bytes([255, 0, 0, 0, 0, 255])])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (width, height, depth, colour) == (2, 1, 8, 2)
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4:idat])[0]
    assert zlib.decompress(data[idat + 4:idat + 4 + length]) == b"\x00\xff\x00\x00\x00\x00\xff"


def test_pictures_decode_with_pillow():
    pil = pytest.importorskip("PIL.Image")
    import io
    for draw in PICTURES.values():
        with pil.open(io.BytesIO(draw())) as img:
            img.load()
            assert img.size == (480, 320) and len(img.getcolors(10000)) > 3


@pytest.mark.parametrize("school_type", ["小学", "初中", "完全中学", "十二年一贯制", "幼儿园"])
def test_a_filled_demo_of_every_school_type(tmp_path, school_type):
    from desktop.core.demo_schools import demo_school
    with AnswerStore.open(tmp_path) as store:
        result = create_demo(store, school_type=school_type)
        snap = store.snapshot(result.assessment_id)
    catalog = shipped()
    assert snap.school.type == school_type and snap.school == demo_school(school_type).school
    assert sorted(c for c, _ in snap.checklists) == sorted(c.id for c in catalog.for_school_type(school_type))
    results = snap.evaluate(catalog)
    for checklist_id, r in results.items():
        missing = [i.item.id for i in r.items if i.status is Status.UNANSWERED
                   and not (i.item.type is AnswerType.TEXT and not i.item.required_text)]
        assert missing == [], (checklist_id, missing)
    assert 1 <= len(result.unmet) <= 5
    from desktop.core.demo_answers import unmet
    assert all(snap.rectification(c, item) for c, item, _, _ in unmet(results))  # each has a plan
    overview = snap.narrative.overview
    if school_type == "幼儿园":
        assert "xqph" in results and "在园幼儿" in overview and "本园" in snap.narrative.achievements
    else:
        assert "在校学生" in overview


def test_the_command_makes_a_kindergarten(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "demo", "--school-type", "幼儿园"]) == 0
    assert "城关镇中心幼儿园" in capsys.readouterr().out
