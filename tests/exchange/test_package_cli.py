"""The commands around exchange files: export, verify and import, against a real store."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.__main__ import main
from desktop.core.snapshot_json import digest, short_fingerprint
from desktop.core.store import AnswerStore
from desktop.exchange.excel_sheet import COL, FIRST_ROW
from desktop.exchange.manifest import DIGEST_NOTICE
from tests.exchange.exchange_fixtures import evidence_blobs, sample_snapshot


@pytest.fixture
def school_dir(tmp_path: Path):
    """A data directory holding one assessment (with evidence files) and its snapshot."""
    blobs = evidence_blobs(3)
    folder = tmp_path / "school"
    with AnswerStore.open(folder) as store:
        assessment = store.import_snapshot(sample_snapshot(blobs), blobs.__getitem__)
        snapshot = store.snapshot(assessment)
    return folder, snapshot


def test_export_package_then_verify(school_dir, tmp_path, capsys):
    folder, snapshot = school_dir
    out = tmp_path / "提交.zpkg"
    assert main(["export", "--data-dir", str(folder), "--format", "package", "--out", str(out)]) == 0
    assert short_fingerprint(digest(snapshot)) in capsys.readouterr().out
    assert main(["verify", str(out)]) == 0
    text = capsys.readouterr().out
    for expected in ("提交包完好", "城关第一学校", "3441000001", "2025年度", "义务教育优质均衡",
                     "校园安全", "未达标", "佐证材料：4 项，3 个文件", digest(snapshot),
                     short_fingerprint(digest(snapshot)), DIGEST_NOTICE):
        assert expected in text, expected


def test_verify_a_damaged_package_exits_1_and_says_why(school_dir, tmp_path, capsys):
    folder, _ = school_dir
    out = tmp_path / "p.zpkg"
    main(["--data-dir", str(folder), "export", "--out", str(out)])
    data = bytearray(out.read_bytes())
    at = data.find(b"data.json") + 60  # inside the first member's compressed bytes
    data[at] ^= 0xFF
    out.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["verify", str(out)]) == 1
    err = capsys.readouterr().err
    assert "未通过校验" in err and "p.zpkg" in err


def test_import_package_into_a_new_data_directory(school_dir, tmp_path, capsys):
    folder, snapshot = school_dir
    out = tmp_path / "p.zpkg"
    main(["--data-dir", str(folder), "export", "--out", str(out)])
    target = tmp_path / "supervisor"
    assert main(["import", str(out), "--data-dir", str(target)]) == 0
    assert "已导入为评估" in capsys.readouterr().out
    with AnswerStore.open(target) as store:
        imported = store.snapshot(store.latest_assessment())
        assert digest(imported) == digest(snapshot)
        for e in imported.evidence:
            assert store.evidence_file(e.sha256).stat().st_size == e.size


def test_export_xlsx_edit_and_import(school_dir, tmp_path, capsys):
    folder, snapshot = school_dir
    out = tmp_path / "s.xlsx"
    assert main(["export", "--data-dir", str(folder), "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb["义务教育优质均衡"]
    row = next(r for r in range(FIRST_ROW, ws.max_row + 1)
               if ws.cell(r, COL["item_id"]).value == "students_primary")
    ws.cell(row, COL["answer"]).value = 1001
    wb.save(out)
    assert main(["import", str(out), "--data-dir", str(folder), "--dry-run"]) == 0
    assert "1000人 → 1001人" in capsys.readouterr().out
    with AnswerStore.open(folder) as store:
        assert store.snapshot(store.latest_assessment()) == snapshot
    assert main(["import", str(out), "--data-dir", str(folder)]) == 0
    with AnswerStore.open(folder) as store:
        updated = store.snapshot(store.latest_assessment())
    assert updated.answers["yzjh"]["students_primary"] == 1001
    assert updated.evidence == snapshot.evidence and updated.notes == snapshot.notes


def test_a_bad_workbook_changes_nothing_in_the_store(school_dir, tmp_path, capsys):
    folder, snapshot = school_dir
    out = tmp_path / "s.xlsx"
    main(["export", "--data-dir", str(folder), "--out", str(out)])
    wb = openpyxl.load_workbook(out)
    ws = wb["义务教育优质均衡"]
    ws.cell(FIRST_ROW, COL["answer"]).value = 1234
    ws.cell(FIRST_ROW + 1, COL["answer"]).value = "很多"
    wb.save(out)
    capsys.readouterr()
    assert main(["import", str(out), "--data-dir", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"第 {FIRST_ROW + 1} 行" in err and "E 列" in err and "很多" in err
    with AnswerStore.open(folder) as store:
        assert digest(store.snapshot(store.latest_assessment())) == digest(snapshot)


def test_export_needs_a_format_it_can_tell(school_dir, tmp_path, capsys):
    folder, _ = school_dir
    assert main(["export", "--data-dir", str(folder), "--out", str(tmp_path / "x.bin")]) == 2
    assert "--format" in capsys.readouterr().err


def test_export_from_an_empty_data_directory(tmp_path, capsys):
    assert main(["export", "--data-dir", str(tmp_path / "none"), "--out", str(tmp_path / "x.zpkg")]) == 2
    assert "还没有数据" in capsys.readouterr().err
