"""Defensive reading of zip files (submission packages, .xlsx workbooks): check first, never extract.

A file that enters the app may be damaged or built to harm: names that climb out of a folder,
symbolic links, duplicate or overlapping members, zip bombs, encryption. Every check raises
ImportFileError with a Chinese sentence and nothing is ever written to disk: members are only read
into memory (or streamed through a hash), each within a limit that is enforced twice — against
the sizes the zip declares, and again while decompressing, in case the declaration lies.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from desktop.core.errors import ImportFileError

CHUNK = 1 << 16
# What a damaged zip makes the standard library raise while reading. Anything else is a bug and
# is allowed to surface.
ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
              struct.error, RuntimeError, IndexError, OverflowError)
_DRIVE = re.compile(r"^[A-Za-z]:")
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_MAX_ENTRY_BYTES = 4096  # one central-directory entry: 46 bytes + name + extra + comment
_ZIP64_SIZE = 1 << 31  # zipfile adds a zip64 extra field from here on
_ALLOWED_METHODS = {zipfile.ZIP_STORED: "不压缩", zipfile.ZIP_DEFLATED: "Deflate"}


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip may hold before it is refused (sizes in bytes)."""

    max_file_size: int
    max_members: int
    max_member_size: int
    max_total_size: int
    max_ratio: int = 200  # uncompressed : compressed, for members above ratio_floor
    ratio_floor: int = 1 << 20  # smaller members cannot be bombs worth the name
    allow_directories: bool = False
    # Packages this program writes have nothing but their members: no bytes before the first,
    # between two, or after the directory, and no zip comment. Bytes there are covered by no
    # member's hash, so a package carrying any is refused (exact_layout=True).
    exact_layout: bool = False


def size_text(n: int) -> str:
    """A byte count as people read it: '512 字节', '3.4 MB'."""
    if n < 1024:
        return f"{n} 字节"
    for unit in ("KB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")


