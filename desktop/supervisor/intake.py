"""Importing school packages: verified copies only, duplicates asked about, failures recorded.

Each package is first copied into data_dir/submissions/.incoming-*/ and that copy is verified by
desktop.exchange.package.read_package (every check of a package lives there), so the bytes kept
are the bytes checked. A copy that passes is renamed to submissions/<digest>.zpkg and its row is
committed in one transaction; until then nothing of it is visible. A package that fails is not
imported: the file's name, hash and the reason are recorded (校验失败), with the school its
manifest names when the manifest can still be read (unverified: said so wherever it is shown).

A second package of the same school and 评估周期 is a conflict: the outcome carries both sides
(time, digest, verdicts) so the UI can ask which to keep; replace=True keeps the incoming one.
The older package is never deleted: its row is marked superseded and its file stays.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from desktop.core import catalog as catalog_module
from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError, ImportFileError, StoreError
from desktop.core.period_names import normalise as normalise_period
from desktop.core.snapshot_json import canonical_bytes, snapshot_to_json
from desktop.core.store.database import fsync_dir
from desktop.core.store.records import now
from desktop.exchange import package
from desktop.exchange.manifest import MANIFEST_NAME, load_json, manifest_from_json
from desktop.exchange.safe_zip import SafeZip
from desktop.supervisor.outcomes import (
    Conflict, FailedPackage, FolderImport, ImportCancelled, ImportOutcome, Outcome, PackageSide,
    shown_time,
)
from desktop.supervisor.roster import name_key, school_key
from desktop.supervisor.submissions import Verdicts, judge, unmet_row

SUBMISSIONS_DIR = "submissions"
_CHUNK = 1 << 20

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

log = logging.getLogger("desktop")


@dataclass
class _Staged:
    folder: Path
    path: Path
    sha256: str
    size: int
    source: Path


class Intake:
    """Package import (mixed into Workspace)."""

    def import_package(self, path: Path, *, replace: bool = False, catalog: Catalog | None = None,
                       progress: Progress | None = None,
                       is_cancelled: Cancelled | None = None) -> ImportOutcome:
        """Imports one package; replace=True keeps it over a stored one of the same school and
        period. Raises ImportFileError when the file cannot be found, ImportCancelled."""
        path = Path(path)
        if not path.is_file():
            raise ImportFileError("找不到文件", path=path)
        outcome = self._import_one(path, "always" if replace else "never",
                                   catalog or catalog_module.shipped(), is_cancelled)
        if outcome is None:
            raise ImportCancelled()
        if progress is not None:
            progress(1, 1)
        return outcome

    def import_folder(self, folder: Path, *, replace: bool = False, catalog: Catalog | None = None,
                      progress: Progress | None = None,
                      is_cancelled: Cancelled | None = None) -> FolderImport:
        """Imports every .zpkg below the folder, one at a time, each whole or not at all.

        replace=True lets a package replace a stored one of the same school and period only when
        it is newer (exported later); an older one is reported as a duplicate. Cancelling stops
        before the next package and leaves the one being checked unimported.
        """
        files = package_files(Path(folder))
        catalog = catalog or catalog_module.shipped()
        outcomes: list[ImportOutcome] = []
        for done, file in enumerate(files):
            if progress is not None:
                progress(done, len(files))
            if is_cancelled is not None and is_cancelled():
                return FolderImport(outcomes, len(files), cancelled=True)
            outcome = self._import_one(file, "newer" if replace else "never", catalog, is_cancelled)
            if outcome is None:
                return FolderImport(outcomes, len(files), cancelled=True)
            outcomes.append(outcome)
        if progress is not None:
            progress(len(files), len(files))
        return FolderImport(outcomes, len(files))

    def failed_packages(self) -> list[FailedPackage]:
        """Packages that failed verification, newest first."""
        rows = self.db.query("SELECT * FROM failures ORDER BY at DESC, id DESC")
        return [FailedPackage(r["id"], r["file_name"], r["file_sha256"], r["file_size"], r["reason"],
                              r["at"], r["claimed_name"], r["claimed_code"], r["claimed_period"],
                              r["claimed_key"]) for r in rows]

    # --- one package ----------------------------------------------------------------------------

    def _import_one(self, path: Path, policy: str, catalog: Catalog,
                    is_cancelled: Cancelled | None) -> ImportOutcome | None:
        """The outcome, or None when cancelled while the package was being checked."""
        staged = self._stage(path)
        if staged is None:
            return self._failed_unreadable(path)
        try:
            try:
                submission = package.read_package(staged.path, catalog, is_cancelled=is_cancelled)
            except ImportFileError as exc:
                if is_cancelled is not None and is_cancelled():
                    return None
                return self._record_failure(staged, _reason(exc))
            except (ValueError, ArithmeticError, RecursionError, MemoryError, LookupError,
                    TypeError) as exc:
                # A package built to break the reader (a number of 5000 digits once raised here):
                # it fails alone, is recorded, and the folder import goes on with the next one.
                log.exception("package %s could not be read", path)
                return self._record_failure(staged, f"无法读取提交包内容（{type(exc).__name__}），"
                                                    "文件可能已损坏或被构造过")
            return self._accept(staged, submission, policy, catalog)
        finally:
            shutil.rmtree(staged.folder, ignore_errors=True)

    def _stage(self, source: Path) -> _Staged | None:
        """Copies the package into an .incoming folder, hashing it; None if it cannot be read."""
        try:
            src = open(source, "rb")
        except OSError:
            return None
        folder = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.submissions_dir))
        target = folder / source.name  # the original name, so messages name the school's file
        digest, size = hashlib.sha256(), 0
        try:
            with src, open(target, "wb") as out:
                for chunk in iter(lambda: _read(src), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())  # on disk before its row can be committed
        except _SourceError:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise StoreError(f"无法把提交包复制到 {self.submissions_dir}：{exc.strerror or exc}。"
                             "请确认磁盘有空间。") from exc
        return _Staged(folder, target, digest.hexdigest(), size, source)

    def _failed_unreadable(self, path: Path) -> ImportOutcome:
        reason = "无法读取文件（可能被占用或没有读取权限）"
        return ImportOutcome(path, Outcome.FAILED, f"{path.name}：校验失败：{reason}", reason=reason)

    def _accept(self, staged: _Staged, submission: package.Submission, policy: str,
                catalog: Catalog) -> ImportOutcome:
        source, school = staged.source, submission.snapshot.school
        # Older versions let schools type the period: one spelling keeps one period in one list.
        period = normalise_period(submission.snapshot.period)
        existing = self._current_row(school.name, school.code, period)
        if existing is not None and existing["digest"] == submission.digest:
            # The verified copy replaces the stored file, which may have been damaged since.
            staged.path.replace(self.package_path(submission.digest))
            return ImportOutcome(source, Outcome.SAME, f"{source.name}：{school.name} 的这个提交包"
                                 "已经导入过，未重复导入", existing["id"])
        verdicts = judge(submission.snapshot, catalog)
        if existing is not None:
            conflict = Conflict(existing["id"], _existing_side(existing),
                                _incoming_side(submission, verdicts, source.name))
            if policy == "never" or (policy == "newer" and not conflict.incoming_is_newer):
                return ImportOutcome(source, Outcome.DUPLICATE, _duplicate_message(conflict, policy),
                                     existing["id"], conflict)
        new_id = self._store(staged, submission, verdicts, existing)
        kind = Outcome.IMPORTED if existing is None else Outcome.REPLACED
        text = f"{source.name}：已导入 {school.name}（{submission.snapshot.period}）"
        if existing is not None:
            text = f"{source.name}：已替换 {school.name}（{submission.snapshot.period}）原有的提交包"
        return ImportOutcome(source, kind, text, new_id)

    def _current_row(self, name: str, code: str, period: str) -> dict | None:
        rows = list(self.db.query(
            "SELECT id, school_name, school_code, period, digest, created, imported_at, file_name, "
            "summary, (SELECT count(*) FROM submission_unmet u WHERE u.submission_id = s.id) AS unmet "
            "FROM submissions s WHERE period = ? AND superseded_at IS NULL AND ("
            "(? != '' AND school_code = ?) OR (name_key = ? AND (school_code = '' OR ? = ''))) "
            "ORDER BY school_code = ? DESC", [period, code, code, name_key(name), code, code]))
        return rows[0] if rows else None

    # --- writing --------------------------------------------------------------------------------

    def _store(self, staged: _Staged, submission: package.Submission, verdicts: Verdicts,
               existing: dict | None) -> int:
        target = self.package_path(submission.digest)
        # A file already there holds the same data (its name is the data's digest) but may have
        # been damaged since: the copy just verified takes its place either way.
        placed = not target.exists()
        staged.path.replace(target)
        fsync_dir(self.submissions_dir)
        try:
            with self._transaction() as db:
                at = now()
                if existing is not None:
                    db.execute("UPDATE submissions SET superseded_at = ? WHERE id = ?",
                               [at, existing["id"]])
                new_id = db["submissions"].insert(_row(submission, verdicts, staged, at)).last_pk
                if existing is not None:
                    db.execute("UPDATE submissions SET superseded_by = ? WHERE id = ?",
                               [new_id, existing["id"]])
                _insert_details(db, new_id, submission, verdicts)
        except BaseException:
            if placed:
                target.unlink(missing_ok=True)
            raise
        return new_id

    def _record_failure(self, staged: _Staged, reason: str) -> ImportOutcome:
        claimed = _claimed(staged.path)
        with self._transaction() as db:
            db.execute("DELETE FROM failures WHERE file_sha256 = ?", [staged.sha256])
            db["failures"].insert({
                "file_sha256": staged.sha256, "file_name": staged.source.name,
                "file_size": staged.size, "reason": reason, "at": now(), **claimed})
        return ImportOutcome(staged.source, Outcome.FAILED,
                             f"{staged.source.name}：校验失败：{reason}", reason=reason)


def package_files(folder: Path) -> list[Path]:
    """Every package below the folder (sub-folders too), hidden half-written exports left out."""
    if not folder.is_dir():
        raise ImportFileError("找不到文件夹", path=folder)
    return sorted(p for p in folder.rglob(f"*{package.EXTENSION}")
                  if p.is_file() and not p.name.startswith("."))


class _SourceError(Exception):
    pass


def _read(src) -> bytes:
    try:
        return src.read(_CHUNK)
    except OSError as exc:
        raise _SourceError() from exc


def _reason(exc: ImportFileError) -> str:
    """The message without the leading 「文件 X：」 (the outcome names the file itself)."""
    text = str(exc)
    prefix = f"文件 {Path(exc.path).name}" if exc.path else ""
    return text[len(prefix):].lstrip("，：") if prefix and text.startswith(prefix) else text


def _claimed(path: Path) -> dict[str, str]:
    """Who the manifest says made the package, if it can still be read; unverified."""
    try:
        with SafeZip(path, package.LIMITS) as archive:
            raw = archive.read(MANIFEST_NAME, package.MAX_MANIFEST)

        def fail(message: str) -> ImportFileError:
            return ImportFileError(message)

        manifest = manifest_from_json(load_json(raw, MANIFEST_NAME, fail), fail)
    except (DesktopError, KeyError):
        return {}
    return {"claimed_name": manifest.school_name, "claimed_code": manifest.school_code,
            "claimed_period": manifest.period,
            "claimed_key": school_key(manifest.school_name, manifest.school_code)}


def _row(submission: package.Submission, verdicts: Verdicts, staged: _Staged, at: str) -> dict:
    s = submission.snapshot
    return {
        "school_key": school_key(s.school.name, s.school.code), "name_key": name_key(s.school.name),
        "school_name": s.school.name, "school_code": s.school.code, "school_type": s.school.type,
        "period": normalise_period(s.period), "digest": submission.digest, "created": submission.manifest.created,
        "imported_at": at, "file_name": staged.source.name, "file_size": staged.size,
        "app_version": submission.manifest.app_version, "data_status": s.status,
        "data_date": s.data_date,
        "snapshot": canonical_bytes(snapshot_to_json(s)).decode("utf-8"),
        "summary": json.dumps(verdicts.to_json(), ensure_ascii=False),
        "superseded_by": None, "superseded_at": None,
    }


def _insert_details(db, submission_id: int, submission: package.Submission,
                    verdicts: Verdicts) -> None:
    for position, item in enumerate(verdicts.unmet):
        db["submission_unmet"].insert(unmet_row(submission_id, position, item))
    for plan in submission.snapshot.rectifications:
        db["submission_plans"].insert({
            "submission_id": submission_id, "checklist": plan.checklist, "item": plan.item,
            "measure": plan.measure, "owner": plan.owner, "deadline": plan.deadline,
            "status": plan.status, "progress": plan.progress})


def _existing_side(row: dict) -> PackageSide:
    summary = json.loads(row["summary"])
    return PackageSide(row["school_name"], row["school_code"], row["period"], row["created"],
                       row["digest"], summary["verdicts"], row["unmet"], row["file_name"],
                       row["imported_at"])


def _incoming_side(submission: package.Submission, verdicts: Verdicts, file_name: str) -> PackageSide:
    s = submission.snapshot
    return PackageSide(s.school.name, s.school.code, s.period, submission.manifest.created,
                       submission.digest, verdicts.verdicts, len(verdicts.unmet), file_name)


def _duplicate_message(conflict: Conflict, policy: str) -> str:
    new, old = conflict.incoming, conflict.existing
    head = (f"{new.file_name}：重复：{new.school_name}（{new.period}）已有提交包"
            f"（导出于 {shown_time(old.created)}，指纹 {old.fingerprint}）；本包导出于 {shown_time(new.created)}，"
            f"指纹 {new.fingerprint}")
    if policy == "newer":
        return head + "，不比已有的新，未替换"
    return head + "，如要以本包替换，请使用 --replace"
