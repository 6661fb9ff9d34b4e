"""Re-judging a checklist after some answers changed, reusing every result they cannot affect.

An item's result depends only on its own answer and the answers its formulas name (computed
value, applicability condition, threshold formula, upper bound), transitively; the 学段 indicators
depend only on the answers evaluate_resources reads. So after an edit only the edited items and
the items that (transitively) name them are evaluated again; the rest keep their results. The
outcome equals engine.evaluate on the new answers (tests/core/test_incremental.py checks that on
random edits of every shipped checklist).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction
from typing import Any, Iterable, Iterator, Mapping

from desktop.core import engine
from desktop.core.formula import Formula
from desktop.core.model import Checklist, Item, SchoolProfile
from desktop.core.resources import StageResult, evaluate_resources


def _formulas(value: Any) -> Iterator[Formula]:
    """Every Formula inside an item (its fields, nested dataclasses, tuples)."""
    if isinstance(value, Formula):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _formulas(getattr(value, f.name))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for part in value:
            yield from _formulas(part)
    elif isinstance(value, dict):
        for part in value.values():
            yield from _formulas(part)


def item_inputs(checklist: Checklist, item: Item) -> frozenset[str]:
    """The other items of the checklist whose answers or results this item's formulas read."""
    names = {n for f in _formulas(item) for n in f.names}
    return frozenset(n for n in names if n != item.id and checklist.has_item(n))


_READERS: dict[int, tuple[Checklist, dict[str, frozenset[str]]]] = {}


def _readers(checklist: Checklist) -> dict[str, frozenset[str]]:
    """item id → the items that read it directly (kept per checklist object: they are immutable)."""
    known = _READERS.get(id(checklist))
    if known is not None and known[0] is checklist:
        return known[1]
    readers: dict[str, set[str]] = {}
    for item in checklist.items:
        for name in item_inputs(checklist, item):
            readers.setdefault(name, set()).add(item.id)
    found = {k: frozenset(v) for k, v in readers.items()}
    if len(_READERS) > 64:
        _READERS.clear()
    _READERS[id(checklist)] = (checklist, found)
    return found


def affected_items(checklist: Checklist, changed: Iterable[str]) -> set[str]:
    """The changed items and every item that reads one of them, directly or through others."""
    readers = _readers(checklist)
    affected: set[str] = set()
    todo = list(changed)
    while todo:
        item_id = todo.pop()
        if item_id not in affected:
            affected.add(item_id)
            todo.extend(readers.get(item_id, ()))
    return affected


class _Recording(Mapping):
    """The answers, noting which keys were read (evaluate_resources' inputs this time)."""

    def __init__(self, answers: Mapping[str, Any]):
        self._answers, self.read = answers, set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self._answers[key]

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return self._answers.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(key)  # type: ignore[arg-type]
        return key in self._answers

    def __iter__(self) -> Iterator[str]:
        self.read.add("*")  # reads them all: any change counts
        return iter(self._answers)

    def __len__(self) -> int:
        self.read.add("*")
        return len(self._answers)


@dataclasses.dataclass(frozen=True)
class LiveResult:
    """A checklist's result and what its 学段 indicators read, to refresh it after an edit."""

    result: engine.ChecklistResult
    resource_inputs: frozenset[str]

    @property
    def checklist(self) -> Checklist:
        return self.result.checklist


def _stages(checklist: Checklist, school: SchoolProfile, answers: Mapping[str, Any]
            ) -> tuple[dict[str, StageResult], frozenset[str]]:
    if not checklist.resources:
        return {}, frozenset()
    recording = _Recording(answers)
    stages = evaluate_resources(checklist, school, recording)
    return stages, frozenset(recording.read)


def evaluate_live(checklist: Checklist, school: SchoolProfile, answers: Mapping[str, Any],
                  on_date: dt.date | None = None,
                  self_scores: Mapping[str, Fraction] | None = None) -> LiveResult:
    """engine.evaluate, also noting what the 学段 indicators read."""
    context = engine._Context(checklist, school, answers, on_date or dt.date.today())
    scores = self_scores or {}
    results = tuple(engine._apply_score(context.result(item), scores) for item in checklist.items)
    stages, inputs = _stages(checklist, school, answers)
    return LiveResult(_assemble(checklist, results, stages), inputs)


def refresh(previous: LiveResult, school: SchoolProfile, answers: Mapping[str, Any],
            changed: Iterable[str], on_date: dt.date | None = None,
            self_scores: Mapping[str, Fraction] | None = None) -> LiveResult:
    """The result after the answers of `changed` items changed (answers: all answers, new)."""
    checklist = previous.checklist
    changed = set(changed)
    affected = affected_items(checklist, changed)
    context = engine._Context(checklist, school, answers, on_date or dt.date.today())
    for old in previous.result.items:
        if old.item.id not in affected:
            context._cache[old.item.id] = old  # formulas read only .value and .status of these
    scores = self_scores or {}
    results = tuple(engine._apply_score(context.result(old.item), scores) if old.item.id in affected
                    else old for old in previous.result.items)
    if "*" in previous.resource_inputs or changed & previous.resource_inputs:
        stages, inputs = _stages(checklist, school, answers)
    else:
        stages, inputs = previous.result.stages, previous.resource_inputs
    return LiveResult(_assemble(checklist, results, stages), inputs)


def _assemble(checklist: Checklist, results: tuple[engine.ItemResult, ...],
              stages: dict[str, StageResult]) -> engine.ChecklistResult:
    vetoes = tuple(r for r in results if r.item.veto and r.status is engine.Status.UNMET)
    verdict = engine._verdict(results, stages, vetoes)
    max_score, total, grade = engine._score(checklist, results)
    return engine.ChecklistResult(checklist, verdict, results, stages, vetoes, max_score, total, grade)
