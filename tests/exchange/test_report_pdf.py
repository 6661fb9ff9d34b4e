"""The PDF report as inspectors get it: text, numbers and verdicts from the engine, embedded font,
valid file, page numbers, fingerprint, draft watermark, and nothing printed off the page."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.core import catalog
from desktop.core.answers import display
from desktop.core.engine import Status
from desktop.core.errors import InputError
from desktop.core.numbers import fmt, fmt_beside
from desktop.core.snapshot_json import digest, short_fingerprint
from desktop.exchange import fonts
from desktop.exchange.pdf_report import ReportCancelled, ReportOptions, build_report
from tests.pdf_reading import fonts as pdf_fonts, requires_tool
from desktop.exchange.report_numbers import grouped
from desktop.exchange.report_outline import chinese_date
from tests.exchange.conftest import (
    EvidenceShelf, body_text, pdf_pages, pdf_text, rich_snapshot, run_tool, stream_pages, stream_text,
)

A4_W, A4_H = 595.27, 841.89
MM = 72 / 25.4


def flat(text: str) -> str:
    """Text without any whitespace: the reader breaks lines where the PDF wraps them."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One full report of the rich sample (three checklists, photos), shared by the checks here."""
    root = tmp_path_factory.mktemp("report")
    shelf = EvidenceShelf(root / "files")
    snap = rich_snapshot(shelf, root / "png")
    info = build_report(snap, catalog.shipped(), root / "report.pdf", shelf.evidence_file)
    return snap, info, root / "report.pdf"


def test_report_text_carries_school_values_and_engine_verdicts(built):
    snap, info, path = built
    text = flat(pdf_text(path))
    cells = stream_text(path)
    assert flat("城关镇第一学校 2025年度 学校督导自评报告") in text
    assert "3441000123" in text and "王建国" in text
    results = snap.evaluate(catalog.shipped())
    for checklist_id, result in results.items():
        counts = result.counts
        assert flat(f"结论：{result.verdict}。共 {len(result.items)} 个条目：达标 {counts['met']}，"
                    f"未达标 {counts['unmet']}") in text, checklist_id
        for r in result.unmet:
            assert flat(r.item.title) in cells and flat(display(r.item, r.value)) in text
    for stage in results["yzjh"].stages.values():
        assert flat(f"{stage.verdict}") in text and flat(stage.reason) in text
        assert flat(f"达标项数 {stage.met_count}/{stage.total}") in text
        for r in stage.indicators.values():
            # Money is printed with thousands separators.
            shown = grouped if r.indicator.unit == "元" else (lambda t: t)
            assert flat(shown(fmt_beside(r.value, r.threshold))) in text, r.indicator.id
            assert shown(fmt(r.threshold, 4)) in text and shown(fmt(r.floor, 4)) in text
            assert flat(r.indicator.title) in cells
            if r.gap_text:
                assert flat(r.gap_text) in cells


def test_mixed_school_prints_each_section_and_its_verdict(built):
    snap, _, path = built
    text = flat(pdf_text(path))
    stages = snap.evaluate(catalog.shipped())["yzjh"].stages
    assert stages["primary"].verdict == "达标" and stages["junior"].verdict == "未达标"
    assert "小学部：达标项数6/7" in text and "初中部：达标项数5/7" in text


def test_cjk_font_is_embedded_and_no_other_font_is_used(built):
    _, info, path = built
    used = pdf_fonts(path)
    assert used, "no fonts listed"
    for font in used:
        assert font.embedded, f"font not embedded: {font.name}"
    assert any("WenQuanYi" in f.name or "Sim" in f.name or "YaHei" in f.name for f in used)
    assert "WenQuanYi" in info.font or "msyh" in info.font or "sim" in info.font


@requires_tool("qpdf", "the independent check of the file's structure")
def test_file_passes_qpdf_check(built):
    _, _, path = built
    out = run_tool("qpdf", "--check", str(path))
    assert "No syntax or stream encoding errors found" in out


def test_every_page_is_numbered_and_fingerprinted(built):
    snap, info, path = built
    pages = pdf_pages(path)
    assert len(pages) == info.pages == len(PdfReader(path).pages)
    short = short_fingerprint(digest(snap))
    assert info.fingerprint == digest(snap)
    for number, page in enumerate(pages[1:], 2):
        text = flat(page)
        assert f"第{number}页共{info.pages}页" in text
        assert short in text and "城关镇第一学校" in text
    cover = flat(pages[0])
    assert "学校名称（公章）" in cover and info.fingerprint[:16] in cover
    assert "第1页" not in cover and "数据指纹" + short not in cover  # no running header/footer


def test_report_sections_appear_in_official_order(built):
    _, _, path = built
    text = flat(pdf_text(path))
    headings = ["填写说明", "一、学校概况", "二、主要工作和成绩", "三、存在问题", "四、下一步打算",
                "五、一票否决情形", "六、自评结果汇总", "七、条目自评明细", "八、整改台账",
                "九、佐证材料目录", "照片资料"]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, dict(zip(headings, positions))
    assert positions == sorted(positions)
    assert "（一）领导重视，组织健全" in text  # the user's own sub-headings are kept
    assert "学前教育" not in text  # only the assessment's checklists


