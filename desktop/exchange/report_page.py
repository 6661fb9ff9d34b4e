"""The page template: header (school, report title), footer (第 x 页 共 y 页, fingerprint), watermark.

The page total is known only once every page is laid out, so the canvas keeps each finished page
and draws header, footer and watermark on all of them when the document is saved.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from PIL import Image, ImageDraw, ImageFont

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop.exchange.report_context import ReportContext

WATERMARK_GREY = colors.Color(0.45, 0.45, 0.45)
WATERMARK_SIZE = 64
WATERMARK_DPI = 150
# Hollow letters leave the text under them readable, and their lines survive a black-and-white
# photocopy where a light grey fill would drop out.


LANDSCAPE = "landscape"


def turned_pages(story: list) -> list:
    """The story on landscape pages from a fresh page on, for tables whose columns would break
    words on a portrait page; the page after the next break is portrait again (what follows
    must start with its own PageBreak)."""
    from reportlab.platypus import NextPageTemplate, PageBreak
    return [NextPageTemplate(LANDSCAPE), PageBreak(), *story, NextPageTemplate("page")]


class ReportDocument(BaseDocTemplate):
    """A4 portrait with one frame; reports each laid-out flowable to `on_flowable`."""

    def __init__(self, path: str, ctx: ReportContext, on_flowable: Callable[[], None]):
        size = ctx.labels.number
        left, right = size("layout.margin_left_mm") * mm, size("layout.margin_right_mm") * mm
        top, bottom = size("layout.margin_top_mm") * mm, size("layout.margin_bottom_mm") * mm
        super().__init__(path, pagesize=A4, leftMargin=left, rightMargin=right, topMargin=top,
                         bottomMargin=bottom, title=ctx.title, author=ctx.snapshot.school.name,
                         subject=ctx.fingerprint, creator="学校督导自评助手", invariant=1,
                         # Otherwise every page names Helvetica, a font that is not embedded.
                         initialFontName=ctx.styles.font)
        frame = Frame(left, bottom, A4[0] - left - right, A4[1] - top - bottom, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        # Wide tables (整改台账, 回执) turn the page: the binding edge stays at the left margin.
        wide = landscape(A4)
        turned = Frame(left, bottom, wide[0] - left - right, wide[1] - top - bottom, id="wide",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=A4),
                               PageTemplate(id=LANDSCAPE, frames=[turned], pagesize=wide)])
        self._on_flowable = on_flowable

    def afterFlowable(self, flowable) -> None:
        self._on_flowable()


def page_canvas(ctx: ReportContext, pages: dict[str, int]) -> type[Canvas]:
    """A canvas class that decorates every page at save time; stores the count in pages['total']."""

    class PageCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._finished: list[dict] = []

        def showPage(self) -> None:
            # Keep the finished page's state; it is drawn and emitted in save().
            self._finished.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._finished)
            pages["total"] = total
            for number, state in enumerate(self._finished, 1):
                self.__dict__.update(state)
                decorate(self, ctx, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return PageCanvas


def decorate(canv: Canvas, ctx: ReportContext, number: int, total: int) -> None:
    if number == 1 and ctx.has_cover:  # a cover carries no running header or footer
        if ctx.draft:
            _watermark(canv, ctx)
        return
    size = ctx.labels.number
    width, height = canv._pagesize
    left, right = size("layout.margin_left_mm") * mm, width - size("layout.margin_right_mm") * mm
    font, points = ctx.styles.font, ctx.styles.header_size
    canv.saveState()
    canv.setFont(font, points)
    canv.setFillColor(colors.black)
    top = height - size("layout.margin_top_mm") * mm + 5 * mm
    canv.drawString(left, top + 1.5 * mm, ctx.snapshot.school.name)
    canv.drawRightString(right, top + 1.5 * mm, ctx.text("page.header_right", title=ctx.title,
                                                          short=ctx.short_title))
    canv.setLineWidth(0.5)
    canv.line(left, top, right, top)
    bottom = size("layout.margin_bottom_mm") * mm - 10 * mm
    canv.drawCentredString(width / 2, bottom, ctx.text("page.footer", page=number, pages=total))
    canv.drawRightString(right, bottom, ctx.text("page.fingerprint", short=ctx.short_fingerprint))
    canv.restoreState()
    if ctx.draft:
        _watermark(canv, ctx)


def _watermark(canv: Canvas, ctx: ReportContext) -> None:
    image = watermark_image(ctx.text("page.watermark"), str(ctx.font.path), ctx.font.subfont_index)
    width = image.getSize()[0] * 72 / WATERMARK_DPI
    height = image.getSize()[1] * 72 / WATERMARK_DPI
    canv.saveState()
    canv.translate(canv._pagesize[0] / 2, canv._pagesize[1] / 2)
    canv.rotate(45)
    canv.drawImage(image, -width / 2, -height / 2, width, height, mask="auto")
    canv.restoreState()


@lru_cache(maxsize=4)
def watermark_image(text: str, font_file: str, subfont_index: int) -> ImageReader:
    """The watermark as a picture of hollow letters, not as text.

    Drawn as text it would sit in every page's text layer: copying a paragraph or searching the
    PDF would meet 「草稿（未完成）」 in the middle of the school's sentences. The same picture is
    stored once in the file however many pages show it.
    """
    scale = WATERMARK_DPI / 72
    font = ImageFont.truetype(font_file, int(WATERMARK_SIZE * scale), index=subfont_index)
    stroke = max(1, int(1.2 * scale))
    left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
    picture = Image.new("LA", (right - left + 4, bottom - top + 4), (0, 0))
    grey = int(255 * WATERMARK_GREY.red)
    ImageDraw.Draw(picture).text((2 - left, 2 - top), text, font=font, fill=(0, 0),
                                 stroke_width=stroke, stroke_fill=(grey, 255))
    return ImageReader(picture.convert("RGBA"))
