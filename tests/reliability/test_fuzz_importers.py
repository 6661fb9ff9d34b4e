"""Every importer, fed random and mutated files: only DesktopError subclasses, never a partial write.

- checklist definitions (random bytes, TOML-ish text, structured mutations of the shipped files):
  only ChecklistFileError; a file that loads must also evaluate without a crash;
- submission packages (bytes, mutated data.json/manifest.json/evidence with consistent hashes, and
  snapshots that parse re-packed properly): only ImportFileError; an import into a store either
  succeeds or raises DesktopError leaving the store exactly as it was;
- Excel workbooks (bytes, cell edits): only DesktopError; a refused apply leaves the store as it was;
- 统计表, 幼儿园统计表 and 名单 (xlsx, csv in several encodings, bytes): only ImportFileError.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import json
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import paths
from desktop.core import catalog as catalog_module
from desktop.core.answers import parse_answer
from desktop.core.engine import evaluate
from desktop.core.errors import ChecklistFileError, DesktopError, ImportFileError, InputError
from desktop.core.loader import apply_overlay, load_checklist, load_overlay
from desktop.core.model import SCHOOL_TYPES, Checklist, SchoolProfile
from desktop.core.snapshot_json import canonical_bytes, snapshot_from_json
from desktop.core.store import AnswerStore
from tests.district import factories
from tests.reliability.fuzz_support import mutate, store_state, toml_text, values
from tests.reliability.samples import Demo, make_demo

pytestmark = pytest.mark.slow

FUZZ = settings(deadline=None, max_examples=150, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW_FUZZ = settings(FUZZ, max_examples=40)  # examples that save and import a whole workbook

ON_DATE = dt.date(2025, 11, 1)
RAW_ANSWERS = ("是", "否", "12", "0", "100", "99.5", "2025-09-01", "有说明文字")


_scratch: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _scratch_folder(tmp_path_factory):
    """One folder for the module: hypothesis runs many examples per function-scoped fixture."""
    _scratch.append(tmp_path_factory.mktemp("scratch"))
    yield
    _scratch.pop()


def scratch_file(name: str) -> Path:
    """A file in the scratch folder, reused (overwritten) by each example."""
    return _scratch[-1] / name


def counted(record, suite: str, refused: bool) -> None:
    record(suite, examples=1, refused=int(refused), accepted=int(not refused))


# --- checklist definition files -----------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def shipped_sources() -> dict[str, str]:
    folder = paths.checklists_dir()
    found = {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.toml")}
    found.update({f"overlays/{p.stem}": p.read_text(encoding="utf-8")
                  for p in (folder / "overlays").glob("*.toml")})
    return found


@functools.lru_cache(maxsize=1)
def shipped_overlays():
    return [load_overlay(p) for p in sorted((paths.checklists_dir() / "overlays").glob("*.toml"))]


def load_definition(path: Path) -> bool:
    """Loads the file both ways; True when it was refused. Anything but ChecklistFileError fails."""
    refused = True
    for loader in (load_checklist, load_overlay):
        try:
            loaded = loader(path)
        except ChecklistFileError as exc:
            assert path.name in str(exc) and "检查表定义有" in str(exc)
            continue
        refused = False
        if isinstance(loaded, Checklist):
            use_checklist(loaded)
    return refused


def use_checklist(checklist: Checklist) -> None:
    """A checklist that loaded is used as the app would: overlays, answers typed in, evaluation."""
    variants = [checklist]
    for overlay in shipped_overlays():
        try:
            variants.append(apply_overlay(checklist, overlay))
        except ChecklistFileError:
            pass
    for variant in variants:
        answers = {}
        for item in variant.items:
            for raw in (*RAW_ANSWERS, *item.options[:1]):
                try:
                    value = parse_answer(item, raw)
                except InputError:
                    continue
                if value is not None:
                    answers[item.id] = value
                    break
        for school_type in {*variant.applies_to[:1], "九年一贯制"} & set(SCHOOL_TYPES):
            for given_answers in ({}, answers):
                try:
                    evaluate(variant, SchoolProfile(school_type, "乡村", "公办", True), given_answers, ON_DATE)
                except DesktopError:
                    pass


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_a_definition_file(record, content: bytes):
    path = scratch_file("random.toml")
    path.write_bytes(content)
    counted(record, "fuzz: checklist files", load_definition(path))


@FUZZ
@given(st.data())
def test_damaged_text_of_a_shipped_definition(record, data):
    """A shipped file with a slice replaced by TOML-ish junk (brackets, quotes, keys, newlines)."""
    name = data.draw(st.sampled_from(sorted(shipped_sources())), label="file")
    text = shipped_sources()[name]
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, min(len(text), start + 40)), label="end")
    junk = data.draw(st.text(alphabet=st.sampled_from(list('[]{}="\'.,#=\n -_0123456789abcxyz小学是')),
                             max_size=30), label="junk")
    path = scratch_file(Path(name).name + ".toml")
    path.write_text(text[:start] + junk + text[end:], encoding="utf-8")
    counted(record, "fuzz: checklist files", load_definition(path))


@FUZZ
@given(st.data())
def test_structured_mutations_of_a_shipped_definition(record, data):
    """Keys deleted, values of the wrong type or size, ids duplicated, random formulas."""
    name = data.draw(st.sampled_from(sorted(shipped_sources())), label="file")
    tree = mutate(tomllib.loads(shipped_sources()[name]), data, with_null=False)
    path = scratch_file(Path(name).name + ".toml")
    path.write_text(toml_text(tree), encoding="utf-8")
    counted(record, "fuzz: checklist files", load_definition(path))


def test_the_toml_writer_round_trips_every_shipped_file():
    """The structured mutations are only as good as the writer that puts them back into TOML."""
    for text in shipped_sources().values():
        tree = tomllib.loads(text)
        assert tomllib.loads(toml_text(tree)) == tree


# --- a demo assessment, its package and its workbook -------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("demo"))


def store_copy(demo: Demo) -> Path:
    target = scratch_file("store")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(demo.data_dir, target)
    return target


def refused_without_trace(data_dir: Path, write) -> bool:
    """Runs write(store); True if it raised DesktopError, in which case nothing may have changed."""
    before = store_state(data_dir)
    with AnswerStore.open(data_dir) as store:
        try:
            write(store)
        except DesktopError as exc:
            assert str(exc).strip()
            refused = True
        else:
            refused = False
    if refused:
        assert store_state(data_dir) == before, "a refused import changed the store"
    return refused


# --- submission packages -------------------------------------------------------------------------

def zip_members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_member(members: dict[str, bytes], name: str, content: bytes) -> dict[str, bytes]:
    """Replaces a member and updates its hash and size in the manifest (a careful forger)."""
    import hashlib
    manifest = json.loads(members["manifest.json"])
    entry = manifest["members"].setdefault(name, {})
    entry.update(sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    return {**members, name: content,
            "manifest.json": json.dumps(manifest, ensure_ascii=False).encode("utf-8")}


def read_and_import(demo: Demo, blob: bytes, data) -> bool:
    """Reads the package; if it passes, imports it into a copy of the store. True = refused."""
    from desktop.exchange.package import read_package
    path = scratch_file("fuzzed.zpkg")
    path.write_bytes(blob)
    try:
        submission = read_package(path, catalog_module.shipped())
    except ImportFileError as exc:
        assert str(exc).startswith("文件 fuzzed.zpkg")
        return True
    replace = data.draw(st.booleans(), label="replace")
    return refused_without_trace(store_copy(demo), lambda store: store.import_snapshot(
        submission.snapshot, submission.evidence_source, replace=replace))


def repacked(demo: Demo, tree) -> bytes | None:
    """A proper package (hashes, digest, manifest all consistent) of a data.json that parses."""
    from desktop.exchange.package import write_package
    try:
        snapshot = snapshot_from_json(tree, catalog_module.shipped())
    except (InputError, ImportFileError):
        return None
    blobs = {n[len("evidence/"):]: b for n, b in zip_members(demo.package).items()
             if n.startswith("evidence/")}

    def evidence(sha: str) -> bytes:
        return blobs.get(sha, b"")  # an unknown hash: write_package refuses it (StoreError)
    out = scratch_file("repacked.zpkg")
    try:
        write_package(snapshot, out, evidence, catalog_module.shipped())
    except DesktopError:
        return None
    return out.read_bytes()


@FUZZ
@given(st.data())
def test_mutated_submission_packages(demo, record, data):
    members = zip_members(demo.package)
    how = data.draw(st.sampled_from(["bytes", "data.json", "manifest.json", "evidence", "repacked"]),
                    label="how")
    if how == "bytes":
        blob = bytearray(demo.package)
        for _ in range(data.draw(st.integers(1, 4), label="changes")):
            blob[data.draw(st.integers(0, len(blob) - 1), label="at")] = data.draw(st.integers(0, 255))
        blob = bytes(blob)
    elif how == "evidence":
        name = data.draw(st.sampled_from(sorted(n for n in members if n.startswith("evidence/"))))
        blob = rezip(with_member(members, name, data.draw(st.binary(max_size=200), label="content")))
    else:
        source = "data.json" if how in ("data.json", "repacked") else "manifest.json"
        tree = mutate(json.loads(members[source]), data, with_null=True)
        blob = repacked(demo, tree) if how == "repacked" else None
        if blob is None:
            blob = rezip(with_member(members, source, canonical_bytes(tree)) if source == "data.json"
                         else {**members, source: json.dumps(tree, ensure_ascii=False).encode()})
    counted(record, "fuzz: submission packages", read_and_import(demo, blob, data))


# --- Excel workbooks -----------------------------------------------------------------------------

CELL_VALUES = st.one_of(
    values(with_null=True).filter(lambda v: not isinstance(v, (list, dict))),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=A1", "#N/A", "是", "否", "不适用", "未开始", "已完成", "yzjh", "xyaq"]),
)


def mutated_workbook(demo: Demo, data) -> Path:
    from openpyxl import load_workbook
    book = load_workbook(demo.workbook)
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        sheet = book[data.draw(st.sampled_from(book.sheetnames), label="sheet")]
        action = data.draw(st.sampled_from(["cell", "cell", "cell", "delete row", "insert row",
                                            "rename sheet"]), label="edit")
        row = data.draw(st.integers(1, max(1, sheet.max_row)), label="row")
        if action == "cell":
            column = data.draw(st.integers(1, max(1, sheet.max_column)), label="column")
            cell = sheet.cell(row, column)
            if type(cell).__name__ != "MergedCell":  # covered by a merged range: read-only
                cell.value = xlsx_value(data.draw(CELL_VALUES, label="value"))
        elif action == "delete row":
            sheet.delete_rows(row)
        elif action == "insert row":
            sheet.insert_rows(row)
        else:
            sheet.title = data.draw(st.sampled_from(["yzjh", "Sheet", "说明", "x" * 29]), label="title")
    path = scratch_file("fuzzed.xlsx")
    book.save(path)
    return path


def import_workbook_file(demo: Demo, path: Path) -> bool:
    """Reads the workbook against the demo; if it passes, applies it to a store copy. True = refused."""
    from desktop.exchange.excel_merge import import_workbook
    try:
        updated, report = import_workbook(demo.snapshot, path, catalog_module.shipped())
    except DesktopError as exc:
        assert str(exc).strip()
        return True
    return refused_without_trace(store_copy(demo), lambda store: store.apply_changes(
        demo.assessment, demo.snapshot, updated, user="Excel 导入"))


@FUZZ
@given(st.data())
def test_workbook_bytes(demo, record, data):
    blob = bytearray(demo.workbook.read_bytes())
    for _ in range(data.draw(st.integers(1, 4), label="changes")):
        blob[data.draw(st.integers(0, len(blob) - 1), label="at")] = data.draw(st.integers(0, 255))
    path = scratch_file("fuzzed.xlsx")
    path.write_bytes(bytes(blob))
    counted(record, "fuzz: Excel workbooks", import_workbook_file(demo, path))


@SLOW_FUZZ
@given(st.data())
def test_workbook_cells(demo, record, data):
    counted(record, "fuzz: Excel workbooks", import_workbook_file(demo, mutated_workbook(demo, data)))


# --- county tables: 统计表, 幼儿园统计表, 名单 ---------------------------------------------------

def resource_rows() -> tuple[list[str], list[dict]]:
    schools = [factories.primary(f"第{n}小学", 300 + 200 * n) for n in range(1, 5)]
    schools += [factories.junior(f"第{n}中学", 400 + 150 * n) for n in range(1, 4)]
    return factories.HEADERS, [factories.table_row(s, code=f"44{n:08d}") for n, s in enumerate(schools)]


def kindergarten_rows() -> tuple[list[str], list[dict]]:
    from desktop.district.kindergarten_table import NAME, NATURE, NUMBER_COLUMNS
    headers = [NAME, NATURE, *NUMBER_COLUMNS]
    rows = [{NAME: f"第{n}幼儿园", NATURE: ["公办", "普惠性民办", "非普惠性民办"][n % 3], "在园幼儿数": 180,
             "班级数": 6, "超额班级数": 0, "专任教师数": 12, "持证专任教师数": 11, "保育员数": 6}
            for n in range(1, 6)]
    return headers, rows


def roster_rows() -> tuple[list[str], list[dict]]:
    return ["学校名称", "学校标识码", "不纳入统计"], [
        {"学校名称": f"第{n}小学", "学校标识码": f"44{n:08d}", "不纳入统计": "" if n % 4 else "教学点不足50人"}
        for n in range(1, 8)]


def use_resource_table(path: Path) -> None:
    from desktop.district.sources import load_schools
    from desktop.district.summary import summarise
    summarise(load_schools(path).records)


def use_kindergarten_table(path: Path) -> None:
    from desktop.district.kindergarten_table import read_kindergartens
    from desktop.district.preschool import preschool_summary
    preschool_summary(read_kindergartens(path), 2000)


def use_roster(path: Path) -> None:
    from desktop.district.roster import read_roster
    read_roster(path)


TABLES = {"统计表": (resource_rows, use_resource_table), "幼儿园统计表": (kindergarten_rows, use_kindergarten_table),
          "名单": (roster_rows, use_roster)}


def mutated_table(kind: str, data) -> Path:
    headers, rows = TABLES[kind][0]()
    headers, rows = list(headers), copy.deepcopy(rows)
    for _ in range(data.draw(st.integers(1, 5), label="edits")):
        if data.draw(st.booleans(), label="header?") and data.draw(st.booleans()):
            at = data.draw(st.integers(0, len(headers) - 1), label="header")
            headers[at] = data.draw(st.sampled_from(["", "学校名称", "学生数（万人）", "园名", headers[at] + "（吨）"]))
        elif rows:
            row = data.draw(st.sampled_from(rows), label="row")
            row[data.draw(st.sampled_from(headers), label="column")] = data.draw(CELL_VALUES, label="value")
    form = data.draw(st.sampled_from(["xlsx", "utf-8", "utf-8-sig", "gb18030", "utf-16"]), label="form")
    path = scratch_file(f"{kind}.{'xlsx' if form == 'xlsx' else 'csv'}")
    if form == "xlsx":
        clean = [{h: xlsx_value(v) for h, v in r.items()} for r in rows]
        factories.write_xlsx(path, clean, headers, title_rows=[["某县教育局"]] * data.draw(st.integers(0, 2)))
    else:
        try:
            factories.write_csv(path, rows, headers, encoding=form)
        except UnicodeEncodeError:  # a value GB18030 or the codec cannot hold: write it as UTF-8
            factories.write_csv(path, rows, headers, encoding="utf-8")
    return path


def xlsx_value(value):
    """What a spreadsheet can hold: no NaN, no control characters (openpyxl refuses both)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def read_table_file(kind: str, path: Path) -> bool:
    try:
        TABLES[kind][1](path)
    except DesktopError as exc:
        assert str(exc).strip()
        return True
    return False


@FUZZ
@given(st.sampled_from(sorted(TABLES)), st.data())
def test_mutated_county_tables(record, kind: str, data):
    counted(record, "fuzz: county tables", read_table_file(kind, mutated_table(kind, data)))


@FUZZ
@given(st.sampled_from(sorted(TABLES)), st.sampled_from([".xlsx", ".csv", ".txt"]), st.binary(max_size=2000))
def test_random_bytes_as_county_tables(record, kind: str, suffix: str, content: bytes):
    path = scratch_file(f"{kind}{suffix}")
    path.write_bytes(content)
    counted(record, "fuzz: county tables", read_table_file(kind, path))


def test_the_unmutated_inputs_are_accepted(demo):
    """The fuzzers start from inputs every importer accepts (else they would test nothing)."""
    assert not import_workbook_file(demo, demo.workbook)
    for kind, (rows, use) in TABLES.items():
        headers, body = rows()
        path = scratch_file(f"{kind}.xlsx")
        factories.write_xlsx(path, body, headers)
        use(path)
    for text in shipped_sources().values():
        path = scratch_file("ok.toml")
        path.write_text(text, encoding="utf-8")
        assert not load_definition(path)
