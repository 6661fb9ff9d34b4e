"""Grid tables of the report: repeated headers, CJK wrapping, and hatched cells for failures.

Failures are marked by diagonal hatching plus a ✗ mark, never by colour alone, because
the printed report is photocopied in black and white (REPORT-FORMAT.md §0 「Marking failures」).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desktop.exchange.report_numbers import Num, decimal_padding
from desktop.exchange.report_styles import HEAD_FILL, Styles, para, scaled

HATCH_FILL = colors.Color(0.93, 0.93, 0.93)
HATCH_LINE = colors.Color(0.55, 0.55, 0.55)
HATCH_STEP = 4.0  # points between hatch lines
PAD_X, PAD_TOP, PAD_BOTTOM = 3, 2, 3
ROW_LIMIT = 0.45  # share of the page height one table cell may take before its text moves to a 附注

Cell = str | Flowable


def hatch_segments(x: float, y: float, w: float, h: float,
                   step: float = HATCH_STEP) -> list[tuple[float, float, float, float]]:
    """Lines at 45° (bottom-left to top-right) clipped to the rectangle; w, h may be negative."""
    x0, x1 = sorted((x, x + w))
    y0, y1 = sorted((y, y + h))
    segments = []
    c = -(y1 - y0)  # each line is y - y0 = (x - x0) - c
    while c < x1 - x0:
        start_x = max(0.0, c)
        end_x = min(x1 - x0, c + (y1 - y0))
        if end_x > start_x:
            segments.append((x0 + start_x, y0 + start_x - c, x0 + end_x, y0 + end_x - c))
        c += step
    return segments


def draw_hatch(table: Table, canv, x: float, y: float, w: float, h: float) -> None:
    """A TableStyle BACKGROUND callable: light grey fill with diagonal lines."""
    canv.saveState()
    canv.setFillColor(HATCH_FILL)
    canv.rect(x, y, w, h, stroke=0, fill=1)
    canv.setStrokeColor(HATCH_LINE)
    canv.setLineWidth(0.4)
    for x0, y0, x1, y1 in hatch_segments(x, y, w, h):
        canv.line(x0, y0, x1, y1)
    canv.restoreState()


def grid(rows: Sequence[Sequence[Cell]], weights: Sequence[float], styles: Styles,
         header_rows: int = 1, hatched: Iterable[tuple[int, int]] = (),
         extra: Sequence[tuple] = (), small: bool = False,
         tail: Flowable | None = None, width: float | None = None,
         decimal_columns: Sequence[int] = ()) -> list[Flowable]:
    """A bordered table as wide as the text, columns in proportion to `weights`.

    Header rows repeat on each page; `decimal_columns` hold Num cells whose decimal points line
    up down the column; `hatched` lists (column, row) cells that failed; `small`
    sets text cells in the small size; `tail` (a signature row) spans the last row and is kept
    on the same page as the row above it. A text cell too tall for half a page shows its
    beginning and a pointer to a 附注 printed after the table: reportlab cannot split one row
    over pages reliably, and nothing the user wrote may be lost.
    """
    widths = scaled(weights, styles, width)
    rows, extra = list(rows), list(extra)
    if tail is not None:
        last = len(rows)
        rows.append([tail] + [""] * (len(widths) - 1))
        extra += [("SPAN", (0, last), (-1, last)), ("NOSPLIT", (0, last - 1), (-1, last))]
    spans = _span_widths(extra, widths)
    notes: list[str] = []
    body = styles.cell_small if small else styles.cell
    rows = _decimal_cells(rows, decimal_columns, header_rows, styles.cell)
    data = [[_cell(value, styles, body if row >= header_rows else styles.cell_head,
                   spans.get((col, row), widths[col]), notes)
             for col, value in enumerate(row_values)]
            for row, row_values in enumerate(rows)]
    commands = _grid_commands(styles, header_rows)
    commands += [("BACKGROUND", (col, row), (col, row), draw_hatch) for col, row in hatched]
    commands += extra
    table = Table(data, colWidths=widths, repeatRows=header_rows, style=TableStyle(commands))
    return [table] + [para(styles.overflow_note.format(n=n) + text, styles.cell)
                      for n, text in enumerate(notes, 1)]


class DecimalCell(Flowable):
    """A number drawn so that its decimal point sits `fraction` points from the cell's right
    edge: the points of a column line up (integers end where the points are)."""

    def __init__(self, text: str, style: ParagraphStyle, fraction: float):
        super().__init__()
        self.text, self.style, self.fraction = text, style, fraction

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.style.leading

    def draw(self) -> None:
        own = decimal_padding([self.text], self.style.fontName, self.style.fontSize)
        self.canv.setFont(self.style.fontName, self.style.fontSize)
        baseline = (self.style.leading - self.style.fontSize) / 2 + 1
        self.canv.drawRightString(self.width - self.fraction + own, baseline, self.text)


def _decimal_cells(rows: list, columns: Sequence[int], header_rows: int,
                   style: ParagraphStyle) -> list:
    """The rows with the Num cells of `columns` turned into aligned DecimalCells."""
    rows = [list(row) for row in rows]
    for col in columns:
        values = [str(row[col]) for row in rows[header_rows:] if isinstance(row[col], Num)]
        fraction = decimal_padding(values, style.fontName, style.fontSize)
        for row in rows[header_rows:]:
            if isinstance(row[col], Num):
                row[col] = DecimalCell(str(row[col]), style, fraction)
    return rows


def _most_lines(text: str, style: ParagraphStyle, width: float) -> float:
    """More lines than the text can take: no glyph is wider than 1.1 em, and breaking Latin
    words at spaces leaves no line less than half full."""
    per_line = max(1.0, (width - 2 * PAD_X) / (style.fontSize * 1.1))
    return 2 * len(text) / per_line + text.count("\n") + 1


def _grid_commands(styles: Styles, header_rows: int) -> list[tuple]:
    commands: list[tuple] = [
        font_command(styles),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL))
    return commands


def _span_widths(extra: Sequence[tuple], widths: list[float]) -> dict[tuple[int, int], float]:
    """The width of each spanned cell, keyed by its top-left (column, row)."""
    result = {}
    for command in extra:
        if command[0] == "SPAN":
            (c0, r0), (c1, _r1) = command[1], command[2]
            c1 = c1 if c1 >= 0 else len(widths) + c1
            result[(c0, r0)] = sum(widths[c0:c1 + 1])
    return result


def _cell(value: Cell, styles: Styles, style: ParagraphStyle, width: float,
          notes: list[str]) -> Flowable:
    if isinstance(value, Flowable):
        return value
    text = str(value)
    paragraph = para(text, style)
    limit = styles.content_height * ROW_LIMIT
    if _most_lines(text, style, width) * style.leading <= limit:
        return paragraph  # short enough without measuring (measuring every cell doubles the work)
    height = paragraph.wrap(width - 2 * PAD_X, styles.content_height * 10)[1]
    if height <= limit:
        return paragraph
    notes.append(text)
    keep = max(1, int(len(text) * limit / height / 2))
    return para(text[:keep] + styles.overflow_cell.format(n=len(notes)), style)


def font_command(styles: Styles) -> tuple:
    """Tables set their cells' default font (Helvetica) on the canvas even when every cell is a
    Paragraph; naming the CJK font keeps a non-embedded Helvetica out of the PDF."""
    return ("FONTNAME", (0, 0), (-1, -1), styles.font)


def mark(met: bool | None, styles: Styles, met_text: str, unmet_text: str,
         missing_text: str) -> str:
    """A verdict cell: ✓/✗ plus words, so the meaning survives without the symbol too."""
    if met is None:
        return missing_text
    return f"{styles.met_mark} {met_text}" if met else f"{styles.unmet_mark} {unmet_text}"


def center(text: str, styles: Styles) -> Paragraph:
    return para(text, styles.cell_center)


def right(text: str, styles: Styles) -> Paragraph:
    return para(text, styles.cell_right)
