"""1,000 single-byte changes to a package's data members, every one caught by `verify`.

Three kinds of tampering, each changing one byte of data.json or of an evidence file:
- payload: one byte of the member's bytes inside the zip (deflated or stored), nothing else touched;
- rewritten: the member decompressed, one byte changed, and the zip rewritten properly (CRC right);
- forged: as rewritten, and the manifest's SHA-256 and size for that member updated too.
A payload change that decompresses to the very same data (it hit the unused padding bits of a
deflate stream) changes nothing and is counted apart, not as a miss.

TAMPER_TRIALS (default 1000) and TAMPER_SEED change the run.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest

from desktop.commands import verify
from tests.reliability.samples import make_demo

TRIALS = int(os.environ.get("TAMPER_TRIALS", "1000"))
SHARES = {"payload": 0.4, "rewritten": 0.3, "forged": 0.3}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> bytes:
    return make_demo(tmp_path_factory.mktemp("demo")).package


def data_members(blob: bytes) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {i.filename: i for i in archive.infolist() if i.filename != "manifest.json"}


def payload_range(blob: bytes, info: zipfile.ZipInfo) -> range:
    """Where the member's (compressed) bytes lie in the file, after its local header."""
    at = info.header_offset
    name_length = int.from_bytes(blob[at + 26:at + 28], "little")
    extra_length = int.from_bytes(blob[at + 28:at + 30], "little")
    start = at + 30 + name_length + extra_length
    return range(start, start + info.compress_size)


def changed_byte(content: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(content))
    changed = bytearray(content)
    changed[at] = (changed[at] + rng.randrange(1, 256)) % 256
    return bytes(changed)


def rewritten(blob: bytes, name: str, content: bytes, forge_manifest: bool) -> bytes:
    """The package with one member replaced, written as a proper zip (same compression)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w") as target:
        manifest = json.loads(source.read("manifest.json"))
        if forge_manifest:
            manifest["members"][name] = {"sha256": hashlib.sha256(content).hexdigest(),
                                         "size": len(content)}
        for info in source.infolist():
            data = content if info.filename == name else source.read(info.filename)
            if info.filename == "manifest.json" and forge_manifest:
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def tampered(package: bytes, kind: str, member: zipfile.ZipInfo, original: bytes,
             rng: random.Random) -> bytes:
    """The package with one byte of one data member changed, the way `kind` says."""
    if kind != "payload":
        return rewritten(package, member.filename, changed_byte(original, rng), kind == "forged")
    span = payload_range(package, member)
    blob = bytearray(package)
    blob[span.start:span.stop] = changed_byte(package[span.start:span.stop], rng)
    return bytes(blob)


def still_the_same_data(blob: bytes, name: str, original: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            return archive.read(name) == original
    except Exception:  # noqa: BLE001 — any failure to read means the data did change
        return False


def verify_exit_code(path: Path, capsys) -> int:
    code = verify.run(argparse.Namespace(file=path))
    captured = capsys.readouterr()
    if code != 0:
        assert captured.err.startswith("提交包未通过校验，不能使用："), captured.err
    return code


def test_every_single_byte_change_is_detected(package: bytes, tmp_path: Path, capsys, record):
    rng = random.Random(os.environ.get("TAMPER_SEED", "2025-tamper"))
    members = data_members(package)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        originals = {name: archive.read(name) for name in members}
    target = tmp_path / "tampered.zpkg"
    target.write_bytes(package)
    assert verify_exit_code(target, capsys) == 0  # the untouched package passes
    counts = {f"{kind}_{what}": 0 for kind in SHARES for what in ("trials", "detected")}
    counts["payload_same_data"] = 0
    missed: list[str] = []
    for _ in range(TRIALS):
        kind = rng.choices(list(SHARES), list(SHARES.values()))[0]
        name = rng.choice(sorted(members))
        blob = tampered(package, kind, members[name], originals[name], rng)
        target.write_bytes(blob)
        counts[f"{kind}_trials"] += 1
        if verify_exit_code(target, capsys) != 0:
            counts[f"{kind}_detected"] += 1
        elif kind == "payload" and still_the_same_data(blob, name, originals[name]):
            counts["payload_same_data"] += 1
        else:
            missed.append(f"{kind} {name}")
    trials = sum(counts[f"{k}_trials"] for k in SHARES)
    detected = sum(counts[f"{k}_detected"] for k in SHARES)
    record("tamper detection", trials=trials, detected=detected, missed=len(missed), **counts)
    assert trials == TRIALS
    assert not missed, missed[:10]
    assert detected + counts["payload_same_data"] == TRIALS
