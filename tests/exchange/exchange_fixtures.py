"""Sample data for the Excel and package tests: a snapshot with tricky values, and its evidence bytes.

Answers are generated from the shipped checklists by item type (so the samples survive edits to
the definitions), then a few chosen values are set where their items exist: 4499.99, 0.9, a
decimal too long for a float, notes that look like formulas.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from fractions import Fraction as F

from desktop.core import catalog
from desktop.core.answers import AnswerValue, default_range
from desktop.core.assessment import (
    AssessmentSnapshot, Evidence, Narrative, Rectification, School, SignOff,
)
from desktop.core.model import AnswerType, Checklist, Item

DATA_DATE = dt.date(2025, 11, 1)
CHECKLISTS = ("yzjh", "xyaq", "spaq")
TRICKY = {
    "yzjh": {"students_primary": F(1000), "students_junior": F(800),
             "teaching_rooms_m2": F("4499.99"), "monitoring_school_gap_rate": F("0.9"),
             "equipment_value_yuan": F("1234567.123456789012345"),
             "nearby_admission_junior_percent": F("95.5"), "veto_key_classes": True,
             "moral_education_rating": "良好"},
}
FORMULA_NOTE = '=HYPERLINK("http://example.invalid/x","点这里")'
NOTES = {
    "teaching_rooms_m2": FORMULA_NOTE,
    "sports_area_m2": "-5 平方米待核实",
    "multimedia_rooms": "@SUM(A1:A9)",
    "music_rooms": "+1 间在建",
    "art_rooms": "\t=1+1",
    "students_primary": "第一行\n第二行",
}


def value_for(item: Item, n: int) -> AnswerValue | None:
    """A valid answer of the item's type; n varies it from item to item."""
    low, high = default_range(item)
    if item.type is AnswerType.YES_NO:
        return item.expected if item.expected is not None else bool(n % 2)
    if item.type is AnswerType.CHOICE:
        return item.options[n % len(item.options)]
    if item.type is AnswerType.DATE:
        return DATA_DATE - dt.timedelta(days=n % 40)
    if item.type is AnswerType.TEXT:
        return f"说明{n}"
    if item.type is AnswerType.COMPUTED:
        return None
    value = F(10 + n) if item.type is AnswerType.INTEGER else F(10 + n) + F(n % 7, 4)
    if high is not None:
        value = min(value, high)
    return max(value, low or F(0))


def answers_for(checklist: Checklist) -> dict[str, AnswerValue]:
    answers = {i.id: value_for(i, n) for n, i in enumerate(checklist.items)}
    answers.update({k: v for k, v in TRICKY.get(checklist.id, {}).items() if checklist.has_item(k)})
    return {k: v for k, v in answers.items() if v is not None}


