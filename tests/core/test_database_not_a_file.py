"""A folder where the database belongs is refused with the same clear message on every system.

Windows reports a folder's size as 0, so the store took it for a new, empty database and creating
one over it failed with a bare 「访问被拒绝」; database.create now refuses it first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.errors import StoreError
from desktop.core.store import DB_NAME, AnswerStore, answer_store, database


def _folder_with_a_note(path: Path) -> Path:
    path.mkdir()
    (path / "note.txt").write_text("这里本该是数据库文件", encoding="utf-8")
    return path


def test_create_refuses_a_folder_and_leaves_it_alone(tmp_path: Path):
    folder = _folder_with_a_note(tmp_path / DB_NAME)
    with pytest.raises(StoreError, match="无法读取数据库文件.*文件夹"):
        database.create(folder)
    assert folder.is_dir() and (folder / "note.txt").read_text(encoding="utf-8") == "这里本该是数据库文件"
    assert not (tmp_path / f"{DB_NAME}.new").exists()  # no half-made file beside it


def test_a_folder_that_looks_new_as_on_windows_is_refused(tmp_path: Path, monkeypatch):
    _folder_with_a_note(tmp_path / DB_NAME)
    monkeypatch.setattr(answer_store, "_is_new", lambda path: True)  # Windows: a folder's size is 0
    with pytest.raises(StoreError, match="无法读取数据库文件"):
        AnswerStore.open(tmp_path)
    assert (tmp_path / DB_NAME / "note.txt").exists()


def test_check_file_names_the_folder(tmp_path: Path):
    folder = _folder_with_a_note(tmp_path / DB_NAME)
    with pytest.raises(StoreError, match="那里是一个文件夹"):
        database.check_file(folder)