class SafeZip:
    """A zip whose directory passed every check; members are read with enforced size limits.

    Attributes:
        names: member names in directory order (directories left out).
    """

    def __init__(self, source: Path | bytes, limits: ZipLimits, *, path: str | Path = ""):
        self.limits = limits
        self.path = str(path or (source if isinstance(source, Path) else ""))
        self._fp: BinaryIO = self._open(source)
        try:
            _precheck_directory(self._fp, limits, self._fail)
            self._zip = self._guarded(lambda: zipfile.ZipFile(self._fp), "")
            self._infos = self._check_directory()
            if limits.exact_layout:
                _check_exact_layout(self._fp, self._zip, self._fail)
        except BaseException:
            self._fp.close()
            raise
        self.names = tuple(self._infos)

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._fp.close()

    def __contains__(self, name: str) -> bool:
        return name in self._infos  # a dict: `in self.names` would be O(n) per look-up

    def info(self, name: str) -> zipfile.ZipInfo:
        return self._infos[name]

    def read(self, name: str, max_size: int | None = None) -> bytes:
        """The member's bytes; refused if larger than max_size (or the member limit)."""
        info = self._infos[name]
        if max_size is not None and info.file_size > max_size:
            raise self._fail(f"成员「{name}」有 {size_text(info.file_size)}，超过上限 "
                             f"{size_text(max_size)}")
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterator[bytes]:
        """Streams a member, stopping as soon as more comes out than the zip declared."""
        info = self._infos[name]
        declared = info.file_size
        produced = 0
        handle = self._guarded(lambda: self._zip.open(info), name)
        with handle:
            while True:
                chunk = self._guarded(lambda: handle.read(CHUNK), name)
                if not chunk:
                    break
                produced += len(chunk)
                if produced > declared:
                    raise self._fail(f"成员「{name}」解压后超出其声明的大小 {size_text(declared)}"
                                     "（疑似压缩炸弹），已停止读取")
                yield chunk
        if produced != declared:
            raise self._fail(f"成员「{name}」的实际大小与声明的不符（文件已损坏）")

    def _open(self, source: Path | bytes) -> BinaryIO:
        if isinstance(source, bytes):
            return io.BytesIO(source)
        try:
            return open(source, "rb")
        except FileNotFoundError:
            raise ImportFileError("找不到文件", path=source) from None
        except OSError as exc:
            raise ImportFileError(f"无法打开文件：{exc.strerror or exc}", path=source) from None

    def _fail(self, message: str) -> ImportFileError:
        return ImportFileError(message, path=self.path)

    def _guarded(self, action, name: str):
        try:
            return action()
        except ZIP_DAMAGE as exc:
            where = f"成员「{name}」" if name else "文件"
            raise self._fail(f"{where}已损坏或不是有效的 zip 格式（{type(exc).__name__}：{exc}）") from None

    def _check_directory(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        limits = self.limits
        if len(infos) > limits.max_members:
            raise self._fail(f"包含 {len(infos)} 个成员，超过上限 {limits.max_members}")
        seen: dict[str, str] = {}
        offsets: set[int] = set()
        total = 0
        kept: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.orig_filename
            self._check_name(name)
            self._check_member(info)
            folded = unicodedata.normalize("NFC", name).casefold()
            if folded in seen:
                raise self._fail(f"成员名「{name}」与「{seen[folded]}」重复，已拒绝")
            seen[folded] = name
            if info.header_offset in offsets:
                raise self._fail(f"成员「{name}」与其他成员共用同一段数据（重叠），已拒绝")
            offsets.add(info.header_offset)
            total += info.file_size
            if total > limits.max_total_size:
                raise self._fail(f"解压后总大小超过上限 {size_text(limits.max_total_size)}")
            if not name.endswith("/"):
                kept[name] = info
        return kept

    def _check_name(self, name: str) -> None:
        if not name or "\x00" in name or any(ord(ch) < 0x20 for ch in name):
            raise self._fail(f"成员名「{name!r}」为空或含控制字符，已拒绝")
        if "\\" in name:
            raise self._fail(f"成员名「{name}」含反斜杠，已拒绝")
        if name.startswith("/"):
            raise self._fail(f"成员「{name}」使用了绝对路径，已拒绝")
        if _DRIVE.match(name):
            raise self._fail(f"成员「{name}」含盘符，已拒绝")
        parts = name.rstrip("/").split("/")
        if ".." in parts:
            raise self._fail(f"成员「{name}」的路径含“..”，指向包外，已拒绝")
        if any(p in ("", ".") for p in parts):
            raise self._fail(f"成员名「{name}」的路径格式不正确，已拒绝")
        if name.endswith("/") and not self.limits.allow_directories:
            raise self._fail(f"包含目录条目「{name}」，已拒绝")

    def _check_member(self, info: zipfile.ZipInfo) -> None:
        name, limits = info.orig_filename, self.limits
        mode = info.external_attr >> 16
        if stat.S_IFMT(mode) == stat.S_IFLNK:
            raise self._fail(f"成员「{name}」是符号链接，已拒绝")
        if info.flag_bits & 0x41:  # bit 0: encrypted; bit 6: strong encryption
            raise self._fail(f"成员「{name}」已加密，本程序不接受加密的文件")
        if info.compress_type not in _ALLOWED_METHODS:
            raise self._fail(f"成员「{name}」使用了不支持的压缩方式（编号 {info.compress_type}）")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise self._fail(f"成员「{name}」记录的大小前后不一致（文件已损坏）")
        if info.file_size > limits.max_member_size:
            raise self._fail(f"成员「{name}」解压后有 {size_text(info.file_size)}，超过上限 "
                             f"{size_text(limits.max_member_size)}")
        if info.file_size > limits.ratio_floor and \
                info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise self._fail(f"成员「{name}」的压缩比为 {ratio}:1，异常偏高（疑似压缩炸弹），已拒绝")


def _precheck_directory(fp: BinaryIO, limits: ZipLimits, fail) -> None:
    """Bounds the central directory before zipfile reads it whole into memory."""
    size = fp.seek(0, io.SEEK_END)
    if size > limits.max_file_size:
        raise fail(f"文件有 {size_text(size)}，超过上限 {size_text(limits.max_file_size)}")
    tail_start = max(0, size - (22 + 0xFFFF))
    fp.seek(tail_start)
    tail = fp.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise fail("不是有效的 zip 格式（文件可能已损坏，或不是本程序导出的文件）")
    entries, cd_size = struct.unpack("<xxxxxxxxxxHIxxxxxx", tail[at:at + 22])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        entries, cd_size = _zip64_directory(fp, tail_start + at, fail)
    if entries > limits.max_members:
        raise fail(f"包含 {entries} 个成员，超过上限 {limits.max_members}")
    if cd_size > max(entries, 1) * _MAX_ENTRY_BYTES:
        raise fail("zip 目录的大小异常（文件可能已损坏或被构造过），已拒绝")
    fp.seek(0)


def _check_exact_layout(fp: BinaryIO, archive: zipfile.ZipFile, fail) -> None:
    """Members back to back from byte 0, the directory right after them, the end record last."""
    size = fp.seek(0, io.SEEK_END)
    directory_end = archive.start_dir + _directory_size(fp, size, fail)
    at = 0
    for info in sorted(archive.infolist(), key=lambda i: i.header_offset):
        if info.header_offset != at:
            raise fail("zip 成员之间或之前有多余的字节（不属于任何成员，未受校验值保护），已拒绝")
        if info.flag_bits & 0x08:
            raise fail(f"成员「{info.orig_filename}」使用了数据描述符，不是本程序写出的格式，已拒绝")
        fp.seek(at)
        header = fp.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise fail(f"成员「{info.orig_filename}」的本地文件头损坏，已拒绝")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        if (extra_length or info.extra or info.comment) and info.file_size < _ZIP64_SIZE:
            raise fail(f"成员「{info.orig_filename}」带有附加字段或注释（不受校验值保护），已拒绝")
        at += 30 + name_length + extra_length + info.compress_size
    if at != archive.start_dir:
        raise fail("zip 成员与目录之间有多余的字节（不属于任何成员，未受校验值保护），已拒绝")
    if archive.comment or size - directory_end not in (22, 22 + 20 + 56):
        raise fail("zip 文件末尾有多余的字节或注释（不属于任何成员，未受校验值保护），已拒绝")
    fp.seek(0)


def _directory_size(fp: BinaryIO, size: int, fail) -> int:
    fp.seek(max(0, size - 22))
    end = fp.read(22)
    if end[:4] != _EOCD:
        raise fail("zip 文件末尾有多余的字节或注释（不属于任何成员，未受校验值保护），已拒绝")
    (cd_size,) = struct.unpack("<12xI6x", end)
    if cd_size == 0xFFFFFFFF:
        return _zip64_directory(fp, size - 22, fail)[1]
    return cd_size


def _zip64_directory(fp: BinaryIO, eocd_at: int, fail) -> tuple[int, int]:
    if eocd_at < 20:
        raise fail("zip64 目录记录缺失（文件已损坏）")
    fp.seek(eocd_at - 20)
    locator = fp.read(20)
    if locator[:4] != _EOCD64_LOCATOR:
        raise fail("zip64 目录记录缺失（文件已损坏）")
    (offset,) = struct.unpack("<8xQ4x", locator)
    fp.seek(offset)
    record = fp.read(56)
    if len(record) != 56 or record[:4] != _EOCD64:
        raise fail("zip64 目录记录损坏")
    entries, cd_size = struct.unpack("<32xQQ8x", record)
    return entries, cd_size