def evidence_blobs(count: int = 3, size: int = 300) -> dict[str, bytes]:
    """Distinct evidence files (sha256 → bytes): a fake PDF, then patterned bytes."""
    blobs = [b"%PDF-1.4 fake scan " + bytes(range(256)) * (size // 256 + 1)]
    blobs += [bytes((i * 7 + k) % 251 for i in range(size + k)) for k in range(1, count)]
    return {hashlib.sha256(b).hexdigest(): b for b in blobs[:count]}


def sample_snapshot(blobs: dict[str, bytes] | None = None) -> AssessmentSnapshot:
    """A 九年一贯制 school with yzjh, xyaq and spaq answered; evidence for the given blobs."""
    cat = catalog.shipped()
    blobs = evidence_blobs() if blobs is None else blobs
    school = School("城关第一学校", "九年一贯制", code="3441000001", locale="城区", ownership="公办")
    answers = {cid: answers_for(cat.get(cid)) for cid in CHECKLISTS}
    yzjh = cat.get("yzjh")
    items = [i.id for i in yzjh.items if i.type is not AnswerType.COMPUTED]
    evidence = tuple(
        Evidence("yzjh", items[n % len(items)], f"佐证{n + 1}.pdf", sha, len(blob),
                 "2025-10-01T08:00:00", caption=f"第{n + 1}份")
        for n, (sha, blob) in enumerate(sorted(blobs.items())))
    if blobs:  # the same file attached to a second item is carried once
        sha, blob = sorted(blobs.items())[0]
        evidence += (Evidence("xyaq", cat.get("xyaq").items[0].id, "同一文件.pdf", sha, len(blob),
                              "2025-10-02T08:00:00"),)
    return AssessmentSnapshot(
        school=school, period="2025年度", checklists=tuple((c, cat.get(c).version) for c in CHECKLISTS),
        data_date=DATA_DATE.isoformat(), answers=answers,
        notes={"yzjh": {k: v for k, v in NOTES.items() if yzjh.has_item(k)}},
        rectifications=(
            Rectification("yzjh", "teaching_rooms_m2", "=新建综合楼（公式样式的文字）", "王校长",
                          "2026-08-31", "整改中", "已立项"),
            Rectification("yzjh", "monitoring_school_gap_rate", "加强薄弱学科教研", "李主任",
                          "2026-06-30"),
        ),
        evidence=evidence,
        narrative=Narrative(overview="学校创办于1950年。"),
        signoffs={"yzjh": SignOff(filled_by="李老师", phone="0762-1234567")},
        pending_review=frozenset({("yzjh", "students_primary")}),
    )


def stripped(snapshot: AssessmentSnapshot) -> AssessmentSnapshot:
    """The same assessment with no answers, notes or plans: what an import fills back in."""
    import dataclasses
    return dataclasses.replace(snapshot, answers={}, notes={}, rectifications=tuple(
        Rectification(r.checklist, r.item, "", status=r.status, progress=r.progress)
        for r in snapshot.rectifications))


# --- building zips by hand, for the malicious-file tests ------------------------------------------

def build_zip(entries: list, compression: int | None = None) -> bytes:
    """A zip of (name or ZipInfo, bytes) entries, exactly as given (duplicates allowed)."""
    import io
    import warnings
    import zipfile
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names; we want them
        with zipfile.ZipFile(buffer, "w", compression or zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                if isinstance(name, str) and "\\" in name:
                    # On Windows ZipInfo turns a backslash into "/": keep the name as a hostile zip has it.
                    info = zipfile.ZipInfo(name)
                    info.filename = name
                    info.compress_type = compression or zipfile.ZIP_DEFLATED
                    name = info
                archive.writestr(name, data)
    return buffer.getvalue()


def package_members(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def rebuild_package(members: dict[str, bytes], manifest_edit=None, rehash: bool = True) -> bytes:
    """Members back into a zip; the manifest's member records are recomputed unless rehash=False,
    so a test reaches the check it aims at instead of tripping an earlier one."""
    import json
    manifest = json.loads(members["manifest.json"])
    if rehash:
        manifest["members"] = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                               for n, b in sorted(members.items()) if n != "manifest.json"}
    count = manifest.get("evidence_count") if isinstance(manifest, dict) else None
    if manifest_edit is not None:
        manifest_edit(manifest)
    if rehash and isinstance(manifest, dict):  # re-sealed, as anyone with the program could
        if manifest.get("evidence_count") == count and isinstance(manifest.get("members"), dict):
            manifest["evidence_count"] = sum(n.startswith("evidence/") for n in manifest["members"])
        from desktop.exchange.manifest import package_digest
        manifest["package_digest"] = package_digest(
            {k: v for k, v in manifest.items() if k != "package_digest"})
    members = {**members, "manifest.json": json.dumps(manifest, ensure_ascii=False).encode()}
    return build_zip(list(members.items()))


def central_entry(data: bytes, name: str) -> int:
    """Offset of the central-directory header for `name`."""
    encoded = name.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == encoded:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(name)


def local_entry(data: bytes, name: str) -> int:
    return int.from_bytes(data[central_entry(data, name) + 42:central_entry(data, name) + 46], "little")


def patched(data: bytes, offset: int, value: int, size: int) -> bytes:
    return data[:offset] + value.to_bytes(size, "little") + data[offset + size:]
