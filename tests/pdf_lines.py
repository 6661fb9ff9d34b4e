"""Printed lines of a PDF read back with pypdf (runs on Windows too, unlike pdftotext)."""

from __future__ import annotations

from pathlib import Path

from desktop.exchange.kinsoku import NO_LINE_END, NO_LINE_START

CLOSING = "，。；：、）」』》？！"
OPENING = "（「『《"


def drawn_lines(path: Path) -> list[tuple[int, str]]:
    """(page number, text) of every text-showing operation: one per printed line in reportlab."""
    from pypdf import PdfReader
    found: list[tuple[int, str]] = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        # reportlab splits a line into one text operation per 256-glyph font subset; pypdf
        # reports each with the text matrix of the line's start, so equal matrices join them.
        chunks: list[tuple[tuple, str]] = []

        def visit(text, cm, tm, *_):
            key = tuple(round(v, 2) for v in tm) + tuple(round(v, 2) for v in cm)
            if chunks and chunks[-1][0] == key:
                chunks[-1] = (key, chunks[-1][1] + text)
            else:
                chunks.append((key, text))
        page.extract_text(visitor_text=visit)
        found += [(number, c.strip()) for _, c in chunks if c.strip()]
    return found


def badly_broken(path: Path) -> list[tuple[int, str]]:
    """Lines that start with closing punctuation or end with opening punctuation."""
    return [(n, line) for n, line in drawn_lines(path)
            if line[0] in CLOSING or line[-1] in OPENING]


assert set(CLOSING) <= NO_LINE_START and set(OPENING) <= NO_LINE_END
