"""Reading a SQLite write-ahead log as SQLite itself would, without opening it through SQLite.

Two questions at start-up need the WAL's own view: which pages a crash left only in the WAL (a
full disk can stop a checkpoint after page 1 grew the database but before the file did), and
whether a WAL belongs to the database beside it at all. The format is SQLite's "WAL file format"
(https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header, then frames of a 24-byte
header and one page; a frame counts only when its salts equal the header's and the running
checksum holds, and only up to the last commit frame.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

_MAGIC_LE = 0x377F0682  # checksums over little-endian words
_MAGIC_BE = 0x377F0683
HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalContents:
    """What SQLite would use from a WAL: the pages of its committed frames and the database size."""

    page_size: int
    checkpoint_sequence: int
    salts: tuple[int, int]
    pages: frozenset[int]  # page numbers (1-based) with a committed frame
    database_pages: int  # the database size after the last commit, 0 when nothing is committed


def read(path: Path) -> WalContents | None:
    """The committed contents of a WAL, or None when the file is no valid WAL (SQLite ignores it)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < HEADER_SIZE:
        return None
    magic, _version, page_size, sequence, salt1, salt2, sum1, sum2 = struct.unpack(">8I", data[:32])
    if magic not in (_MAGIC_LE, _MAGIC_BE) or page_size < 512 or page_size > 65536 \
            or page_size & (page_size - 1):
        return None
    order = "<" if magic == _MAGIC_LE else ">"
    checksum = _checksum(data[:24], (0, 0), order)
    if checksum != (sum1, sum2):
        return None
    committed: set[int] = set()
    pending: set[int] = set()
    database_pages = 0
    frame_size = FRAME_HEADER_SIZE + page_size
    offset = HEADER_SIZE
    while offset + frame_size <= len(data):
        page, size_after, f_salt1, f_salt2, f_sum1, f_sum2 = struct.unpack(
            ">6I", data[offset:offset + FRAME_HEADER_SIZE])
        if (f_salt1, f_salt2) != (salt1, salt2) or page == 0:
            break
        checksum = _checksum(data[offset:offset + 8], checksum, order)
        checksum = _checksum(data[offset + FRAME_HEADER_SIZE:offset + frame_size], checksum, order)
        if checksum != (f_sum1, f_sum2):
            break
        pending.add(page)
        if size_after:
            committed |= pending
            pending = set()
            database_pages = size_after
        offset += frame_size
    return WalContents(page_size, sequence, (salt1, salt2), frozenset(committed), database_pages)


def _checksum(data: bytes, start: tuple[int, int], order: str) -> tuple[int, int]:
    s0, s1 = start
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1
