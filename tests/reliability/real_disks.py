"""Real small and read-only file systems for the reliability tests (tmpfs mounts, as root).

A size limit on one process (RLIMIT_FSIZE) is not a full disk: SQLite sees EFBIG instead of
ENOSPC, and every other file still grows. These helpers mount a real tmpfs of a few megabytes, so
a checkpoint, a backup or a temporary file all hit the same full disk a user's laptop would.
Where the machine does not allow mounting (not root, no CAP_SYS_ADMIN) the test is skipped with
that reason; CI runs as root on the same kind of machine and mounts.
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(command), capture_output=True, text=True, timeout=30)


@contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A real tmpfs of `size` mounted on folder; unmounted again afterwards."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a real full file system (tmpfs) needs root on a POSIX machine")
    folder.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def resize(folder: Path, size: str) -> None:
    """Frees (or takes away) space, as a user deleting other files would."""
    done = _run("mount", "-o", f"remount,size={size}", str(folder))
    assert done.returncode == 0, done.stderr


def make_read_only(folder: Path, read_only: bool = True) -> None:
    done = _run("mount", "-o", "remount," + ("ro" if read_only else "rw"), str(folder))
    assert done.returncode == 0, done.stderr


def fill(folder: Path, name: str = "filler.bin") -> Path:
    """Takes every free byte of the file system with one file; returns it (delete it to free)."""
    filler = folder / name
    with filler.open("wb", buffering=0) as f:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    f.write(b"\0" * size)
            except OSError:
                pass
    return filler
