"""Periods have one spelling: chosen from a list, and older free text mapped to it."""

import datetime as dt

import pytest

from desktop.core import period_names
from desktop.core.period_names import CALENDAR_YEAR, SCHOOL_YEAR, Period


@pytest.mark.parametrize("text, name", [
    ("2025-2026学年", "2025—2026学年"), ("2025—2026学年", "2025—2026学年"),
    ("2025～2026 学年", "2025—2026学年"), ("2025年-2026年", "2025—2026学年"),
    ("2025学年", "2025—2026学年"), ("2025年度", "2025年度"), ("2025 年度", "2025年度"),
    ("2025年", "2025年度"), ("2025", "2025年度"),
    ("春季自查", "春季自查"), ("2025-2027学年", "2025-2027学年"), (" 第一次 ", "第一次"),
])
def test_old_free_text_is_mapped_or_kept(text, name):
    assert period_names.normalise(text) == name


def test_the_current_period_and_its_neighbours():
    autumn, spring = dt.date(2026, 10, 5), dt.date(2026, 3, 5)
    assert period_names.current(SCHOOL_YEAR, autumn).name == "2026—2027学年"
    assert period_names.current(SCHOOL_YEAR, spring).name == "2025—2026学年"
    assert period_names.current(CALENDAR_YEAR, spring).name == "2026年度"
    names = [p.name for p in period_names.choices(SCHOOL_YEAR, spring)]
    assert names == ["2023—2024学年", "2024—2025学年", "2025—2026学年", "2026—2027学年"]
    assert Period(SCHOOL_YEAR, 2025).data_date(spring) == dt.date(2025, 9, 1)
    assert Period(CALENDAR_YEAR, 2026).data_date(spring) == spring
    assert Period(CALENDAR_YEAR, 2024).data_date(spring) == dt.date(2024, 12, 31)


def test_store_maps_old_periods_on_open(tmp_path):
    from desktop.core.assessment import School
    from desktop.core.store import AnswerStore
    with AnswerStore.open(tmp_path) as store:
        school = store.add_school(School(name="青山小学", type="小学"))
        other = store.add_school(School(name="绿水小学", type="小学"))
        a = store.create_assessment(school, "2024年度", [("yzjh", "1")])
        b = store.create_assessment(school, "2025-2026学年", [("yzjh", "1")])
        c = store.create_assessment(other, "春季自查", [("yzjh", "1")])
        # Written the way older versions did, bypassing today's normalising create_assessment.
        store.db.execute("UPDATE assessments SET period = '2024 年度' WHERE id = ?", [a])
        store.db.conn.commit()
        assert store.assessment(b).period == "2025—2026学年"  # new ones are stored normalised
    with AnswerStore.open(tmp_path) as store:
        assert store.assessment(a).period == "2024年度"
        assert store.assessment(c).period == "春季自查"  # names no year: kept and shown as is
