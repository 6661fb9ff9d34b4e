"""Exact numbers: user input and thresholds become Fractions, rounding happens only for display.

Why: 9 teachers for 1000 students is exactly 0.9 per hundred, but 9 / 1000 * 100 is
0.8999999999999999 in binary floats, which would wrongly fail a ≥ 0.9 standard.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction

Number = Fraction


def to_fraction(value: object) -> Fraction:
    """Converts an int, Decimal, numeric string or float (via its shortest repr) exactly.

    Raises ValueError for anything that is not a finite number (bools included).
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("不是数字")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("不是有限的数字")
        # repr gives the shortest decimal that round-trips: what the user typed.
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("不是有限的数字")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        try:
            dec = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"「{value}」不是数字") from None
        if not dec.is_finite():
            raise ValueError(f"「{value}」不是有限的数字")
        return Fraction(dec)
    raise ValueError(f"「{value}」不是数字")


def ceil_to(value: Fraction, places: int) -> Fraction:
    """Rounds up to the given number of decimal places (0 = whole units), exactly."""
    scale = 10 ** places
    return Fraction(math.ceil(value * scale), scale)


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Rounds for display the way people do on paper (0.5 goes up), never banker's rounding."""
    scale = 10 ** places
    scaled = value * scale
    whole = math.floor(abs(scaled) + Fraction(1, 2))
    return Decimal(int(math.copysign(whole, scaled) if scaled else 0)).scaleb(-places)


def fmt(value: Fraction | None, places: int = 2) -> str:
    """Displays a value with at most `places` decimals, trailing zeros dropped ('4.20' → '4.2')."""
    if value is None:
        return ""
    text = f"{round_half_up(value, places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fmt_fixed(value: Fraction | None, places: int) -> str:
    """Displays with exactly `places` decimals (CVs are shown with three)."""
    if value is None:
        return ""
    return f"{round_half_up(value, places):.{places}f}"


def to_json_number(value: Fraction | None) -> int | float | None:
    """A JSON-friendly number: ints stay ints, other values become the nearest float."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return float(value)


def fmt_beside(value: Fraction | None, threshold: Fraction | None, places: int = 2,
               max_places: int = 6) -> str:
    """Displays a value next to its standard without hiding a miss.

    7.49999 beside a standard of 7.5 would print as '7.5' with two decimals and look met;
    more decimals are shown until the two differ on screen.
    """
    if value is None:
        return ""
    if threshold is None or value == threshold:
        return fmt(value, places)
    for p in range(places, max_places + 1):
        if round_half_up(value, p) != round_half_up(threshold, p):
            return fmt(value, p)
    return fmt(value, max_places)
