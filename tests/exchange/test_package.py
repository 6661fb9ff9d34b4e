"""Submission packages: what goes in, that it reads back exactly, and that writing never half-succeeds."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

from desktop import __version__
from desktop.core import catalog, snapshot_json
from desktop.core.errors import ImportFileError, InputError, StoreError
from desktop.core.evaluation_json import result_to_json
from desktop.exchange import package
from desktop.exchange.manifest import DIGEST_NOTICE
from desktop.exchange.output_file import ExportError
from tests.exchange.exchange_fixtures import evidence_blobs, sample_snapshot


@pytest.fixture
def blobs() -> dict[str, bytes]:
    return evidence_blobs(3)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where outputs go (tmp_path itself also holds the test's data directory)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture
def written(folder: Path, blobs):
    snapshot = sample_snapshot(blobs)
    out = folder / "学校.zpkg"
    package.write_package(snapshot, out, blobs.__getitem__, catalog.shipped())
    return snapshot, out


def results(snapshot) -> dict:
    return {c: result_to_json(r) for c, r in snapshot.evaluate(catalog.shipped()).items()}


def test_round_trip_gives_identical_digest_results_and_evidence(written, blobs):
    snapshot, out = written
    read = package.read_package(out, catalog.shipped())
    assert read.digest == snapshot_json.digest(snapshot) == snapshot_json.digest(read.snapshot)
    assert snapshot_json.canonical_bytes(snapshot_json.snapshot_to_json(read.snapshot)) == \
        snapshot_json.canonical_bytes(snapshot_json.snapshot_to_json(snapshot))
    assert results(read.snapshot) == results(snapshot)
    assert {e.sha256 for e in read.snapshot.evidence} == set(blobs)
    for sha, blob in blobs.items():
        assert read.evidence_source(sha) == blob


def test_members_and_manifest(written, blobs):
    snapshot, out = written
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("data.json")
    assert names == {"manifest.json", "data.json", *(f"evidence/{sha}" for sha in blobs)}
    assert data == snapshot_json.canonical_bytes(snapshot_json.snapshot_to_json(snapshot))
    assert manifest["format_version"] == 1 and manifest["app_version"] == __version__
    assert manifest["school"] == {"name": "城关第一学校", "code": "3441000001"}
    assert manifest["period"] == "2025年度" and manifest["overlay"] == ""
    assert [c["id"] for c in manifest["checklists"]] == ["yzjh", "xyaq", "spaq"]
    assert manifest["digest"] == snapshot_json.digest(snapshot)
    assert manifest["members"]["data.json"] == {"sha256": hashlib.sha256(data).hexdigest(),
                                                "size": len(data)}
    for sha, blob in blobs.items():
        assert manifest["members"][f"evidence/{sha}"] == {"sha256": sha, "size": len(blob)}
    assert manifest["evidence_count"] == len(blobs)
    assert manifest["notice"] == DIGEST_NOTICE and "不能证明所填数据真实" in DIGEST_NOTICE
    assert manifest["created"][:4].isdigit() and "T" in manifest["created"]


def test_same_file_on_two_items_is_packed_once(written, blobs):
    snapshot, out = written
    assert len(snapshot.evidence) == len(blobs) + 1
    with zipfile.ZipFile(out) as archive:
        assert sum(n.startswith("evidence/") for n in archive.namelist()) == len(blobs)


def test_photos_are_stored_and_text_is_deflated(tmp_path):
    import os
    photo = os.urandom(200_000)  # incompressible, like a JPEG
    blobs = {hashlib.sha256(photo).hexdigest(): photo}
    out = tmp_path / "p.zpkg"
    package.write_package(sample_snapshot(blobs), out, blobs.__getitem__, catalog.shipped())
    with zipfile.ZipFile(out) as archive:
        assert archive.getinfo(f"evidence/{next(iter(blobs))}").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("data.json").compress_type == zipfile.ZIP_DEFLATED


def test_highly_compressible_evidence_is_stored_so_the_bomb_check_accepts_it(tmp_path):
    blank = b"\x00" * (3 << 20)  # e.g. a blank BMP scan: deflates ≈ 1000 : 1
    blobs = {hashlib.sha256(blank).hexdigest(): blank}
    out = tmp_path / "b.zpkg"
    package.write_package(sample_snapshot(blobs), out, blobs.__getitem__, catalog.shipped())
    assert package.read_package(out, catalog.shipped()).evidence_source(next(iter(blobs))) == blank


def test_damaged_evidence_in_the_store_refuses_export_and_writes_nothing(folder, blobs):
    out = folder / "x.zpkg"
    out.write_bytes(b"the previous good file")
    first = sorted(blobs)[0]
    damaged = {**blobs, first: blobs[first] + b"!"}
    with pytest.raises(StoreError, match="已损坏"):
        package.write_package(sample_snapshot(blobs), out, damaged.__getitem__, catalog.shipped())
    assert out.read_bytes() == b"the previous good file"
    assert sorted(p.name for p in folder.iterdir()) == ["x.zpkg"]


def test_cancel_leaves_no_file(folder, blobs):
    out = folder / "x.zpkg"
    with pytest.raises(ExportError, match="取消"):
        package.write_package(sample_snapshot(blobs), out, blobs.__getitem__, catalog.shipped(),
                              is_cancelled=lambda: True)
    assert list(folder.iterdir()) == []


def test_progress_is_reported_per_evidence_file(tmp_path, blobs):
    seen = []
    package.write_package(sample_snapshot(blobs), tmp_path / "x.zpkg", blobs.__getitem__,
                          catalog.shipped(), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, len(blobs)) for n in range(1, len(blobs) + 1)]


def test_snapshot_that_would_not_read_back_is_refused_before_writing(folder, blobs):
    snapshot = sample_snapshot(blobs)
    bad = dataclasses.replace(snapshot, answers={**snapshot.answers, "yzjh": {"no_such_item": True}})
    with pytest.raises(InputError, match="不能导出"):
        package.write_package(bad, folder / "x.zpkg", blobs.__getitem__, catalog.shipped())
    assert list(folder.iterdir()) == []


def test_unwritable_destination_is_a_chinese_error(tmp_path, blobs):
    with pytest.raises(ExportError, match="不存在"):
        package.write_package(sample_snapshot(blobs), tmp_path / "nope" / "x.zpkg",
                              blobs.__getitem__, catalog.shipped())


def test_reading_writes_nothing(written, folder):
    _, out = written
    before = sorted(p.name for p in folder.rglob("*"))
    package.read_package(out, catalog.shipped())
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_evidence_source_rechecks_the_file(written, blobs, tmp_path):
    snapshot, out = written
    read = package.read_package(out, catalog.shipped())
    with pytest.raises(ImportFileError, match="没有佐证材料"):
        read.evidence_source("0" * 64)


def test_package_reading_needs_only_the_standard_library():
    """The supervisor side reuses package.py: no Qt, no openpyxl, no reportlab."""
    import subprocess
    import sys
    code = ("import sys, desktop.exchange.package, desktop.exchange.submission_summary\n"
            "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'openpyxl', 'reportlab', 'sqlite_utils')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_summary_names_a_checklist_version_that_moved_on(folder, blobs):
    from desktop.exchange.submission_summary import summary_lines
    snapshot = sample_snapshot(blobs)
    older = dataclasses.replace(snapshot, checklists=(("yzjh", "2024.1"), *snapshot.checklists[1:]))
    out = folder / "old.zpkg"
    package.write_package(older, out, blobs.__getitem__, catalog.shipped())
    lines = summary_lines(package.read_package(out, catalog.shipped()), catalog.shipped())
    current = catalog.shipped().get("yzjh").version
    assert any(f"yzjh 2024.1；按本程序的 {current} 版评判" in line for line in lines)


def test_exported_file_is_readable_by_others(written):
    """The temporary file is private while written; the delivered one is not."""
    _, out = written
    # Windows keeps no owner/group/other bits: 0o666 is a file anyone may read and that is not
    # read-only (os.chmod sets only the read-only flag there).
    assert out.stat().st_mode & 0o777 == (0o666 if sys.platform == "win32" else 0o644)


def test_unreadable_evidence_file_is_a_store_error(folder, blobs):
    def source(sha):
        raise PermissionError(13, "权限不足")
    with pytest.raises(StoreError, match="无法读取佐证材料.*权限不足"):
        package.write_package(sample_snapshot(blobs), folder / "x.zpkg", source, catalog.shipped())
    assert list(folder.iterdir()) == []
