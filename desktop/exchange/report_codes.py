"""Printed codes: items numbered by section (A3.2), evidence by indicator or item (R4-2, A3.2-1).

Counties file evidence one folder per indicator, numbered by the indicator code and a serial
number; no national rule exists, so the format is a label (REPORT-FORMAT.md §1.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from desktop.core.assessment import AssessmentSnapshot, Evidence
from desktop.core.engine import ChecklistResult
from desktop.core.model import Checklist
from desktop.exchange.report_labels import Labels

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")


@dataclass(frozen=True)
class EvidenceEntry:
    """One line of the evidence catalogue."""

    evidence: Evidence
    code: str
    checklist_title: str
    item_title: str

    @property
    def is_image(self) -> bool:
        return self.evidence.name.lower().endswith(IMAGE_SUFFIXES)


class Codes:
    def __init__(self, snapshot: AssessmentSnapshot, results: Mapping[str, ChecklistResult],
                 labels: Labels):
        self._labels = labels
        self._prefixes = labels.mapping("evidence.prefixes")
        self._items: dict[tuple[str, str], str] = {}
        self._indicators: dict[tuple[str, str], str] = {}
        for result in results.values():
            self._number_items(result.checklist)
        self.entries = self._number_evidence(snapshot, results)

    def item_code(self, checklist_id: str, item_id: str) -> str:
        """The item's printed number, e.g. A3.2 (section 3, item 2 of the safety checklist)."""
        return self._prefix(checklist_id) + self._items.get((checklist_id, item_id), item_id)

    def indicator_of(self, checklist_id: str, item_id: str) -> str:
        """The R-indicator an input item feeds ('' if none)."""
        return self._indicators.get((checklist_id, item_id), "")

    def evidence_for(self, checklist_id: str, item_id: str) -> list[EvidenceEntry]:
        return [e for e in self.entries
                if e.evidence.checklist == checklist_id and e.evidence.item == item_id]

    def _prefix(self, checklist_id: str) -> str:
        return str(self._prefixes.get(checklist_id, checklist_id.upper()))

    def _number_items(self, checklist: Checklist) -> None:
        for s_no, section in enumerate(checklist.sections, 1):
            for i_no, item in enumerate(checklist.items_in(section.id), 1):
                self._items[(checklist.id, item.id)] = f"{s_no}.{i_no}"
        if checklist.resources:
            for indicator in checklist.resources.indicators:
                inputs = {item for _, item in indicator.inputs} | {indicator.shared_input}
                for item_id in inputs - {""}:
                    self._indicators[(checklist.id, item_id)] = indicator.id


    def _number_evidence(self, snapshot: AssessmentSnapshot,
                         results: Mapping[str, ChecklistResult]) -> list[EvidenceEntry]:
        order = {cid: {item.id: n for n, item in enumerate(r.checklist.items)}
                 for cid, r in results.items()}
        chosen = [e for e in snapshot.evidence if e.checklist in results]
        chosen.sort(key=lambda e: (list(results).index(e.checklist),
                                   order[e.checklist].get(e.item, len(order[e.checklist])),
                                   e.added_at, e.name))
        counters: dict[str, int] = {}
        entries = []
        for e in chosen:
            checklist = results[e.checklist].checklist
            title = checklist.item(e.item).title if checklist.has_item(e.item) else e.item
            entries.append(EvidenceEntry(e, e.code or self._next_code(e, counters),
                                         checklist.title, title))
        return entries

    def _next_code(self, e: Evidence, counters: dict[str, int]) -> str:
        prefix = self._prefix(e.checklist)
        code = self.indicator_of(e.checklist, e.item) or self._items.get((e.checklist, e.item), e.item)
        counters[prefix + code] = n = counters.get(prefix + code, 0) + 1
        return self._labels.text("evidence.code_format", prefix=prefix, code=code, n=n)


def human_size(size: int) -> str:
    """File size as people read it: 980 B, 12.3 KB, 4.5 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
