"""Packages for the supervisor tests, written by the real writer from snapshots made here.

Answers come from the demo's answer maker (desktop/core/demo_answers.py), which meets every
standard unless told otherwise, so the tests keep working while the checklists are edited; the
items made to fail are picked from the checklist by kind, not by id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import zipfile
from pathlib import Path

from desktop.core import catalog
from desktop.core.assessment import AssessmentSnapshot, Evidence, Rectification, School
from desktop.core.demo_answers import Scenario, answers_for
from desktop.core.engine import Status, evaluate
from desktop.core.model import AnswerType, Item
from desktop.exchange.package import write_package

DATA_DATE = dt.date(2025, 11, 20)
CHECKLIST = "xyaq"  # one checklist keeps the tests fast; every school type has it
EXPORTED = dt.datetime(2025, 11, 25, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def school(name: str, code: str = "", kind: str = "小学") -> School:
    return School(name, kind, code=code, locale="城区", ownership="公办", principal="王校长")


def yes_no_items(checklist_id: str = CHECKLIST, veto: bool = False, profile=None) -> list[Item]:
    """Yes/no items with a standard that apply to a 小学 (veto items or ordinary ones)."""
    cat = catalog.shipped()
    checklist = cat.get(checklist_id)
    profile = profile or school("样本小学").profile
    applicable = {r.id for r in evaluate(checklist, profile, {}, DATA_DATE).items
                  if r.status is not Status.NOT_APPLICABLE}
    return [i for i in checklist.items if i.type is AnswerType.YES_NO and i.expected is not None
            and i.veto == veto and i.id in applicable and i.applies.condition is None]


def snapshot(s: School, period: str = "2025年度", *, fail: int = 0, veto: bool = False,
             drop: int = 0, status: str = "已完成", plans: tuple[Rectification, ...] = (),
             checklists: tuple[str, ...] = (CHECKLIST,), data_date: dt.date = DATA_DATE,
             scenario: Scenario | None = None) -> AssessmentSnapshot:
    """A snapshot meeting every standard, except `fail` ordinary yes/no items answered wrong,
    a veto item answered 有 when veto=True, and `drop` answers left out (incomplete)."""
    cat = catalog.shipped()
    scenario = scenario or Scenario(data_date=data_date, base={})
    answers = {c: answers_for(cat.get(c), s.profile, scenario) for c in checklists}
    main = answers[checklists[0]]
    wrong = yes_no_items(checklists[0], profile=s.profile)[:fail]
    if veto:
        wrong.append(yes_no_items(checklists[0], veto=True, profile=s.profile)[0])
    for item in wrong:
        main[item.id] = not item.expected
    for item_id in sorted(main)[:drop]:
        del main[item_id]
    return AssessmentSnapshot(
        school=s, period=period, checklists=tuple((c, cat.get(c).version) for c in checklists),
        data_date=data_date.isoformat(), status=status, answers=answers, rectifications=plans)


def plan(item: Item | str, status: str, measure: str = "整改措施", progress: str = "",
         deadline: str = "2026-01-31", checklist: str = CHECKLIST) -> Rectification:
    item_id = item if isinstance(item, str) else item.id
    return Rectification(checklist, item_id, measure, "总务处", deadline, status, progress)


def write(snap: AssessmentSnapshot, folder: Path, name: str = "",
          created: dt.datetime = EXPORTED, evidence: dict[str, bytes] | None = None) -> Path:
    """The package file, written and read back by desktop.exchange.package."""
    folder.mkdir(parents=True, exist_ok=True)
    blobs = evidence or {}
    if blobs:
        snap = dataclasses.replace(snap, evidence=tuple(
            Evidence(CHECKLIST, next(iter(snap.answers[CHECKLIST])), f"佐证{n}.pdf", sha, len(b),
                     "2025-11-01T08:00:00") for n, (sha, b) in enumerate(sorted(blobs.items()), 1)))
    out = folder / (name or f"{snap.school.name}.zpkg")
    write_package(snap, out, blobs.__getitem__, catalog.shipped(), created=created)
    return out


def blob(text: str) -> dict[str, bytes]:
    data = f"%PDF-1.4 {text}".encode() * 20
    return {hashlib.sha256(data).hexdigest(): data}


def tamper(path: Path) -> Path:
    """Changes one answer in data.json and leaves the manifest as it was (as an edit by hand would)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    data = members["data.json"].decode("utf-8")
    members["data.json"] = data.replace('"status":"已完成"', '"status":"填报中"', 1).encode("utf-8")
    assert members["data.json"].decode("utf-8") != data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path
