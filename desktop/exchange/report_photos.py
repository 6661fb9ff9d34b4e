"""Photo pages: two captioned photos per A4 page (REPORT-FORMAT.md §0 「Photos as evidence」).

Phone photos are turned upright (EXIF orientation) and scaled down before embedding: a 12-megapixel
JPEG printed 16 cm wide needs no more than about 1200 pixels, and fifty of them at full size
would make the PDF hundreds of megabytes.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Callable

from PIL import Image as PILImage, ImageOps, UnidentifiedImageError
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Spacer

from desktop.exchange.report_codes import EvidenceEntry
from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_outline import Outline, chinese_date

MAX_SOURCE_PIXELS = 60_000_000  # a 60-megapixel photo; more is no camera's, but a bomb's
MAX_PIXELS = 1200  # about 190 dpi across the 16 cm text width: plenty for print and photocopy
JPEG_QUALITY = 85
PER_PAGE = 2
# Room per photo for its group line, a two-line caption and spacing, in points.
SLOT_TEXT = 62
HEADING_ROOM = 40


def photo_entries(ctx: ReportContext) -> list[EvidenceEntry]:
    return [e for e in ctx.codes.entries if e.is_image] if ctx.options.photos else []


def photo_flowables(ctx: ReportContext, outline: Outline,
                    step: Callable[[], None] = lambda: None) -> list[Flowable]:
    """Photo pages; calls step() after each photo is prepared (for progress and cancelling)."""
    entries = photo_entries(ctx)
    if not entries:
        return []
    story: list[Flowable] = [PageBreak(), outline.heading(2, ctx.text("evidence.photos_heading"))]
    max_h = (ctx.styles.content_height - HEADING_ROOM) / PER_PAGE - SLOT_TEXT
    for n, entry in enumerate(entries, 1):
        if n > 1 and (n - 1) % PER_PAGE == 0:
            story.append(PageBreak())
        story.append(_slot(ctx, entry, n, max_h))
        step()
    return story


def _slot(ctx: ReportContext, entry: EvidenceEntry, n: int, max_h: float) -> Flowable:
    e = entry.evidence
    group = ctx.text("evidence.photo_group", checklist=entry.checklist_title, item=entry.item_title)
    caption = ctx.text("evidence.photo_caption", n=n, date=chinese_date(e.taken_on or e.added_at[:10]),
                       caption=e.caption or entry.item_title, code=entry.code, name=e.name)
    path = ctx.file_of(e.sha256)
    image = load_image(path, ctx.styles.content_width, max_h) if path else None
    body: Flowable = image or ctx.p(ctx.text("evidence.photo_missing"), "note")
    return KeepTogether([ctx.p(group, "plain"), Spacer(1, 2), body,
                         ctx.p(caption, "caption"), Spacer(1, 10)])


def load_image(path: Path, max_w: float, max_h: float) -> Image | None:
    """The photo upright, scaled to fit the box and re-encoded as JPEG; None if unreadable."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as source:
                return _scaled(source, max_w, max_h)
    except (OSError, UnidentifiedImageError, ValueError, MemoryError,
            PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return None  # a damaged file or a decompression bomb: the report says the photo is missing


def _scaled(source: PILImage.Image, max_w: float, max_h: float) -> Image | None:
    if source.width * source.height > MAX_SOURCE_PIXELS:
        return None  # refused before decoding: a few KB of PNG can claim gigapixels
    source.draft("RGB", (MAX_PIXELS, MAX_PIXELS))  # JPEG: decode at reduced size, fast
    picture = ImageOps.exif_transpose(source)
    picture = _flatten(picture)
    picture.thumbnail((MAX_PIXELS, MAX_PIXELS), PILImage.Resampling.BILINEAR)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY)
    width, height = picture.size
    scale = min(max_w / width, max_h / height)
    buffer.seek(0)
    return Image(buffer, width=width * scale, height=height * scale)


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    """JPEG has no transparency: lay transparent images on white rather than black."""
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        white = PILImage.new("RGB", picture.size, "white")
        white.paste(picture, mask=picture.getchannel("A"))
        return white
    return picture.convert("RGB")
