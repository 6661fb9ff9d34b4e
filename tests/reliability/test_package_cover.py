"""What tamper evidence covers: every byte of a package and every manifest field the supervisor sees.

The attacks as made: the manifest's export time, app version, notice or evidence count edited in a
text editor (member hashes untouched); padding between members; junk before or after the zip; a
zip comment. `verify` said 「提交包完好」 to each. Each must now be refused.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from desktop.core import catalog
from desktop.core.errors import ImportFileError
from desktop.exchange import package
from tests.exchange.exchange_fixtures import build_zip, evidence_blobs, package_members, sample_snapshot


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> bytes:
    blobs = evidence_blobs(2)
    out = tmp_path_factory.mktemp("good") / "good.zpkg"
    package.write_package(sample_snapshot(blobs), out, blobs.__getitem__, catalog.shipped())
    return out.read_bytes()


def _read(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "edited.zpkg"
    path.write_bytes(data)
    package.read_package(path, catalog.shipped())


def _edit_manifest(good: bytes, change) -> bytes:
    members = package_members(good)
    manifest = json.loads(members["manifest.json"])
    change(manifest)  # member hashes and the package digest left as they were
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    return build_zip(list(members.items()))


EDITS = {
    "export time": lambda m: m.update(created="2099-01-01T08:00:00+08:00"),
    "app version": lambda m: m.update(app_version="9.9.9"),
    "notice": lambda m: m.update(notice="本提交包已经督学审核，数据属实。"),
    "evidence count": lambda m: m.update(evidence_count=m["evidence_count"] + 5),
    "school name in the manifest only": lambda m: m["school"].update(name="别的学校"),
    "an extra field": lambda m: m.update(approved_by="督导室"),
}


def test_the_good_package_reads(good, tmp_path):
    _read(good, tmp_path)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edited_manifest_field_is_refused(good, tmp_path, edit, record):
    with pytest.raises(ImportFileError, match="manifest|清单"):
        _read(_edit_manifest(good, edit), tmp_path)
    record("package cover", manifest_edits_refused=1)


def _eocd(data: bytes) -> int:
    return data.rindex(b"PK\x05\x06")


def _with_comment(data: bytes, comment: bytes) -> bytes:
    at = _eocd(data)
    return data[:at + 20] + struct.pack("<H", len(comment)) + comment


def _padded_between_members(data: bytes) -> bytes:
    """16 bytes after the first member, every later offset moved so the zip stays valid."""
    at = _eocd(data)
    cd_size, cd_offset = struct.unpack("<II", data[at + 12:at + 20])
    second = data.index(b"PK\x03\x04", 4)
    pad = b"\x00" * 16
    body = data[:second] + pad + data[second:cd_offset]
    directory = bytearray(data[cd_offset:cd_offset + cd_size])
    entry = 0
    while entry < len(directory):
        offset = struct.unpack("<I", directory[entry + 42:entry + 46])[0]
        if offset >= second:
            directory[entry + 42:entry + 46] = struct.pack("<I", offset + len(pad))
        n, e, c = struct.unpack("<HHH", directory[entry + 28:entry + 34])
        entry += 46 + n + e + c
    end = bytearray(data[at:])
    end[16:20] = struct.pack("<I", cd_offset + len(pad))
    return body + bytes(directory) + bytes(end)


BYTES = {
    "junk after the zip": lambda d: d + b"\x00JUNK" * 50,
    "junk before the zip": lambda d: b"MZ-junk-before" * 20 + d,
    "a zip comment": lambda d: _with_comment(d, "已审核".encode()),
    "padding between members": _padded_between_members,
}


@pytest.mark.parametrize("change", BYTES.values(), ids=BYTES.keys())
def test_bytes_outside_the_members_are_refused(good, tmp_path, change, record):
    changed = change(good)
    import zipfile, io
    assert zipfile.ZipFile(io.BytesIO(changed)).testzip() is None  # still a valid zip
    with pytest.raises(ImportFileError, match="多余|注释"):
        _read(changed, tmp_path)
    record("package cover", outside_bytes_refused=1)


def test_verify_command_refuses_an_edited_export_time(good, tmp_path, record):
    import subprocess, sys
    path = tmp_path / "edited.zpkg"
    path.write_bytes(_edit_manifest(good, EDITS["export time"]))
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "desktop", "verify", str(path)], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "完好" not in done.stdout, done.stdout
    assert "清单" in done.stdout + done.stderr
    record("package cover", cli_refused=1)


def test_an_older_package_with_an_edited_date_does_not_replace_a_newer_one(tmp_path, record):
    import datetime as dt
    from desktop.supervisor.outcomes import Outcome
    from desktop.supervisor.workspace import Workspace
    from tests.supervisor.factories import EXPORTED, school, snapshot, write
    south = school("城南小学", "2144190002")
    with Workspace.open(tmp_path / "workspace") as ws:
        ws.import_package(write(snapshot(south, fail=1), tmp_path / "now"))
        older = write(snapshot(south, fail=3), tmp_path / "old", created=EXPORTED - dt.timedelta(days=5))
        later = (EXPORTED + dt.timedelta(days=30)).astimezone().isoformat(timespec="seconds")
        older.write_bytes(_edit_manifest(older.read_bytes(), lambda m: m.update(created=later)))
        (outcome,) = ws.import_folder(tmp_path / "old", replace=True).outcomes
        assert outcome.outcome is Outcome.FAILED and "清单" in outcome.message, outcome.message
        assert len(ws.submissions()[0].verdicts.unmet) == 1  # the newer one is still there
        # A genuinely older package is asked about with both export dates shown.
        genuine = write(snapshot(south, fail=3), tmp_path / "old2", created=EXPORTED - dt.timedelta(days=5))
        (asked,) = ws.import_folder(genuine.parent, replace=True).outcomes
        assert asked.outcome is Outcome.DUPLICATE and asked.message.count("导出于") == 2
    record("package cover", edited_dates_refused=1)
