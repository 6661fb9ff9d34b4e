"""Snapshots survive a JSON round trip exactly, and the digest is stable and sensitive."""

import dataclasses
from fractions import Fraction as F

import pytest

from desktop.core import catalog, snapshot_json
from desktop.core.assessment import (
    AssessmentSnapshot, Evidence, Narrative, Rectification, School, SignOff,
)
from desktop.core.errors import InputError


def sample() -> AssessmentSnapshot:
    return AssessmentSnapshot(
        school=School("城关第一小学", "小学", code="3441000001", locale="城区", ownership="公办"),
        period="2025年度",
        checklists=(("yzjh", "2025.1"),),
        data_date="2025-11-01",
        answers={"yzjh": {"students_primary": F(1000), "teaching_rooms_m2": F("4499.99")}},
        notes={"yzjh": {"teaching_rooms_m2": "新教学楼在建"}},
        rectifications=(Rectification("yzjh", "teaching_rooms_m2", "新建教学楼", "王校长", "2026-08-31"),),
        evidence=(Evidence("yzjh", "teaching_rooms_m2", "平面图.pdf", "ab" * 32, 1234, "2025-10-01T08:00:00"),),
        narrative=Narrative(overview="学校创办于1950年。"),
        signoffs={"yzjh": SignOff(filled_by="李老师", phone="0762-1234567")},
        pending_review=frozenset({("yzjh", "students_primary")}),
    )


def test_round_trip_is_exact():
    original = sample()
    data = snapshot_json.snapshot_to_json(original)
    back = snapshot_json.snapshot_from_json(data, catalog.shipped())
    assert back == original
    assert back.answers["yzjh"]["teaching_rooms_m2"] == F("4499.99")
    assert snapshot_json.digest(back) == snapshot_json.digest(original)


def test_digest_changes_with_any_answer_and_ignores_store_id():
    original = sample()
    assert snapshot_json.digest(dataclasses.replace(original, id=7)) == snapshot_json.digest(original)
    changed = dataclasses.replace(original, answers={"yzjh": {"students_primary": F(1001),
                                                              "teaching_rooms_m2": F("4499.99")}})
    assert snapshot_json.digest(changed) != snapshot_json.digest(original)


def test_short_fingerprint_form():
    assert snapshot_json.short_fingerprint("0123456789abcdef" + "0" * 48) == "0123-4567-89AB-CDEF"


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d.update(format=99), "format"),
    (lambda d: d["school"].pop("name"), "school.name"),
    (lambda d: d["school"].update(boarding="是"), "school.boarding"),
    (lambda d: d["answers"]["yzjh"].update(students_primary="很多"), "students_primary"),
    (lambda d: d["answers"]["yzjh"].update(no_such=1), "no_such"),
    (lambda d: d["answers"].update(zzz={}), "checklist"),
    (lambda d: d["evidence"][0].update(size="1k"), "evidence.size"),
])
def test_bad_fields_are_named(mutate, field):
    data = snapshot_json.snapshot_to_json(sample())
    mutate(data)
    with pytest.raises(InputError) as info:
        snapshot_json.snapshot_from_json(data, catalog.shipped())
    assert info.value.field == field or field in str(info.value)
