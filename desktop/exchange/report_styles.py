"""Paragraph styles of the report, built from the embedded CJK font and the layout labels."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from desktop.exchange.kinsoku import CjkParagraph

from desktop.exchange.fonts import FontSet
from desktop.exchange.report_labels import Labels

GREY = colors.Color(0.45, 0.45, 0.45)
HEAD_FILL = colors.Color(0.88, 0.88, 0.88)  # light enough to photocopy without hiding text


@dataclass(frozen=True)
class Styles:
    font: str  # the table font: cells, header and footer, charts
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
    fonts: FontSet | None = None


def build_styles(fonts: FontSet, labels: Labels) -> Styles:
    """Styles by level: 标题 小标宋/宋体 bold, 一级 黑体, 二级 楷体, 正文 仿宋, tables 宋体."""
    size = labels.number
    font = fonts.table
    levels = {"title": fonts.title.name, "h1": fonts.heading.name, "h2": fonts.subheading.name}
    text_font = fonts.body.name

    def style(key: str, points: float, leading: float = 1.5, **kw) -> ParagraphStyle:
        # wordWrap='CJK' selects the CJK line breaking of kinsoku.CjkParagraph.
        chosen = levels.get(key) or (text_font if key in _TEXT_STYLES else font.name)
        return ParagraphStyle(key, fontName=chosen, fontSize=points, leading=points * leading,
                              wordWrap="CJK", **kw)

    body = size("layout.body_size")
    table = size("layout.table_size")
    small = size("layout.small_size")
    return Styles(
        font=font.name,
        fonts=fonts,
        title=style("title", size("layout.title_size"), 1.4, alignment=TA_CENTER, spaceAfter=6,
                    breakAtSpaces=True, fakeBold=fonts.title_needs_bold),
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


# Styles set in the 正文 font (仿宋 where there is one); the rest use the table font (宋体).
_TEXT_STYLES = ("subtitle", "h3", "body", "plain", "cover_label", "cover_value")


def scaled(weights, styles: Styles, width: float | None = None) -> list[float]:
    """Column widths in points from relative weights, filling the text width (or `width`)."""
    total = sum(weights)
    return [w * (width or styles.content_width) / total for w in weights]


def wide_width(styles: Styles) -> float:
    """The text width of a landscape page (report_page.turned_pages)."""
    return styles.content_width + (A4[1] - A4[0])


def para(text: str, style: ParagraphStyle) -> CjkParagraph:
    """A paragraph of user text: markup characters are escaped, line breaks kept."""
    return CjkParagraph(markup(text), style)


def markup(text: str) -> str:
    return escape(text or "").replace("\n", "<br/>")
