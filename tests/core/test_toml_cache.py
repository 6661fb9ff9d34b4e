"""The JSON cache of parsed definition files gives exactly what parsing the TOML gives."""

from __future__ import annotations

import dataclasses
import tomllib
from decimal import Decimal

import pytest

from desktop import paths
from desktop.core import toml_cache
from desktop.core.catalog import definition_files, load_catalog
from desktop.core.formula import Formula


def _typed(value):
    """The value with every leaf's type and exact text, so 90.0 ≠ 90 and Decimal('1E+2') ≠ 100."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, str(value))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(toml_cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / "definitions"


def _parse(raw: bytes) -> dict:
    return tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)


def test_cached_content_equals_the_toml_for_every_shipped_file(cache):
    checklists, overlays = definition_files(paths.checklists_dir())
    for path in [*checklists, *overlays]:
        raw = path.read_bytes()
        first = toml_cache.parsed(raw, _parse)
        again = toml_cache.parsed(raw, lambda _: pytest.fail("parsed again instead of the cache"))
        assert _typed(again) == _typed(first) == _typed(_parse(raw)), path.name
    assert len(list(cache.glob("*.json"))) == len(checklists) + len(overlays)


def _shape(value):
    """A loaded catalog as comparable data (a Formula by its text: its syntax tree compares by id)."""
    if isinstance(value, Formula):
        return ("formula", value.text, sorted(value.names))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _shape(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    return (type(value).__name__, str(value))


def test_a_catalog_from_the_cache_equals_one_from_toml(cache, monkeypatch):
    monkeypatch.setenv(toml_cache.ENV, "off")
    fresh = _shape(load_catalog())
    monkeypatch.setenv(toml_cache.ENV, str(cache.parent))
    load_catalog()  # writes the cache
    assert list(cache.glob("*.json"))
    assert _shape(load_catalog()) == fresh  # every file now read from the cache


def test_a_damaged_or_foreign_cache_file_is_ignored(cache):
    raw = b'id = "x"\nlimit = 1.50\nitems = [1, 2]\n'
    toml_cache.parsed(raw, _parse)
    (file,) = cache.glob("*.json")
    for text in ("{not json", '{"format": "other", "data": {}}', '{"format": "toml-json-1", "sha256": "0", "data": {}}'):
        file.write_text(text, encoding="utf-8")
        assert _typed(toml_cache.parsed(raw, _parse)) == _typed(_parse(raw))


def test_dates_are_not_cached(cache):
    raw = b'when = 2025-09-01\n'
    assert toml_cache.parsed(raw, _parse) == _parse(raw)
    assert not cache.exists() or not list(cache.glob("*.json"))
