"""The 差异系数 formula against the published worked example T1 and exact limit decisions."""

from decimal import Decimal
from fractions import Fraction

import pytest

from desktop.district.cv import (
    Observation, cv_text, sqrt_decimal, unweighted_cv, weighted_cv, weighted_cv_from_totals,
)

# REFERENCE §5 T1: 5 小学, 在校生数 and 图书册数 (2012 method, 生均图书册数).
T1 = [(45, 279), (37, 137), (89, 935), (76, 160), (55, 402)]


def test_t1_weighted_cv_matches_the_published_example():
    d = weighted_cv_from_totals(T1)
    assert d.mean == Fraction(1913, 302)  # 总计 1913 册 ÷ 302 人 = 6.33
    assert round(d.sd, 6) == Decimal("3.263861")
    assert round(d.cv, 6) == Decimal("0.515257")
    assert cv_text(d.cv) == "0.515"
    assert d.schools == 5 and d.students == 302


def test_t1_published_per_school_terms_sum_to_the_variance():
    # The annex lists (学生数/全县学生数)(生均 − 全县生均)² per school: 0.003, 0.85, 5.13, 4.50, 0.17.
    d = weighted_cv_from_totals(T1)
    terms = [Fraction(p, 302) * (Fraction(x, p) - d.mean) ** 2 for p, x in T1]
    assert round(float(terms[0]), 3) == 0.003
    assert [round(float(t), 2) for t in terms[1:]] == [0.85, 5.13, 4.5, 0.17]
    assert sum(terms) == d.variance
    assert round(float(d.variance), 2) == 10.65


def test_t1_unweighted_cv_differs_and_is_only_a_comparison():
    values = [Fraction(x, p) for p, x in T1]
    population = unweighted_cv(values)
    sample = unweighted_cv(values, sample=True)
    assert round(population.cv, 4) == Decimal("0.4888")
    assert round(sample.cv, 4) == Decimal("0.5465")
    assert cv_text(population.cv) != cv_text(weighted_cv_from_totals(T1).cv)


def test_weighted_cv_with_equal_enrolment_equals_the_unweighted_population_cv():
    values = [Fraction(3), Fraction(5), Fraction(10)]
    weighted = weighted_cv(Observation(Fraction(200), v) for v in values)
    assert weighted.variance == unweighted_cv(values).variance


def test_limit_is_judged_exactly_at_the_boundary():
    # Two schools of equal size with values 3 and 1: x̄ = 2, S = 1, CV = 0.5 exactly.
    at_limit = weighted_cv([Observation(Fraction(100), Fraction(3)), Observation(Fraction(100), Fraction(1))])
    assert at_limit.cv == Decimal("0.5")
    assert at_limit.within(Fraction(1, 2)) is True
    above = weighted_cv([Observation(Fraction(100), Fraction(3)),
                         Observation(Fraction(100), Fraction("0.999"))])
    assert above.within(Fraction(1, 2)) is False
    # 2.001 / 3.999 = 0.50038: three decimals would print the limit, so more are shown.
    assert cv_text(above.cv, Fraction(1, 2)) == "0.5004"
    assert cv_text(above.cv) == "0.500"


def test_published_0_501787_fails_the_primary_limit_although_it_prints_as_0_50():
    cv = Decimal("0.501787")
    assert cv_text(cv, Fraction(1, 2)) == "0.502"
    assert Fraction(cv) > Fraction(1, 2)


def test_undefined_cv_when_every_school_has_zero_or_there_are_no_schools():
    zero = weighted_cv([Observation(Fraction(10), Fraction(0)), Observation(Fraction(20), Fraction(0))])
    assert zero.cv is None and zero.within(Fraction(1, 2)) is None
    assert weighted_cv([]).cv is None
    assert cv_text(None) == "—"


def test_square_root_is_correct_to_forty_digits():
    root = sqrt_decimal(Fraction(2))
    assert str(root) == "1.414213562373095048801688724209698078570"
    assert sqrt_decimal(Fraction(1, 4)) == Decimal("0.5")
    with pytest.raises(ValueError):
        sqrt_decimal(Fraction(-1))


from hypothesis import given, settings, strategies as st  # noqa: E402

_schools = st.lists(st.tuples(st.integers(1, 3000), st.integers(0, 10 ** 6)), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(_schools)
def test_weighted_cv_equals_the_moment_form_and_is_scale_free(schools):
    d = weighted_cv_from_totals(schools)
    total = sum(Fraction(p) for p, _ in schools)
    first = sum(Fraction(x) for _, x in schools)
    second = sum(Fraction(x) ** 2 / p for p, x in schools)
    if first == 0:
        assert d.cv is None
        return
    # CV² = Σ(X_i²/P_i)·P / (ΣX_i)² − 1, the form whatif.py uses.
    assert d.variance / d.mean ** 2 == second * total / first ** 2 - 1
    # Counting in 万元 instead of 元 (or per hundred) leaves the CV unchanged.
    scaled = weighted_cv_from_totals([(p, Fraction(x, 10000)) for p, x in schools], per=100)
    assert scaled.cv == d.cv
