"""The incremental refresh after an edit must equal a full evaluation, on every shipped checklist."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from desktop.core import incremental
from desktop.core.answers import parse_answer
from desktop.core.catalog import shipped
from desktop.core.engine import evaluate
from desktop.core.errors import InputError
from desktop.core.model import AnswerType, SchoolProfile

ON = dt.date(2025, 11, 1)
SCHOOLS = [SchoolProfile(type="九年一贯制", boarding=True, locale="乡村", ownership="公办"),
           SchoolProfile(type="小学"), SchoolProfile(type="幼儿园")]


def _raw(item, rng):
    if item.type is AnswerType.YES_NO:
        return rng.choice(["是", "否"])
    if item.type is AnswerType.CHOICE:
        return rng.choice(item.options)
    if item.type is AnswerType.DATE:
        return (ON - dt.timedelta(days=rng.randrange(400))).isoformat()
    if item.type is AnswerType.TEXT:
        return rng.choice(["", "有记录"])
    return str(rng.choice([0, 1, 3, 12, 45, 90, 100, 350, 1200, 2400]))


def _value(item, rng):
    if item.type is AnswerType.COMPUTED:
        return None
    try:
        return parse_answer(item, _raw(item, rng))
    except InputError:
        return None


@pytest.mark.parametrize("school", SCHOOLS, ids=lambda s: s.type)
@pytest.mark.parametrize("checklist_id", sorted(shipped().checklists))
def test_refresh_after_random_edits_equals_full_evaluation(checklist_id, school):
    checklist = shipped().get(checklist_id, "gd")
    rng = random.Random(f"{checklist_id}{school.type}")
    answers = {}
    for item in checklist.items:
        value = _value(item, rng) if rng.random() < 0.6 else None
        if value is not None:
            answers[item.id] = value
    live = incremental.evaluate_live(checklist, school, answers, ON)
    assert live.result == evaluate(checklist, school, answers, ON)
    editable = [i for i in checklist.items if i.type is not AnswerType.COMPUTED]
    for _ in range(120):
        item = rng.choice(editable)
        value = _value(item, rng) if rng.random() < 0.85 else None
        answers = dict(answers)
        if value is None:
            answers.pop(item.id, None)
        else:
            answers[item.id] = value
        live = incremental.refresh(live, school, answers, {item.id}, ON)
        assert live.result == evaluate(checklist, school, answers, ON), item.id


def test_items_reading_an_answer_are_affected_transitively():
    checklist = shipped().get("yzjh", "gd")
    computed = [i for i in checklist.items if i.formula is not None]
    assert computed, "the 优质均衡 checklist has computed items"
    item = computed[0]
    source = next(iter(incremental.item_inputs(checklist, item)))
    assert item.id in incremental.affected_items(checklist, {source})
    unrelated = {i.id for i in checklist.items} - incremental.affected_items(checklist, {source})
    assert unrelated, "an edit must not re-judge every item"


def test_a_stale_indicator_input_is_noticed():
    """Changing an answer the 学段 indicators read re-evaluates them (the stages differ)."""
    checklist = shipped().get("yzjh", "gd")
    school = SCHOOLS[0]
    live = incremental.evaluate_live(checklist, school, {}, ON)
    assert live.resource_inputs, "the indicators read answers"
    key = sorted(k for k in live.resource_inputs if checklist.has_item(k))[0]
    answers = {key: parse_answer(checklist.item(key), "100")}
    refreshed = incremental.refresh(live, school, answers, {key}, ON)
    assert refreshed.result == evaluate(checklist, school, answers, ON)
