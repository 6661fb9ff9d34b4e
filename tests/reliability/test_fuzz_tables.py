"""The county's tables — 统计表, 幼儿园统计表, 名单 — random and mutated: only ImportFileError.

Each table is written as xlsx (with title rows) or csv in UTF-8, UTF-8 with BOM, GB18030 or UTF-16,
with random cells and headers changed; or replaced by random bytes. Whatever is read is then used
(the county statistics, the preschool metrics) and must not crash there either.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import DesktopError
from tests.district import factories
from tests.reliability.lying_xlsx import lie_about_dimension
from tests.reliability.fuzz_support import CELL_VALUES, FUZZ, counted, scratch_file, xlsx_value

pytestmark = pytest.mark.slow


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
        if data.draw(st.booleans(), label="lying dimension?"):  # the reader must read every row anyway
            lie_about_dimension(path, data.draw(st.sampled_from(["A1", "A1:B2", "A1:C3", "A1:ZZ9"])))
    else:
        try:
            factories.write_csv(path, rows, headers, encoding=form)
        except UnicodeEncodeError:  # a value GB18030 or the codec cannot hold: write it as UTF-8
            factories.write_csv(path, rows, headers, encoding="utf-8")
    return path


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


def test_the_unmutated_tables_are_accepted():
    """The mutations start from tables every reader accepts (else they would test nothing)."""
    for kind, (rows, use) in TABLES.items():
        headers, body = rows()
        path = scratch_file(f"{kind}.xlsx")
        factories.write_xlsx(path, body, headers)
        use(path)
