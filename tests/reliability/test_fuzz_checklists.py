"""Checklist definition files, fed random and mutated text: only ChecklistFileError, never a crash.

Three sources of input: random bytes; a shipped file with a slice replaced by TOML-ish junk; and
structured mutations of a shipped file's parsed tree (keys deleted, values of the wrong type or an
absurd size, ids duplicated, random formulas). A file that loads is then used as the app would use
it (every overlay applied, answers parsed, evaluated for two school types) and must not crash
there either, nor take longer than 10 s.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from desktop import paths
from desktop.core.answers import parse_answer
from desktop.core.engine import evaluate
from desktop.core.errors import ChecklistFileError, DesktopError, InputError
from desktop.core.loader import apply_overlay, load_checklist, load_overlay
from desktop.core.model import SCHOOL_TYPES, Checklist, SchoolProfile
from tests.reliability.fuzz_support import FUZZ, counted, mutate, scratch_file, time_limit, toml_text

pytestmark = pytest.mark.slow

ON_DATE = dt.date(2025, 11, 1)
RAW_ANSWERS = ("是", "否", "12", "0", "100", "99.5", "2025-09-01", "有说明文字")


@functools.lru_cache(maxsize=1)
def shipped_sources() -> dict[str, str]:
    folder = paths.checklists_dir()
    found = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.toml")}
    found.update({f"overlays/{p.stem}": p.read_text(encoding="utf-8")
                  for p in (folder / "overlays").glob("*.toml")})
    return found


@functools.lru_cache(maxsize=1)
def shipped_overlays():
    return [load_overlay(p) for p in sorted((paths.checklists_dir() / "overlays").glob("*.toml"))]


def load_definition(path: Path, seconds: int = 10) -> bool:
    """Loads the file both ways; True when it was refused. Anything but ChecklistFileError fails,
    and so does taking longer than `seconds` (a shipped file loads and evaluates in 0.1 s)."""
    refused = True
    for loader in (load_checklist, load_overlay):
        try:
            with time_limit(seconds, f"{loader.__name__}({path.name})"):
                loaded = loader(path)
                if isinstance(loaded, Checklist):
                    use_checklist(loaded)
        except ChecklistFileError as exc:
            assert path.name in str(exc) and "检查表定义有" in str(exc)
            continue
        refused = False
    return refused


# Loader bugs this suite found are fixed and pinned by the regression tests below; while a new
# one is open, return its name here so the fuzzers skip inputs that only re-find it.
def known_loader_bug(tree: Any) -> str:
    return ""


def parsed_or_none(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def use_checklist(checklist: Checklist) -> None:
    """A checklist that loaded is used as the app would: overlays, answers typed in, evaluation."""
    variants = [checklist]
    for overlay in shipped_overlays():
        try:
            variants.append(apply_overlay(checklist, overlay))
        except ChecklistFileError:
            pass
    for variant in variants:
        answers = {}
        for item in variant.items:
            for raw in (*RAW_ANSWERS, *item.options[:1]):
                try:
                    value = parse_answer(item, raw)
                except InputError:
                    continue
                if value is not None:
                    answers[item.id] = value
                    break
        for school_type in {*variant.applies_to[:1], "九年一贯制"} & set(SCHOOL_TYPES):
            for given_answers in ({}, answers):
                try:
                    evaluate(variant, SchoolProfile(school_type, "乡村", "公办", True), given_answers, ON_DATE)
                except DesktopError:
                    pass


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_definition_file(record, content: bytes):
    path = scratch_file("random.toml")
    path.write_bytes(content)
    counted(record, "fuzz: checklist files", load_definition(path))


@FUZZ
@given(st.data())
def test_damaged_text_of_a_shipped_definition(record, data):
    """A shipped file with a slice replaced by TOML-ish junk (brackets, quotes, keys, newlines)."""
    name = data.draw(st.sampled_from(sorted(shipped_sources())), label="file")
    text = shipped_sources()[name]
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, min(len(text), start + 40)), label="end")
    junk = data.draw(st.text(alphabet=st.sampled_from(list('[]{}="\'.,#=\n -_0123456789abcxyz小学是')),
                             max_size=30), label="junk")
    damaged = text[:start] + junk + text[end:]
    assume(not known_loader_bug(parsed_or_none(damaged) or {}))
    path = scratch_file(Path(name).name + ".toml")
    path.write_text(damaged, encoding="utf-8")
    counted(record, "fuzz: checklist files", load_definition(path))


@FUZZ
@given(st.data())
def test_structured_mutations_of_a_shipped_definition(record, data):
    """Keys deleted, values of the wrong type or size, ids duplicated, random formulas."""
    name = data.draw(st.sampled_from(sorted(shipped_sources())), label="file")
    tree = mutate(tomllib.loads(shipped_sources()[name]), data, with_null=False)
    assume(not known_loader_bug(tree))
    path = scratch_file(Path(name).name + ".toml")
    path.write_text(toml_text(tree), encoding="utf-8")
    counted(record, "fuzz: checklist files", load_definition(path))


def changed_definition(name: str, where: tuple, value: Any) -> Path:
    tree = tomllib.loads(shipped_sources()[name])
    node = tree
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    path = scratch_file(f"{name}.toml")
    path.write_text(toml_text(tree), encoding="utf-8")
    return path


def first_item_with(name: str, key: str) -> int:
    items = tomllib.loads(shipped_sources()[name])["items"]
    return next(n for n, item in enumerate(items) if key in item)


# Regression tests for the three loader bugs this suite found: each now gives ChecklistFileError.
@pytest.mark.parametrize("value", [[], {}], ids=["list", "table"])
def test_compare_that_is_not_text_is_a_definition_problem(value):
    path = changed_definition("yzjh", ("items", first_item_with("yzjh", "compare"), "compare"), value)
    with pytest.raises(ChecklistFileError, match="比较方式"):
        load_checklist(path)


def test_resources_students_without_stages_is_a_definition_problem():
    path = changed_definition("yzjh", ("resources", "students"), {})
    with pytest.raises(ChecklistFileError, match="students"):
        load_checklist(path)


def test_absurd_decimals_is_a_definition_problem():
    path = changed_definition("spaq", ("items", first_item_with("spaq", "decimals"), "decimals"), 10 ** 30)
    with pytest.raises(ChecklistFileError, match="decimals"):
        load_checklist(path)


def test_the_toml_writer_round_trips_every_shipped_file():
    """The structured mutations are only as good as the writer that puts them back into TOML."""
    for text in shipped_sources().values():
        tree = tomllib.loads(text)
        assert tomllib.loads(toml_text(tree)) == tree


def test_every_shipped_file_is_accepted():
    """The mutations start from files the loader accepts (else they would test nothing)."""
    for text in shipped_sources().values():
        path = scratch_file("ok.toml")
        path.write_text(text, encoding="utf-8")
        assert not load_definition(path)
