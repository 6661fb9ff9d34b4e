"""What the supervisor's printed forms share with the school report: font, styles, page template.

The school report's page template (desktop/exchange/report_page.py) prints the school on the
left of the header, a title on the right, 第 x 页 共 y 页 and a fingerprint in the footer. A
FormContext is a ReportContext whose title is the form's and whose fingerprint line names the
package the form is based on, so that template, the styles and the grid tables are reused as
they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.platypus import Flowable, Table, TableStyle

from desktop.core import catalog as catalog_module
from desktop.core.assessment import AssessmentSnapshot, School
from desktop.core.snapshot_json import short_fingerprint
from desktop.exchange.fonts import find_font_set
from desktop.exchange.output_file import atomic_output
from desktop.exchange.page_flow import keep_headings_with_next
from desktop.exchange.report_context import ReportContext, ReportOptions
from desktop.exchange.report_labels import is_kindergarten, load_labels
from desktop.exchange.report_page import ReportDocument, page_canvas
from desktop.exchange.report_styles import build_styles, para
from desktop.exchange.report_tables import font_command

LABELS_FILE = "form_labels.toml"


@dataclass
class FormContext(ReportContext):
    """A ReportContext for a form: `form_title` heads every page, `basis` ends every footer."""

    form_title: str = ""
    basis: str = ""

    @property
    def title(self) -> str:
        return self.form_title

    @property
    def short_title(self) -> str:
        return self.form_title

    @property
    def short_fingerprint(self) -> str:
        return self.basis

    @property
    def draft(self) -> bool:
        return False  # a form is never a draft report

    @property
    def has_cover(self) -> bool:
        return False


@dataclass(frozen=True)
class FormInfo:
    """What was written: the file, its page count and the embedded font."""

    path: Path
    pages: int
    font: str


def form_context(school_name: str, form_title: str, digest: str = "",
                 font_path: str | Path | None = None, school_type: str = "") -> FormContext:
    """The context of one form about one school; digest = the package it is based on, if any.

    A kindergarten's form says 你园 / 园长 / 幼儿园（盖章） (school_type, or the name when unknown).
    """
    with resources.as_file(resources.files("desktop.supervisor").joinpath(LABELS_FILE)) as path:
        labels = load_labels(path)
    if is_kindergarten(school_type, school_name):
        labels = labels.for_kindergarten()
    fonts = find_font_set(font_path, labels.mapping("fonts"))
    font = fonts.table
    school = AssessmentSnapshot(School(school_name, ""), "", ())
    basis = labels.text("supervisor.basis", fingerprint=short_fingerprint(digest)) if digest else ""
    return FormContext(school, catalog_module.shipped(), {}, labels, build_styles(fonts, labels),
                       font, digest, lambda _sha: None, ReportOptions(font_path=font_path),
                       form_title=form_title, basis=basis)


def write_form(out: Path, ctx: FormContext, story: list[Flowable]) -> FormInfo:
    """Lays the story out on the report's page template and writes it atomically."""
    pages: dict[str, int] = {}
    with atomic_output(Path(out)) as temp:
        ReportDocument(str(temp), ctx, lambda: None).build(
            keep_headings_with_next(story), canvasmaker=page_canvas(ctx, pages))
    fonts = ctx.styles.fonts
    return FormInfo(Path(out), pages["total"], fonts.describe() if fonts else ctx.font.describe())


def signature_table(ctx: FormContext, left: list[str], right: list[str],
                    width: float | None = None) -> Table:
    """Two signature places side by side, with room to sign above each line."""
    s = ctx.styles
    rows = [[para(a, s.sign), para(b, s.sign)] for a, b in zip(left, right)]
    half = (width or s.content_width) / 2
    table = Table(rows, colWidths=[half, half])
    table.setStyle(TableStyle([font_command(s), ("TOPPADDING", (0, 0), (-1, -1), 9),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


class MinHeight(Flowable):
    """A table cell's content with room below it to write by hand (a box on a paper form)."""

    def __init__(self, inner: Flowable, height: float):
        super().__init__()
        self.inner, self.min_height = inner, height
        self._inner_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, self._inner_height = self.inner.wrap(available_width, available_height)
        self.width, self.height = width, max(self._inner_height, self.min_height)
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, self.height - self._inner_height)
