"""The database schema as ordered migrations; PRAGMA user_version records how far a file has come.

A migration, once shipped, never changes: a new need gets a new migration appended to MIGRATIONS.
"""

from __future__ import annotations

import sqlite3

from desktop.core import migrations

# Marks a file as ours (PRAGMA application_id), so another program's SQLite file is refused.
APPLICATION_ID = 0x5A50_5A53  # "ZPZS": 自评助手

_V1 = """
CREATE TABLE schools (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT '',
    ownership TEXT NOT NULL DEFAULT '',
    boarding INTEGER NOT NULL DEFAULT 0 CHECK (boarding IN (0, 1)),
    address TEXT NOT NULL DEFAULT '',
    principal TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX schools_by_code ON schools (code) WHERE code != '';
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    school_id INTEGER NOT NULL REFERENCES schools (id),
    period TEXT NOT NULL,
    overlay TEXT NOT NULL DEFAULT '',
    data_date TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '填报中',
    read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1)),
    copied_from INTEGER REFERENCES assessments (id) ON DELETE SET NULL,
    overview TEXT NOT NULL DEFAULT '',
    achievements TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    plans TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (school_id, period)
);
CREATE TABLE assessment_checklists (
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id TEXT NOT NULL,
    version TEXT NOT NULL,
    position INTEGER NOT NULL,
    filled_by TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    filled_on TEXT NOT NULL DEFAULT '',
    checked_by TEXT NOT NULL DEFAULT '',
    checker_title TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, checklist_id)
);
CREATE TABLE answers (
    assessment_id INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('bool', 'number', 'date', 'text')),
    value TEXT NOT NULL,
    version TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    pending_review INTEGER NOT NULL DEFAULT 0 CHECK (pending_review IN (0, 1)),
    PRIMARY KEY (assessment_id, checklist_id, item_id),
    FOREIGN KEY (assessment_id, checklist_id)
        REFERENCES assessment_checklists (assessment_id, checklist_id) ON DELETE CASCADE
);
CREATE TABLE self_scores (
    assessment_id INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    score TEXT NOT NULL,
    PRIMARY KEY (assessment_id, checklist_id, item_id),
    FOREIGN KEY (assessment_id, checklist_id)
        REFERENCES assessment_checklists (assessment_id, checklist_id) ON DELETE CASCADE
);
CREATE TABLE notes (
    assessment_id INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, checklist_id, item_id),
    FOREIGN KEY (assessment_id, checklist_id)
        REFERENCES assessment_checklists (assessment_id, checklist_id) ON DELETE CASCADE
);
CREATE TABLE rectifications (
    assessment_id INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    measure TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '未开始' CHECK (status IN ('未开始', '整改中', '已完成')),
    progress TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, checklist_id, item_id),
    FOREIGN KEY (assessment_id, checklist_id)
        REFERENCES assessment_checklists (assessment_id, checklist_id) ON DELETE CASCADE
);
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    ext TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    taken_on TEXT NOT NULL DEFAULT '',
    archive TEXT NOT NULL DEFAULT '随报' CHECK (archive IN ('随报', '留校备查')),
    pages INTEGER NOT NULL DEFAULT 1,
    UNIQUE (assessment_id, checklist_id, item_id, sha256),
    FOREIGN KEY (assessment_id, checklist_id)
        REFERENCES assessment_checklists (assessment_id, checklist_id) ON DELETE CASCADE
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    old TEXT,
    new TEXT,
    user TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
"""

# Version 2: evidence numbers (编号 such as R4-2) and indexes for the audit log and blob counts.
_V2 = """
ALTER TABLE evidence ADD COLUMN code TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_by_assessment ON audit (assessment_id, id);
CREATE INDEX evidence_by_sha ON evidence (sha256);
"""

# Version 3: the session's generation, written by every transaction, so a WAL that belongs to
# another copy of the data is recognised before SQLite replays it (store/wal_owner.py).
_V3 = """
CREATE TABLE store_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation TEXT NOT NULL,
    writes INTEGER NOT NULL DEFAULT 0
);
"""

# Version 4: where a prefilled answer came from (the statistical return's table and cell), kept
# with the answer text it was recorded for.
_V4 = """
CREATE TABLE answer_sources (
    assessment_id INTEGER NOT NULL,
    checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    source TEXT NOT NULL,
    value TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, checklist_id, item_id),
    FOREIGN KEY (assessment_id, checklist_id)
        REFERENCES assessment_checklists (assessment_id, checklist_id) ON DELETE CASCADE
);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return migrations.user_version(conn)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Applies the missing migrations, each in its own transaction; returns the version reached."""
    return migrations.apply(conn, MIGRATIONS, APPLICATION_ID, target)
