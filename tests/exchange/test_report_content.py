"""Report content that depends on the assessment: scores, vetoes, school types, overlays, scale."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from fractions import Fraction as F

import pytest
from pypdf import PdfReader

from desktop.core import catalog
from desktop.core.assessment import AssessmentSnapshot, Evidence, School
from desktop.core.catalog import Catalog
from desktop.core.model import (
    AnswerType, Checklist, GradeBand, Item, Section, Source, Threshold,
)
from desktop.core.numbers import fmt
from desktop.exchange.pdf_report import ReportOptions, build_report
from tests.exchange.conftest import (
    DATA_DATE, EvidenceShelf, good_answers, pdf_pages, pdf_text, run_tool, stream_text, write_png,
)


def flat(text: str) -> str:
    return "".join(text.split())


def scored_catalog() -> Catalog:
    """The shipped catalog with the safety checklist scored as a county might score it."""
    base = catalog.shipped()
    xyaq = base.get("xyaq")
    items = tuple(dataclasses.replace(i, score=F(4) if i.key else F(2))
                  if i.is_standard and not i.veto else i for i in xyaq.items)
    bands = (GradeBand("优秀", F(90)), GradeBand("良好", F(80)), GradeBand("合格", F(60)))
    scored = dataclasses.replace(xyaq, items=items, grade_bands=bands)
    return Catalog({**base.checklists, "xyaq": scored}, base.overlays)


def test_scored_checklist_prints_points_subtotals_grade_and_review_column(snapshot, shelf, tmp_path):
    cat = scored_catalog()
    snap = dataclasses.replace(snapshot, self_scores={"xyaq": {"visitor_registration": F(1)}})
    result = snap.evaluate(cat)["xyaq"]
    assert result.self_score is not None and result.grade
    out = tmp_path / "scored.pdf"
    build_report(snap, cat, out, shelf.evidence_file, ReportOptions(checklists=("xyaq",), photos=False))
    text = stream_text(out)
    assert "评分汇总" in text and "复评得分" in text and "自评得分" in text
    assert "小计：人防：保安、门卫与巡查" in text and "总分" in text
    assert flat(f"自评总分 {fmt(result.self_score)} 分（满分 {fmt(result.max_score)} 分") in text
    assert flat(f"等级：{result.grade}") in text
    assert "扣1分：登记本缺少9月中旬记录。" in text  # the note explains the deduction


def test_a_veto_case_is_stated_and_fails_the_checklist(snapshot, shelf, tmp_path):
    answers = {c: dict(a) for c, a in snapshot.answers.items()}
    answers["yzjh"]["veto_key_classes"] = True
    snap = dataclasses.replace(snapshot, answers=answers)
    assert snap.evaluate(catalog.shipped())["yzjh"].verdict == "未达标"
    out = tmp_path / "veto.pdf"
    build_report(snap, catalog.shipped(), out, shelf.evidence_file,
                 ReportOptions(checklists=("yzjh",), photos=False))
    text = flat(pdf_text(out))
    assert "经自查，本校在评估期内存在下列标「有」的情形" in text
    assert "存在一票否决情形：设重点校、重点班。" in text


def test_primary_school_rows_are_named_without_a_section(shelf, tmp_path):
    school = School("城关镇中心小学", "小学", code="3441000456", locale="镇区", ownership="公办")
    cat = catalog.shipped()
    answers = good_answers(cat.get("yzjh"), school.profile, fixed={
        "students_primary": 900, "teachers_above_degree_primary": 40, "backbone_teachers_primary": 9,
        "pe_art_teachers_primary": 9, "teaching_rooms_m2": "4100", "sports_area_m2": "7000",
        "equipment_value_yuan": "1900000", "multimedia_rooms": 21})
    snap = AssessmentSnapshot(school, "2025年度", (("yzjh", "2025.1"),), overlay="gd",
                              data_date=DATA_DATE.isoformat(), answers={"yzjh": answers})
    stage = snap.evaluate(cat)["yzjh"].stages["primary"]
    out = tmp_path / "primary.pdf"
    build_report(snap, cat, out, shelf.evidence_file)
    text = flat(pdf_text(out))
    assert f"小学：达标项数{stage.met_count}/7" in text
    assert "小学部" not in text and "初中" not in text.split("七、条目自评明细")[0].split("自评结果汇总")[1]
    assert "地方标准：广东省" in text  # the overlay applied is named on the cover


def big_checklist(count: int = 400) -> Checklist:
    sections = tuple(Section(f"s{n}", f"第{n + 1}部分　检查内容") for n in range(20))
    source = Source("测试用依据")
    items = []
    for n in range(count):
        common = {"id": f"i{n}", "section": f"s{n % 20}", "source": source, "key": n % 9 == 0}
        kind = n % 4
        if kind == 0:
            items.append(Item(title=f"第{n}项：制度落实并有记录", type=AnswerType.YES_NO, expected=True, **common))
        elif kind == 1:
            items.append(Item(title=f"第{n}项：配备人数", type=AnswerType.INTEGER, unit="人",
                              threshold=Threshold(value=F(10)), **common))
        elif kind == 2:
            items.append(Item(title=f"第{n}项：检查结果", type=AnswerType.CHOICE,
                              options=("合格", "不合格"), pass_options=("合格",), **common))
        else:
            items.append(Item(title=f"第{n}项：情况说明", type=AnswerType.TEXT, required_text=True, **common))
    return Checklist("big", "1.0", "大型检查表", "大型检查表 学校自查表", ("小学",), "测试用依据",
                     sections, tuple(items))


@pytest.mark.slow
def test_four_hundred_items_and_fifty_photos_still_build(tmp_path):
    checklist = big_checklist()
    cat = Catalog({"big": checklist}, {})
    values = {0: True, 1: F(12), 2: "合格", 3: "已落实，记录齐全"}
    answers = {i.id: values[n % 4] for n, i in enumerate(checklist.items)}
    for n in range(0, 400, 13):  # some misses, so the ledger is long too
        answers[f"i{n}"] = {0: False, 1: F(7), 2: "不合格", 3: "无"}[n % 4]
    shelf = EvidenceShelf(tmp_path / "files")
    evidence = []
    for n in range(50):
        sha, size = shelf.add(write_png(tmp_path / f"{n}.png", f"{n}", size=(1400, 1050), shade=60 + n * 3))
        evidence.append(Evidence("big", f"i{n * 8}", f"照片{n}.png", sha, size,
                                 f"2025-10-{1 + n % 28:02d}T08:00:00", caption=f"现场照片 {n}"))
    snap = AssessmentSnapshot(School("城关镇第二小学", "小学"), "2025年度", (("big", "1.0"),),
                              data_date=dt.date(2025, 11, 1).isoformat(), answers={"big": answers},
                              notes={"big": {"i5": "说明" * 250}}, evidence=tuple(evidence))
    out = tmp_path / "big.pdf"
    info = build_report(snap, cat, out, shelf.evidence_file)
    reader = PdfReader(out)
    assert info.pages == len(reader.pages) == len(pdf_pages(out))
    assert sum(len(p.images) for p in reader.pages) == 50
    if shutil.which("qpdf"):  # the independent structure check, where qpdf is installed
        assert "No syntax or stream encoding errors found" in run_tool("qpdf", "--check", str(out))
    assert out.stat().st_size < 20 * 1024 * 1024  # photos are scaled down before embedding
    text = stream_text(out)
    assert "第399项：情况说明" in text and f"第{info.pages}页共{info.pages}页" in text
