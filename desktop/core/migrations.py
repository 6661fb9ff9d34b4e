"""Ordered schema migrations for the app's SQLite files, numbered by PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence


def user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def apply(conn: sqlite3.Connection, migrations: Sequence[str], application_id: int,
          target: int | None = None) -> int:
    """Applies the missing migrations up to target, each in its own transaction; returns the version.

    A failure rolls back the step that failed, so the file stays at the last complete version.
    """
    target = len(migrations) if target is None else target
    version = user_version(conn)
    while version < target:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migrations[version]):
                conn.execute(statement)
            if version == 0:
                conn.execute(f"PRAGMA application_id = {application_id}")
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version += 1
    return version


def _statements(script: str) -> list[str]:
    # conn.executescript() would COMMIT first; splitting keeps each migration one transaction.
    # The schemas' DDL has no semicolons inside literals, so a plain split is exact.
    return [s.strip() for s in script.split(";") if s.strip()]
