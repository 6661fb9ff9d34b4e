"""Exact parsing and display rounding."""

from decimal import Decimal
from fractions import Fraction as F

import pytest

from desktop.core.numbers import ceil_to, fmt, fmt_beside, fmt_fixed, to_fraction


@pytest.mark.parametrize("raw, expected", [
    (3, F(3)), ("4.2", F(21, 5)), (Decimal("0.1"), F(1, 10)), (0.1, F(1, 10)),
    ("1,234.5", F(2469, 2)), (" 7 ", F(7)),
])
def test_to_fraction_exact(raw, expected):
    assert to_fraction(raw) == expected


@pytest.mark.parametrize("raw", [True, None, "abc", "nan", "inf", float("nan"), [1]])
def test_to_fraction_refuses(raw):
    with pytest.raises(ValueError):
        to_fraction(raw)


def test_display_rounds_half_up_and_drops_zeros():
    assert fmt(F(5, 2), 0) == "3"
    assert fmt(F(21, 5)) == "4.2"
    assert fmt(F(2125, 1000), 2) == "2.13"
    assert fmt_fixed(F(515257, 1000000), 3) == "0.515"
    assert fmt_fixed(F(501787, 1000000), 2) == "0.50"


def test_ceil_to():
    assert ceil_to(F(1001, 1000), 2) == F(101, 100)
    assert ceil_to(F(3), 0) == 3
    assert ceil_to(F(31, 10), 0) == 4


def test_value_beside_standard_never_looks_met_when_it_is_not():
    assert fmt_beside(F("7.49999"), F("7.5")) == "7.49999"
    assert fmt_beside(F("7.5"), F("7.5")) == "7.5"
    assert fmt_beside(F("7.2"), F("7.5")) == "7.2"
