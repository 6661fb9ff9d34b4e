"""避头尾: no line starts with closing punctuation or ends with an opening one; words stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.exchange.kinsoku import break_positions, may_break

ROOT = Path(__file__).resolve().parents[2]


def lines_of(text: str, per_line: int, spaces_only: bool = False) -> list[str]:
    """Breaks text in lines of `per_line` one-unit glyphs (Latin glyphs half a unit)."""
    chars = list(text)
    widths = [1.0 if ord(c) > 0x2E80 else 0.5 for c in chars]
    return [text[a:b].rstrip(" ") for a, b in break_positions(chars, widths, [float(per_line)],
                                                  spaces_only=spaces_only)]


@pytest.mark.parametrize("width", range(3, 16))
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width):
    text = "学校坚持立德树人；全面推进素质教育，落实“双减”要求（含课后服务）。《办法》「第五条」：达标！"
    lines = lines_of(text, width)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in "，。；：、）」』》？！”", (width, lines)
    for line in lines[:-1]:
        assert line[-1] not in "（「『《“", (width, lines)


def test_reportlab_alone_would_start_a_line_with_a_semicolon():
    """The case that made this module necessary: two closing marks in a row at the break."""
    lines = lines_of("教室数未达标（还需5间）；初中", 11)
    assert not any(line.startswith(("；", "）")) for line in lines[1:])


def test_numbers_words_and_units_stay_whole():
    lines = lines_of("截止日期为2025年12月31日，数据指纹 SHA-256 共1,472,000元", 7)
    joined = "|".join(lines)
    for word in ("SHA-256", "1,472,000元", "31日"):
        assert word in lines or any(word in line for line in lines), joined
    assert not may_break("1", "日") and not may_break("第", "3") and may_break("日", "截")


def test_titles_break_only_between_words():
    lines = lines_of("城关镇第一学校 2025年度 学校督导自评报告", 9, spaces_only=True)
    assert lines == ["城关镇第一学校", "2025年度", "学校督导自评报告"]


def test_a_run_without_any_allowed_break_is_cut_but_never_lost():
    text = "0123456789abcdef" * 4
    lines = lines_of(text, 5)
    assert "".join(lines) == text and all(len(line) <= 10 for line in lines)


def test_every_pdf_module_builds_paragraphs_through_the_kinsoku_helper():
    offenders = []
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.name in ("kinsoku.py", "demo_files.py"):  # demo_files writes a sample evidence PDF
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(?<![A-Za-z])Paragraph\(", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_a_space_inside_a_quantity_is_not_a_break():
    for text in ("自评：36人（标准：≤ 35人）", "还需增加 909.55 ㎡", "示范督整〔2025〕第 2 号"):
        for width in range(5, 12):  # from where each quantity fits on one line
            lines = lines_of(text, width)
            assert not any(line.endswith(("≤", "第")) or line.startswith(("㎡", "号", "35人"))
                           for line in lines), (width, lines)
