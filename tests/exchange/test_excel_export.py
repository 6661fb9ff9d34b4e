"""The exported workbook: its sheets and layout, exact numbers, and text that never becomes a formula."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from fractions import Fraction as F

import openpyxl
import pytest

from desktop.core import catalog, snapshot_json
from desktop.core.errors import ImportFileError
from desktop.exchange import excel_export
from desktop.exchange.excel_cells import FORMULA_TRIGGERS, excel_number
from desktop.exchange.excel_sheet import COL, FIRST_ROW, HEADER_ROW
from desktop.exchange.output_file import ExportError
from tests.exchange.exchange_fixtures import FORMULA_NOTE, evidence_blobs, sample_snapshot


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    snapshot = sample_snapshot(evidence_blobs(2))
    out = tmp_path_factory.mktemp("xlsx") / "自评.xlsx"
    excel_export.export_workbook(snapshot, catalog.shipped(), out)
    return snapshot, out, openpyxl.load_workbook(out)


def rows_by_item(ws) -> dict[str, int]:
    return {ws.cell(r, COL["item_id"]).value: r for r in range(FIRST_ROW, ws.max_row + 1)}


def test_sheets(exported):
    _, _, wb = exported
    assert wb.sheetnames == ["汇总", "义务教育优质均衡", "校园安全", "食品安全（校园餐）", "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    assert all(wb[n].sheet_state == "visible" for n in wb.sheetnames[:-1])


def test_summary_sheet(exported):
    snapshot, _, wb = exported
    text = "\n".join(str(v) for row in wb["汇总"].iter_rows(values_only=True) for v in row if v is not None)
    digest = snapshot_json.digest(snapshot)
    for expected in ("城关第一学校", "3441000001", "2025年度", "地方标准", digest,
                     snapshot_json.short_fingerprint(digest), "不能证明所填数据真实",
                     "义务教育优质均衡", "校园安全", "85% 底线", "小学学段", "初中学段"):
        assert expected in text, expected
    results = snapshot.evaluate(catalog.shipped())
    verdict_rows = {row[1]: row for row in wb["汇总"].iter_rows(values_only=True) if row[1] in results}
    for cid, result in results.items():
        row = verdict_rows[cid]
        assert result.verdict in row[3]
        assert row[4:9] == tuple(result.counts[s] for s in ("met", "unmet", "unanswered",
                                                             "not_applicable", "recorded"))


def test_seven_indicators_per_stage(exported):
    snapshot, _, wb = exported
    result = snapshot.evaluate(catalog.shipped())["yzjh"]
    rows = [row for row in wb["汇总"].iter_rows(values_only=True) if row[0] in ("小学", "初中")
            and isinstance(row[1], str) and row[1].startswith("R")]
    assert len(rows) == sum(len(s.indicators) for s in result.stages.values()) == 14
    r4 = next(r for r in rows if r[0] == "初中" and r[1] == "R4")
    indicator = result.stages["junior"].indicators["R4"]
    assert r4[5] == "5.8" and r4[6] == "4.93"  # standard and its 85 % floor, as exact text
    assert ("✗" in r4[7]) == (indicator.status == "unmet")
    assert r4[9] == indicator.gap_text


def test_checklist_sheet_layout(exported):
    _, _, wb = exported
    ws = wb["义务教育优质均衡"]
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, 15)]
    assert headers == ["部分", "条目编号", "编号", "条目", "填报值", "单位", "标准", "状态", "差距", "备注",
                       "整改措施", "责任人", "完成时限", "佐证材料数"]
    assert ws.freeze_panes == "E4"
    assert ws.cell(4, 3).value == "1.1" and ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["D"].width == 42
    assert ws.auto_filter.ref.startswith("A3:N")


def test_unmet_rows_are_marked_with_fill_and_a_cross(exported):
    snapshot, _, wb = exported
    ws = wb["义务教育优质均衡"]
    result = snapshot.evaluate(catalog.shipped())["yzjh"]
    rows = rows_by_item(ws)
    assert result.unmet
    for r in result.items:
        status = ws.cell(rows[r.id], COL["status"]).value
        title_fill = ws.cell(rows[r.id], COL["title"]).fill.start_color.rgb
        if r.status.value == "unmet":
            assert status.startswith("✗") and title_fill.endswith("FBE3E1")
        else:
            assert "✗" not in status and not title_fill.endswith("FBE3E1")


def test_row_contents(exported):
    snapshot, _, wb = exported
    ws = wb["义务教育优质均衡"]
    row = rows_by_item(ws)["teaching_rooms_m2"]
    cells = {key: ws.cell(row, col).value for key, col in COL.items()}
    assert cells["answer"] == 4499.99 and ws.cell(row, COL["answer"]).data_type == "n"
    assert cells["unit"] == "㎡"
    assert cells["measure"] == "=新建综合楼（公式样式的文字）" and cells["owner"] == "王校长"
    assert cells["deadline"].date().isoformat() == "2026-08-31"
    assert cells["evidence"] == len(snapshot.evidence_for("yzjh", "teaching_rooms_m2"))
    computed = rows_by_item(ws)["teacher_certification_rate"]
    assert ws.cell(computed, COL["answer"]).fill.start_color.rgb.endswith("EEEEEE")


def test_formula_like_text_is_written_as_text(exported):
    _, out, wb = exported
    ws = wb["义务教育优质均衡"]
    note = ws.cell(rows_by_item(ws)["teaching_rooms_m2"], COL["note"])
    assert note.value == FORMULA_NOTE and note.data_type == "s" and note.quotePrefix
    risky = [c for s in wb.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS)]
    assert len(risky) >= 6
    assert all(c.data_type == "s" for c in risky)
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(re.search(rb"<f[ >]", archive.read(n)) for n in sheets)


def test_numbers_keep_every_digit(exported):
    _, _, wb = exported
    ws = wb["义务教育优质均衡"]
    rows = rows_by_item(ws)
    gap = ws.cell(rows["monitoring_school_gap_rate"], COL["answer"]).value
    assert gap == 0.9 and repr(gap) == "0.9"
    assert ws.cell(rows["students_primary"], COL["answer"]).value == 1000
    long = ws.cell(rows["equipment_value_yuan"], COL["answer"])
    assert long.value == "1234567.123456789012345" and long.data_type == "s"


@pytest.mark.parametrize("value, expected", [
    (F("4499.99"), 4499.99), (F("0.9"), 0.9), (F(7), 7), (F("1e20"), "100000000000000000000"),
    (F("0.1234567890123456789"), "0.1234567890123456789")
])
def test_excel_number(value, expected):
    assert excel_number(value) == expected
    assert type(excel_number(value)) is type(expected)


def test_openpyxl_parses_xml_with_defusedxml():
    import openpyxl.xml
    assert openpyxl.xml.DEFUSEDXML is True


def test_control_characters_in_notes_do_not_break_the_export(tmp_path):
    snapshot = sample_snapshot({})
    notes = {"yzjh": {"students_primary": "从 Word 粘贴\x0b的文字\x01"}}
    import dataclasses
    out = tmp_path / "c.xlsx"
    excel_export.export_workbook(dataclasses.replace(snapshot, notes=notes), catalog.shipped(), out)
    ws = openpyxl.load_workbook(out)["义务教育优质均衡"]
    assert ws.cell(rows_by_item(ws)["students_primary"], COL["note"]).value == "从 Word 粘贴\ufffd的文字\ufffd"


def test_a_workbook_that_would_not_read_back_is_never_delivered(tmp_path, monkeypatch):
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"previous")

    def broken(*args, **kwargs):
        raise ImportFileError("模拟的读回失败", path=tmp_path / ".x.xlsx.part")
    monkeypatch.setattr(excel_export, "read_workbook", broken)
    with pytest.raises(ExportError, match="读回校验失败.*模拟的读回失败"):
        excel_export.export_workbook(sample_snapshot({}), catalog.shipped(), out)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "x.xlsx"]


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed here: cannot check that another "
                           "spreadsheet program opens and prints the workbook")
def test_libreoffice_opens_and_prints_the_workbook(exported, tmp_path):
    _, out, _ = exported
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=120)
    pdf = tmp_path / (out.stem + ".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "城关第一学校" in text and FORMULA_NOTE.split("(")[0] in text
