"""The basis audit: per checklist and overlay, each rule's printed basis, confidence and note.

For maintainers (`python -m desktop checklists audit`): the open questions — rules whose basis is
secondary (V2) or recalled (M) — come first in each group, so what still needs an official text
is one command away. Nothing here is shown to principals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.catalog import Catalog
from desktop.core.model import Checklist, Overlay, Source

CONFIDENCE_NAMES = {"V": "已核对原文", "V2": "二手资料", "M": "回忆，待核实"}


@dataclass(frozen=True)
class AuditEntry:
    code: str  # the item's printed number (2.17), an indicator id (R4) or "资源配置"
    id: str
    title: str
    source: Source

    @property
    def open(self) -> bool:
        return self.source.secondary

    def to_json(self) -> dict:
        return {"code": self.code, "id": self.id, "title": self.title, "basis": self.source.text,
                "confidence": self.source.confidence, "note": self.source.note, "open": self.open}


@dataclass(frozen=True)
class AuditGroup:
    kind: str  # "checklist", "overlay" or "county"
    id: str
    title: str
    version: str
    entries: list[AuditEntry] = field(default_factory=list)

    @property
    def open_entries(self) -> list[AuditEntry]:
        return [e for e in self.entries if e.open]

    def ordered(self) -> list[AuditEntry]:
        """Open questions first (M before V2), each part in the file's order."""
        rank = {"M": 0, "V2": 1}
        return sorted(self.entries, key=lambda e: rank.get(e.source.confidence, 2))

    def to_json(self) -> dict:
        counts = {c: sum(e.source.confidence == c for e in self.entries) for c in CONFIDENCE_NAMES}
        return {"kind": self.kind, "id": self.id, "title": self.title, "version": self.version,
                "open": len(self.open_entries), "confidence_counts": counts,
                "entries": [e.to_json() for e in self.ordered()]}


def item_codes(checklist: Checklist) -> dict[str, str]:
    """Item id → printed number '{section}.{item}', as the report numbers them."""
    codes = {}
    for s_no, section in enumerate(checklist.sections, 1):
        for i_no, item in enumerate(checklist.items_in(section.id), 1):
            codes[item.id] = f"{s_no}.{i_no}"
    return codes


def checklist_group(checklist: Checklist) -> AuditGroup:
    codes = item_codes(checklist)
    group = AuditGroup("checklist", checklist.id, checklist.title, checklist.version)
    rule = checklist.resources
    if rule is not None:
        group.entries.append(AuditEntry("资源配置", "resources", "至少6项达标、其余不低于85%", rule.source))
        group.entries.extend(AuditEntry(ind.id, ind.id, ind.title, ind.source) for ind in rule.indicators)
    group.entries.extend(AuditEntry(codes.get(i.id, "?"), i.id, i.title, i.source) for i in checklist.items)
    return group


def overlay_groups(catalog: Catalog, overlay: Overlay) -> list[AuditGroup]:
    """One group per checklist the overlay touches: its changed and added rules, coded as printed."""
    groups = []
    for cid, checklist in catalog.checklists.items():
        changes = [c for c in overlay.changes if c.checklist == cid and c.source is not None]
        added = [i for c, i in overlay.items if c == cid]
        if not changes and not added:
            continue
        local = catalog.get(cid, overlay.id)
        codes = item_codes(local)
        group = AuditGroup("overlay", f"{overlay.id}/{cid}", f"{overlay.title}：{checklist.title}",
                           overlay.version)
        group.entries.extend(AuditEntry(codes.get(c.item, "?"), c.item,
                                        f"（修改）{local.item(c.item).title}", c.source)
                             for c in changes)
        group.entries.extend(AuditEntry(codes.get(i.id, "?"), i.id, i.title, i.source) for i in added)
        groups.append(group)
    return groups


def audit(catalog: Catalog, names: list[str] | None = None) -> list[AuditGroup]:
    """Groups for the named checklists/overlays (all when none are named), in catalog order."""
    groups = [checklist_group(c) for c in catalog.checklists.values()]
    for overlay in catalog.overlays.values():
        groups += overlay_groups(catalog, overlay)
    if names:
        wanted = set(names)
        # a checklist's name brings the overlays on it; an overlay's name brings all its parts
        groups = [g for g in groups if g.id in wanted or set(g.id.split("/")) & wanted]
    return groups


def known_names(catalog: Catalog) -> list[str]:
    return [*catalog.checklists, *catalog.overlays]
