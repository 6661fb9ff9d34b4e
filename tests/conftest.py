"""Shared fixtures: a fresh data directory per test, and helpers to write definition files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from desktop import paths

HEADER = '''
id = "demo"
version = "1.0"
title = "测试检查表"
applies_to = ["小学", "初中", "九年一贯制", "完全中学", "十二年一贯制", "幼儿园"]
source = "测试依据"

[[sections]]
id = "s1"
title = "第一部分"
'''


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path):
    """Every test gets its own data directory, so nothing writes into the user's."""
    paths.init(tmp_path / "data")
    yield


@pytest.fixture
def write_checklist(tmp_path: Path):
    """Writes a checklist file from a header and the given TOML body; returns its path."""
    def write(body: str, name: str = "demo.toml", header: str = HEADER) -> Path:
        path = tmp_path / "defs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(header) + textwrap.dedent(body), encoding="utf-8")
        return path
    return write
