"""Sample assessments for the report tests: answers that meet every standard, then chosen misses.

The answers are found by asking the engine (fill every item, then raise each unmet numeric
answer to its standard), so the samples keep working while the checklists are being edited.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import subprocess
from fractions import Fraction as F
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from desktop.core import catalog as catalog_module
from desktop.core.assessment import (
    AssessmentSnapshot, Evidence, Narrative, Rectification, School, SignOff,
)
from desktop.core.engine import Status, evaluate
from desktop.core.model import AnswerType, Checklist, Compare, SchoolProfile
from tests import pdf_reading

DATA_DATE = dt.date(2025, 11, 1)

NARRATIVE = Narrative(
    overview="城关镇第一学校创办于1952年，是一所公办九年一贯制学校，现有教学班44个，在校生2000人。\n\n"
             "（一）办学条件\n\n学校占地面积3.2万平方米，建有标准化运动场和室内体育馆。",
    achievements="（一）领导重视，组织健全\n\n学校成立了以校长为组长的优质均衡创建工作领导小组，"
                 "对照评估指标逐项自查。\n\n（二）队伍建设\n\n1. 教师培训\n\n近五年教师培训完成率100%。",
    problems="初中学段生均教学及辅助用房面积和体育、艺术专任教师数未达到标准。",
    plans="一是争取新建综合楼；二是补充体育、艺术教师。",
)

# Misses chosen on purpose (for a 九年一贯制 school of 1200 primary and 800 junior students):
# 小学部 R7 just under its standard (6/7 met → 达标); 初中部 R3 and R4 under it (5/7 → 未达标).
YZJH_ANSWERS = {
    "students_primary": 1200, "students_junior": 800,
    "teachers_above_degree_primary": 55, "teachers_above_degree_junior": 45,
    "backbone_teachers_primary": 14, "backbone_teachers_junior": 9,
    "pe_art_teachers_primary": 11, "pe_art_teachers_junior": 7,
    "teaching_rooms_m2": "10000", "sports_area_m2": "20000",
    "equipment_value_yuan": "5000000", "multimedia_rooms": 46,
    "classes_primary": 27, "classes_junior": 17, "music_rooms": 4, "art_rooms": 3,
    "max_class_size_junior": 52,
    "junior_cohort_entrants": 270, "junior_cohort_deaths": 0, "junior_cohort_transfers_in": 5,
    "junior_cohort_transfers_out": 8, "junior_graduates": 262,
    "public_funds_budget_yuan": "1200000", "teacher_training_funds_yuan": "72000",
    "fulltime_teachers_total": 150, "teachers_trained_360h": 150, "teachers_certified": 150,
}
UNMET_XYAQ = {"visitor_registration": False, "patrols_per_day": 3}
UNMET_SPAQ = {"sample_min_weight_g": "110"}


def _guess(item, on_date: dt.date):
    if item.type is AnswerType.YES_NO:
        return True if item.expected is None else item.expected
    if item.type is AnswerType.CHOICE:
        return (item.pass_options or item.options)[0]
    if item.type is AnswerType.DATE:
        return on_date - dt.timedelta(days=5)
    if item.type is AnswerType.TEXT:
        return "已落实"
    return F(100)


def _meeting(item, threshold: F) -> F:
    whole = item.type in (AnswerType.INTEGER,)
    value = {Compare.GE: math.ceil(threshold) if whole else threshold,
             Compare.GT: math.floor(threshold) + 1,
             Compare.LE: math.floor(threshold) if whole else threshold,
             Compare.LT: math.ceil(threshold) - 1,
             Compare.EQ: threshold}[item.compare]
    return F(value)


def good_answers(checklist: Checklist, profile: SchoolProfile, on_date: dt.date = DATA_DATE,
                 fixed: dict | None = None) -> dict:
    """An answer for every item that meets its standard where the engine can tell how."""
    from desktop.core.engine import parse_answers
    answers = parse_answers(checklist, fixed or {})
    guessed = {i.id for i in checklist.items if i.type is not AnswerType.COMPUTED
               and i.id not in answers}
    answers.update({i: _guess(checklist.item(i), on_date) for i in guessed})
    for _ in range(5):
        result = evaluate(checklist, profile, answers, on_date)
        fixes = {r.id: _meeting(r.item, r.threshold) for r in result.items
                 if r.status is Status.UNMET and r.id in guessed and r.threshold is not None}
        if not fixes:
            break
        answers.update(fixes)
    return answers


def write_png(path: Path, text: str, size=(800, 600), shade=200) -> bytes:
    image = Image.new("RGB", size, (shade, shade, 255 - shade // 2))
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, size[0] - 20, size[1] - 20], outline=(0, 0, 0), width=6)
    draw.line([0, 0, size[0], size[1]], fill=(0, 0, 0), width=4)
    draw.text((40, 40), text, fill=(0, 0, 0))
    image.save(path, "PNG", compress_level=1)
    return path.read_bytes()


class EvidenceShelf:
    """Files stored under their SHA-256, like the store does; evidence_file() looks them up."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def add(self, data: bytes) -> tuple[str, int]:
        sha = hashlib.sha256(data).hexdigest()
        (self.root / sha).write_bytes(data)
        return sha, len(data)

    def evidence_file(self, sha256: str) -> Path | None:
        path = self.root / sha256
        return path if path.is_file() else None