def test_instructions_state_the_data_date_and_statistics_basis(built):
    _, _, path = built
    text = flat(pdf_pages(path)[1])
    assert "数据日期为2025年11月1日" in text and "学年初教育事业统计" in text
    assert "不证明填报内容属实" in text


def test_veto_section_states_none_of_the_cases(built):
    snap, _, path = built
    text = flat(pdf_text(path))
    assert text.count("经自查，本校在评估期内无下列情形") == 3
    yzjh = catalog.shipped().get("yzjh")
    for item in (i for i in yzjh.items if i.veto):
        assert flat(item.title) in text


def test_ledger_lists_every_problem_with_its_plan(built):
    snap, _, path = built
    ledger = stream_text(path).split("八、整改台账")[1].split("九、佐证材料目录")[0]
    results = snap.evaluate(catalog.shipped())
    for result in results.values():
        for r in result.unmet:
            assert flat(r.item.title) in ledger
    for stage in results["yzjh"].stages.values():
        for r in stage.indicators.values():
            if r.status == "unmet":
                assert flat(f"{r.indicator.id} {r.indicator.title}") in ledger
    assert "新建综合楼" in ledger and "王建国" in ledger and "2026年8月31日" in ledger
    assert "尚未制定" in ledger  # unmet items without a plan are not hidden


def test_evidence_catalogue_codes_hashes_and_filing(built):
    snap, _, path = built
    catalogue = stream_text(path).split("九、佐证材料目录")[1]
    for e in snap.evidence:
        assert e.sha256[:12] in catalogue
    assert "R4-1" in catalogue and "R7-1" in catalogue and "留校备查" in catalogue
    assert "（文件缺失）" in catalogue  # the evidence whose file is gone is listed, and marked
    photos = [e for e in snap.evidence if e.name.endswith(".png")]
    for n, e in enumerate(photos, 1):
        assert f"图{n}{chinese_date(e.taken_on)}" in catalogue  # one date style


def test_photos_come_two_to_a_page(built):
    snap, _, path = built
    reader = PdfReader(path)
    photo_pages = [p for p in reader.pages if len(p.images) > 0]
    photos = [e for e in snap.evidence if e.name.endswith(".png")]
    assert sum(len(p.images) for p in photo_pages) == len(photos)
    assert all(len(p.images) <= 2 for p in photo_pages)
    assert len(photo_pages) == (len(photos) + 1) // 2


@requires_tool("pdftotext", "word boxes (-bbox), which pypdf does not give")
def test_nothing_is_printed_outside_the_page_margins(built):
    _, _, path = built
    check_words_inside_margins(path)


def check_words_inside_margins(path: Path) -> None:
    """Every word lies inside the text area (a hanging comma may poke out a few points).

    Needs poppler's word boxes: where pdftotext is not installed (Windows) the check is left out
    of the tests that also check other things; the margins test itself is skipped there."""
    if shutil.which("pdftotext") is None:
        return
    html = run_tool("pdftotext", "-bbox", str(path), "-")
    found = 0
    # Page by page: the 整改台账 is on landscape pages.
    for width, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                          html, re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">',
                           body)
        found += len(words)
        for x0, y0, x1, y1 in ((float(a), float(b), float(c), float(d)) for a, b, c, d in words):
            assert x0 >= 20 * MM and x1 <= float(width) - 14 * MM, (x0, x1)
            assert y0 >= 8 * MM and y1 <= float(height) - 8 * MM, (y0, y1)
    assert found


def test_draft_watermark_only_when_incomplete(built, incomplete, shelf, tmp_path):
    snap, _, path = built
    assert all(r.verdict != "未完成" for r in snap.evaluate(catalog.shipped()).values())
    assert "草稿（未完成）" not in pdf_text(path)
    out = tmp_path / "draft.pdf"
    info = build_report(incomplete, catalog.shipped(), out, shelf.evidence_file,
                        ReportOptions(checklists=("xyaq",), photos=False))
    assert info.draft
    pages = stream_pages(out)
    assert len(pages) == info.pages
    # The watermark is a picture on every page, so it never mixes into the text people copy.
    from pypdf import PdfReader
    drafts = [page for page in PdfReader(out).pages
              if any(img.image.size[0] > 400 for img in page.images)]
    assert len(drafts) == info.pages
    assert all("草稿（未完成）" not in page for page in pages[2:])
    assert not any(page.images for page in PdfReader(path).pages[:2])  # a finished one has none


