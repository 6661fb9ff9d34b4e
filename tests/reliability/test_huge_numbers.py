"""Huge, tiny and over-long numbers wherever numbers enter: a clear Chinese refusal, in bounded time.

The attacks as made: 1e999999999 / 1e-999999999 in answers, packages, workbooks, CSV, TOML and the
evaluate JSON (verify ran 22 minutes); 1e400 saved in an item without a maximum; 1e308 in xlsx and
CSV; integers of 5000 digits (a folder import stopped at the first); deep nesting in JSON and TOML;
TOML nan/inf; a formula of 498 unary signs that `checklists validate` passed; pages = 2^63; and
「3,5」 read as 35.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.answers import parse_answer
from desktop.core.errors import ChecklistFileError, DesktopError, ImportFileError, InputError
from desktop.core.formula import FormulaError, parse as parse_formula
from desktop.core.loader import load_checklist
from desktop.core.model import AnswerType
from desktop.core.numbers import to_fraction
from desktop.district.resource_table import read_resource_table
from desktop.exchange import package
from tests.district.factories import primary, table_row, write_csv, write_xlsx
from tests.exchange.exchange_fixtures import evidence_blobs, package_members, rebuild_package, sample_snapshot

ROOT = Path(__file__).resolve().parents[2]
HUGE = ["1e999999999", "-1e999999999", "1e-999999999", "9" * 5000, "1e400", "1e308", "1" + "0" * 80,
        "0." + "0" * 60 + "1"]
SECONDS = 5  # each refusal; the unbounded conversions took minutes


def _quick(action) -> BaseException:
    start = time.perf_counter()
    try:
        action()
    except (DesktopError, ValueError) as exc:
        assert time.perf_counter() - start < SECONDS, f"took {time.perf_counter() - start:.1f} s"
        assert re.search(r"[\u4e00-\u9fff]", str(exc)), str(exc)
        assert len(str(exc)) < 400, "the message repeats the whole number"
        return exc
    raise AssertionError("accepted")


@pytest.mark.parametrize("text", HUGE, ids=lambda t: t[:14])
def test_to_fraction_refuses_at_parse_time(text, record):
    _quick(lambda: to_fraction(text))
    record("huge numbers", parse_refused=1)


def _number_item(kind: AnswerType = AnswerType.NUMBER, maximum=None):
    item = next(i for i in catalog.shipped().get("yzjh").items if i.type is kind)
    import dataclasses
    return dataclasses.replace(item, maximum=maximum)


@pytest.mark.parametrize("text", HUGE + ["1e13"], ids=lambda t: t[:14])
def test_an_answer_without_a_maximum_cannot_be_huge(text, record):
    item = _number_item(maximum=None)
    exc = _quick(lambda: parse_answer(item, text))
    assert isinstance(exc, InputError) and item.title in str(exc)  # titles, never internal ids
    record("huge numbers", answers_refused=1)


@pytest.mark.parametrize("text, meant", [("3,5", None), ("3，5", None), ("1,080", 1080), ("12,345.5", 12345.5)])
def test_a_decimal_comma_is_never_read_as_thousands(text, meant, record):
    item = _number_item(maximum=None)
    if meant is None:
        with pytest.raises(InputError, match="逗号"):
            parse_answer(item, text)
    else:
        assert parse_answer(item, text) == to_fraction(str(meant))
    record("huge numbers", commas=1)


def _package_with(tmp_path: Path, edit_data) -> Path:
    blobs = evidence_blobs(1)
    good = tmp_path / "good.zpkg"
    package.write_package(sample_snapshot(blobs), good, blobs.__getitem__, catalog.shipped())
    members = package_members(good.read_bytes())
    members["data.json"] = edit_data(members["data.json"])
    out = tmp_path / "hostile.zpkg"
    out.write_bytes(rebuild_package(members))
    return out


NUMBER = re.compile(rb'"canteen_staff_count":\d+')  # whatever the sample snapshot holds
PACKAGE_EDITS = {
    "1e999999999": lambda d: NUMBER.sub(b'"canteen_staff_count":1e999999999', d),
    "1e-999999999": lambda d: NUMBER.sub(b'"canteen_staff_count":1e-999999999', d),
    "5000 digits": lambda d: NUMBER.sub(b'"canteen_staff_count":' + b"7" * 5000, d),
    "deep nesting": lambda d: NUMBER.sub(b'"canteen_staff_count":' + b"[" * 100_000 + b"]" * 100_000, d),
    "pages 2^63": lambda d: re.sub(rb'"pages":\d+', b'"pages":9223372036854775808', d, count=1),
}


@pytest.mark.parametrize("edit", PACKAGE_EDITS.values(), ids=PACKAGE_EDITS.keys())
def test_a_package_with_a_hostile_number_is_refused_quickly(tmp_path, edit, record):
    path = _package_with(tmp_path, edit)
    exc = _quick(lambda: package.read_package(path, catalog.shipped()))
    assert isinstance(exc, ImportFileError)
    record("huge numbers", packages_refused=1)


def test_a_folder_import_goes_on_after_a_hostile_package(tmp_path, record):
    from desktop.supervisor.outcomes import Outcome
    from desktop.supervisor.workspace import Workspace
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _package_with(inbox, PACKAGE_EDITS["5000 digits"])
    (inbox / "good.zpkg").rename(inbox / "b-good.zpkg")
    (inbox / "hostile.zpkg").rename(inbox / "a-hostile.zpkg")
    with Workspace.open(tmp_path / "ws") as ws:
        result = ws.import_folder(inbox)
        kinds = sorted(o.outcome.name for o in result.outcomes)
        assert kinds == sorted([Outcome.FAILED.name, Outcome.IMPORTED.name]), kinds
        assert [f.file_name for f in ws.failed_packages()] == ["a-hostile.zpkg"]
    record("huge numbers", folder_imports_continued=1)


@pytest.mark.parametrize("cell", ["1e308", "1e999999999", "9" * 5000, "3,5"], ids=lambda t: t[:12])
def test_county_csv_refuses_hostile_numbers(tmp_path, cell, record):
    row = table_row(primary("甲小学", 700))
    header = next(h for h in row if h.startswith("教学仪器设备值"))
    row[header] = cell
    path = write_csv(tmp_path / "统计表.csv", [row])
    exc = _quick(lambda: read_resource_table(path))
    assert isinstance(exc, ImportFileError) and "第 2 行" in str(exc)
    record("huge numbers", tables_refused=1)


def test_county_xlsx_refuses_1e308(tmp_path, record):
    row = table_row(primary("甲小学", 700))
    header = next(h for h in row if h.startswith("教学仪器设备值"))
    row[header] = 1e308
    path = write_xlsx(tmp_path / "统计表.xlsx", [row])
    exc = _quick(lambda: read_resource_table(path))
    assert isinstance(exc, ImportFileError) and "范围" in str(exc)
    record("huge numbers", tables_refused=1)


def _checklist_with(tmp_path: Path, replace: tuple[str, str] | None = None, append: str = "") -> Path:
    source = (ROOT / "checklists" / "yzjh.toml").read_text(encoding="utf-8")
    if replace:
        assert re.search(replace[0], source), replace[0]
        source = re.sub(replace[0], replace[1], source, count=1)
    path = tmp_path / "yzjh.toml"
    path.write_text(source + append, encoding="utf-8")
    return path


TOML_EDITS = {
    "threshold 1e999999999": (r"threshold = [0-9.]+", "threshold = 1e999999999"),
    "threshold nan": (r"threshold = [0-9.]+", "threshold = nan"),
    "threshold inf": (r"threshold = [0-9.]+", "threshold = inf"),
    "threshold 5000 digits": (r"threshold = [0-9.]+", "threshold = " + "9" * 5000),
    "498 unary signs": (r"threshold = [0-9.]+", 'threshold = "' + "-" * 498 + '1"'),
}


@pytest.mark.parametrize("edit", TOML_EDITS.values(), ids=TOML_EDITS.keys())
def test_a_checklist_with_a_hostile_number_or_formula_is_refused(tmp_path, edit, record):
    path = _checklist_with(tmp_path, edit)
    exc = _quick(lambda: load_checklist(path))
    assert isinstance(exc, ChecklistFileError), exc
    record("huge numbers", checklists_refused=1)


def test_deeply_nested_toml_is_refused(tmp_path, record):
    path = _checklist_with(tmp_path, append="\ndeep = " + "[" * 50_000 + "]" * 50_000 + "\n")
    exc = _quick(lambda: load_checklist(path))
    assert isinstance(exc, ChecklistFileError)
    record("huge numbers", checklists_refused=1)


def test_checklists_validate_refuses_the_unary_formula(tmp_path, record):
    _checklist_with(tmp_path, TOML_EDITS["498 unary signs"])
    done = subprocess.run([sys.executable, "-m", "desktop", "checklists", "validate", str(tmp_path / "yzjh.toml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert "嵌套" in done.stdout + done.stderr
    record("huge numbers", cli_refused=1)


@pytest.mark.parametrize("formula", ["-" * 498 + "1", "(1+" * 200 + "1" + ")" * 200, "1e999 > a"],
                         ids=["unary", "parentheses", "constant"])
def test_formulas_are_bounded_at_parse_time(formula, record):
    with pytest.raises(FormulaError):
        parse_formula(formula)
    record("huge numbers", formulas_refused=1)


@pytest.mark.parametrize("body", [
    '{"checklist": "yzjh", "school": {"type": "小学"}, "answers": {"x": 1e999999999}}',
    '{"checklist": "yzjh", "school": {"type": "小学"}, "answers": {"x": ' + "9" * 5000 + '}}',
    '{"checklist": "yzjh", "school": {"type": "小学"}, "answers": ' + "[" * 100_000 + "]" * 100_000 + "}",
], ids=["exponent", "digits", "nesting"])
def test_evaluate_json_refuses_hostile_numbers(tmp_path, body, record):
    path = tmp_path / "answers.json"
    path.write_text(body, encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "desktop", "evaluate", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert time.perf_counter() - start < 60
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert re.search(r"[\u4e00-\u9fff]", done.stderr + done.stdout)
    record("huge numbers", evaluate_refused=1)


@pytest.mark.parametrize("gap_text", ["还差{", "还差 {gap} {x}", "还差 {0}", "还差}"])
def test_a_gap_text_that_is_no_format_string_is_refused_at_load(tmp_path, gap_text, record):
    """Found by the widened fuzzer: a stray brace made evaluation raise ValueError."""
    path = _checklist_with(tmp_path, (r'gap_text = "[^"]*"', f'gap_text = "{gap_text}"'))
    with pytest.raises(ChecklistFileError, match="gap_text"):
        load_checklist(path)
    record("huge numbers", checklists_refused=1)
