"""What every part of the report needs: the snapshot, its evaluation, labels, styles and codes."""

from __future__ import annotations

import functools
import hashlib

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab.platypus import Paragraph

from desktop.core.assessment import AssessmentSnapshot
from desktop.core.catalog import Catalog
from desktop.core.engine import INCOMPLETE, ChecklistResult, ItemResult, evaluate
from desktop.core.errors import DesktopError
from desktop.core.model import STAGE_NAMES, Checklist
from desktop.core.snapshot_json import short_fingerprint
from desktop.exchange.fonts import CjkFont
from desktop.exchange.report_codes import Codes
from desktop.exchange.report_labels import Labels
from desktop.exchange.report_styles import Styles, para

EvidenceFile = Callable[[str], "Path | None"]


@dataclass(frozen=True)
class ReportOptions:
    """Choices for one report.

    Attributes:
        checklists: ids to print, in this order; empty prints every checklist of the snapshot.
        photos: append the photo pages (two captioned images per page).
        font_path: a TrueType .ttf/.ttc to embed instead of the system font found.
        labels_file: a TOML file overriding report labels (a county's headings and columns).
    """

    checklists: tuple[str, ...] = ()
    photos: bool = True
    font_path: str | Path | None = None
    labels_file: str | Path | None = None


@dataclass
class ReportContext:
    snapshot: AssessmentSnapshot
    catalog: Catalog
    results: dict[str, ChecklistResult]  # the printed checklists, in order
    labels: Labels
    styles: Styles
    font: CjkFont
    fingerprint: str
    evidence_file: EvidenceFile
    options: ReportOptions
    codes: Codes = field(init=False)

    _national: dict[str, dict[str, str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.codes = Codes(self.snapshot, self.results, self.labels)

    def standard_text(self, checklist_id: str, r: ItemResult) -> str:
        """The item's standard; where a local overlay changed it, the national one beside it.

        An inspector comparing the print with the national 办法 must see that 「≥ 2」 is the
        overlay's value and what the national standard is, e.g. 「≥ 2（广东省标准，国家标准 ≥ 1）」.
        """
        text = r.threshold_text
        national = self._national_standards(checklist_id).get(r.id)
        if national is None or national == text or not self.snapshot.overlay:
            return text
        overlay = self.catalog.overlays.get(self.snapshot.overlay)
        name = overlay.title if overlay else self.snapshot.overlay
        return self.labels.text("items.overlay_standard", standard=text, overlay=name,
                                national=national or self.labels.text("items.national_none"))

    def _national_standards(self, checklist_id: str) -> dict[str, str]:
        if checklist_id not in self._national:
            texts: dict[str, str] = {}
            if self.snapshot.overlay and checklist_id in self.catalog.checklists:
                national = evaluate(self.catalog.checklists[checklist_id], self.snapshot.school.profile,
                                    self.snapshot.answers.get(checklist_id, {}), self.snapshot.on_date)
                texts = {r.id: r.threshold_text for r in national.items}
            self._national[checklist_id] = texts
        return self._national[checklist_id]

    @property
    def draft(self) -> bool:
        return any(r.verdict == INCOMPLETE for r in self.results.values())

    @property
    def has_cover(self) -> bool:
        return True

    @property
    def pending_review(self) -> int:
        """Answers carried over from the last period that nobody has confirmed yet (待复核)."""
        return sum(1 for checklist_id, _ in self.snapshot.pending_review if checklist_id in self.results)

    @property
    def unanswered(self) -> int:
        return sum(r.counts["unanswered"] for r in self.results.values())

    @property
    def finished(self) -> bool:
        """Marked 已完成 with every item answered and nothing left 待复核."""
        return (self.snapshot.status == "已完成" and not self.draft and not self.pending_review)

    @property
    def state_text(self) -> str:
        """What the cover says about the assessment's state: 已完成, or 填报中 with what is open."""
        if self.finished:
            return self.labels.text("cover.state_done")
        parts = [self.labels.text("cover.state_open")]
        if self.unanswered:
            parts.append(self.labels.text("cover.state_unanswered", n=self.unanswered))
        if self.pending_review:
            parts.append(self.labels.text("cover.state_pending", n=self.pending_review))
        return "；".join(parts)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.fingerprint)

    @property
    def title(self) -> str:
        return self._title(self.snapshot.school.name)

    @property
    def short_title(self) -> str:
        """The title without the school's name (the page header prints the name separately)."""
        return self._title("")

    def _title(self, school: str) -> str:
        period = self.snapshot.period
        if len(self.results) == 1:
            (checklist_id,) = self.results
            text = self.labels.text("report.title_single", school=school, period=period,
                                    checklist=self.checklist_name(checklist_id))
        else:
            text = self.labels.text("report.title_multi", school=school, period=period)
        return " ".join(text.split())

    def checklist(self, checklist_id: str) -> Checklist:
        return self.results[checklist_id].checklist

    def checklist_name(self, checklist_id: str) -> str:
        names = self.labels.mapping("report.checklist_titles")
        return str(names.get(checklist_id) or self.checklist(checklist_id).title)

    def stage_name(self, stage: str) -> str:
        """小学 for a primary school; 小学部 for the primary part of a 一贯制 school."""
        name = STAGE_NAMES.get(stage, stage)
        if len(self.snapshot.school.profile.stages) > 1:
            return self.labels.text("report.stage_part", stage=name)
        return name

    def file_of(self, sha256: str) -> Path | None:
        """The stored evidence file, or None when it is missing (the store may raise instead)."""
        try:
            path = self.evidence_file(sha256)
        except (DesktopError, OSError):
            return None
        if path is None or not Path(path).is_file() or not _content_is(Path(path), sha256):
            return None  # a swapped or damaged file is never embedded as the school's evidence
        return Path(path)

    def note(self, checklist_id: str, item_id: str) -> str:
        return self.snapshot.notes.get(checklist_id, {}).get(item_id, "")

    def text(self, key: str, **values: object) -> str:
        return self.labels.text(key, **values)

    def p(self, text: str, style_name: str = "body") -> Paragraph:
        return para(text, getattr(self.styles, style_name))


@functools.lru_cache(maxsize=4096)
def _verified(path: Path, sha256: str, size: int, mtime_ns: int) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def _content_is(path: Path, sha256: str) -> bool:
    """Whether the file still holds the content its hash names (checked once per version)."""
    try:
        info = path.stat()
        return _verified(path, sha256, info.st_size, info.st_mtime_ns)
    except OSError:
        return False
