"""The report's 填写说明 says which answers came from the statistical return."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from pypdf import PdfReader

from desktop.core import catalog
from desktop.exchange.pdf_report import build_report
from desktop.prefill.plan import plan_file
from tests.prefill.conftest import PRIMARY, open_assessment
from tests.prefill.returns import primary_return, write_return


def instructions_page(path: Path) -> str:
    pages = ["".join(p.extract_text().split()) for p in PdfReader(path).pages]
    return next(p for p in pages if p.startswith("填写说明") or "填写说明1．" in p)


def test_instructions_name_the_prefilled_answers(tmp_path: Path):
    store, assessment = open_assessment(tmp_path / "data", PRIMARY, ("yzjh",))
    try:
        plan = plan_file(write_return(primary_return(), tmp_path / "r.xlsx"), catalog.shipped(),
                         store.snapshot(assessment))
        store.set_answers_with_sources(assessment, [(v.checklist, v.item.id, v.value, v.source)
                                                    for v in plan.changes])
        store.set_answer(assessment, "yzjh", "multimedia_rooms", Fraction(31))  # typed over: not from the return
        snapshot = store.snapshot(assessment)
        build_report(snapshot, catalog.shipped(), tmp_path / "report.pdf", store.evidence_file)
    finally:
        store.close()
    text = instructions_page(tmp_path / "report.pdf")
    count = len(plan.values) - 1
    assert f"以下{count}项数据由本程序从学校上报的2020/2021学年初教育事业统计基层表中读取填入" in text
    assert "1.1小学在校生数（基础基312在校生数合计）" in text
    assert "网络多媒体教室数" not in text.split("读取填入", 1)[1]


def test_no_paragraph_without_prefilled_answers(tmp_path: Path):
    store, assessment = open_assessment(tmp_path / "data", PRIMARY, ("yzjh",))
    try:
        store.set_answer(assessment, "yzjh", "students_primary", Fraction(1124))
        build_report(store.snapshot(assessment), catalog.shipped(), tmp_path / "report.pdf", store.evidence_file)
    finally:
        store.close()
    assert "基层表中读取填入" not in instructions_page(tmp_path / "report.pdf")
