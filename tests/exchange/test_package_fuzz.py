"""Random damage to a package: always either a clean ImportFileError or, when the bytes hit nothing
that carries data (timestamps, attributes, padding), exactly the original result — never another
exception and never a different snapshot."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core import catalog
from desktop.core.errors import ImportFileError
from desktop.core.snapshot_json import canonical_bytes, snapshot_to_json
from desktop.exchange import package
from tests.exchange.exchange_fixtures import evidence_blobs, sample_snapshot


@functools.lru_cache(maxsize=1)
def original() -> tuple[bytes, bytes, str, dict[str, bytes]]:
    blobs = evidence_blobs(2, size=120)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "p.zpkg"
        read = package.write_package(sample_snapshot(blobs), out, blobs.__getitem__, catalog.shipped())
        return out.read_bytes(), _canonical(read), read.digest, blobs


def _canonical(submission: package.Submission) -> bytes:
    return canonical_bytes(snapshot_to_json(submission.snapshot))


def structure_offsets(data: bytes) -> list[int]:
    """Byte positions inside zip headers (local, central, end record): where damage is subtle."""
    offsets: list[int] = []
    for signature, fixed in ((b"PK\x03\x04", 30), (b"PK\x01\x02", 46), (b"PK\x05\x06", 22)):
        at = data.find(signature)
        while at >= 0:
            offsets += range(at, min(at + fixed, len(data)))
            at = data.find(signature, at + 4)
    return offsets


@pytest.fixture(scope="module")
def target(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "mutated.zpkg"


def check_mutation(target: Path, mutations: list[tuple[int, int]]) -> None:
    data, canonical, digest, blobs = original()
    mutated = bytearray(data)
    for position, value in mutations:
        mutated[position % len(mutated)] = value
    if bytes(mutated) == data:
        return
    target.write_bytes(bytes(mutated))
    try:
        read = package.read_package(target, catalog.shipped())
    except ImportFileError as exc:
        assert str(exc).startswith("文件 mutated.zpkg")
        return
    assert read.digest == digest
    assert _canonical(read) == canonical
    for sha, blob in blobs.items():
        assert read.evidence_source(sha) == blob


FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=4))
def test_random_bytes_anywhere(target, mutations):
    check_mutation(target, mutations)


@FUZZ
@given(st.data())
def test_random_bytes_in_zip_headers(target, data):
    offsets = structure_offsets(original()[0])
    mutations = data.draw(st.lists(st.tuples(st.sampled_from(offsets), st.integers(0, 255)),
                                   min_size=1, max_size=3))
    check_mutation(target, mutations)


@FUZZ
@given(st.integers(0, 1 << 20))
def test_truncation_anywhere(target, length):
    data = original()[0]
    target.write_bytes(data[:length % len(data)])
    with pytest.raises(ImportFileError):
        package.read_package(target, catalog.shipped())


def test_mutating_a_timestamp_changes_nothing(target):
    """A concrete case of 'outside the data': the member's modification time."""
    data = original()[0]
    at = data.find(b"PK\x01\x02") + 12  # central directory: last-modified time
    check_mutation(target, [(at, data[at] ^ 0x01)])
    target.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])
    assert package.read_package(target, catalog.shipped()).digest == original()[2]
