"""Workbooks that lie: an understated <dimension>, malformed XML, an entity, a million rows.

Every reader of .xlsx (county tables, the district roster, the supervisor's roster, the school
workbook import) goes through desktop/exchange/xlsx_read.py; each is attacked here as it was in the
red-team run, and must read every row or refuse with a Chinese message naming file and sheet.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest

from desktop.core.errors import ImportFileError
from desktop.district.resource_table import read_resource_table
from desktop.district.roster import read_roster as read_district_roster
from desktop.district.summary import summarise
from desktop.supervisor.roster import read_roster as read_supervisor_roster
from tests.district.factories import junior, primary, table_row, write_xlsx
from tests.reliability.lying_xlsx import lie_about_dimension, rewrite_sheets
from tests.supervisor.test_roster import xlsx as roster_xlsx


def _six_schools(path: Path) -> Path:
    rows = [table_row(primary(f"第{n}小学", 600 + n)) for n in range(4)]
    rows += [table_row(junior(f"第{n}中学", 500 + n)) for n in range(2)]
    return write_xlsx(path, rows)


def test_county_statistics_read_every_school_whatever_the_dimension_says(tmp_path, record):
    path = lie_about_dimension(_six_schools(tmp_path / "统计表.xlsx"), "A1:C3")
    records = read_resource_table(path)
    assert len(records.records if hasattr(records, "records") else records) == 6
    record("lying workbooks", dimension_lies=1)


def test_district_roster_reads_every_school_whatever_the_dimension_says(tmp_path, record):
    rows = [{"学校名称": f"第{n}小学", "学校标识码": 4400000000 + n, "学校类型": "小学"} for n in range(10)]
    path = write_xlsx(tmp_path / "名单.xlsx", rows, ["序号", "学校名称", "学校标识码", "学校类型"])
    assert len(read_district_roster(lie_about_dimension(path, "A1:D3"))) == 10
    record("lying workbooks", dimension_lies=1)


def test_supervisor_roster_reads_every_school_whatever_the_dimension_says(tmp_path, record):
    rows = [[n, f"第{n}小学", 2144190000 + n, "小学", 300, None, "张督学", None] for n in range(10)]
    path = lie_about_dimension(roster_xlsx(tmp_path / "名单.xlsx", rows), "A1:C3")
    assert len(read_supervisor_roster(path)) == 10
    record("lying workbooks", dimension_lies=1)


def _refused(path: Path, *parts: str) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_resource_table(path)
    message = str(caught.value)
    for part in parts:
        assert part in message, message
    return message


def test_malformed_xml_in_a_county_table_is_refused_naming_the_sheet(tmp_path, record):
    path = _six_schools(tmp_path / "统计表.xlsx")
    rewrite_sheets(path, lambda xml: xml.replace(b"</sheetData>", b"<row r='99'><c></sheetData>"))
    _refused(path, "统计表.xlsx", "工作表「资源配置统计表」", "XML")
    record("lying workbooks", malformed=1)


def test_an_entity_in_a_county_table_is_refused_naming_the_sheet(tmp_path, record):
    path = _six_schools(tmp_path / "统计表.xlsx")
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    rewrite_sheets(path, lambda xml: doctype + re.sub(rb"^<\?xml[^>]*\?>", b"", xml))
    _refused(path, "工作表「资源配置统计表」", "实体")
    record("lying workbooks", entities=1)


def test_a_number_of_5000_digits_in_a_county_table_is_refused(tmp_path, record):
    path = _six_schools(tmp_path / "统计表.xlsx")
    rewrite_sheets(path, lambda xml: xml.replace(b"<v>600</v>", b"<v>" + b"9" * 5000 + b"</v>", 1))
    message = _refused(path, "统计表.xlsx")
    assert "Traceback" not in message
    record("lying workbooks", huge_numbers=1)


def _many_rows(path: Path, rows: int) -> Path:
    """A sheet of many filled rows, written as XML directly (openpyxl would take minutes)."""
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>'
                     for c, t in zip("AB", ["学校名称", "学校类型"]))
    with zipfile.ZipFile(_six_schools(path)) as source:
        members = {i.filename: source.read(i) for i in source.infolist()}
    body = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>校{n}</t></is></c></row>'
                   for n in range(2, rows + 2))
    members["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData><row r="1">{header}</row>'
        f'{body}</sheetData></worksheet>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("rows", [1_000_000, 300_000], ids=["beyond the zip limits", "within them"])
def test_a_million_row_county_table_is_refused_early_and_cheaply(tmp_path, rows: int, record):
    import tracemalloc
    path = _many_rows(tmp_path / "统计表.xlsx", rows)
    tracemalloc.start()
    start = time.perf_counter()
    message = _refused(path, "统计表.xlsx")
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "行" in message or "上限" in message, message
    assert seconds < 20, f"took {seconds:.1f} s"
    assert peak < 200 * 2**20, f"peak {peak / 2**20:.0f} MB"
    record("lying workbooks", huge_tables=1)
