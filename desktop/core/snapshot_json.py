"""Canonical JSON of an assessment snapshot, and the digest that fingerprints it.

The same digest is printed on the PDF report and carried by the submission package, so paper and
data can be matched: it covers the school, period, checklists, answers, notes, plans and the
SHA-256 of every evidence file — not the time of export.
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from typing import Any

from desktop.core.answers import to_json
from desktop.core.assessment import (
    AssessmentSnapshot, Evidence, Narrative, Rectification, School, SignOff,
)
from desktop.core.catalog import Catalog
from desktop.core.engine import parse_answers
from desktop.core.errors import InputError
from desktop.core.numbers import to_fraction

FORMAT_VERSION = 1
_FIELD_TYPES = {"str": str, "int": int, "bool": bool}


def canonical_bytes(data: Any) -> bytes:
    """One byte sequence per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def snapshot_to_json(s: AssessmentSnapshot) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "school": vars(s.school).copy(),
        "period": s.period,
        "checklists": [{"id": c, "version": v} for c, v in s.checklists],
        "overlay": s.overlay,
        "data_date": s.data_date,
        "status": s.status,
        "answers": {c: {i: to_json(v) for i, v in sorted(a.items())} for c, a in sorted(s.answers.items())},
        "self_scores": {c: {i: str(v) for i, v in sorted(a.items())}
                        for c, a in sorted(s.self_scores.items()) if a},
        "notes": {c: dict(sorted(n.items())) for c, n in sorted(s.notes.items()) if n},
        "rectifications": [vars(r).copy() for r in sorted(s.rectifications, key=_rect_key)],
        "evidence": [vars(e).copy() for e in sorted(s.evidence, key=_evidence_key)],
        "narrative": vars(s.narrative).copy(),
        "signoffs": {c: vars(o).copy() for c, o in sorted(s.signoffs.items())},
        "pending_review": sorted([c, i] for c, i in s.pending_review),
    }


def digest(s: AssessmentSnapshot) -> str:
    """SHA-256 (hex) of the snapshot's canonical JSON: the report and package fingerprint."""
    return hashlib.sha256(canonical_bytes(snapshot_to_json(s))).hexdigest()


def short_fingerprint(full_digest: str) -> str:
    """The printed form: 16 hex digits in groups of four (enough to tell reports apart)."""
    return "-".join(full_digest[i:i + 4] for i in range(0, 16, 4)).upper()


def _rect_key(r: Rectification) -> tuple:
    return (r.checklist, r.item)


def _evidence_key(e: Evidence) -> tuple:
    return (e.checklist, e.item, e.sha256, e.name)


def snapshot_from_json(data: Any, catalog: Catalog) -> AssessmentSnapshot:
    """Reads the canonical JSON back, checking every field and every answer as the GUI would.

    Raises InputError naming the field; answers are parsed against the shipped checklists
    (unknown checklists or item ids are refused).
    """
    obj = _object(data, "根")
    if obj.get("format") != FORMAT_VERSION:
        raise InputError(f"数据格式版本「{obj.get('format')}」不受支持（本程序支持 {FORMAT_VERSION}）", "format")
    school_raw = _object(obj.get("school"), "school")
    school = School(**_fields(school_raw, School, "school"))
    checklists = tuple((_text(c, "id", "checklists"), _text(c, "version", "checklists"))
                       for c in _list(obj.get("checklists"), "checklists"))
    overlay = obj.get("overlay") or ""
    answers: dict[str, dict] = {}
    for checklist_id, raw in _object(obj.get("answers", {}), "answers").items():
        checklist = catalog.get(checklist_id, overlay or None)
        answers[checklist_id] = parse_answers(checklist, _object(raw, f"answers.{checklist_id}"))
    scores = {c: {i: _fraction(v, f"self_scores.{c}.{i}") for i, v in _object(a, "self_scores").items()}
              for c, a in _object(obj.get("self_scores", {}), "self_scores").items()}
    notes = {c: {i: str(t) for i, t in _object(n, "notes").items()}
             for c, n in _object(obj.get("notes", {}), "notes").items()}
    return AssessmentSnapshot(
        school=school,
        period=_text(obj, "period", "根"),
        checklists=checklists,
        overlay=overlay,
        data_date=str(obj.get("data_date") or ""),
        status=str(obj.get("status") or "填报中"),
        answers=answers,
        self_scores=scores,
        notes=notes,
        rectifications=tuple(Rectification(**_fields(r, Rectification, "rectifications"))
                             for r in _list(obj.get("rectifications", []), "rectifications")),
        evidence=tuple(Evidence(**_fields(e, Evidence, "evidence"))
                       for e in _list(obj.get("evidence", []), "evidence")),
        narrative=Narrative(**_fields(_object(obj.get("narrative", {}), "narrative"), Narrative, "narrative")),
        signoffs={c: SignOff(**_fields(o, SignOff, f"signoffs.{c}"))
                  for c, o in _object(obj.get("signoffs", {}), "signoffs").items()},
        pending_review=frozenset((str(p[0]), str(p[1])) for p in _list(obj.get("pending_review", []), "pending_review")
                                 if isinstance(p, list) and len(p) == 2),
    )


def _object(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"字段 {where} 应为对象", where)
    return value


def _list(value: Any, where: str) -> list:
    if not isinstance(value, list):
        raise InputError(f"字段 {where} 应为列表", where)
    return value


def _text(obj: Any, key: str, where: str) -> str:
    value = _object(obj, where).get(key)
    if not isinstance(value, str) or not value:
        raise InputError(f"字段 {where}.{key} 应为非空文字", f"{where}.{key}")
    return value


def _fraction(value: Any, where: str) -> Fraction:
    try:
        return to_fraction(value)
    except ValueError as exc:
        raise InputError(f"字段 {where} 应为数字（{exc}）", where) from None


MAX_WHOLE = 2 ** 40  # sizes in bytes, page counts: far above any evidence file


def _fields(raw: Any, cls: type, where: str) -> dict:
    """Keeps the dataclass's fields, checking their types against the defaults' types."""
    obj = _object(raw, where)
    import dataclasses
    result = {}
    for f in dataclasses.fields(cls):
        if f.name not in obj:
            if f.default is dataclasses.MISSING:
                raise InputError(f"字段 {where}.{f.name} 缺失", f"{where}.{f.name}")
            continue
        value = obj[f.name]
        expected = _FIELD_TYPES.get(str(f.type), str)
        if expected is bool and not isinstance(value, bool) or \
                expected is int and (isinstance(value, bool) or not isinstance(value, int)) or \
                expected is str and not isinstance(value, str):
            raise InputError(f"字段 {where}.{f.name} 的类型不对", f"{where}.{f.name}")
        if expected is int and not 0 <= value <= MAX_WHOLE:
            # pages = 2^63 overflowed SQLite's INTEGER (OverflowError at import)
            raise InputError(f"字段 {where}.{f.name} 的数值 {str(value)[:20]} 超出合理范围",
                             f"{where}.{f.name}")
        result[f.name] = value
    return result
