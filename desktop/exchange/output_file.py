"""Writing an export file safely: into a temporary file beside it, synced, then renamed over it.

A USB stick pulled out or a full disk must never leave a half-written file under the final name,
nor destroy a good file that was there before.
"""

from __future__ import annotations

import errno

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from desktop.core.errors import ExportError, ImportFileError  # noqa: F401  (ExportError re-exported)


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
        # mkstemp makes the file private (0600); an export is meant to be handed on.
        os.chmod(tmp, out.stat().st_mode & 0o777 if out.exists() else 0o644)
        _sync(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise ExportError(f"磁盘已满，无法写入 {out}。请清理磁盘空间或换一个保存位置后重试；"
                              "没有留下不完整的文件。") from None
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def read_back_failure(exc: ImportFileError) -> ExportError:
    """The error for a file that was written but did not read back; the temporary name is dropped."""
    text = str(exc)
    prefix = f"文件 {Path(exc.path).name}" if exc.path else ""
    if prefix and text.startswith(prefix):
        text = text[len(prefix):].lstrip("，：")
    return ExportError(f"写出的文件读回校验失败，未保存（{text}）。请换一个保存位置重试。")


def _sync(path: Path) -> None:
    # Removable media cache writes; make sure the bytes are on the device before the rename.
    with open(path, "rb+") as f:
        os.fsync(f.fileno())
