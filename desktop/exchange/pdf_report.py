"""The PDF self-evaluation report (自评报告): build_report() puts the parts together and writes it.

Order of the parts follows REPORT-FORMAT.md §1.1: cover, 填写说明, narrative, 一票否决, results
summary, item details (each checklist ending in its signature row), 整改台账, 佐证材料目录 and photo
pages, then the seal block. Verdicts come from snapshot.evaluate(); nothing is judged here.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.platypus import Flowable, Spacer

from desktop.core.assessment import AssessmentSnapshot
from desktop.core.catalog import Catalog
from desktop.core.engine import ChecklistResult
from desktop.core.errors import DesktopError, InputError
from desktop.core.snapshot_json import digest
from desktop.exchange.fonts import find_font_set
from desktop.exchange.page_flow import keep_headings_with_next
from desktop.exchange.report_context import EvidenceFile, ReportContext, ReportOptions
from desktop.exchange.report_cover import cover_flowables, instructions_flowables
from desktop.exchange.report_evidence import catalogue_flowables
from desktop.exchange.report_items import items_flowables
from desktop.exchange.report_labels import is_kindergarten, load_labels
from desktop.exchange.report_ledger import ledger_flowables
from desktop.exchange.report_narrative import narrative_flowables, veto_flowables
from desktop.exchange.report_outline import Outline
from desktop.exchange.report_page import ReportDocument, page_canvas
from desktop.exchange.report_photos import photo_entries, photo_flowables
from desktop.exchange.report_styles import build_styles, para
from desktop.exchange.report_summary import summary_flowables

__all__ = ["ReportCancelled", "ReportInfo", "ReportOptions", "build_report"]

# WORKAROUND: reportlab 5.1 wraps every stream, photos included, in ASCII85 with a pure-Python
# encoder (lib/rl_accel.py _py_asciiBase85Encode): ~0.1 s per photo and 25 % larger files.
# Binary streams are ordinary PDF; the setting is process-wide and read when a stream is written.
rl_config.useA85 = 0

Progress = Callable[[int, int], None]


class ReportCancelled(DesktopError):
    def __init__(self) -> None:
        super().__init__("已取消生成报告，未写入文件。")


@dataclass(frozen=True)
class ReportInfo:
    """What was written: the file, its page count, the data fingerprint and the embedded font."""

    path: Path
    pages: int
    fingerprint: str
    font: str
    draft: bool


def build_report(snapshot: AssessmentSnapshot, catalog: Catalog, out_path: str | Path,
                 evidence_file: EvidenceFile, options: ReportOptions | None = None,
                 progress: Progress | None = None,
                 is_cancelled: Callable[[], bool] | None = None) -> ReportInfo:
    """Writes the report to out_path (via a temporary file, so a failure leaves no half file).

    Raises FontError when no CJK font can be embedded, InputError for a checklist the snapshot
    does not contain or an unwritable path, ReportCancelled when is_cancelled() turns true.
    """
    options = options or ReportOptions()
    out = Path(out_path)
    labels = load_labels(options.labels_file)
    if is_kindergarten(snapshot.school.type, snapshot.school.name):
        labels = labels.for_kindergarten()
    fonts = find_font_set(options.font_path, labels.mapping("fonts"))
    ctx = ReportContext(snapshot, catalog, _results(snapshot, catalog, options), labels,
                        build_styles(fonts, labels), fonts.table, digest(snapshot), evidence_file,
                        options)
    steps = _Steps(progress, is_cancelled)
    story = keep_headings_with_next(_story(ctx, steps))
    pages: dict[str, int] = {}
    _write_atomically(out, lambda tmp: ReportDocument(tmp, ctx, steps.advance).build(
        story, canvasmaker=page_canvas(ctx, pages)))
    steps.finish()
    return ReportInfo(out, pages["total"], ctx.fingerprint, fonts.describe(), ctx.draft)


def _results(snapshot: AssessmentSnapshot, catalog: Catalog,
             options: ReportOptions) -> dict[str, ChecklistResult]:
    available = [checklist_id for checklist_id, _ in snapshot.checklists]
    chosen = list(options.checklists) or available
    unknown = [c for c in chosen if c not in available]
    if unknown:
        raise InputError(f"本次评估不含检查表「{'、'.join(unknown)}」，可选：{'、'.join(available)}",
                         "checklists")
    if not chosen:
        raise InputError("本次评估没有选择任何检查表，无法生成报告", "checklists")
    results = snapshot.evaluate(catalog)
    return {checklist_id: results[checklist_id] for checklist_id in chosen}


class _Steps:
    """Progress over story building (photos) and layout (flowables), with cancellation checks."""

    def __init__(self, progress: Progress | None, is_cancelled: Callable[[], bool] | None):
        self._progress, self._is_cancelled = progress, is_cancelled
        self.done, self.total = 0, 1

    def advance(self) -> None:
        if self._is_cancelled and self._is_cancelled():
            raise ReportCancelled()
        self.done = min(self.done + 1, self.total - 1)
        if self._progress:
            self._progress(self.done, self.total)

    def finish(self) -> None:
        if self._progress:
            self._progress(self.total, self.total)


def _story(ctx: ReportContext, steps: _Steps) -> list[Flowable]:
    outline = Outline(ctx.styles)
    story = cover_flowables(ctx) + instructions_flowables(ctx)
    story += [para(ctx.title, ctx.styles.title), Spacer(1, 4)]
    story += narrative_flowables(ctx, outline) + veto_flowables(ctx, outline)
    story += summary_flowables(ctx, outline) + items_flowables(ctx, outline)
    story += ledger_flowables(ctx, outline) + catalogue_flowables(ctx, outline) + _closing(ctx)
    photos = len(photo_entries(ctx))
    # Each photo is one step to prepare and about two to lay out; each other flowable one step.
    steps.total = len(story) + 3 * photos + 2
    return story + photo_flowables(ctx, outline, steps.advance)


def _closing(ctx: ReportContext) -> list[Flowable]:
    """The seal and signature block that ends the report (REPORT-FORMAT.md §1.4)."""
    signoffs = [ctx.snapshot.signoffs.get(c) for c in ctx.results]
    filled = next((s for s in signoffs if s and s.filled_by), None)
    blank = ctx.text("signature.blank")
    values = {"filled_by": filled.filled_by if filled else blank,
              "phone": (filled.phone if filled else "") or ctx.snapshot.school.phone or blank}
    story: list[Flowable] = [Spacer(1, 16), para(ctx.text("signature.closing_heading"), ctx.styles.h2)]
    for line in ctx.labels.list("signature.closing"):
        story += [Spacer(1, 10), para(line.format(**values), ctx.styles.plain)]
    return story


def _write_atomically(out: Path, write: Callable[[str], None]) -> None:
    """Writes through a temporary file in the same folder and renames it over the target."""
    if not out.parent.is_dir():
        raise InputError(f"输出文件夹 {out.parent} 不存在", "out")
    tmp = str(out.parent / f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        # Not mkstemp: its 0600 mode would stay on the report; 0666 lets the umask decide.
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    except OSError as exc:
        raise InputError(f"无法在 {out.parent} 中写入文件：{exc.strerror or exc}", "out") from None
    try:
        write(tmp)
        os.replace(tmp, out)
    except PermissionError:
        raise InputError(f"无法写入 {out}：文件被占用或没有写入权限（如已在阅读器中打开，请先关闭）",
                         "out") from None
    except OSError as exc:
        raise InputError(f"无法写入 {out}：{exc.strerror or exc}", "out") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
