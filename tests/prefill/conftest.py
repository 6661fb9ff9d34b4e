"""A store with one school and one assessment, for the prefill tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.assessment import School
from desktop.core.store import AnswerStore

PRIMARY = School("广州市示范小学", "小学", code="2144010001", locale="城区", ownership="公办")
COMBINED = School("某某九年一贯制学校", "九年一贯制", code="4401990002", locale="乡村", ownership="公办")
KINDERGARTEN = School("阳光幼儿园", "幼儿园", code="3144000003", locale="镇区", ownership="民办")


def open_assessment(data_dir: Path, school: School, checklists: tuple[str, ...]) -> tuple[AnswerStore, int]:
    store = AnswerStore.open(data_dir)
    school_id = store.add_school(school)
    shipped = catalog.shipped().checklists
    assessment = store.create_assessment(school_id, "2025年度", [(c, shipped[c].version) for c in checklists],
                                         data_date="2025-10-01")
    return store, assessment


@pytest.fixture
def primary_store(tmp_path: Path):
    store, assessment = open_assessment(tmp_path / "data", PRIMARY, ("yzjh", "xyaq"))
    yield store, assessment
    store.close()
