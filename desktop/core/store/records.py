"""How domain values are written to rows and read back: answers, schools, evidence, audit entries."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from desktop.core.answers import AnswerValue, to_json
from desktop.core.assessment import Evidence, Narrative, Rectification, School, SignOff
from desktop.core.numbers import to_fraction

STATUSES = ("填报中", "已完成")
READ_ONLY_MESSAGE = "该评估已归档，只读"


@dataclass(frozen=True)
class AssessmentInfo:
    """One assessment as listed in the history: what, for whom, and whether it may be changed."""

    id: int
    school_id: int
    school_name: str
    period: str
    status: str
    overlay: str
    checklists: tuple[tuple[str, str], ...]
    created_at: str
    updated_at: str
    read_only: bool
    data_date: str = ""
    copied_from: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One change of an answer: old and new are canonical JSON text (None = no answer).

    kind: "answer" (typed in), "review" (待复核 confirmed), "copy" (carried over from the
    previous period) or "import" (from a snapshot).
    """

    id: int
    at: str
    user: str
    checklist: str
    item: str
    kind: str
    old: str | None
    new: str | None


def now() -> str:
    """Local time to the second: what the user reads on screen and in the audit log."""
    return dt.datetime.now().isoformat(timespec="seconds")


def encode_answer(value: AnswerValue) -> tuple[str, str]:
    """(kind, canonical JSON); the kind lets an answer be read back without its checklist."""
    if isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, int):
        value, kind = Fraction(value), "number"
    elif isinstance(value, Fraction):
        kind = "number"
        if not _terminates(value):
            # to_json writes decimals; 1/3 would come back rounded. parse_answer never makes one.
            raise ValueError(f"answer {value} is not a finite decimal")
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        kind = "date"
    elif isinstance(value, str):
        kind = "text"
    else:
        raise TypeError(f"not an answer value: {value!r}")
    return kind, json.dumps(to_json(value), ensure_ascii=False)


def _terminates(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def decode_answer(kind: str, text: str) -> AnswerValue:
    raw = json.loads(text)
    if kind == "number":
        return to_fraction(raw)
    if kind == "date":
        return dt.date.fromisoformat(raw)
    if kind == "bool":
        return bool(raw)
    return str(raw)


def school_row(school: School) -> dict[str, Any]:
    row = vars(school).copy()
    row["boarding"] = int(school.boarding)
    return row


def school_from_row(row: dict[str, Any]) -> School:
    return School(name=row["name"], type=row["type"], code=row["code"], locale=row["locale"],
                  ownership=row["ownership"], boarding=bool(row["boarding"]),
                  address=row["address"], principal=row["principal"], phone=row["phone"])


def evidence_from_row(row: dict[str, Any]) -> Evidence:
    return Evidence(checklist=row["checklist_id"], item=row["item_id"], name=row["name"],
                    sha256=row["sha256"], size=row["size"], added_at=row["added_at"],
                    caption=row["caption"], taken_on=row["taken_on"], archive=row["archive"],
                    pages=row["pages"], code=row["code"])


def rectification_from_row(row: dict[str, Any]) -> Rectification:
    return Rectification(checklist=row["checklist_id"], item=row["item_id"], measure=row["measure"],
                         owner=row["owner"], deadline=row["deadline"], status=row["status"],
                         progress=row["progress"])


def narrative_from_row(row: dict[str, Any]) -> Narrative:
    return Narrative(overview=row["overview"], achievements=row["achievements"],
                     problems=row["problems"], plans=row["plans"])


def signoff_from_row(row: dict[str, Any]) -> SignOff:
    return SignOff(filled_by=row["filled_by"], phone=row["phone"], filled_on=row["filled_on"],
                   checked_by=row["checked_by"], checker_title=row["checker_title"])


def audit_from_row(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(id=row["id"], at=row["at"], user=row["user"], checklist=row["checklist_id"],
                      item=row["item_id"], kind=row["kind"], old=row["old"], new=row["new"])
