"""Writing an export file safely: into a temporary file beside it, synced, then renamed over it.

A USB stick pulled out or a full disk must never leave a half-written file under the final name,
nor destroy a good file that was there before.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from desktop.core.errors import DesktopError


class ExportError(DesktopError):
    """An export file could not be written (disk full, no permission, read back wrong…)."""


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """Yields a temporary path next to `out`; on success it replaces `out`, otherwise it is removed."""
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} 是一个文件夹，请指定要保存的文件名")
    if not out.parent.is_dir():
        raise ExportError(f"文件夹 {out.parent} 不存在")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"无法在 {out.parent} 中写入文件：{exc.strerror or exc}") from None
    os.close(handle)
    tmp = Path(name)
    try:
        yield tmp
        _sync(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    # Removable media cache writes; make sure the bytes are on the device before the rename.
    with open(path, "rb+") as f:
        os.fsync(f.fileno())
