"""A table dropped by another tool (integrity_check still says ok) is found at open, file untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from desktop.core.assessment import School
from desktop.core.errors import StoreError
from desktop.core.store import DB_NAME, AnswerStore


@pytest.mark.parametrize("table", ["audit", "answers", "store_identity"])
def test_a_dropped_table_is_detected_at_open(tmp_path: Path, table, record):
    folder = tmp_path / "data"
    with AnswerStore.open(folder) as store:
        school = store.add_school(School("测试学校", "小学", code="1000000001"))
        aid = store.create_assessment(school, "2025年度", [("yzjh", "1")])
        store.set_answer(aid, "yzjh", "1.1", "42")
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(f"DROP TABLE {table}")
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = hashlib.sha256((folder / DB_NAME).read_bytes()).hexdigest()
    with pytest.raises(StoreError, match=f"缺少数据表「{table}」") as caught:
        AnswerStore.open(folder)
    assert "已损坏" in str(caught.value) and "备份" in str(caught.value)
    assert hashlib.sha256((folder / DB_NAME).read_bytes()).hexdigest() == before
    record("dropped tables", detected=1)
