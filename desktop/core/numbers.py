"""Exact numbers: user input and thresholds become Fractions, rounding happens only for display.

Why: 9 teachers for 1000 students is exactly 0.9 per hundred, but 9 / 1000 * 100 is
0.8999999999999999 in binary floats, which would wrongly fail a ≥ 0.9 standard.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

Number = Fraction

# Every number that enters the program (answers, packages, workbooks, CSV, TOML, evaluate JSON)
# passes to_fraction(), which refuses what no school or county figure can be — before any exact
# conversion: Fraction(Decimal("1e999999999")) takes minutes and gigabytes, a 5000-digit integer
# makes int() raise, and 1e308 overflows the first float conversion downstream.
MAX_EXPONENT = 15  # |value| < 10^15 (a county's budget in 元 is about 10^10)
MIN_EXPONENT = -15  # non-zero values below 10^-15 cannot be told from 0 on any page
MAX_DIGITS = 30  # significant digits
MAX_TEXT = 64  # characters of a number typed as text
RANGE_TEXT = "绝对值应小于 10 的 15 次方，有效数字不超过 30 位"
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$")


def to_fraction(value: object) -> Fraction:
    """Converts an int, Decimal, numeric string or float (via its shortest repr) exactly.

    Raises ValueError (a Chinese sentence) for anything that is not a finite number (bools
    included) and for numbers outside the bounds above. A comma is read only as a thousands
    separator in its proper places ("1,080"); "3,5" — a decimal comma — is refused, never 35.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("不是数字")
    if isinstance(value, Fraction):
        return _bounded_fraction(value)  # computed values: only their size in bits
    if isinstance(value, int):
        _bounded_int(value)
        return _from_decimal(Decimal(value), str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("不是有限的数字")
        # repr gives the shortest decimal that round-trips: what the user typed.
        return _from_decimal(Decimal(repr(value)), repr(value))
    if isinstance(value, Decimal):
        return _from_decimal(value, str(value))
    if isinstance(value, str):
        return _from_decimal(parse_decimal(value), value)
    raise ValueError(f"「{_short(value)}」不是数字")


def parse_decimal(value: str) -> Decimal:
    """A number typed as text, as an exact Decimal (bounds checked by to_fraction)."""
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"「{_short(value)}」太长，不是可处理的数字（{RANGE_TEXT}）")
    if "," in text or "，" in text:
        if not _THOUSANDS.match(text):
            raise ValueError(f"「{value}」中的逗号无法识别：小数请用小数点（如 3.5），"
                             "千位分隔只能写成 1,080 这样")
        text = text.replace(",", "").replace("，", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"「{_short(value)}」不是数字") from None


def _from_decimal(dec: Decimal, shown: str) -> Fraction:
    if not dec.is_finite():
        raise ValueError(f"「{_short(shown)}」不是有限的数字")
    if dec.is_zero():
        return Fraction(0)
    digits = "".join(map(str, dec.as_tuple().digits)).strip("0")
    if not MIN_EXPONENT <= dec.adjusted() < MAX_EXPONENT or len(digits) > MAX_DIGITS:
        raise ValueError(f"「{_short(shown)}」超出可处理的范围（{RANGE_TEXT}）")
    return Fraction(dec)  # exact, and quick now that the exponent is bounded


def _bounded_int(value: int) -> int:
    if value.bit_length() > 64:
        raise ValueError(f"整数位数过多，超出可处理的范围（{RANGE_TEXT}）")
    return value


def _bounded_fraction(value: Fraction) -> Fraction:
    if value.numerator.bit_length() > 512 or value.denominator.bit_length() > 512:
        raise ValueError(f"数值的位数过多，超出可处理的范围（{RANGE_TEXT}）")
    return value


def _short(value: object) -> str:
    text = str(value) if not isinstance(value, str) else value
    return text if len(text) <= 24 else text[:20] + "…"


def json_int(text: str) -> int:
    """parse_int for json.loads: refuses a huge integer before int() does (4300-digit limit)."""
    if len(text.lstrip("-")) > 40:
        raise ValueError(f"整数「{_short(text)}」位数过多（{RANGE_TEXT}）")
    return int(text)


def json_decimal(text: str) -> Decimal:
    """parse_float for json.loads and tomllib: exact, and bounded in length."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"数字「{_short(text)}」太长（{RANGE_TEXT}）")
    return Decimal(text)


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
