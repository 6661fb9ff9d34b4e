"""The student-weighted 校际差异系数 (REFERENCE §1.2), exact up to the square root.

For the schools of one 学段, with P_i the school's students and x_i its per-student value:
x̄ = Σ P_i·x_i / P (= total resource ÷ total students), S² = Σ (P_i/P)·(x_i − x̄)², CV = S / x̄.
Everything before the root is a Fraction; the root is taken in Decimal at 40 significant digits.
Whether a CV is within a limit is decided without any rounding: S ≤ L·x̄ ⟺ S² ≤ (L·x̄)².
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Iterable, Sequence

from desktop.core.numbers import fmt_fixed, round_half_up

DIGITS = 40  # significant digits of the square root
CV_PLACES = 3  # published county tables show three decimals (REFERENCE §1.2)


@dataclass(frozen=True)
class Observation:
    """One school's part of one indicator: its students P_i and its value x_i."""

    students: Fraction
    value: Fraction


@dataclass(frozen=True)
class Dispersion:
    """Mean, spread and coefficient of variation of one indicator over the schools of a 学段.

    Attributes:
        schools: how many schools entered the calculation.
        students: P, the total weight (students; the school count for the unweighted form).
        mean: x̄, exact; None when there are no schools.
        variance: S², exact; None when there are no schools.
        cv: S / x̄ to 40 digits; None when x̄ is 0 (the CV is undefined) or there are no schools.
    """

    schools: int
    students: Fraction
    mean: Fraction | None
    variance: Fraction | None
    cv: Decimal | None

    @property
    def sd(self) -> Decimal | None:
        return None if self.variance is None else sqrt_decimal(self.variance)

    @property
    def cv_fraction(self) -> Fraction | None:
        """The 40-digit CV as a Fraction, for numbers.fmt_* display."""
        return None if self.cv is None else Fraction(self.cv)

    def within(self, limit: Fraction) -> bool | None:
        """CV ≤ limit, decided exactly; None when the CV is undefined."""
        if self.cv is None or self.mean is None or self.variance is None:
            return None
        return self.variance <= (limit * self.mean) ** 2


def sqrt_decimal(value: Fraction, digits: int = DIGITS) -> Decimal:
    """√value rounded once to `digits` significant digits (value ≥ 0)."""
    if value < 0:
        raise ValueError("negative variance")
    with localcontext() as ctx:
        # Extra digits for the division so that only the root's own rounding remains.
        ctx.prec = digits + 10
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        ctx.prec = digits
        return quotient.sqrt()


def weighted_cv(observations: Iterable[Observation]) -> Dispersion:
    """The student-weighted CV, written as REFERENCE §1.2 defines it (population form, no n−1)."""
    obs = [o for o in observations]
    total = sum((o.students for o in obs), Fraction(0))
    if not obs or total == 0:
        return Dispersion(len(obs), total, None, None, None)
    mean = sum((o.students * o.value for o in obs), Fraction(0)) / total
    # Σ (P_i/P)(x_i − x̄)², with the common 1/P taken out of the sum (same exact value, faster).
    variance = sum((o.students * (o.value - mean) ** 2 for o in obs), Fraction(0)) / total
    return Dispersion(len(obs), total, mean, variance, _cv(mean, variance))


def weighted_cv_from_totals(schools: Iterable[tuple[object, object]], per: int = 1) -> Dispersion:
    """The same CV from raw totals, as the annex tabulates them: (P_i students, X_i resource)."""
    obs = []
    for students, amount in schools:
        p, x = Fraction(students), Fraction(amount)
        obs.append(Observation(p, x / p * per))
    return weighted_cv(obs)


def unweighted_cv(values: Sequence[object], sample: bool = False) -> Dispersion:
    """Plain CV over school values, every school counted once — for comparison only.

    Some public tools compute this; it is not the official method and gives other numbers
    (T1: 0.4888 population form, 0.5465 sample form, against the weighted 0.5153).
    """
    xs = [Fraction(v) for v in values]
    n = len(xs)
    if n == 0 or (sample and n < 2):
        return Dispersion(n, Fraction(n), None, None, None)
    mean = sum(xs, Fraction(0)) / n
    squares = sum(((x - mean) ** 2 for x in xs), Fraction(0))
    variance = squares / (n - 1 if sample else n)
    return Dispersion(n, Fraction(n), mean, variance, _cv(mean, variance))


def _cv(mean: Fraction, variance: Fraction) -> Decimal | None:
    if mean == 0:
        return None
    # One rounding: √(S² / x̄²) rather than √S² / x̄. Values are never negative, so x̄ > 0.
    return sqrt_decimal(variance / mean ** 2)


def cv_text(cv: Decimal | Fraction | None, limit: Fraction | None = None) -> str:
    """Three decimals; more when three would print a CV over the limit as equal to it.

    0.5004 against 0.50 prints '0.5004', so a failing CV never looks like the limit.
    """
    if cv is None:
        return "—"
    value = Fraction(cv)
    places = CV_PLACES
    if limit is not None and value != limit:
        while places < 6 and round_half_up(value, places) == round_half_up(limit, places):
            places += 1
    return fmt_fixed(value, places)
