"""The printed forms: Chinese text, the school and its problems, two signature places, 第 x 页 共 y 页,
and the CJK font embedded (read with pypdf; pages rendered with poppler's pdftoppm where it is)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.supervisor.notice_pdf import write_notice_pdf
from desktop.supervisor.visit_pdf import write_visit_pdf
from tests.pdf_reading import flat_text, fonts
from tests.supervisor.factories import EXPORTED, plan, school, snapshot, write, yes_no_items
from tests.supervisor.test_records import NINE_YEAR, SHORT

ISSUED = dt.date(2025, 12, 1)


def text_of(pdf: Path) -> str:
    return flat_text(pdf)  # lines wrap anywhere in Chinese: compare without spaces


def assert_cjk_embedded(pdf: Path) -> None:
    used = fonts(pdf)
    assert used and all(font.embedded for font in used), used
    cjk = ("WenQuanYi", "CJK", "Hei", "Ming", "Kai", "Sun", "Song", "Fang")
    assert any(name in f.name for f in used for name in cjk)


def render(pdf: Path, tmp_path: Path) -> list[Path]:
    """Every page renders (poppler's pdftoppm, where installed: not on Windows)."""
    if shutil.which("pdftoppm") is None:
        return []
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages and all(p.stat().st_size > 2000 for p in pages)
    return pages


@pytest.fixture
def notice(ws, inbox):
    ws.set_settings(issuer="示范县人民政府教育督导室", inspector="张督学")
    snap = snapshot(NINE_YEAR, fail=2, checklists=("xyaq", "yzjh"), scenario=SHORT)
    ws.import_package(write(snap, inbox / "a"))
    saved = ws.save_notice(ws.draft_notice("2144190001", issued_on=ISSUED))
    item = yes_no_items(profile=NINE_YEAR.profile)[0]
    later = dataclasses.replace(snap, rectifications=(plan(item, "整改中", "恢复门卫登记制度",
                                                           "已恢复登记，待检查"),))
    ws.import_package(write(later, inbox / "b", created=EXPORTED + dt.timedelta(days=3)),
                      replace=True)
    return saved


def test_notice_pdf_names_the_school_its_problems_and_both_signatures(ws, notice, tmp_path):
    out = tmp_path / "整改通知书.pdf"
    follow = ws.follow_up(notice.id, dt.date(2026, 1, 10))
    info = write_notice_pdf(out, notice, ws.submission_facts(notice.submission_id), follow)
    text = text_of(out)
    for expected in ("教育督导整改通知书", "城关镇第一学校：", notice.number, "示范县人民政府教育督导室",
                     "责任督学张督学", "整改情况回执", "责任督学（签名）", "学校负责人（签收）",
                     "学校负责人（签名）", "责任督学（复查签名）", "2025年12月31日",
                     f"第 1 页 共 {info.pages} 页", "恢复门卫登记制度", "已逾期"):
        assert expected.replace(" ", "") in text, expected
    for item in notice.items:
        assert item.title[:6].replace(" ", "") in text and item.code in text
    assert ws.submission_facts(notice.submission_id).fingerprint in text
    assert info.pages >= 2
    assert_cjk_embedded(out)
    render(out, tmp_path)


def test_visit_pdf_blank_and_filled_fit_one_page(ws, tmp_path):
    blank = dataclasses.replace(_blank(ws), inspector="张督学")
    out = tmp_path / "空白.pdf"
    info = write_visit_pdf(out, blank, "示范县人民政府教育督导室")
    text = text_of(out)
    for expected in ("责任督学督导工作记录表", "城南小学", "2144190002", "督导事项", "□ 听课",
                     "发现的主要问题", "意见建议", "整改要求与时限", "责任督学（签名）",
                     "学校负责人（签名）", "第 1 页 共 1 页"):
        assert expected.replace(" ", "") in text, expected
    assert info.pages == 1
    assert_cjk_embedded(out)

    filled = dataclasses.replace(blank, visited_on="2025-12-03", topic="开学专项督导",
                                 methods=("听课", "座谈", "查看食堂"), seen="查看了食堂后厨。",
                                 problems="留样记录缺两天。", suggestions="专人负责留样。",
                                 requirements="12月31日前整改。", school_head="陈建国",
                                 number="〔2025〕第 7 号")
    out = tmp_path / "记录.pdf"
    assert write_visit_pdf(out, filled).pages == 1
    text = text_of(out)
    for expected in ("2025年12月3日", "开学专项督导", "查看食堂", "留样记录缺两天", "陈建国",
                     "〔2025〕第 7 号"):
        assert expected.replace(" ", "") in text, expected
    assert "□听课" not in text and "□问卷" in text
    render(out, tmp_path)


def _blank(ws):
    from tests.supervisor.conftest import ROSTER
    ws.set_roster(ROSTER)
    return ws.blank_visit("城南小学")


def test_a_very_long_record_is_kept_whole_over_two_pages(ws, tmp_path):
    long = "学校门卫值守、访客登记、视频监控和食堂留样等情况逐项查看。" * 60
    visit = dataclasses.replace(_blank(ws), visited_on="2025-12-03", seen=long)
    out = tmp_path / "长.pdf"
    info = write_visit_pdf(out, visit)
    assert info.pages >= 2
    text = text_of(out)
    assert text.count("逐项查看") >= 60  # nothing lost: the end moves to a 附注


def test_unwritable_output_is_a_user_error(ws, notice, tmp_path):
    from desktop.core.errors import DesktopError
    with pytest.raises(DesktopError, match="不存在"):
        write_notice_pdf(tmp_path / "无此文件夹" / "x.pdf", notice)
