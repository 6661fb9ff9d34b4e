"""Reading an assessment out as an AssessmentSnapshot, and writing a snapshot in as a new one."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
from fractions import Fraction
from typing import Any, Callable, Iterable

from desktop.core.store.sqlite_db import Database

from desktop.core.assessment import (
    ARCHIVE_MODES, RECTIFICATION_STATES, AssessmentSnapshot, Evidence, Narrative, Rectification,
    School, SignOff,
)
from desktop.core.errors import DesktopError, StoreError
from desktop.core.evidence_names import name_problem, shown
from desktop.core.store.evidence import BlobStore, extension
from desktop.core.store.records import (
    READ_ONLY_MESSAGE, STATUSES, decode_answer, encode_answer, evidence_from_row, narrative_from_row,
    rectification_from_row, school_from_row, school_row, signoff_from_row,
)

_SHA256 = re.compile(r"[0-9a-f]{64}")


# --- reading ---------------------------------------------------------------------------------------

def build(db: Database, assessment_id: int) -> AssessmentSnapshot:
    rows = list(db["assessments"].rows_where("id = ?", [assessment_id]))
    if not rows:
        raise StoreError(f"找不到编号为 {assessment_id} 的评估")
    row = rows[0]
    school = school_from_row(next(db["schools"].rows_where("id = ?", [row["school_id"]])))
    checklists = tuple((r["checklist_id"], r["version"]) for r in db["assessment_checklists"].rows_where(
        "assessment_id = ?", [assessment_id], order_by="position"))
    answers: dict[str, dict[str, Any]] = {c: {} for c, _ in checklists}
    pending = set()
    for r in db["answers"].rows_where("assessment_id = ?", [assessment_id], order_by="checklist_id, item_id"):
        answers[r["checklist_id"]][r["item_id"]] = decode_answer(r["kind"], r["value"])
        if r["pending_review"]:
            pending.add((r["checklist_id"], r["item_id"]))
    return AssessmentSnapshot(
        school=school, period=row["period"], checklists=checklists, overlay=row["overlay"],
        data_date=row["data_date"], status=row["status"], answers=answers,
        self_scores=_per_checklist(db, "self_scores", "score", assessment_id, Fraction),
        notes=_per_checklist(db, "notes", "text", assessment_id, str),
        rectifications=tuple(read_rectifications(db, assessment_id)),
        evidence=tuple(read_evidence(db, assessment_id)),
        narrative=narrative_from_row(row), signoffs=read_signoffs(db, assessment_id),
        pending_review=frozenset(pending), id=assessment_id,
        answer_sources=read_answer_sources(db, assessment_id))


def read_answer_sources(db: Database, assessment_id: int) -> dict[tuple[str, str], str]:
    if not db["answer_sources"].exists():  # a reader on a file not yet migrated
        return {}
    rows = db.execute("""
        SELECT s.checklist_id, s.item_id, s.source FROM answer_sources s JOIN answers a
          ON a.assessment_id = s.assessment_id AND a.checklist_id = s.checklist_id
         AND a.item_id = s.item_id AND a.value = s.value
         WHERE s.assessment_id = ?""", [assessment_id])
    return {(c, i): source for c, i, source in rows}


def _per_checklist(db: Database, table: str, column: str, assessment_id: int,
                   convert: Callable[[str], Any]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for r in db[table].rows_where("assessment_id = ?", [assessment_id], order_by="checklist_id, item_id"):
        result.setdefault(r["checklist_id"], {})[r["item_id"]] = convert(r[column])
    return result


def read_rectifications(db: Database, assessment_id: int) -> list[Rectification]:
    rows = db.query("""SELECT r.* FROM rectifications r JOIN assessment_checklists c
                       ON c.assessment_id = r.assessment_id AND c.checklist_id = r.checklist_id
                       WHERE r.assessment_id = ? ORDER BY c.position, r.item_id""", [assessment_id])
    return [rectification_from_row(r) for r in rows]


def read_evidence(db: Database, assessment_id: int, checklist_id: str | None = None,
                  item_id: str | None = None) -> list[Evidence]:
    where, params = "assessment_id = ?", [assessment_id]
    for column, value in (("checklist_id", checklist_id), ("item_id", item_id)):
        if value is not None:
            where += f" AND {column} = ?"
            params.append(value)
    return [evidence_from_row(r) for r in db["evidence"].rows_where(where, params, order_by="id")]


def read_narrative(db: Database, assessment_id: int) -> Narrative:
    rows = list(db["assessments"].rows_where("id = ?", [assessment_id]))
    if not rows:
        raise StoreError(f"找不到编号为 {assessment_id} 的评估")
    return narrative_from_row(rows[0])


def read_signoffs(db: Database, assessment_id: int) -> dict[str, SignOff]:
    rows = db["assessment_checklists"].rows_where("assessment_id = ?", [assessment_id], order_by="position")
    signoffs = {r["checklist_id"]: signoff_from_row(r) for r in rows}
    return {c: s for c, s in signoffs.items() if s != SignOff()}


# --- rows ----------------------------------------------------------------------------------------

def rectification_row(assessment_id: int, plan: Rectification, at: str) -> dict[str, Any]:
    return {"assessment_id": assessment_id, "checklist_id": plan.checklist, "item_id": plan.item,
            "measure": plan.measure, "owner": plan.owner, "deadline": plan.deadline,
            "status": plan.status, "progress": plan.progress, "updated_at": at}


def insert_blob_row(db: Database, sha256: str, size: int, ext: str) -> None:
    db.execute("INSERT OR IGNORE INTO blobs (sha256, size, ext, created_at) VALUES (?, ?, ?, ?)",
               [sha256, size, ext, dt.datetime.now().isoformat(timespec="seconds")])


# --- importing -----------------------------------------------------------------------------------

def validate(s: AssessmentSnapshot) -> None:
    """Refuses a snapshot that does not hang together, before anything is fetched or written."""
    if not s.school.name.strip() or not s.school.type.strip():
        raise StoreError("导入的数据缺少学校名称或学校类型")
    if not s.period.strip():
        raise StoreError("导入的数据缺少评估周期")
    chosen = [c for c, _ in s.checklists]
    if not chosen or len(set(chosen)) != len(chosen):
        raise StoreError("导入的数据中检查表列表为空或有重复")
    if s.status not in STATUSES:
        raise StoreError(f"导入的数据中评估状态「{s.status}」无效")
    used = {*s.answers, *s.self_scores, *s.notes, *s.signoffs,
            *(r.checklist for r in s.rectifications), *(e.checklist for e in s.evidence),
            *(c for c, _ in s.pending_review)}
    unknown = sorted(used - set(chosen))
    if unknown:
        raise StoreError(f"导入的数据引用了未选用的检查表：{'、'.join(unknown)}")
    if len({(r.checklist, r.item) for r in s.rectifications}) != len(s.rectifications):
        raise StoreError("导入的数据中同一条目的整改措施重复")
    if len({(e.checklist, e.item, e.sha256) for e in s.evidence}) != len(s.evidence):
        raise StoreError("导入的数据中同一条目的佐证材料重复")
    for plan in s.rectifications:
        if plan.status not in RECTIFICATION_STATES:
            raise StoreError(f"导入的数据中条目 {plan.item} 的整改状态「{plan.status}」无效")
    for e in s.evidence:
        if e.archive not in ARCHIVE_MODES or not _SHA256.fullmatch(e.sha256) or e.size < 0:
            raise StoreError(f"导入的数据中佐证材料「{shown(e.name)}」的记录无效")
        if problem := name_problem(e.name):
            raise StoreError(f"导入的数据中佐证材料「{shown(e.name)}」不能接受：{problem}；未导入任何数据")


def fetch_blobs(blobs: BlobStore, evidence: Iterable[Evidence], source: Callable[[str], bytes],
                conn: sqlite3.Connection) -> set[str]:
    """Fetches and checks every evidence blob not already stored; returns the hashes added.

    On any failure the blobs added so far are removed again and the error is raised.
    """
    placed: set[str] = set()
    try:
        with blobs.many():
            _fetch_all(blobs, evidence, source, placed)
    except BaseException:
        blobs.delete_unreferenced(placed, conn)
        raise
    return placed


def _fetch_all(blobs: BlobStore, evidence: Iterable[Evidence], source: Callable[[str], bytes],
               placed: set[str]) -> None:
    for e in {e.sha256: e for e in evidence}.values():
        existing = blobs.find(e.sha256)
        if existing is not None and existing.stat().st_size == e.size:
            continue
        data = _fetch(source, e)
        if len(data) != e.size or hashlib.sha256(data).hexdigest() != e.sha256:
            raise StoreError(f"佐证材料「{e.name}」的内容与记录的 SHA-256 不符（文件已损坏或被改动），"
                             "未导入任何数据")
        blobs.add_bytes(data, extension(e.name), expected_sha256=e.sha256)
        placed.add(e.sha256)


def _fetch(source: Callable[[str], bytes], e: Evidence) -> bytes:
    try:
        return source(e.sha256)
    except DesktopError:
        raise
    except (OSError, LookupError, ValueError) as exc:
        raise StoreError(f"缺少佐证材料「{e.name}」（{exc}），未导入任何数据") from exc


def write(db: Database, s: AssessmentSnapshot, replace: bool, at: str, old_hashes: set[str]) -> int:
    """Inserts the snapshot as a new assessment (inside the caller's transaction)."""
    school_id = _school_for(db, s.school, at)
    found = db.execute("SELECT id, read_only FROM assessments WHERE school_id = ? AND period = ?",
                       [school_id, s.period]).fetchone()
    if found is not None:
        if not replace:
            raise StoreError(f"「{s.school.name}」已有「{s.period}」的评估；如要用导入的数据替换，请选择替换")
        if found[1]:
            raise StoreError(f"「{s.period}」的评估已归档，不能替换（{READ_ONLY_MESSAGE}）")
        old_hashes |= {r[0] for r in db.execute("SELECT sha256 FROM evidence WHERE assessment_id = ?",
                                                 [found[0]])}
        db.execute("DELETE FROM assessments WHERE id = ?", [found[0]])
    new_id = db["assessments"].insert({
        "school_id": school_id, "period": s.period, "overlay": s.overlay, "data_date": s.data_date,
        "status": s.status, "created_at": at, "updated_at": at, **vars(s.narrative)}).last_pk
    db["assessment_checklists"].insert_all(
        {"assessment_id": new_id, "checklist_id": c, "version": v, "position": n,
         **vars(s.signoffs.get(c, SignOff()))} for n, (c, v) in enumerate(s.checklists))
    _write_answers(db, new_id, s, at)
    _write_item_tables(db, new_id, s, at)
    return new_id


def _school_for(db: Database, school: School, at: str) -> int:
    """The school with the same 学校标识码 (or, without one, the same name and type), updated;
    otherwise a new school."""
    if school.code:
        row = db.execute("SELECT id FROM schools WHERE code = ?", [school.code]).fetchone()
    else:
        row = db.execute("SELECT id FROM schools WHERE code = '' AND name = ? AND type = ?",
                         [school.name, school.type]).fetchone()
    if row is None:
        return db["schools"].insert({**school_row(school), "created_at": at, "updated_at": at}).last_pk
    db["schools"].update(row[0], {**school_row(school), "updated_at": at})
    return row[0]


def _write_answers(db: Database, assessment_id: int, s: AssessmentSnapshot, at: str) -> None:
    versions = dict(s.checklists)
    rows, audit = [], []
    for checklist_id, answers in s.answers.items():
        for item_id, value in answers.items():
            try:
                kind, text = encode_answer(value)
            except TypeError as exc:
                raise StoreError(f"导入的数据中条目 {item_id} 的答案无效：{value!r}") from exc
            key = {"assessment_id": assessment_id, "checklist_id": checklist_id, "item_id": item_id}
            rows.append({**key, "kind": kind, "value": text, "version": versions[checklist_id],
                         "updated_at": at,
                         "pending_review": int((checklist_id, item_id) in s.pending_review)})
            audit.append({**key, "kind": "import", "old": None, "new": text, "user": "", "at": at})
    db["answers"].insert_all(rows)
    db["audit"].insert_all(audit)


def _write_item_tables(db: Database, assessment_id: int, s: AssessmentSnapshot, at: str) -> None:
    base = {"assessment_id": assessment_id}
    db["self_scores"].insert_all({**base, "checklist_id": c, "item_id": i, "score": str(v)}
                                 for c, scores in s.self_scores.items() for i, v in scores.items())
    db["notes"].insert_all({**base, "checklist_id": c, "item_id": i, "text": t, "updated_at": at}
                           for c, notes in s.notes.items() for i, t in notes.items())
    db["rectifications"].insert_all(rectification_row(assessment_id, r, at) for r in s.rectifications)
    for e in s.evidence:
        insert_blob_row(db, e.sha256, e.size, extension(e.name))
    db["evidence"].insert_all(
        {**base, "checklist_id": e.checklist, "item_id": e.item, "sha256": e.sha256, "name": e.name,
         "size": e.size, "added_at": e.added_at, "caption": e.caption, "taken_on": e.taken_on,
         "archive": e.archive, "pages": e.pages, "code": e.code} for e in s.evidence)
