"""A small, safe evaluator for the formulas in checklist definitions.

Definition files are data: their formulas are parsed into a Python AST and walked here, with a
whitelist of node kinds. Nothing is ever passed to eval() or exec(). Arithmetic is exact
(Fractions); comparisons give booleans, which count as 1 and 0 in arithmetic. Text (a choice
answer, the school type) may only be compared for equality: school_type == "幼儿园".
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from desktop.core.numbers import to_fraction

Value = Fraction | bool | str

_BINARY: dict[type, Callable[[Fraction, Fraction], Fraction]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE: dict[type, Callable[[Fraction, Fraction], bool]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne,
}
_FUNCTIONS: dict[str, Callable[..., Fraction]] = {
    "min": lambda *a: min(a),
    "max": lambda *a: max(a),
    "ceil": lambda x: Fraction(math.ceil(x)),
    "floor": lambda x: Fraction(math.floor(x)),
    "abs": lambda x: abs(x),
}
MAX_LENGTH = 500
# Evaluation walks the tree recursively: "-"*498 + "1" parsed fine but overflowed Python's stack
# when evaluated. No real formula nests more than a few levels.
MAX_DEPTH = 40


class FormulaError(ValueError):
    """The formula text is not allowed or not well formed (message in Chinese)."""


class MissingValue(LookupError):
    """A name the formula needs has no answer yet."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(name)


class NotComputable(ArithmeticError):
    """The formula cannot give a value for these answers (division by zero)."""


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, the answer ids it reads, and its checked syntax tree."""

    text: str
    names: frozenset[str]
    _tree: ast.expr

    def evaluate(self, values: Mapping[str, Value | None]) -> Value:
        """Evaluates with the given answers; raises MissingValue or NotComputable."""
        return _Evaluator(values).visit(self._tree)

    def number(self, values: Mapping[str, Value | None]) -> Fraction:
        return _as_number(self.evaluate(values))


def parse(text: str) -> Formula:
    """Parses and checks a formula; raises FormulaError saying what is not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("公式为空")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 个字符）")
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise FormulaError(f"公式「{text}」语法有误") from None
    except (RecursionError, MemoryError):
        raise FormulaError(f"公式「{text[:40]}…」嵌套层数过多") from None
    if _depth(tree) > MAX_DEPTH:
        raise FormulaError(f"公式「{text[:40]}{'…' if len(text) > 40 else ''}」嵌套层数过多"
                           f"（最多 {MAX_DEPTH} 层）")
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    names: set[str] = set()
    for node in ast.walk(tree):
        _check_node(node, text)
        if isinstance(node, ast.Name) and id(node) not in callees:
            names.add(node.id)
    return Formula(text, frozenset(names), tree)


def _depth(tree: ast.AST) -> int:
    """The tree's depth, counted without recursion (the tree may be deeper than the stack)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH:
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _check_node(node: ast.AST, text: str) -> None:
    allowed = (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp, ast.Call,
               ast.Name, ast.Constant, ast.Load, ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or,
               *_BINARY, *_COMPARE)
    if not isinstance(node, allowed):
        raise FormulaError(f"公式「{text}」含有不允许的写法（{type(node).__name__}）")
    if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float, str))):
        raise FormulaError(f"公式「{text}」只能含数字或文字常量，不能含「{node.value!r}」")
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        try:
            to_fraction(node.value)
        except ValueError as exc:
            raise FormulaError(f"公式「{text[:40]}」中的常数无法使用：{exc}") from None
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            raise FormulaError(f"公式「{text}」调用了不允许的函数，只能用 "
                               + "、".join(_FUNCTIONS))
        if node.keywords or not node.args:
            raise FormulaError(f"公式「{text}」中函数 {node.func.id} 的参数写法有误")


def _as_number(value: Value) -> Fraction:
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, str):
        raise NotComputable(f"文字「{value}」不能参与计算，只能用 == 或 != 比较")
    return value


class _Evaluator:
    def __init__(self, values: Mapping[str, Value | None]):
        self._values = values

    def visit(self, node: ast.expr) -> Value:
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def _Constant(self, node: ast.Constant) -> Value:
        return node.value if isinstance(node.value, str) else to_fraction(node.value)

    def _Name(self, node: ast.Name) -> Value:
        value = self._values.get(node.id)
        if value is None:
            raise MissingValue(node.id)
        return value

    def _BinOp(self, node: ast.BinOp) -> Value:
        left = _as_number(self.visit(node.left))
        right = _as_number(self.visit(node.right))
        if isinstance(node.op, ast.Div) and right == 0:
            raise NotComputable("除数为零")
        return _BINARY[type(node.op)](left, right)

    def _UnaryOp(self, node: ast.UnaryOp) -> Value:
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return not _truthy(operand)
        number = _as_number(operand)
        return -number if isinstance(node.op, ast.USub) else number

    def _Compare(self, node: ast.Compare) -> Value:
        left = self.visit(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.visit(comparator)
            if isinstance(left, str) or isinstance(right, str):
                if not isinstance(op, (ast.Eq, ast.NotEq)):
                    raise NotComputable("文字只能用 == 或 != 比较")
                holds = (left == right) == isinstance(op, ast.Eq)
            else:
                holds = _COMPARE[type(op)](_as_number(left), _as_number(right))
            if not holds:
                return False
            left = right
        return True

    def _BoolOp(self, node: ast.BoolOp) -> Value:
        results = (self.visit(v) for v in node.values)
        if isinstance(node.op, ast.And):
            return all(_truthy(r) for r in results)
        return any(_truthy(r) for r in results)

    def _IfExp(self, node: ast.IfExp) -> Value:
        return self.visit(node.body) if _truthy(self.visit(node.test)) else self.visit(node.orelse)

    def _Call(self, node: ast.Call) -> Value:
        args = [_as_number(self.visit(a)) for a in node.args]
        try:
            return _FUNCTIONS[node.func.id](*args)  # type: ignore[union-attr]
        except TypeError:
            raise NotComputable(f"函数 {node.func.id} 的参数个数不对") from None  # type: ignore[union-attr]


def _truthy(value: Value) -> bool:
    return bool(value)
