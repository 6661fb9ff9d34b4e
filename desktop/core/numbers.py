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
    """Rounds for display the way people do on paper (0.5 goes up), never banker's rounding.

    Integer arithmetic only: a float on the way would overflow (1e400) or drop digits (1e20 + 1).
    """
    scaled = value * 10 ** places
    whole = math.floor(abs(scaled) + Fraction(1, 2))
    return Decimal(-whole if scaled < 0 else whole).scaleb(-places)


# Plain digits up to this many before the point; beyond, 1.2346×10²⁵. A value that rounds to zero
# but is not zero gets up to EXTRA_PLACES more decimals, then scientific form: never a bare "0".
MAX_PLAIN_DIGITS = 21
EXTRA_PLACES = 6
SIGNIFICANT = 5
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# Past ~10^30000 exact scaling is slow and no school's answer is that large (parse bounds them).
_EXACT_EXPONENT_LIMIT = 30000


def _decimal_exponent(value: Fraction) -> int:
    """floor(log10(|value|)) for a non-zero value, exactly, without floats or str() of huge ints."""
    n, d = abs(value.numerator), value.denominator
    estimate = math.floor((n.bit_length() - d.bit_length()) * 0.30102999566398)
    if abs(estimate) > _EXACT_EXPONENT_LIMIT:  # approximate: from the leading 64 bits of each
        log = _log10(n) - _log10(d)
        return round(log) if abs(log - round(log)) < 1e-9 else math.floor(log)
    e = estimate - 1
    while Fraction(10) ** (e + 1) <= abs(value):
        e += 1
    while Fraction(10) ** e > abs(value):
        e -= 1
    return e


def _log10(n: int) -> float:
    shift = max(n.bit_length() - 64, 0)
    return math.log10(n >> shift) + shift * math.log10(2)


def fmt_scientific(value: Fraction, significant: int = SIGNIFICANT) -> str:
    """'1.2346×10²⁰', '1×10⁻³⁰': for values too large or too small for plain digits."""
    exponent = _decimal_exponent(value)
    if abs(exponent) > _EXACT_EXPONENT_LIMIT:
        return ("-" if value < 0 else "") + "约 10" + str(exponent).translate(_SUPERSCRIPT)
    mantissa = abs(value) / Fraction(10) ** exponent
    digits = round_half_up(mantissa, significant - 1)
    if digits >= 10:  # 9.99996 rounds up to 10.0000
        exponent += 1
        digits = round_half_up(abs(value) / Fraction(10) ** exponent, significant - 1)
    text = _strip(f"{digits:f}")
    sign = "-" if value < 0 else ""
    return f"{sign}{text}×10{str(exponent).translate(_SUPERSCRIPT)}"


def _strip(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def fmt(value: Fraction | None, places: int = 2) -> str:
    """Displays a value with at most `places` decimals, trailing zeros dropped ('4.20' → '4.2').

    Never misleads by size: a value too large for plain digits, or one that is not zero but would
    round to '0', is shown with more decimals or in scientific form ('1×10⁻³⁰', not '0').
    """
    if value is None:
        return ""
    if value and (_decimal_exponent(value) >= MAX_PLAIN_DIGITS):
        return fmt_scientific(value)
    rounded = round_half_up(value, places)
    if value and not rounded:
        for more in range(places + 1, places + EXTRA_PLACES + 1):
            rounded = round_half_up(value, more)
            if rounded:
                return _strip(f"{rounded:f}")
        return fmt_scientific(value)
    return _strip(f"{rounded:f}")


def fmt_fixed(value: Fraction | None, places: int) -> str:
    """Displays with exactly `places` decimals (CVs are shown with three)."""
    if value is None:
        return ""
    return f"{round_half_up(value, places):.{places}f}"


def to_json_number(value: Fraction | None) -> int | float | str | None:
    """A JSON-friendly number: ints stay ints, other values become the nearest float.

    A value beyond the float range becomes its plain-text form instead of failing ('1×10⁴⁰⁰').
    """
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    try:
        return float(value)
    except OverflowError:
        return fmt(value, 6)


_HOLDS = {
    ">=": lambda v, t: v >= t, ">": lambda v, t: v > t, "<=": lambda v, t: v <= t,
    "<": lambda v, t: v < t, "==": lambda v, t: v == t,
}
STANDARD_PLACES = 4  # the standard itself is printed with up to four decimals everywhere


def fmt_against(value: Fraction | None, standard: Fraction | None, compare: str = ">=",
                places: int = 2) -> str:
    """Displays a value next to its standard so that the text never tells a different verdict.

    THE one display rule for values with a standard (screen, tree, CLI, JSON, PDF, xlsx, notices):
    start at the item's `places`; while the rounded value, read against the standard as printed,
    would meet it when the exact value does not (or the other way round), show one more decimal
    — 49,999.99 of 1,000,000 is 4.999999 %, not '5 %'; 3501 ÷ 500 is 7.002, not '7'. If even
    EXTRA_PLACES more decimals do not tell them apart, round away from the standard (down for a
    value below it, up for one above) so the last digit cannot carry a miss across the line.
    """
    if value is None:
        return ""
    if standard is None or compare not in _HOLDS:
        return fmt(value, places)
    holds = _HOLDS[compare]
    printed_standard = Fraction(round_half_up(standard, STANDARD_PLACES))
    verdict = holds(value, standard)
    if value and _decimal_exponent(value) >= MAX_PLAIN_DIGITS:
        return fmt_scientific(value)
    last = places + EXTRA_PLACES
    for p in range(places, last + 1):
        shown = Fraction(round_half_up(value, p))
        if holds(shown, standard) == verdict and holds(shown, printed_standard) == verdict:
            return fmt(value, p)
    scale = 10 ** last
    scaled = value * scale
    toward = math.floor(scaled) if value < standard else math.ceil(scaled)
    return _strip(f"{Decimal(toward).scaleb(-last):f}")


def fmt_against_each(value: Fraction | None, standards: list[tuple[Fraction, str]],
                     places: int = 2) -> str:
    """The shared rule against several lines at once (a share read against 100 % and the 85 %
    floor): the text with the most decimals any one of them needs."""
    texts = [fmt_against(value, standard, compare, places) for standard, compare in standards]
    return max(texts, key=lambda t: len(t.split(".")[1]) if "." in t else 0) if texts else fmt(value, places)


def fmt_beside(value: Fraction | None, threshold: Fraction | None, places: int = 2,
               max_places: int = 6, compare: str = ">=") -> str:
    """A value beside its standard (≥ unless told): the shared rule of fmt_against.

    7.49999 beside a standard of 7.5 prints as '7.49999', never '7.5'. `max_places` is kept for
    callers; the shared rule decides how many decimals a miss needs.
    """
    return fmt_against(value, threshold, compare, places)
