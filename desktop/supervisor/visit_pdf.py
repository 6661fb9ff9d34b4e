"""The printed 督导记录表 (责任督学工作记录表), blank for a visit to come or filled from a record.

Fields follow REPORT-FORMAT.md §5.2: 学校, 督导时间, 责任督学, 督导事项, 督导方式 (tick boxes),
what was seen, 发现的主要问题, 意见建议, 整改要求与时限, and the two signatures (督学 and the
school's head) with dates. The boxes keep room for handwriting whether filled or blank.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.exchange.report_outline import chinese_date
from desktop.exchange.report_styles import para
from desktop.exchange.report_tables import grid
from desktop.supervisor.form_pdf import FormContext, FormInfo, MinHeight, form_context, write_form
from desktop.supervisor.records import VISIT_METHODS, Visit

WEIGHTS = (18, 32, 16, 34)
# Room for handwriting per box, in mm: seen, problems, suggestions, requirements.
BOXES = (("seen", 50), ("problems", 36), ("suggestions", 30), ("requirements", 26))


def write_visit_pdf(out: Path, visit: Visit, issuer: str = "",
                    font_path: str | Path | None = None, school_type: str = "") -> FormInfo:
    """Writes the record form; a Visit without a date prints as a blank form for the school."""
    ctx = form_context(visit.school_name, "", "", font_path, school_type)
    ctx.form_title = ctx.text("supervisor.visit.title")
    s = ctx.styles
    right = ParagraphStyle("number", s.plain, alignment=TA_RIGHT)
    story: list[Flowable] = []
    if issuer:
        story.append(para(issuer, s.subtitle))
    story += [para(ctx.form_title, s.title),
              para(ctx.text("supervisor.visit.number", number=visit.number or
                            ctx.text("supervisor.blank_line")), right),
              Spacer(1, 3 * mm)]
    story += grid(_rows(ctx, visit), WEIGHTS, s, header_rows=0, extra=_spans(),
                  tail=_signature_cell(ctx, visit))
    story += [Spacer(1, 2 * mm), para(ctx.text("supervisor.visit.note"), s.note)]
    return write_form(out, ctx, story)


def _label(ctx: FormContext, key: str) -> Flowable:
    return para(ctx.text(f"supervisor.visit.{key}"), ctx.styles.cell_center)


def _rows(ctx: FormContext, visit: Visit) -> list[list]:
    date = chinese_date(visit.visited_on) if visit.visited_on else ctx.text("supervisor.blank_date")
    rows: list[list] = [
        [_label(ctx, "school"), visit.school_name, _label(ctx, "code"), visit.school_code],
        [_label(ctx, "date"), date, _label(ctx, "inspector"), visit.inspector],
        [_label(ctx, "topic"), _box(ctx, visit.topic, 10), "", ""],
        [_label(ctx, "methods"), _methods(ctx, visit.methods), "", ""],
    ]
    for field, height in BOXES:
        rows.append([_label(ctx, field), _box(ctx, getattr(visit, field), height), "", ""])
    return rows


def _spans() -> list[tuple]:
    # Rows 2 onwards: the value spans the three value columns.
    return [("SPAN", (1, row), (3, row)) for row in range(2, 4 + len(BOXES))]


def _box(ctx: FormContext, text: str, height_mm: float) -> Flowable | str:
    """The text with room to write below it; a text too long for a page goes to the grid as
    plain text, which moves its end to a 附注 instead of failing."""
    paragraph = para(text, ctx.styles.cell)
    width = ctx.styles.content_width * sum(WEIGHTS[1:]) / sum(WEIGHTS) - 6
    if paragraph.wrap(width, ctx.styles.content_height * 10)[1] > ctx.styles.content_height * 0.4:
        return text
    return MinHeight(paragraph, height_mm * mm)


def _methods(ctx: FormContext, chosen: tuple[str, ...]) -> Flowable:
    checked = ctx.font.first_drawable(ctx.labels.list("supervisor.visit.checked"))
    unchecked = ctx.text("supervisor.visit.unchecked")
    marks = [f"{checked if m in chosen else unchecked} {m}" for m in VISIT_METHODS]
    marks += [f"{checked} {m}" for m in chosen if m not in VISIT_METHODS]
    return para("　　".join(marks), ctx.styles.cell)


def _signature_cell(ctx: FormContext, visit: Visit) -> Flowable:
    blank, date = ctx.text("supervisor.blank_line"), ctx.text("supervisor.blank_date")
    inspector = ctx.text("supervisor.visit.sign_inspector", blank=blank, date=date)
    head = f"{blank}（{visit.school_head}）" if visit.school_head else blank
    school = ctx.text("supervisor.visit.sign_school", blank=head, date=date)
    return MinHeight(para(f"{inspector}\n\n{school}", ctx.styles.sign), 22 * mm)
