"""Turns what a user typed (GUI, JSON, Excel cell) into a checked answer value for an item.

The same rules serve every entry point, so an answer refused in the GUI is refused in an import.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction
from typing import Any

from desktop.core.errors import InputError
from desktop.core.model import AnswerType, Item
from desktop.core.numbers import fmt, fmt_against, to_fraction

AnswerValue = bool | str | Fraction | dt.date
MAX_TEXT = 20000
_TRUE = {"是", "有", "true", "yes", "y", "1", "√", "✓", "达标", "符合"}
_FALSE = {"否", "无", "没有", "false", "no", "n", "0", "×", "✗", "不达标", "不符合"}
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


# The largest value an item without its own maximum accepts: above any school's count, area or
# money in 元 (10^12 元 is a trillion), far below where a float conversion could overflow.
DEFAULT_MAXIMUM = Fraction(10) ** 12


def default_range(item: Item) -> tuple[Fraction | None, Fraction | None]:
    """Counts, areas and money are never negative; percents lie in 0–100 unless the item says;
    every other number stays below DEFAULT_MAXIMUM unless the item sets its own maximum."""
    low = item.minimum if item.minimum is not None else Fraction(0)
    high = item.maximum
    if high is None:
        high = Fraction(100) if item.type is AnswerType.PERCENT else DEFAULT_MAXIMUM
    return low, high


def parse_answer(item: Item, raw: Any) -> AnswerValue | None:
    """Returns the checked value, None for 'no answer', or raises InputError naming the item."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    parser = _PARSERS[item.type]
    return parser(item, raw)


def _err(item: Item, message: str) -> InputError:
    # The title names the item for the user; the id travels as the error's field, never shown.
    return InputError(f"条目「{item.title}」：{message}", item.id)


def _yes_no(item: Item, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    yes, no = item.labels
    if text in _TRUE or text == yes:
        return True
    if text in _FALSE or text == no:
        return False
    raise _err(item, f"应回答「{yes}」或「{no}」，现为「{raw}」")


def _choice(item: Item, raw: Any) -> str:
    text = str(raw).strip()
    if text not in item.options:
        raise _err(item, f"「{text}」不是可选项，可选：{'、'.join(item.options)}")
    return text


def _number(item: Item, raw: Any) -> Fraction:
    text = raw.strip().rstrip("%％").strip() if isinstance(raw, str) else raw
    if isinstance(text, str) and item.unit:
        text = text.removesuffix(item.unit).strip()
    try:
        value = to_fraction(text)
    except ValueError as exc:
        shown = str(raw) if len(str(raw)) <= 24 else str(raw)[:20] + "…"
        reason = str(exc) if ("范围" in str(exc) or "逗号" in str(exc)) else f"应填数字，现为「{shown}」"
        raise _err(item, reason) from None
    if item.type is AnswerType.INTEGER and value.denominator != 1:
        raise _err(item, f"应填整数，现为「{raw}」")
    low, high = default_range(item)
    unit = item.unit or ""
    if low is not None and value < low:
        raise _err(item, f"数值 {fmt(value, 4)} 小于允许的最小值 {fmt(low, 4)}{unit}")
    if high is not None and value > high:
        raise _err(item, f"数值 {fmt(value, 4)} 大于允许的最大值 {fmt(high, 4)}{unit}")
    return value


def _date(item: Item, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    match = _DATE.match(str(raw))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise _err(item, f"应填日期（如 2025-09-01），现为「{raw}」")


def _text(item: Item, raw: Any) -> str:
    if not isinstance(raw, str):
        raw = str(raw)
    if len(raw) > MAX_TEXT:
        raise _err(item, f"文字过长（超过 {MAX_TEXT} 字）")
    return raw.strip()


def _computed(item: Item, raw: Any) -> None:
    raise _err(item, "这是自动计算的条目，不能直接填写")


_PARSERS = {
    AnswerType.YES_NO: _yes_no,
    AnswerType.CHOICE: _choice,
    AnswerType.NUMBER: _number,
    AnswerType.INTEGER: _number,
    AnswerType.PERCENT: _number,
    AnswerType.DATE: _date,
    AnswerType.TEXT: _text,
    AnswerType.COMPUTED: _computed,
}


def display(item: Item, value: AnswerValue | None, threshold: Fraction | None = None) -> str:
    """How an answer is shown in tables and reports.

    Given the standard it is judged against, a number is shown by the shared rule
    (numbers.fmt_against): enough decimals that a miss never reads as meeting the standard.
    Every path that shows a judged value passes the threshold (ItemResult.shown does).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return item.labels[0] if value else item.labels[1]
    if isinstance(value, Fraction):
        text = fmt_against(value, threshold, item.compare.value, item.decimals)
        return f"{text}{'%' if item.type is AnswerType.PERCENT else item.unit}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_json(value: AnswerValue | None) -> Any:
    """A JSON-safe form that parse_answer reads back to the same value."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else str(_decimal_text(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _decimal_text(value: Fraction) -> str:
    # Answers come from decimal input, so their denominators divide a power of ten.
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 50
        return format((Decimal(value.numerator) / Decimal(value.denominator)).normalize(), "f")
