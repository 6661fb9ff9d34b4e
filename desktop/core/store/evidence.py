"""佐证材料 files kept once each in data_dir/evidence/, named by the SHA-256 of their content.

Blobs are written to a temporary name, flushed, then renamed, so a file under a hash name is
always complete; the database row pointing at it is committed only after that.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.core.evidence_names import EVIDENCE_EXTENSIONS, extension_of
from desktop.core.store.backups import list_backups
from desktop.core.store.database import fsync_dir, read_only_connection

EVIDENCE_DIR = "evidence"
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024
MAX_IMAGE_SIDE = 2400  # pixels on the long side: sharp on an A4 page at 300 dpi
_CHUNK = 1 << 20
_IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}


@dataclass(frozen=True)
class Blob:
    sha256: str
    size: int
    ext: str
    path: Path
    downscaled: bool = False


def can_downscale() -> bool:
    """Whether Pillow is installed; without it images are stored as they are."""
    return importlib.util.find_spec("PIL") is not None


def extension(name: str) -> str:
    """The extension a stored file gets: an evidence type's, or none — so a stored file can
    never be an .exe, .bat or .lnk that the system would run when it is opened."""
    ext = extension_of(name)
    return ext if ext in EVIDENCE_EXTENSIONS else ""


def too_large_message(name: str, size: int) -> str:
    return (f"文件「{name}」有 {size / 1024 / 1024:.1f} MB，超过每个佐证材料 "
            f"{MAX_EVIDENCE_BYTES // 1024 // 1024} MB 的上限。请压缩或拆分后再添加"
            "（照片可选择「缩小图片」）。")


class BlobStore:
    """The evidence folder: content-addressed files, added and removed by hash."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.folder = data_dir / EVIDENCE_DIR
        self._index: dict[str, Path] | None = None  # sha256 → file, listed once (see find)
        self._dir_sync_pending: bool | None = None  # inside many(): one folder flush at the end

    @contextmanager
    def many(self) -> Iterator[None]:
        """Adds many blobs with one flush of the folder at the end instead of one per file
        (thousands of evidence files in a package); the caller commits rows only after it."""
        self._dir_sync_pending = False
        try:
            yield
        finally:
            pending, self._dir_sync_pending = self._dir_sync_pending, None
            if pending:
                fsync_dir(self.folder)

    def path(self, sha256: str, ext: str) -> Path:
        return self.folder / (f"{sha256}.{ext}" if ext else sha256)

    def find(self, sha256: str) -> Path | None:
        """The stored file of a hash. The folder is listed once, not globbed per call: a glob
        per file made importing n evidence files O(n²) (thousands took minutes)."""
        if self._index is None:
            self._index = {}
            try:
                with os.scandir(self.folder) as entries:
                    for entry in entries:
                        sha = entry.name.split(".", 1)[0]
                        if len(sha) == 64 and not entry.name.endswith(".part"):
                            self._index.setdefault(sha, Path(entry.path))
            except FileNotFoundError:
                pass
        path = self._index.get(sha256)
        if path is not None and not path.exists():
            del self._index[sha256]  # removed behind our back
            return None
        return path

    def add_file(self, source: Path, downscale: bool = False) -> Blob:
        """Copies a file in (downscaled first when asked and possible); raises StoreError."""
        try:
            size = source.stat().st_size
        except OSError as exc:
            raise StoreError(f"无法读取文件 {source}：{exc.strerror or exc}") from exc
        image = _IMAGE_FORMATS.get(source.suffix.lower())
        if downscale and image and can_downscale():
            data = _downscaled(source, image)
            if data is not None:
                if len(data) > MAX_EVIDENCE_BYTES:
                    raise StoreError(too_large_message(source.name, len(data)))
                return self.add_bytes(data, extension(source.name), downscaled=True)
        if size > MAX_EVIDENCE_BYTES:
            raise StoreError(too_large_message(source.name, size))
        return self._copy_in(source, extension(source.name))

    def add_bytes(self, data: bytes, ext: str, expected_sha256: str = "",
                  downscaled: bool = False) -> Blob:
        sha = hashlib.sha256(data).hexdigest()
        if expected_sha256 and sha != expected_sha256:
            raise StoreError(f"佐证材料内容与其 SHA-256（{expected_sha256[:16]}…）不符，文件可能已损坏")
        return self._place(sha, len(data), ext, lambda f: f.write(data), downscaled)

    def _copy_in(self, source: Path, ext: str) -> Blob:
        try:
            with source.open("rb") as f:
                return self._stream_in(f, source.name, ext)
        except OSError as exc:
            raise StoreError(f"无法读取文件 {source}：{exc.strerror or exc}") from exc

    def _stream_in(self, f: io.BufferedReader, name: str, ext: str) -> Blob:
        """Hashes while copying to a temporary file, so a large file is never held in memory."""
        self.folder.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, temp_name = tempfile.mkstemp(dir=self.folder, suffix=".part")
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in iter(lambda: f.read(_CHUNK), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    if size > MAX_EVIDENCE_BYTES:
                        raise StoreError(too_large_message(name, size))
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            return self._commit_temp(temp, digest.hexdigest(), size, ext, False)
        finally:
            temp.unlink(missing_ok=True)

    def _place(self, sha: str, size: int, ext: str, write, downscaled: bool) -> Blob:
        existing = self.find(sha)
        if existing is not None and existing.stat().st_size == size:
            return Blob(sha, size, _ext_of(existing), existing, downscaled)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=self.folder, suffix=".part")
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            return self._commit_temp(temp, sha, size, ext, downscaled)
        finally:
            temp.unlink(missing_ok=True)

    def _commit_temp(self, temp: Path, sha: str, size: int, ext: str, downscaled: bool) -> Blob:
        existing = self.find(sha)
        if existing is not None and existing.stat().st_size == size:
            return Blob(sha, size, _ext_of(existing), existing, downscaled)
        target = self.path(sha, ext)
        os.replace(temp, target)
        if self._dir_sync_pending is None:
            fsync_dir(self.folder)
        else:
            self._dir_sync_pending = True
        if self._index is not None:
            self._index[sha] = target
        return Blob(sha, size, ext, target, downscaled)

    def delete_unreferenced(self, candidates: set[str], conn: sqlite3.Connection) -> set[str]:
        """Deletes the blobs among candidates that neither the database nor any backup uses.

        Backups count because restoring one must bring its evidence back too.
        """
        in_use = {row[0] for row in conn.execute("SELECT DISTINCT sha256 FROM evidence")}
        left = set(candidates) - in_use
        for backup in list_backups(self.data_dir):
            if not left:
                break
            left -= _referenced_by(backup, left)
        for sha in left:
            path = self.find(sha)
            if path is not None:
                path.unlink(missing_ok=True)
                if self._index is not None:
                    self._index.pop(sha, None)
        return left

    def all_hashes(self) -> set[str]:
        if not self.folder.is_dir():
            return set()
        return {p.name.split(".")[0] for p in self.folder.iterdir()
                if re.fullmatch(r"[0-9a-f]{64}(\.[a-z0-9]{1,8})?", p.name)}

    def remove_temp_files(self) -> None:
        if self.folder.is_dir():
            for path in self.folder.glob("*.part"):
                path.unlink(missing_ok=True)


