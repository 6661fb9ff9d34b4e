"""The supervisor workspace's schema as ordered migrations (PRAGMA user_version counts them).

A migration, once shipped, never changes: a new need gets a new migration appended to MIGRATIONS.
"""

from __future__ import annotations

import sqlite3

from desktop.core import migrations

# Marks a file as the supervisor's workspace (PRAGMA application_id), so the school side's
# answers.db or another program's SQLite file is refused instead of being changed.
APPLICATION_ID = 0x5A50_4455  # "ZPDU": 自评 督学

_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE roster (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    students_primary INTEGER,
    students_junior INTEGER,
    students_senior INTEGER,
    children INTEGER,
    inspector TEXT NOT NULL DEFAULT '',
    excluded TEXT NOT NULL DEFAULT '',
    source_row INTEGER
);
CREATE UNIQUE INDEX roster_by_code ON roster (code) WHERE code != '';
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    school_key TEXT NOT NULL,
    name_key TEXT NOT NULL,
    school_name TEXT NOT NULL,
    school_code TEXT NOT NULL DEFAULT '',
    school_type TEXT NOT NULL,
    period TEXT NOT NULL,
    digest TEXT NOT NULL,
    created TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    app_version TEXT NOT NULL,
    data_status TEXT NOT NULL,
    data_date TEXT NOT NULL DEFAULT '',
    snapshot TEXT NOT NULL,
    summary TEXT NOT NULL,
    superseded_by INTEGER REFERENCES submissions (id),
    superseded_at TEXT
);
CREATE UNIQUE INDEX current_submission ON submissions (school_key, period)
    WHERE superseded_at IS NULL;
CREATE INDEX submissions_by_digest ON submissions (digest);
CREATE TABLE submission_unmet (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    checklist TEXT NOT NULL,
    plan_item TEXT NOT NULL,
    alt_item TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    standard TEXT NOT NULL DEFAULT '',
    gap TEXT NOT NULL DEFAULT '',
    veto INTEGER NOT NULL DEFAULT 0 CHECK (veto IN (0, 1)),
    PRIMARY KEY (submission_id, position)
);
CREATE TABLE submission_plans (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    checklist TEXT NOT NULL,
    item TEXT NOT NULL,
    measure TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, checklist, item)
);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    file_sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    claimed_key TEXT NOT NULL DEFAULT '',
    claimed_name TEXT NOT NULL DEFAULT '',
    claimed_code TEXT NOT NULL DEFAULT '',
    claimed_period TEXT NOT NULL DEFAULT ''
);
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    school_key TEXT NOT NULL,
    school_name TEXT NOT NULL,
    school_code TEXT NOT NULL DEFAULT '',
    submission_id INTEGER REFERENCES submissions (id),
    period TEXT NOT NULL DEFAULT '',
    digest TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL,
    inspector TEXT NOT NULL DEFAULT '',
    issuer TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX notices_by_school ON notices (school_key, id);
CREATE TABLE notice_items (
    notice_id INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    checklist TEXT NOT NULL,
    plan_item TEXT NOT NULL,
    alt_item TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    standard TEXT NOT NULL DEFAULT '',
    requirement TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL,
    review_on TEXT NOT NULL DEFAULT '',
    review_result TEXT NOT NULL DEFAULT '',
    follow_up TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (notice_id, seq)
);
CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    school_key TEXT NOT NULL,
    school_name TEXT NOT NULL,
    school_code TEXT NOT NULL DEFAULT '',
    visited_on TEXT NOT NULL,
    inspector TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    methods TEXT NOT NULL DEFAULT '',
    seen TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    suggestions TEXT NOT NULL DEFAULT '',
    requirements TEXT NOT NULL DEFAULT '',
    school_head TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX visits_by_school ON visits (school_key, id);
"""

MIGRATIONS: tuple[str, ...] = (_V1,)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return migrations.user_version(conn)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Applies the missing migrations, each in its own transaction; returns the version reached."""
    return migrations.apply(conn, MIGRATIONS, APPLICATION_ID, target)
