"""The report's small parts: 公文 numbering, paragraphs, hatching, chart scale, codes, labels, fonts."""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.assessment import Evidence
from desktop.core.errors import InputError
from desktop.exchange import fonts
from desktop.exchange.report_chart import axis_maximum
from desktop.exchange.report_codes import Codes, human_size
from desktop.exchange.report_labels import load_labels
from desktop.exchange.report_narrative import paragraphs
from desktop.exchange.report_outline import chinese_date, chinese_number, level_mark
from desktop.exchange.report_tables import hatch_segments


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                     (21, "二十一"), (99, "九十九")])
def test_chinese_numbers(n, text):
    assert chinese_number(n) == text


def test_heading_marks_follow_gbt_9704_levels():
    assert [level_mark(level, 2) for level in (1, 2, 3, 4)] == ["二、", "（二）", "2.", "（2）"]


def test_dates_are_written_the_official_way():
    assert chinese_date("2025-11-01") == "2025年11月1日"
    assert chinese_date("2025-11-01T08:00:00") == "2025年11月1日"
    assert chinese_date("不是日期") == "不是日期"


def test_blank_lines_separate_paragraphs_and_single_breaks_stay():
    text = "第一段第一行\n第一段第二行\n\n\n第二段\r\n\r\n  \n第三段"
    assert paragraphs(text) == ["第一段第一行\n第一段第二行", "第二段", "第三段"]
    assert paragraphs("") == [] and paragraphs("\n\n") == []


@pytest.mark.parametrize("x, y, w, h", [(0, 0, 40, 10), (10, 50, 30, -20), (5, 5, 3, 60)])
def test_hatch_lines_stay_inside_their_cell(x, y, w, h):
    segments = hatch_segments(x, y, w, h, step=4)
    assert len(segments) >= (abs(w) + abs(h)) // 4 - 1
    x0, x1 = sorted((x, x + w))
    y0, y1 = sorted((y, y + h))
    for sx, sy, ex, ey in segments:
        for px, py in ((sx, sy), (ex, ey)):
            assert x0 - 1e-9 <= px <= x1 + 1e-9 and y0 - 1e-9 <= py <= y1 + 1e-9
        assert ex - sx == pytest.approx(ey - sy)  # 45°


def test_chart_axis_shows_the_standard_and_caps_outliers():
    assert axis_maximum([]) == 125
    assert axis_maximum([F(96, 100), F(1)]) == 125
    assert axis_maximum([F(131, 100)]) == 150
    assert axis_maximum([F(9)]) == 200


def test_human_sizes():
    assert [human_size(n) for n in (980, 12_600, 4_718_592)] == ["980 B", "12.3 KB", "4.5 MB"]


def _evidence(item: str, n: int, code: str = "") -> Evidence:
    return Evidence("yzjh", item, f"f{n}.png", f"{n:064x}", 10, f"2025-10-0{n}T08:00:00", code=code)


def test_evidence_is_numbered_by_indicator_then_by_item(snapshot):
    snap = dataclasses.replace(snapshot, checklists=(("yzjh", "2025.1"),), evidence=(
        _evidence("teaching_rooms_m2", 2), _evidence("teaching_rooms_m2", 1),
        _evidence("pe_art_teachers_junior", 3), _evidence("music_rooms", 4),
        _evidence("music_rooms", 5, code="音乐-甲")))
    results = snap.evaluate(catalog.shipped())
    codes = Codes(snap, results, load_labels())
    by_name = {e.evidence.name: e.code for e in codes.entries}
    music = codes.item_code("yzjh", "music_rooms")
    assert by_name == {"f1.png": "R4-1", "f2.png": "R4-2", "f3.png": "R3-1",
                       "f4.png": f"{music}-1", "f5.png": "音乐-甲"}
    assert music.startswith("2.")  # second section, 政府保障程度


def test_item_codes_carry_the_checklist_prefix(snapshot):
    results = snapshot.evaluate(catalog.shipped())
    codes = Codes(snapshot, results, load_labels())
    assert codes.item_code("yzjh", "students_primary") == "1.1"
    assert codes.item_code("xyaq", "safety_leading_group") == "A1.1"  # 组织与制度 first
    assert codes.item_code("xyaq", "enrolled_total") == "A2.1"
    assert codes.item_code("spaq", "has_canteen").startswith("S1.")


def test_a_county_labels_file_overrides_only_what_it_names(tmp_path: Path):
    county = tmp_path / "county.toml"
    county.write_text('[report]\nprinted_by = "示范县教育局印制"\n[ledger]\nsource = "县督导室"\n',
                      encoding="utf-8")
    labels = load_labels(county)
    assert labels.text("report.printed_by") == "示范县教育局印制"
    assert labels.text("ledger.source") == "县督导室"
    assert labels.text("ledger.heading") == "整改台账"  # untouched keys keep the shipped value


def test_a_broken_labels_file_is_refused_in_chinese(tmp_path: Path):
    broken = tmp_path / "bad.toml"
    broken.write_text("[report\n", encoding="utf-8")
    with pytest.raises(InputError, match="报告标签文件 bad.toml 格式有误"):
        load_labels(broken)
    with pytest.raises(InputError, match="找不到报告标签文件"):
        load_labels(tmp_path / "none.toml")


def test_the_system_cjk_font_is_found_and_draws_the_marks():
    font = fonts.find_cjk_font()
    assert font.has_glyph("校") and font.has_glyph("㎡")
    assert font.first_drawable(["✗", "✘", "×"]) in ("✗", "✘")


def test_no_font_names_the_fonts_to_install():
    with pytest.raises(fonts.FontError) as info:
        fonts.find_cjk_font(candidates=[(Path("/nonexistent/msyh.ttc"), 0)])
    message = str(info.value)
    assert "未找到可嵌入 PDF 的中文 TrueType 字体" in message
    assert "fonts-wqy-microhei" in message and "msyh.ttc" in message and "simsun.ttc" in message


def test_unusable_font_files_are_refused_with_the_reason(tmp_path: Path):
    garbage = tmp_path / "fake.ttf"
    garbage.write_bytes(b"OTTO" + bytes(200))  # looks like a CFF/OpenType font, is not usable
    with pytest.raises(fonts.FontError, match="无法嵌入 PDF"):
        fonts.find_cjk_font(garbage)
    with pytest.raises(fonts.FontError, match="不存在"):
        fonts.find_cjk_font(tmp_path / "missing.ttf")
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():
        with pytest.raises(fonts.FontError, match="不含中文字形"):
            fonts.find_cjk_font(dejavu)


def test_broken_candidates_are_skipped(tmp_path: Path):
    garbage = tmp_path / "broken.ttc"
    garbage.write_bytes(bytes(500))
    real = fonts.find_cjk_font()
    found = fonts.find_cjk_font(candidates=[(garbage, 0), (real.path, real.subfont_index)])
    assert found.path == real.path


def test_a_wrong_placeholder_in_a_county_label_is_named(tmp_path: Path):
    county = tmp_path / "county.toml"
    county.write_text('[report]\ntitle_single = "{schol}自评报告"\n', encoding="utf-8")
    labels = load_labels(county)
    with pytest.raises(InputError, match="report.title_single.*schol"):
        labels.text("report.title_single", school="甲", period="2025年度", checklist="乙")
