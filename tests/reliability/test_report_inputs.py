"""What the report embeds: a PNG decompression bomb is left out (no crash), and a stored evidence
file swapped for other content is detected by its hash and never printed as the school's evidence."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from desktop.exchange.report_context import ReportContext
from desktop.exchange.report_photos import load_image


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (the bomb's trick)."""
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data.index(b"IHDR")
    data[ihdr + 4:ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr:ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17:ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def test_a_png_decompression_bomb_is_left_out_of_the_report(tmp_path: Path, record):
    for width, height in [(100_000, 100_000), (12_000, 12_000)]:  # above and near PIL's own limit
        path = tmp_path / f"bomb{width}.png"
        path.write_bytes(_png_claiming(width, height))
        assert load_image(path, 400, 300) is None
    good = tmp_path / "good.png"
    Image.new("RGB", (64, 48), "red").save(good)
    assert load_image(good, 400, 300) is not None
    record("report inputs", bombs_left_out=2)


def test_a_swapped_evidence_file_is_not_embedded(tmp_path: Path, record):
    photo = tmp_path / "photo.png"
    Image.new("RGB", (64, 48), "green").save(photo)
    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    ctx = SimpleNamespace(evidence_file=lambda _sha: photo)
    assert ReportContext.file_of(ctx, sha) == photo
    Image.new("RGB", (64, 48), "blue").save(photo)  # swapped behind the program's back
    assert ReportContext.file_of(ctx, sha) is None
    record("report inputs", swapped_detected=1)