def test_long_texts_wrap_and_are_printed_whole(snapshot, shelf, tmp_path):
    paragraph = ("学校坚持立德树人根本任务，全面推进素质教育；" * 140)[:3000]
    note = ("音乐美术专用教室建设情况说明" * 40)[:500]
    huge = "超长说明ABCDEFGHIJ" + "附属设施改造记录，" * 700
    notes = {c: dict(n) for c, n in snapshot.notes.items()}
    notes["yzjh"]["art_rooms"] = note
    notes["xyaq"]["patrols_per_day"] = huge
    snap = dataclasses.replace(snapshot, notes=notes, narrative=dataclasses.replace(
        snapshot.narrative, achievements=paragraph))
    out = tmp_path / "long.pdf"
    build_report(snap, catalog.shipped(), out, shelf.evidence_file,
                 ReportOptions(checklists=("yzjh", "xyaq"), photos=False))
    text = body_text(out, snap.school.name)
    assert flat(paragraph) in text and flat(note) in text
    assert flat(huge) in text  # moved to a 附注 after its table, not cut
    assert "全文见本表后附注1" in text
    check_words_inside_margins(out)


def test_one_checklist_report_has_its_own_title_and_no_photos(snapshot, shelf, tmp_path):
    out = tmp_path / "yzjh.pdf"
    info = build_report(snapshot, catalog.shipped(), out, shelf.evidence_file,
                        ReportOptions(checklists=("yzjh",), photos=False))
    text = flat(pdf_text(out))
    assert flat("城关镇第一学校 2025年度 义务教育优质均衡发展 自评报告") in text
    assert "校园安全" not in text and "照片资料" not in text
    assert not any(len(p.images) for p in PdfReader(out).pages)
    assert info.pages == len(pdf_pages(out))


def test_unknown_checklist_is_refused(snapshot, shelf, tmp_path):
    with pytest.raises(InputError, match="本次评估不含检查表「xqph」"):
        build_report(snapshot, catalog.shipped(), tmp_path / "x.pdf", shelf.evidence_file,
                     ReportOptions(checklists=("xqph",)))
    assert not list(tmp_path.glob("*.pdf"))


def test_progress_ends_complete_and_cancel_leaves_no_file(snapshot, shelf, tmp_path):
    seen: list[tuple[int, int]] = []
    out = tmp_path / "p.pdf"
    build_report(snapshot, catalog.shipped(), out, shelf.evidence_file,
                 ReportOptions(checklists=("xyaq",)), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1] and len(seen) > 10
    assert all(d <= t for d, t in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    before = out.read_bytes()
    calls = []

    def cancel_midway() -> bool:
        calls.append(1)
        return len(calls) > 20

    with pytest.raises(ReportCancelled):
        build_report(snapshot, catalog.shipped(), out, shelf.evidence_file, is_cancelled=cancel_midway)
    assert out.read_bytes() == before  # the earlier report is untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_font_gives_the_chinese_message_and_no_file(snapshot, shelf, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "candidate_paths", lambda: [(tmp_path / "no.ttc", 0)])
    monkeypatch.setattr(fonts, "role_candidates", lambda role: [])
    with pytest.raises(fonts.FontError, match="未找到可嵌入 PDF 的中文 TrueType 字体"):
        build_report(snapshot, catalog.shipped(), tmp_path / "f.pdf", shelf.evidence_file)
    assert not (tmp_path / "f.pdf").exists()


def test_font_path_override_is_used(snapshot, shelf, tmp_path):
    font = fonts.find_cjk_font()
    info = build_report(snapshot, catalog.shipped(), tmp_path / "o.pdf", shelf.evidence_file,
                        ReportOptions(checklists=("spaq",), photos=False, font_path=font.path))
    assert str(font.path) in info.font


def test_same_snapshot_gives_the_same_bytes(snapshot, shelf, tmp_path):
    options = ReportOptions(checklists=("spaq",), photos=False)
    first = build_report(snapshot, catalog.shipped(), tmp_path / "1.pdf", shelf.evidence_file, options)
    second = build_report(snapshot, catalog.shipped(), tmp_path / "2.pdf", shelf.evidence_file, options)
    assert first.fingerprint == second.fingerprint
    assert (tmp_path / "1.pdf").read_bytes() == (tmp_path / "2.pdf").read_bytes()


@requires_tool("pdftoppm", "rendering the page to look at it")
def test_unmet_cells_are_hatched_in_black_and_white(built, tmp_path):
    """The resource table page, rendered in grey, shows the diagonal hatch in the unmet cells."""
    _, _, path = built
    pages = pdf_pages(path)
    number = next(i for i, p in enumerate(pages, 1) if "初中部：达标项数" in flat(p))
    run_tool("pdftoppm", "-r", "100", "-gray", "-png", "-f", str(number), "-l", str(number),
             str(path), str(tmp_path / "page"))
    from PIL import Image
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
    pixels = image.load()
    # Hatching shows as many short dark diagonal runs: count pixels whose diagonal neighbours
    # are dark too while the horizontal neighbours are light (text strokes rarely do that).
    w, h = image.size
    diagonal = sum(1 for y in range(1, h - 1) for x in range(1, w - 1)
                   if pixels[x, y] < 160 and pixels[x - 1, y + 1] < 160 and pixels[x + 1, y - 1] < 160
                   and pixels[x - 1, y] > 200 and pixels[x + 1, y] > 200)
    assert diagonal > 200
