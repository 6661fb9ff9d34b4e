"""The safe formula evaluator: exact arithmetic, whitelisted syntax, clear refusals."""

from fractions import Fraction as F

import pytest

from desktop.core import formula


@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", F(7)),
    ("9 / 1000 * 100", F(9, 10)),  # exact, where floats give 0.8999999999999999
    ("ceil(25 / 12)", F(3)),
    ("ceil(24 / 12)", F(2)),
    ("floor(7 / 2)", F(3)),
    ("min(3, 1, 2) + max(4, 5)", F(6)),
    ("abs(-2.5)", F(5, 2)),
    ("1 if 2 > 1 else 0", F(1)),
    ("(1 < 2) + (2 < 1)", F(1)),
    ("-(3 - 5)", F(2)),
    ("0.1 + 0.2", F(3, 10)),
])
def test_arithmetic_is_exact(text, expected):
    assert formula.parse(text).number({}) == expected


def test_names_and_values():
    f = formula.parse("a * 100 / b if has_x else 0")
    assert f.names == {"a", "b", "has_x"}
    assert f.number({"a": F(9), "b": F(1000), "has_x": True}) == F(9, 10)
    assert f.number({"a": F(9), "b": F(1000), "has_x": False}) == 0


def test_function_names_are_not_answer_ids():
    assert formula.parse("ceil(classes / 12)").names == {"classes"}


def test_boolean_logic():
    f = formula.parse("a > 1 and not b or c")
    assert f.evaluate({"a": F(2), "b": False, "c": False}) is True
    assert f.evaluate({"a": F(0), "b": False, "c": True}) is True
    assert f.evaluate({"a": F(0), "b": False, "c": False}) is False


def test_missing_value_names_the_answer():
    with pytest.raises(formula.MissingValue) as info:
        formula.parse("a + b").evaluate({"a": F(1)})
    assert info.value.name == "b"


def test_division_by_zero_is_not_computable():
    with pytest.raises(formula.NotComputable):
        formula.parse("a / b").evaluate({"a": F(1), "b": F(0)})


@pytest.mark.parametrize("text", [
    '__import__("os").system("echo hi")', "a.b", "a[0]", "lambda: 1", "b'x'", "a ** 2",
    "open(1)", "[1, 2]", "{1: 2}", "a := 1", "True", "f'x'", "min(a, key=1)", "x(1)",
    "", "   ", "1 +", "a" * 600,
])
def test_refuses_anything_but_the_whitelist(text):
    with pytest.raises(formula.FormulaError) as info:
        formula.parse(text)
    assert "公式" in str(info.value)
