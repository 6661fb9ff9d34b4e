"""The district PDF: Chinese text embedded, every section present, the failing CV marked."""

import datetime as dt

import pytest
from pypdf import PdfReader

from desktop.district.kindergarten_table import Kindergarten
from desktop.district.pdf import DistrictReport, write_pdf
from desktop.district.preschool import preschool_summary
from desktop.district.roster import RosterEntry
from desktop.district.summary import summarise
from desktop.district.whatif import what_ifs
from desktop.exchange.fonts import FontError, find_cjk_font
from tests.pdf_reading import fonts
from tests.district.factories import primary

try:
    find_cjk_font()
    HAVE_FONT = True
except FontError:
    HAVE_FONT = False
needs_font = pytest.mark.skipif(not HAVE_FONT, reason="no CJK TrueType font on this machine")


def _report(**extra):
    # R4 values 3 and 0.999 ㎡ per student: CV 0.5004 > 0.50, printed with four decimals.
    summary = summarise([primary("甲小学", 1000, teaching_rooms_m2=3000),
                         primary("乙小学", 1000, teaching_rooms_m2=999)])
    return DistrictReport(summary, what_ifs(summary), county="示例", source="统计表.xlsx",
                          made_on=dt.date(2025, 11, 1), **extra)


def _text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@needs_font
def test_sections_text_and_marks(tmp_path):
    kgs = [Kindergarten("甲园", "公办", 300, 10, 1, 20, 20, 10)]
    report = _report(preschool=preschool_summary(kgs, 400),
                     roster=[RosterEntry("甲小学"), RosterEntry("乙小学"), RosterEntry("丙小学")])
    path = write_pdf(tmp_path / "报告.pdf", report)
    text = _text(path).replace(" ", "")
    for part in ("示例义务教育优质均衡发展", "二、校际差异系数", "0.5004", "≤0.50",
                 "三、资源配置未达标的学校及差距", "还需增加教学及辅助用房",
                 "四、对超限差异系数影响最大的学校", "乙小学（1→4.5）",
                 "五、学前教育普及普惠水平", "公办园在园幼儿占比",
                 "六、未提交数据的学校", "丙小学", "第1页共"):
        assert part in text, part
    pages = len(PdfReader(path).pages)
    assert f"共{pages - 1}页" in text


@needs_font
def test_fonts_are_embedded(tmp_path):
    path = write_pdf(tmp_path / "报告.pdf", _report())
    used = [font for font in fonts(path) if "Helvetica" not in font.name]  # reportlab's unused default
    assert used and all(font.embedded and "+" in font.name for font in used)  # embedded as a subset


@needs_font
def test_sections_are_numbered_without_gaps(tmp_path):
    # Every school meets every standard: no what-if section, no 未达标 rows, no roster.
    summary = summarise([primary("甲小学"), primary("乙小学", 600)])
    text = _text(write_pdf(tmp_path / "r.pdf", DistrictReport(summary, what_ifs(summary)))).replace(" ", "")
    assert "三、资源配置未达标的学校及差距" in text and "所有参与统计的学校资源配置均达标" in text
    assert "四、" not in text


def test_missing_font_is_a_chinese_error(tmp_path):
    with pytest.raises(FontError, match="字体文件"):
        write_pdf(tmp_path / "r.pdf", _report(), font=str(tmp_path / "none.ttf"))
    assert not (tmp_path / "r.pdf").exists()
