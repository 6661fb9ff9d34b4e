"""The few table helpers the stores use, on the standard library's sqlite3.

sqlite-utils offered them, but importing it costs about a fifth of the app's start-up (it pulls in
click, dateutil and pluggy's plugin machinery, and its plugin hooks read every installed package's
entry points), and each of its upserts and inserts reads the table's schema again: some sixty
queries for one saved answer. This class keeps the same calls (`db["t"].insert(row).last_pk`,
`upsert(row, pk=…)`, `update(pk, values)`, `insert_all(rows)`, `rows_where(…)`, `query`,
`execute`, `atomic`) with the same SQL semantics, and learns each table's primary key once.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sqlite3
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Mapping, Sequence


class NotFoundError(LookupError):
    """update() of a row that does not exist."""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_AS_IS = frozenset({str, int, float, bytes, type(None)})


def _stored(value: object) -> object:
    """The value as sqlite-utils would store it (JSON for containers, ISO text for dates)."""
    if type(value) in _AS_IS:  # nearly every value: one set lookup per cell of a bulk insert
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    if isinstance(value, (dt.time, dt.date, dt.datetime)):
        return value.isoformat()
    return value


class Database:
    """A connection with table helpers; the connection is the caller's (close() closes it)."""

    def __init__(self, conn: sqlite3.Connection, **_options: object):
        # recursive_triggers / execute_plugins: sqlite-utils options the stores turn off; kept
        # as keywords so callers read the same.
        self.conn = conn
        self._primary_keys: dict[str, tuple[str, ...]] = {}

    def __getitem__(self, table: str) -> "Table":
        return Table(self, table)

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters if parameters is not None else ())

    def query(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None
              ) -> Iterator[dict[str, Any]]:
        cursor = self.execute(sql, parameters)
        names = [d[0] for d in cursor.description or ()]
        for row in cursor:
            yield dict(zip(names, row))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def atomic(self) -> Iterator["Database"]:
        """One transaction (BEGIN … COMMIT, rolled back on any exception); nested: a savepoint."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT nested")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:  # a RAISE(ROLLBACK) trigger may have ended it
                    self.conn.execute("ROLLBACK TO SAVEPOINT nested")
                    self.conn.execute("RELEASE SAVEPOINT nested")
                raise
            self.conn.execute("RELEASE SAVEPOINT nested")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.rollback()
            raise

    def primary_key(self, table: str) -> tuple[str, ...]:
        if table not in self._primary_keys:
            columns = self.conn.execute(f"PRAGMA table_info({_quoted(table)})").fetchall()
            keyed = sorted((c[5], c[1]) for c in columns if c[5])
            self._primary_keys[table] = tuple(name for _, name in keyed) or ("rowid",)
        return self._primary_keys[table]


class Table:
    def __init__(self, db: Database, name: str):
        self.db, self.name = db, name
        self.last_pk: Any = None

    def exists(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                               [self.name]).fetchone() is not None

    def insert(self, record: Mapping[str, Any]) -> "Table":
        columns = list(record)
        cursor = self.db.execute(self._insert_sql(columns), [_stored(record[c]) for c in columns])
        self.last_pk = self._last_pk(record, cursor.lastrowid)
        return self

    def insert_all(self, records: Iterable[Mapping[str, Any]]) -> "Table":
        rows = list(records)
        if not rows:
            return self
        columns = list(dict.fromkeys(c for r in rows for c in r))  # missing keys are stored as NULL
        cursor = self.db.conn.executemany(self._insert_sql(columns),
                                          ([_stored(r.get(c)) for c in columns] for r in rows))
        self.last_pk = self._last_pk(rows[-1], cursor.lastrowid)
        return self

    def upsert(self, record: Mapping[str, Any], pk: str | Sequence[str]) -> "Table":
        """Inserts the row, or updates the given columns of the row with the same key."""
        keys = (pk,) if isinstance(pk, str) else tuple(pk)
        columns = list(record)
        others = [c for c in columns if c not in keys]
        action = ("DO UPDATE SET " + ", ".join(f"{_quoted(c)} = excluded.{_quoted(c)}" for c in others)
                  if others else "DO NOTHING")
        sql = (self._insert_sql(columns)
               + f" ON CONFLICT ({', '.join(_quoted(k) for k in keys)}) {action}")
        cursor = self.db.execute(sql, [_stored(record[c]) for c in columns])
        self.last_pk = self._last_pk(record, cursor.lastrowid)
        return self

    def update(self, pk_values: Any, updates: Mapping[str, Any]) -> "Table":
        keys = self.db.primary_key(self.name)
        values = list(pk_values) if isinstance(pk_values, (list, tuple)) else [pk_values]
        where = " AND ".join(f"{_quoted(k)} = ?" for k in keys)
        if self.db.execute(f"SELECT 1 FROM {_quoted(self.name)} WHERE {where}", values).fetchone() is None:
            raise NotFoundError(f"{self.name}: no row {pk_values!r}")
        if updates:
            assignments = ", ".join(f"{_quoted(c)} = ?" for c in updates)
            self.db.execute(f"UPDATE {_quoted(self.name)} SET {assignments} WHERE {where}",
                            [*(_stored(v) for v in updates.values()), *values])
        self.last_pk = pk_values
        return self

    def rows_where(self, where: str | None = None, where_args: Sequence[Any] | None = None,
                   order_by: str | None = None, select: str = "*") -> Iterator[dict[str, Any]]:
        sql = f"SELECT {select} FROM {_quoted(self.name)}"
        if where is not None:
            sql += f" WHERE {where}"
        if order_by is not None:
            sql += f" ORDER BY {order_by}"
        return self.db.query(sql, where_args or [])

    def _insert_sql(self, columns: list[str]) -> str:
        return (f"INSERT INTO {_quoted(self.name)} ({', '.join(_quoted(c) for c in columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})")

    def _last_pk(self, record: Mapping[str, Any], rowid: int | None) -> Any:
        keys = self.db.primary_key(self.name)
        if keys == ("rowid",):
            return rowid
        if len(keys) == 1:
            return record.get(keys[0], rowid) if keys[0] in record else rowid
        return tuple(record.get(k) for k in keys)
