"""The answer store: one SQLite file per data directory, with backups, evidence files and a lock.

Import from here: AnswerStore, AssessmentInfo, AuditEntry (the modules inside are its parts).
"""

from desktop.core.store.answer_store import AnswerStore
from desktop.core.store.base import DB_NAME
from desktop.core.store.evidence import MAX_EVIDENCE_BYTES, MAX_IMAGE_SIDE, can_downscale
from desktop.core.store.records import READ_ONLY_MESSAGE, STATUSES, AssessmentInfo, AuditEntry
from desktop.core.store.schema import SCHEMA_VERSION

__all__ = [
    "AnswerStore", "AssessmentInfo", "AuditEntry", "DB_NAME", "MAX_EVIDENCE_BYTES", "MAX_IMAGE_SIDE",
    "READ_ONLY_MESSAGE", "SCHEMA_VERSION", "STATUSES", "can_downscale",
]