def _ext_of(path: Path) -> str:
    return path.suffix.lstrip(".")


def _referenced_by(backup: Path, hashes: set[str]) -> set[str]:
    """Which of the hashes a backup refers to; an unreadable backup is assumed to use them all."""
    try:
        conn = read_only_connection(backup, immutable=True)
        try:
            marks = ",".join("?" * len(hashes))
            rows = conn.execute(f"SELECT DISTINCT sha256 FROM evidence WHERE sha256 IN ({marks})",
                                sorted(hashes))
            return {row[0] for row in rows}
        finally:
            conn.close()
    except sqlite3.Error:
        return set(hashes)


def _downscaled(source: Path, image_format: str) -> bytes | None:
    """The image re-encoded with its long side at most MAX_IMAGE_SIDE; None if already small."""
    from PIL import Image, ImageOps  # optional: reportlab brings Pillow along
    try:
        with Image.open(source) as img:
            if max(img.size) <= MAX_IMAGE_SIDE:
                return None
            # Phone photos store their rotation in EXIF; apply it before the EXIF is dropped.
            img = ImageOps.exif_transpose(img)
            img.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if image_format == "JPEG":
                img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            else:
                img.save(out, "PNG", optimize=True)
            return out.getvalue()
    except (OSError, ValueError) as exc:
        raise StoreError(f"无法读取图片「{source.name}」：{exc}") from exc


def count_pages(path: Path) -> int:
    """Pages of a PDF (counted from its page objects), 1 for anything else."""
    if path.suffix.lower() != ".pdf":
        return 1
    try:
        data = path.read_bytes()
    except OSError:
        return 1
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return max(pages, 1)
