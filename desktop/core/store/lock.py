"""One running instance per data directory: an OS lock on a file that also holds the owner's pid.

The OS releases the lock when the process dies, however it dies, so a crash never leaves the
directory locked. The pid is there to name the other instance in the message, and serves as the
lock itself only where the file system cannot lock (some network drives): then a pid that is no
longer running is a stale lock and is taken over.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from desktop.core.errors import StoreError

LOCK_NAME = "store.lock"
# WORKAROUND: on Windows a locked byte range cannot be read by other processes, so the lock
# covers a byte far past the pid text (locking beyond the end of a file is allowed).
_WINDOWS_LOCK_OFFSET = 1 << 20
_UNSUPPORTED = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL}


class DataDirLock:
    """Held while a store is open on the directory; release() (or process death) frees it."""

    def __init__(self, path: Path, fd: int, dir_fd: int | None = None):
        self.path = path
        self._fd: int | None = fd
        self._dir_fd = dir_fd

    @classmethod
    def acquire(cls, data_dir: Path) -> "DataDirLock":
        path = data_dir / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"无法在数据目录 {data_dir} 中创建锁文件：{exc.strerror or exc}。"
                             "请确认该目录可写。") from exc
        dir_fd = None
        try:
            if not _lock(fd):
                raise StoreError(_busy_message(data_dir, _read_pid(fd)))
            dir_fd = _lock_directory(data_dir, fd)
            _write_pid(fd, os.getpid())
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, dir_fd)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        if self._dir_fd is not None:
            os.close(self._dir_fd)  # closing the descriptor frees its flock
            self._dir_fd = None
        try:
            _write_pid(fd, None)
            _unlock(fd)
        finally:
            # The file stays: deleting it would race with another process that has opened it
            # but not locked it yet, and both would then think they hold the lock.
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def _busy_message(data_dir: Path, pid: int | None) -> str:
    who = f"（进程号 {pid}）" if pid else ""
    return (f"数据目录 {data_dir} 正被另一个正在运行的学校督导自评助手使用{who}。"
            "同一份数据不能同时在两个窗口中打开，请先关闭另一个窗口。")


def _lock(fd: int) -> bool:
    """True when this process now holds the lock, False when another process does."""
    try:
        _os_lock(fd)
        return True
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLOCK", -1)):
            return False
        if exc.errno not in _UNSUPPORTED:
            raise
    pid = _read_pid(fd)  # the file system cannot lock: fall back to the pid alone
    return pid is None or pid == os.getpid() or not pid_alive(pid)


if os.name == "nt":
    import msvcrt

    def _os_lock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass  # never locked (pid fallback); closing the handle frees it anyway

else:
    import fcntl

    def _os_lock(fd: int) -> None:
        # flock, not lockf: flock locks belong to the open file, so a second open in the same
        # process is refused too, and a child process does not inherit the fd (PEP 446).
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_directory(data_dir: Path, lock_fd: int) -> int | None:
    """POSIX: also locks the data folder itself. store.lock can be deleted while held (a second
    instance would then lock a new file of the same name and write beside the first); the folder
    cannot go while it holds the data. Windows refuses to delete a file another process has open,
    so there the lock file suffices. Returns the folder's descriptor, None where not possible."""
    if os.name != "posix":
        return None
    try:
        dir_fd = os.open(data_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        fcntl.flock(dir_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        os.close(dir_fd)
        raise StoreError(_busy_message(data_dir, _read_pid(lock_fd) or None)) from None
    except OSError as exc:
        os.close(dir_fd)
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            raise StoreError(_busy_message(data_dir, None)) from None
        return None  # the file system cannot lock folders: the lock file alone
    return dir_fd


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _write_pid(fd: int, pid: int | None) -> None:
    """Best effort: the pid only names the holder in a message. A full disk must not keep the
    user out (the OS lock is what counts), nor stop a clean release."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        if pid is not None:
            os.write(fd, f"{pid}\n".encode("ascii"))
    except OSError:
        pass


def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (used only for locks the OS cannot hold)."""
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
