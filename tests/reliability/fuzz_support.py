"""What the importer fuzz tests share: a TOML writer, tree mutations, hostile values, store dumps.

Mutations work on parsed trees (a checklist's TOML, a package's JSON) so they reach the checks
behind the parser: a key deleted, a value of the wrong type or an absurd size, an id duplicated,
a formula made of random tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import signal
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

Tree = Any
Path_ = tuple[Any, ...]

FUZZ = settings(deadline=None, max_examples=150, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW_FUZZ = settings(FUZZ, max_examples=40)  # examples that save and import a whole workbook

# The scratch folder of the running test module (conftest.py pushes one per module): hypothesis
# runs many examples within one function-scoped fixture, so examples reuse fixed file names here.
SCRATCH: list[Path] = []


def scratch_file(name: str) -> Path:
    return SCRATCH[-1] / name


def counted(record: Any, suite: str, refused: bool) -> None:
    """Adds one example to the end-of-run counts: refused, or accepted by the importer."""
    record(suite, examples=1, refused=int(refused), accepted=int(not refused))

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

# Strings that have broken parsers before: formulas, injections, dates that do not exist,
# numbers too long for a float, text that is not what it seems.
NASTY_TEXT = [
    "", " ", "0", "-1", "1e309", "NaN", "inf", "0.1", "1/3", "9" * 400, "0x1F", "1_000",
    "是", "否", "有", "无", "√", "不适用", "2025-02-30", "2025-13-01", "0000-00-00", "2025年9月1日",
    "=1+1", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "__import__('os').system('x')",
    "students_primary / 0", "max(", "((((((((((1))))))))))", "1 if", "not not not 1",
    "a" * 70, "item id with spaces", "1e999999999", "-1e999999999", "1e-999999999", "1e308",
    "9" * 5000, "0." + "0" * 400 + "1", "3,5", "3，5", "1,0,0", "1e400", "ÄÖÜ", "𠀀𪚥", "\u202e反向", "\t\n", "\\", "\"", "'", "[[x]]",
]
# Tokens random formulas are built from (ids that exist in the shipped checklists, and junk).
FORMULA_TOKENS = [
    "students_primary", "students_junior", "classes_primary", "music_rooms", "school_type",
    "school_boarding", "unknown_item", "1", "0", "100", "0.5", "1e400", "+", "-", "*", "/", "//",
    "**", "%", "(", ")", ",", ">=", "<", "==", "!=", "and", "or", "not", "if", "else", "min",
    "max", "ceil", "floor", "abs", "len", "\"小学\"", "True", "None", "[", "]", ".", "lambda",
]


def formulas() -> st.SearchStrategy[str]:
    """Random token strings, short ones and long ones: a run of 498 unary signs once passed the
    loader and overflowed the evaluator's stack, so runs of one token up to 600 long are drawn too."""
    short = st.lists(st.sampled_from(FORMULA_TOKENS), min_size=1, max_size=9).map(" ".join)
    long = st.lists(st.sampled_from(FORMULA_TOKENS), min_size=10, max_size=120).map(" ".join)
    runs = st.tuples(st.sampled_from(["-", "+", "not ", "(", "-(", "1+", "abs("]),
                     st.integers(10, 600), st.sampled_from(["1", "students_primary", ""])).map(
        lambda t: t[0] * t[1] + t[2])
    return st.one_of(short, long, runs)


def scalars(with_null: bool) -> st.SearchStrategy[Any]:
    options = [
        st.integers(-(2 ** 70), 2 ** 70), st.integers(-3, 300),
        st.floats(allow_nan=not with_null, allow_infinity=not with_null), st.booleans(),
        st.sampled_from(NASTY_TEXT), st.text(max_size=30), formulas(),
    ]
    if with_null:
        options.append(st.none())
    return st.one_of(options)


def values(with_null: bool) -> st.SearchStrategy[Any]:
    """Any value a TOML (with_null=False) or JSON document could hold, small and hostile."""
    return st.recursive(
        scalars(with_null),
        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                st.dictionaries(st.sampled_from(["id", "type", "x", "版本", ""]),
                                                inner, max_size=3)),
        max_leaves=6)


def node_paths(tree: Tree, prefix: Path_ = ()) -> list[Path_]:
    """Every position in the tree, the root excluded."""
    found: list[Path_] = []
    children = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for key, child in children:
        found.append(prefix + (key,))
        found += node_paths(child, prefix + (key,))
    return found


def _parent(tree: Tree, path: Path_) -> Tree:
    for key in path[:-1]:
        tree = tree[key]
    return tree


def mutate(tree: Tree, data: st.DataObject, with_null: bool, steps: int = 3) -> Tree:
    """Applies 1..steps random edits in place: delete, replace, duplicate, or swap with another
    node of the document (e.g. one item's id given to another)."""
    for _ in range(data.draw(st.integers(1, steps), label="edits")):
        paths = node_paths(tree)
        if not paths:
            return tree
        path = data.draw(st.sampled_from(paths), label="where")
        parent, key = _parent(tree, path), path[-1]
        action = data.draw(st.sampled_from(["delete", "replace", "duplicate", "copy"]), label="edit")
        if action == "delete":
            del parent[key]
        elif action == "replace":
            parent[key] = data.draw(values(with_null), label="value")
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key], default=str)))
        else:
            source = data.draw(st.sampled_from(paths), label="copied from")
            parent[key] = json.loads(json.dumps(_parent(tree, source)[source[-1]], default=str))
    return tree


# Values for spreadsheet cells: everything scalar above, dates, formulas and words the sheets use.
CELL_VALUES = st.one_of(
    values(with_null=True).filter(lambda v: not isinstance(v, (list, dict))),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=A1", "#N/A", "是", "否", "不适用", "未开始", "已完成", "yzjh", "xyaq"]),
)


def xlsx_value(value: Any) -> Any:
    """What a spreadsheet can hold: no NaN, no control characters (openpyxl refuses both)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


# --- TOML --------------------------------------------------------------------------------------

def toml_text(document: dict) -> str:
    """Writes any tomllib-shaped dict as TOML: every value inline (tables as inline tables)."""
    return "".join(f"{_key(k)} = {_toml_value(v)}\n" for k, v in document.items())


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    # JSON escapes are TOML escapes, except that TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _toml_float(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _toml_float(x: float) -> str:
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    text = repr(x)
    return text if any(c in text for c in ".en") else text + ".0"


# --- the store ---------------------------------------------------------------------------------

def store_state(data_dir: Path) -> str:
    """Everything an import could change: every row (SQL dump) and every evidence file."""
    conn = sqlite3.connect(f"file:{data_dir / 'answers.db'}?mode=ro", uri=True)
    try:
        rows = "\n".join(conn.iterdump())
    finally:
        conn.close()
    files = sorted(f"{p.relative_to(data_dir).as_posix()} {hashlib.sha256(p.read_bytes()).hexdigest()}"
                   for p in (data_dir / "evidence").rglob("*") if p.is_file())
    return hashlib.sha256("\n".join([rows, *files]).encode()).hexdigest()


@contextmanager
def time_limit(seconds: int, what: str) -> Iterator[None]:
    """Turns a hang into a failure (POSIX; elsewhere no limit): hypothesis runs without deadlines."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"{what} took longer than {seconds} s: a hang")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