def rich_snapshot(shelf: EvidenceShelf, tmp: Path, photos: int = 4) -> AssessmentSnapshot:
    """A 九年一贯制 school with yzjh, xyaq and spaq answered, some standards missed on purpose."""
    school = School("城关镇第一学校", "九年一贯制", code="3441000123", locale="镇区", ownership="公办",
                    address="城关镇学府路1号", principal="王建国", phone="0762-3312345")
    cat = catalog_module.shipped()
    answers = {
        "yzjh": {**good_answers(cat.get("yzjh"), school.profile, fixed=YZJH_ANSWERS)},
        "xyaq": {**good_answers(cat.get("xyaq"), school.profile), **_parsed(cat, "xyaq", UNMET_XYAQ)},
        "spaq": {**good_answers(cat.get("spaq"), school.profile), **_parsed(cat, "spaq", UNMET_SPAQ)},
    }
    evidence = list(_evidence(shelf, tmp, photos))
    return AssessmentSnapshot(
        school=school, period="2025年度",
        checklists=(("yzjh", "2025.1"), ("xyaq", "2025.1"), ("spaq", "2025.1")),
        data_date=DATA_DATE.isoformat(), answers=answers,
        notes={"yzjh": {"teaching_rooms_m2": "新综合楼已立项，预计2026年秋季投入使用。"},
               "xyaq": {"visitor_registration": "登记本缺少9月中旬记录。"}},
        rectifications=(
            Rectification("yzjh", "teaching_rooms_m2", "新建综合楼，增加教学及辅助用房3000㎡",
                          "王建国", "2026-08-31", "整改中", "已完成立项和设计"),
            Rectification("xyaq", "visitor_registration", "恢复门卫登记，每周检查登记本",
                          "李卫", "2025-12-01", "已完成", "已恢复"),
        ),
        evidence=tuple(evidence),
        narrative=NARRATIVE,
        signoffs={"yzjh": SignOff("李文", "0762-3312346", "2025-11-03", "张明", "副校长")},
    )


def _parsed(cat, checklist_id: str, raw: dict) -> dict:
    from desktop.core.engine import parse_answers
    return parse_answers(cat.get(checklist_id), raw)


def _evidence(shelf: EvidenceShelf, tmp: Path, photos: int):
    tmp.mkdir(parents=True, exist_ok=True)
    targets = [("yzjh", "teaching_rooms_m2"), ("yzjh", "multimedia_rooms"),
               ("xyaq", "visitor_registration"), ("spaq", "sample_min_weight_g")]
    for n in range(photos):
        checklist, item = targets[n % len(targets)]
        sha, size = shelf.add(write_png(tmp / f"p{n}.png", f"photo {n}", shade=120 + 10 * n))
        yield Evidence(checklist, item, f"现场照片{n + 1}.png", sha, size,
                       f"2025-10-{10 + n % 18:02d}T09:00:00", caption=f"第{n + 1}张：校舍现场查看",
                       taken_on=f"2025-10-{10 + n % 18:02d}")
    sha, size = shelf.add(b"%PDF-1.4 plan of the new building")
    yield Evidence("yzjh", "teaching_rooms_m2", "综合楼立项批复.pdf", sha, size,
                   "2025-09-01T10:00:00", archive="留校备查", pages=3)
    yield Evidence("yzjh", "students_primary", "学籍名册（缺失文件）.xlsx", "f" * 64, 2048,
                   "2025-09-02T10:00:00")


@pytest.fixture
def shelf(tmp_path: Path) -> EvidenceShelf:
    return EvidenceShelf(tmp_path / "files")


@pytest.fixture
def snapshot(shelf: EvidenceShelf, tmp_path: Path) -> AssessmentSnapshot:
    return rich_snapshot(shelf, tmp_path / "png")


@pytest.fixture
def incomplete(snapshot: AssessmentSnapshot) -> AssessmentSnapshot:
    answers = {c: dict(a) for c, a in snapshot.answers.items()}
    del answers["xyaq"]["gate_staffed_24h"]
    return dataclasses.replace(snapshot, answers=answers)


def run_tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_text(path: Path) -> str:
    return pdf_reading.pdf_text(path)


def stream_pages(path: Path) -> list[str]:
    """Text per page in drawing order, whitespace removed: a wrapped table cell (or the rotated
    watermark) reads as one piece here, while pdftotext interleaves neighbouring lines."""
    from pypdf import PdfReader
    return ["".join(page.extract_text().split()) for page in PdfReader(path).pages]


def stream_text(path: Path) -> str:
    return "".join(stream_pages(path))


def body_text(path: Path, school: str) -> str:
    """The pages' text without their header and footer (drawn last on each page, starting with
    the school's name), so a paragraph running over a page break reads as one piece."""
    return "".join(page[:page.rfind(school)] for page in stream_pages(path))


def pdf_pages(path: Path) -> list[str]:
    """Text per page."""
    return pdf_reading.page_texts(path)
