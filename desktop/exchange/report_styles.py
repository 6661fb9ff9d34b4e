"""Paragraph styles of the report, built from the embedded CJK font and the layout labels."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib import textsplit as _textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, paragraph as _paragraph

from desktop.exchange.fonts import CjkFont
from desktop.exchange.report_labels import Labels

# WORKAROUND: reportlab's CJK line breaking keeps 。、） off the start of a line but not the
# full-width comma, semicolon, colon, ! and ? that Chinese text uses most, so lines began with
# 「，」. Adding them to its list makes them hang at the end of the line instead. Both copies of the
# list are read: textsplit.wordSplit (one-style paragraphs) and paragraph.cjkFragSplit (mixed).
# (reportlab 5.1: reportlab/lib/textsplit.py CANNOT_START_LINE.)
_NO_LINE_START = "，；：！？》〉』】％"
for _module in (_textsplit, _paragraph):
    _module.ALL_CANNOT_START += "".join(
        c for c in _NO_LINE_START if c not in _module.ALL_CANNOT_START)

GREY = colors.Color(0.45, 0.45, 0.45)
HEAD_FILL = colors.Color(0.88, 0.88, 0.88)  # light enough to photocopy without hiding text


@dataclass(frozen=True)
class Styles:
    font: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_small: ParagraphStyle
    caption: ParagraphStyle
    sign: ParagraphStyle
    note: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle
    header_size: float
    small_size: float
    content_width: float  # points between the left and right margins
    content_height: float  # points between the top and bottom margins
    met_mark: str
    unmet_mark: str
    overflow_cell: str  # appended to the shown start of a cell text moved to a 附注
    overflow_note: str  # starts the 附注 after the table


def build_styles(font: CjkFont, labels: Labels) -> Styles:
    size = labels.number
    name = font.name

    def style(key: str, points: float, leading: float = 1.5, **kw) -> ParagraphStyle:
        # wordWrap='CJK' breaks lines between Chinese characters (STACK-NOTES).
        return ParagraphStyle(key, fontName=name, fontSize=points, leading=points * leading,
                              wordWrap="CJK", **kw)

    body = size("layout.body_size")
    table = size("layout.table_size")
    small = size("layout.small_size")
    return Styles(
        font=name,
        title=style("title", size("layout.title_size"), 1.4, alignment=TA_CENTER, spaceAfter=6),
        subtitle=style("subtitle", body, alignment=TA_CENTER, spaceAfter=4),
        h1=style("h1", size("layout.h1_size"), spaceBefore=10, spaceAfter=6, keepWithNext=1),
        h2=style("h2", size("layout.h2_size"), spaceBefore=8, spaceAfter=4, keepWithNext=1),
        h3=style("h3", size("layout.h3_size"), spaceBefore=6, spaceAfter=3, keepWithNext=1),
        body=style("body", body, 1.6, firstLineIndent=2 * body, alignment=TA_JUSTIFY, spaceAfter=2),
        plain=style("plain", body, 1.6, alignment=TA_LEFT, spaceAfter=2),
        cell=style("cell", table, 1.35),
        cell_center=style("cell_center", table, 1.35, alignment=TA_CENTER),
        cell_right=style("cell_right", table, 1.35, alignment=TA_RIGHT),
        cell_head=style("cell_head", table, 1.35, alignment=TA_CENTER),
        cell_small=style("cell_small", small, 1.35),
        caption=style("caption", table + 1, 1.4, alignment=TA_CENTER, spaceBefore=3),
        sign=style("sign", table + 1, 1.5),
        note=style("note", table + 1, 1.5, textColor=GREY, spaceBefore=2, spaceAfter=2),
        cover_label=style("cover_label", body, 1.4, alignment=TA_RIGHT),
        cover_value=style("cover_value", body, 1.4),
        header_size=size("layout.header_size"),
        content_width=A4[0] - (size("layout.margin_left_mm") + size("layout.margin_right_mm")) * mm,
        content_height=A4[1] - (size("layout.margin_top_mm") + size("layout.margin_bottom_mm")) * mm,
        small_size=small,
        met_mark=font.first_drawable(labels.list("marks.met")),
        unmet_mark=font.first_drawable(labels.list("marks.unmet")),
        overflow_cell=labels.text("table.overflow_cell"),
        overflow_note=labels.text("table.overflow_note"),
    )


def scaled(weights, styles: Styles) -> list[float]:
    """Column widths in points from relative weights, filling the text width."""
    total = sum(weights)
    return [w * styles.content_width / total for w in weights]


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text: markup characters are escaped, line breaks kept."""
    return Paragraph(markup(text), style)


def markup(text: str) -> str:
    return escape(text or "").replace("\n", "<br/>")
