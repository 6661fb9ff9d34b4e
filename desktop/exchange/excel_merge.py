"""Applying a read workbook to an assessment snapshot: what changes, and a report of it.

A blank cell leaves the existing answer as it is (a blank template must never wipe answers);
clearing an answer is done in the program itself. Nothing here writes: the caller hands the new
snapshot to AnswerStore.import_snapshot, which saves it in one transaction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from desktop.core.answers import display
from desktop.core.assessment import AssessmentSnapshot, Rectification
from desktop.core.catalog import Catalog
from desktop.core.errors import ImportFileError
from desktop.exchange.excel_cells import cell_text
from desktop.exchange.excel_import import SheetAnswers, Unmapped, WorkbookAnswers, read_workbook


@dataclass(frozen=True)
class Change:
    checklist: str
    item: str
    title: str
    before: str
    after: str


@dataclass(frozen=True)
class ImportReport:
    """What importing a workbook changed (or would change)."""

    answers: tuple[Change, ...]
    notes: int
    plans: int
    unmapped: tuple[Unmapped, ...]
    version_notes: tuple[str, ...]  # sheets made for another checklist version

    @property
    def changed(self) -> bool:
        return bool(self.answers or self.notes or self.plans)

    def lines(self) -> list[str]:
        """The report in Chinese, one line each."""
        new = sum(1 for c in self.answers if not c.before)
        lines = [*self.version_notes,
                 f"填报值：新填 {new} 项，修改 {len(self.answers) - new} 项；"
                 f"备注修改 {self.notes} 项；整改措施修改 {self.plans} 项。"]
        lines += [f"  {c.title}（{c.item}）：{c.before or '（空）'} → {c.after}" for c in self.answers]
        if self.unmapped:
            lines.append(f"以下 {len(self.unmapped)} 行在当前版本的检查表中没有对应条目，未导入：")
            lines += [f"  工作表「{u.sheet}」第 {u.row} 行，条目编号 {u.item_id}：{u.value}"
                      for u in self.unmapped]
        return lines


def import_workbook(snapshot: AssessmentSnapshot, path: Path,
                    catalog: Catalog) -> tuple[AssessmentSnapshot, ImportReport]:
    """Reads the workbook against the snapshot's checklists and returns the updated snapshot."""
    workbook = read_workbook(path, catalog, snapshot.overlay)
    return apply_workbook(snapshot, workbook)


def apply_workbook(snapshot: AssessmentSnapshot,
                   workbook: WorkbookAnswers) -> tuple[AssessmentSnapshot, ImportReport]:
    _check_belongs(snapshot, workbook)
    answers = {c: dict(a) for c, a in snapshot.answers.items()}
    notes = {c: dict(n) for c, n in snapshot.notes.items()}
    plans = {(r.checklist, r.item): r for r in snapshot.rectifications}
    changes: list[Change] = []
    note_count = plan_count = 0
    for sheet in workbook.sheets:
        changes += _merge_answers(answers.setdefault(sheet.ref.checklist, {}), sheet)
        note_count += _merge_notes(notes.setdefault(sheet.ref.checklist, {}), sheet)
        plan_count += _merge_plans(plans, sheet)
    updated = dataclasses.replace(
        snapshot, answers={c: a for c, a in answers.items() if a},
        notes={c: n for c, n in notes.items() if n},
        rectifications=tuple(plans.values()))
    report = ImportReport(tuple(changes), note_count, plan_count,
                          tuple(u for s in workbook.sheets for u in s.unmapped),
                          _version_notes(workbook))
    return updated, report


def _check_belongs(snapshot: AssessmentSnapshot, workbook: WorkbookAnswers) -> None:
    meta, path = workbook.meta, workbook.path
    if meta.kind == "export":
        school = snapshot.school
        same_school = meta.school_code == school.code if meta.school_code and school.code \
            else meta.school_name == school.name
        if not same_school:
            raise ImportFileError(f"这个工作簿属于「{meta.school_name}」（学校标识码 {meta.school_code or '无'}），"
                                  f"不是当前评估的学校「{school.name}」", path=path)
        if meta.period != snapshot.period:
            raise ImportFileError(f"这个工作簿是「{meta.period}」的，当前评估是「{snapshot.period}」",
                                  path=path)
    present = {c for c, _ in snapshot.checklists}
    for sheet in workbook.sheets:
        if sheet.ref.checklist not in present:
            raise ImportFileError(f"当前评估不包含检查表「{sheet.checklist.title}」"
                                  f"（工作表「{sheet.ref.sheet}」），工作簿未导入", path=path)


def _merge_answers(target: dict, sheet: SheetAnswers) -> list[Change]:
    changes = []
    for item_id, value in sheet.answers.items():
        before = target.get(item_id)
        if before == value and type(before) is type(value):
            continue
        item = sheet.checklist.item(item_id)
        changes.append(Change(sheet.ref.checklist, item_id, item.title,
                              display(item, before), display(item, value)))
        target[item_id] = value
    return changes


def _merge_notes(target: dict[str, str], sheet: SheetAnswers) -> int:
    count = 0
    for item_id, text in sheet.notes.items():
        if cell_text(target.get(item_id, "")) != text:
            target[item_id] = text
            count += 1
    return count


def _merge_plans(plans: dict[tuple[str, str], Rectification], sheet: SheetAnswers) -> int:
    count = 0
    cid = sheet.ref.checklist
    for item_id, plan in sheet.plans.items():
        old = plans.get((cid, item_id))
        if old is not None and (cell_text(old.measure).strip(), old.owner.strip(), old.deadline) == \
                (plan.measure, plan.owner, plan.deadline):
            continue
        base = old or Rectification(cid, item_id, "")
        plans[(cid, item_id)] = dataclasses.replace(
            base, measure=plan.measure, owner=plan.owner, deadline=plan.deadline)
        count += 1
    return count


def _version_notes(workbook: WorkbookAnswers) -> tuple[str, ...]:
    return tuple(f"工作表「{s.ref.sheet}」按 {s.ref.checklist} {s.ref.version} 版制作，"
                 f"已按条目编号对应到当前的 {s.checklist.version} 版。"
                 for s in workbook.sheets if s.ref.version != s.checklist.version)
