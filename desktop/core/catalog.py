"""The set of shipped checklists and overlays, loaded and cross-checked together."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from desktop import paths
from desktop.core.errors import ChecklistFileError, Problem
from desktop.core.loader import apply_overlay, load_checklist, load_overlay, read_toml
from desktop.core.model import Checklist, Overlay


@dataclass(frozen=True)
class Catalog:
    checklists: dict[str, Checklist]
    overlays: dict[str, Overlay]

    def get(self, checklist_id: str, overlay_id: str | None = None) -> Checklist:
        """The checklist, with the overlay applied when one is named."""
        from desktop.core.errors import InputError
        if checklist_id not in self.checklists:
            raise InputError(f"没有编号为「{checklist_id}」的检查表，可选："
                             + "、".join(self.checklists), "checklist")
        checklist = self.checklists[checklist_id]
        if not overlay_id:
            return checklist
        if overlay_id not in self.overlays:
            raise InputError(f"没有编号为「{overlay_id}」的地方标准，可选："
                             + ("、".join(self.overlays) or "（无）"), "overlay")
        return _with_overlay(checklist, self.overlays[overlay_id])

    def for_school_type(self, school_type: str) -> list[Checklist]:
        return [c for c in self.checklists.values() if school_type in c.applies_to]


# (checklist, overlay) objects → the checklist with the overlay applied. Both are immutable, so
# the result is shared; applying and re-checking an overlay cost ~3 ms, paid per package imported
# and per checklist opened before.
_APPLIED: dict[tuple[int, int], tuple[Checklist, Overlay, Checklist]] = {}


def _with_overlay(checklist: Checklist, overlay: Overlay) -> Checklist:
    key = (id(checklist), id(overlay))
    known = _APPLIED.get(key)
    if known is not None and known[0] is checklist and known[1] is overlay:
        return known[2]
    applied = apply_overlay(checklist, overlay)
    if len(_APPLIED) > 256:
        _APPLIED.clear()
    _APPLIED[key] = (checklist, overlay, applied)  # holding both keeps their ids from being reused
    return applied


def definition_files(root: Path | None = None) -> tuple[list[Path], list[Path]]:
    root = root or paths.checklists_dir()
    return sorted(root.glob("*.toml")), sorted((root / "overlays").glob("*.toml"))


def load_catalog(root: Path | None = None) -> Catalog:
    """Loads every checklist and overlay; raises ChecklistFileError with all problems of all files."""
    checklist_files, overlay_files = definition_files(root)
    problems: list[Problem] = []
    checklists: dict[str, Checklist] = {}
    overlays: dict[str, Overlay] = {}
    for path in checklist_files:
        try:
            c = load_checklist(path)
        except ChecklistFileError as exc:
            problems += exc.problems
            continue
        if c.id in checklists:
            problems.append(Problem(path.name, "", f"检查表编号「{c.id}」与 "
                                    f"{Path(checklists[c.id].path).name} 重复"))
        checklists[c.id] = c
    for path in overlay_files:
        try:
            o = load_overlay(path)
        except ChecklistFileError as exc:
            problems += exc.problems
            continue
        overlays[o.id] = o
        problems += _check_overlay(o, checklists)
    if problems:
        raise ChecklistFileError(problems)
    return Catalog(checklists, overlays)


def _check_overlay(overlay: Overlay, checklists: dict[str, Checklist]) -> list[Problem]:
    name = Path(overlay.path).name
    targets = {c.checklist for c in overlay.changes} | {cid for cid, _ in overlay.items} | {
        cid for cid, _ in overlay.sections} | {cid for cid, _ in overlay.grade_bands}
    problems = [Problem(name, "", f"引用了不存在的检查表「{cid}」")
                for cid in sorted(targets - set(checklists))]
    for cid in sorted(targets & set(checklists)):
        try:
            apply_overlay(checklists[cid], overlay)
        except ChecklistFileError as exc:
            problems += exc.problems
    return problems


def validate_files(files: list[Path]) -> list[Problem]:
    """Checks the given files (checklists or overlays, told apart by their content)."""
    problems: list[Problem] = []
    for path in files:
        try:
            data = read_toml(path)
            if "changes" in data or path.parent.name == "overlays":
                load_overlay(path)
            else:
                load_checklist(path)
        except ChecklistFileError as exc:
            problems += exc.problems
    return problems


@lru_cache(maxsize=1)
def shipped() -> Catalog:
    """The catalog shipped with the app (cached: definitions do not change while it runs)."""
    return load_catalog()
