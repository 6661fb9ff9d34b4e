"""After each saved answer the session updates its snapshot in memory and re-judges only what the
answer affects; both must equal what a full re-read and re-evaluation would give."""

from __future__ import annotations

import random

from desktop.core.answers import parse_answer
from desktop.core.demo import create_demo
from desktop.core.errors import InputError
from desktop.core.model import AnswerType
from desktop.ui.session import AssessmentSession


def _raw(item, rng):
    if item.type is AnswerType.YES_NO:
        return rng.choice(["是", "否"])
    if item.type is AnswerType.CHOICE:
        return rng.choice(item.options)
    if item.type is AnswerType.DATE:
        return rng.choice(["2025-10-20", "2024-01-05"])
    if item.type is AnswerType.TEXT:
        return rng.choice(["", "已建立制度"])
    return str(rng.choice([0, 2, 12, 45, 95, 100, 800, 2000]))


def _assert_fresh(session, store, catalog):
    fresh = store.snapshot(session.id)
    assert session.snapshot == fresh
    assert session.results == fresh.evaluate(catalog)


def test_every_edit_leaves_the_same_snapshot_and_results_as_a_full_reload(store, catalog):
    demo = create_demo(store)
    every = [(c.id, c.version) for c in catalog.checklists.values()]
    # A new period carried over from the demo: its answers are 待复核 until edited or confirmed.
    new_id = store.create_assessment(demo.school_id, "2026年度", every, overlay=demo.overlay,
                                     data_date="2026-11-01", copy_from=demo.assessment_id)
    session = AssessmentSession(store, catalog, new_id)
    assert session.snapshot.pending_review
    rng = random.Random(16)
    items = [(cid, item) for cid, c in session.checklists.items() for item in c.items
             if item.type is not AnswerType.COMPUTED]
    # Some answers with a recorded source (a prefill): a changed value loses it.
    sourced = [(cid, item) for cid, item in items if item.type is AnswerType.NUMBER][:3]
    session.set_answers_with_sources(
        [(cid, item.id, parse_answer(item, "12"), "基础表 第 1 列") for cid, item in sourced])
    assert session.snapshot.answer_sources
    edits = [(cid, item, "13") for cid, item in sourced] + [(cid, item, "12") for cid, item in sourced[:1]]
    for _ in range(150):
        cid, item = rng.choice(items)
        edits.append((cid, item, None if rng.random() < 0.1 else _raw(item, rng)))
    for cid, item, raw in edits:
        try:
            value = None if raw is None else parse_answer(item, raw)
        except InputError:
            continue
        session.set_answer(cid, item.id, value)
        _assert_fresh(session, store, catalog)
    assert not session.snapshot.answer_sources.keys() & {(c, i.id) for c, i in sourced[1:]}


def test_an_edit_does_not_read_the_whole_assessment_again(store, catalog, monkeypatch):
    demo = create_demo(store)
    session = AssessmentSession(store, catalog, demo.assessment_id)
    reads = []
    monkeypatch.setattr(store, "snapshot", lambda *a: reads.append(a))
    cid, checklist = next(iter(session.checklists.items()))
    item = next(i for i in checklist.items if i.type is AnswerType.NUMBER)
    session.set_answer(cid, item.id, parse_answer(item, "7"))
    assert reads == []
    assert session.answer(cid, item.id) == parse_answer(item, "7")
