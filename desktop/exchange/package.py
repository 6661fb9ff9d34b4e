"""The submission package (.zpkg) a school sends its 督学: write it, read it back, verify it.

A package is a zip of manifest.json, data.json (the canonical JSON of the assessment snapshot)
and evidence/<sha256> (each evidence file's bytes, named by their own hash). The manifest carries
the SHA-256 and size of every other member and the snapshot's digest — the fingerprint the PDF
report prints.

What verification proves: that nothing in the package changed after it was exported (every
member matches its hash, the data matches the digest). It does not prove that the answers are
true, nor who made the package: anyone with this program can make a package whose digest matches
its own data. See manifest.DIGEST_NOTICE, which `verify` prints.

Standard library only (zipfile, hashlib, json); no Qt, so the supervisor side can reuse it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
import weakref
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from desktop import __version__
from desktop.core.assessment import AssessmentSnapshot, Evidence
from desktop.core.catalog import Catalog
from desktop.core.errors import ImportFileError, InputError, StoreError
from desktop.core.evidence_names import name_problem, shown
from desktop.core.snapshot_json import canonical_bytes, digest, snapshot_from_json, snapshot_to_json
from desktop.exchange.manifest import (
    DATA_NAME, EVIDENCE_PREFIX, MANIFEST_NAME, SHA256_HEX, Manifest, MemberRecord, load_json,
    manifest_from_json,
)
from desktop.exchange.output_file import ExportError, atomic_output, read_back_failure
from desktop.exchange.safe_zip import SafeZip, ZipLimits

EXTENSION = ".zpkg"
MiB = 1 << 20
LIMITS = ZipLimits(
    max_file_size=4096 * MiB,
    max_members=10_002,  # manifest, data and up to 10 000 evidence files
    max_member_size=256 * MiB,  # the store takes evidence files up to 50 MB; leave room
    max_total_size=4096 * MiB,
    max_ratio=200,
    exact_layout=True,
)
MAX_MANIFEST = 16 * MiB
MAX_DATA = 64 * MiB

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Submission:
    """A package that passed every check: its manifest and the snapshot it carries.

    evidence_source(sha256) returns an evidence file's bytes, read again from the package and
    checked against the hash, for AnswerStore.import_snapshot.
    """

    path: Path
    manifest: Manifest
    snapshot: AssessmentSnapshot
    # The package opened once for evidence_source: reopening (and re-checking the directory of)
    # the zip per evidence file made an import of n files O(n²) — 9990 files never finished.
    _archive: list = field(default_factory=list, compare=False, repr=False)

    @property
    def digest(self) -> str:
        return self.manifest.digest

    @property
    def evidence_bytes(self) -> int:
        return sum(self.manifest.members[n].size for n in self.manifest.evidence_names)

    def evidence_source(self, sha256: str) -> bytes:
        name = EVIDENCE_PREFIX + sha256
        if not self._archive:
            archive = SafeZip(self.path, LIMITS)
            self._archive.append(archive)
            weakref.finalize(self, archive.close)  # closed with the Submission, if not before
        archive = self._archive[0]
        if name not in archive:
            raise ImportFileError(f"提交包中没有佐证材料 {sha256[:16]}…", path=self.path)
        blob = archive.read(name)
        if hashlib.sha256(blob).hexdigest() != sha256:
            raise ImportFileError(f"佐证材料 {sha256[:16]}… 的内容与其校验值不符（文件在读取后被改动？）",
                                  path=self.path)
        return blob

    def close(self) -> None:
        """Closes the package file evidence_source opened (Windows keeps open files locked)."""
        while self._archive:
            self._archive.pop().close()

    def __enter__(self) -> "Submission":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- writing ------------------------------------------------------------------------------------


def write_package(snapshot: AssessmentSnapshot, out: Path, evidence_source: Callable[[str], bytes],
                  catalog: Catalog, *, created: dt.datetime | None = None,
                  progress: Progress | None = None,
                  is_cancelled: Cancelled | None = None) -> Submission:
    """Writes the package atomically, reads it back with every check, and returns what was read.

    evidence_source(sha256) gives an evidence file's bytes (e.g. from AnswerStore.evidence_file).
    Raises InputError when the snapshot itself would not read back, StoreError when an evidence
    file is missing or damaged, ExportError when the file cannot be written or reads back wrong.
    """
    _check_exportable(snapshot, catalog)
    created = (created or dt.datetime.now()).astimezone()
    data = canonical_bytes(snapshot_to_json(snapshot))
    evidence = _unique_evidence(snapshot.evidence)
    with atomic_output(Path(out)) as tmp:
        with zipfile.ZipFile(tmp, "w") as archive:
            members = {DATA_NAME: _add_member(archive, DATA_NAME, data, created)}
            for done, (sha, item) in enumerate(evidence.items(), start=1):
                if is_cancelled is not None and is_cancelled():
                    raise ExportError("已取消导出，未生成文件")
                blob = _checked_evidence(evidence_source, sha, item)
                name = EVIDENCE_PREFIX + sha
                members[name] = _add_member(archive, name, blob, created)
                if progress is not None:
                    progress(done, len(evidence))
            manifest = _manifest(snapshot, created, members)
            _add_member(archive, MANIFEST_NAME, _pretty_json(manifest.to_json()), created)
        try:
            written = read_package(tmp, catalog)
        except ImportFileError as exc:
            raise read_back_failure(exc) from None
    return Submission(Path(out), written.manifest, written.snapshot)


def _check_exportable(snapshot: AssessmentSnapshot, catalog: Catalog) -> None:
    try:
        snapshot_from_json(snapshot_to_json(snapshot), catalog)
    except InputError as exc:
        raise InputError(f"评估数据不能导出：{exc}", exc.field) from None


def _unique_evidence(evidence: tuple[Evidence, ...]) -> dict[str, Evidence]:
    """One member per content: the same file attached to two items is carried once."""
    unique: dict[str, Evidence] = {}
    for item in sorted(evidence, key=lambda e: e.sha256):
        if not SHA256_HEX.match(item.sha256):
            raise StoreError(f"佐证材料「{item.name}」的校验值记录不正确，无法导出")
        unique.setdefault(item.sha256, item)
    return unique


def _checked_evidence(source: Callable[[str], bytes], sha: str, item: Evidence) -> bytes:
    try:
        blob = source(sha)
    except OSError as exc:
        raise StoreError(f"无法读取佐证材料「{item.name}」：{exc.strerror or exc}") from None
    if hashlib.sha256(blob).hexdigest() != sha or len(blob) != item.size:
        raise StoreError(f"佐证材料「{item.name}」的文件已损坏（内容与记录的校验值不符），"
                         "请重新添加后再导出")
    return blob


def _add_member(archive: zipfile.ZipFile, name: str, data: bytes,
                created: dt.datetime) -> MemberRecord:
    info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
    info.compress_type = _compression_for(data)
    info.external_attr = 0o100644 << 16  # a regular file, never a link
    archive.writestr(info, data)
    return MemberRecord(hashlib.sha256(data).hexdigest(), len(data))


def _compression_for(data: bytes) -> int:
    """Deflate what shrinks; store photos and PDFs as they are, and anything a reader could
    mistake for a zip bomb (so every package this program writes, it can read)."""
    if len(data) < 4096:
        return zipfile.ZIP_DEFLATED
    sample = data[:1 << 16]
    if len(zlib.compress(sample, 1)) > len(sample) * 0.9:
        return zipfile.ZIP_STORED
    if len(data) > LIMITS.ratio_floor:
        packed = len(zlib.compress(data, zlib.Z_DEFAULT_COMPRESSION))
        if len(data) > LIMITS.max_ratio // 2 * packed:
            return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _manifest(snapshot: AssessmentSnapshot, created: dt.datetime,
              members: dict[str, MemberRecord]) -> Manifest:
    return Manifest(
        app_version=__version__,
        school_name=snapshot.school.name,
        school_code=snapshot.school.code,
        period=snapshot.period,
        checklists=snapshot.checklists,
        overlay=snapshot.overlay,
        created=created.isoformat(timespec="seconds"),
        digest=digest(snapshot),
        members=members,
    )


def _pretty_json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


# --- reading ------------------------------------------------------------------------------------


def read_package(path: Path, catalog: Catalog, *, progress: Progress | None = None,
                 is_cancelled: Cancelled | None = None) -> Submission:
    """Reads and verifies a package; raises ImportFileError (in Chinese) for anything wrong.

    Checks: the zip itself (safe_zip), the member list against the manifest, every member's
    SHA-256 and size, each evidence member's name against its content hash, data.json against
    the manifest's digest (recomputed from the parsed snapshot), and the snapshot's evidence list
    against the evidence members. Nothing is written anywhere.
    """
    path = Path(path)

    def fail(message: str) -> ImportFileError:
        return ImportFileError(message, path=path)

    with SafeZip(path, LIMITS) as archive:
        if MANIFEST_NAME not in archive:
            raise fail("不是本程序的提交包（缺少 manifest.json）")
        manifest = manifest_from_json(
            load_json(archive.read(MANIFEST_NAME, MAX_MANIFEST), MANIFEST_NAME, fail), fail)
        _check_member_names(archive.names, manifest, fail)
        _check_hashes(archive, manifest, fail, progress, is_cancelled)
        data = archive.read(DATA_NAME, MAX_DATA)
    snapshot = _snapshot(data, manifest, catalog, fail)
    return Submission(path, manifest, snapshot)


def _check_member_names(names: tuple[str, ...], manifest: Manifest, fail) -> None:
    for name in names:
        if name in (MANIFEST_NAME, DATA_NAME):
            continue
        if not (name.startswith(EVIDENCE_PREFIX) and SHA256_HEX.match(name[len(EVIDENCE_PREFIX):])):
            raise fail(f"提交包中有不认识的成员「{name}」")
    listed, present = set(manifest.members), set(names) - {MANIFEST_NAME}
    if DATA_NAME not in listed or DATA_NAME not in present:
        raise fail("提交包缺少 data.json")
    if missing := sorted(listed - present):
        raise fail(f"清单中列出的成员「{missing[0]}」不在提交包中")
    if extra := sorted(present - listed):
        raise fail(f"成员「{extra[0]}」未列在清单中")


def _check_hashes(archive: SafeZip, manifest: Manifest, fail, progress: Progress | None,
                  is_cancelled: Cancelled | None) -> None:
    total = sum(m.size for m in manifest.members.values())
    done = 0
    for name, record in sorted(manifest.members.items()):
        if archive.info(name).file_size != record.size:
            raise fail(f"成员「{name}」的大小与清单不符")
        hasher = hashlib.sha256()
        for chunk in archive.chunks(name):
            hasher.update(chunk)
            done += len(chunk)
            if is_cancelled is not None and is_cancelled():
                raise fail("已取消校验")
        actual = hasher.hexdigest()
        if actual != record.sha256:
            raise fail(f"成员「{name}」的内容与清单中的 SHA-256 不符（文件被改动或已损坏）")
        if name.startswith(EVIDENCE_PREFIX) and name[len(EVIDENCE_PREFIX):] != actual:
            raise fail(f"佐证材料「{name}」的文件名与其内容的 SHA-256 不符")
        if progress is not None:
            progress(done, total)


def _snapshot(data: bytes, manifest: Manifest, catalog: Catalog, fail) -> AssessmentSnapshot:
    raw = load_json(data, DATA_NAME, fail)
    try:
        snapshot = snapshot_from_json(raw, catalog)
    except InputError as exc:
        raise fail(f"data.json 中的数据不正确：{exc}") from None
    if canonical_bytes(snapshot_to_json(snapshot)) != data:
        raise fail("data.json 不是规范格式（含多余或改动过的内容），与数据指纹无法对应")
    if digest(snapshot) != manifest.digest:
        raise fail("数据指纹与清单不符：data.json 在导出后被改动过")
    _check_manifest_matches(snapshot, manifest, fail)
    evidence = {e.sha256: e for e in snapshot.evidence}
    members = {n[len(EVIDENCE_PREFIX):]: m for n, m in manifest.members.items()
               if n.startswith(EVIDENCE_PREFIX)}
    if missing := sorted(set(evidence) - set(members)):
        raise fail(f"佐证材料「{evidence[missing[0]].name}」的文件不在提交包中")
    if extra := sorted(set(members) - set(evidence)):
        raise fail(f"提交包中的文件 evidence/{extra[0]} 不属于任何佐证材料")
    for item in snapshot.evidence:
        if problem := name_problem(item.name):
            raise fail(f"佐证材料「{shown(item.name)}」（条目 {item.item}）不能接受：{problem}。"
                       "整个提交包未导入")
        if members[item.sha256].size != item.size:
            raise fail(f"佐证材料「{item.name}」的大小与记录不符")
    return snapshot


def _check_manifest_matches(snapshot: AssessmentSnapshot, manifest: Manifest, fail) -> None:
    pairs = (("学校名称", snapshot.school.name, manifest.school_name),
             ("学校标识码", snapshot.school.code, manifest.school_code),
             ("评估周期", snapshot.period, manifest.period),
             ("检查表", snapshot.checklists, manifest.checklists),
             ("地方标准", snapshot.overlay, manifest.overlay))
    for label, in_data, in_manifest in pairs:
        if in_data != in_manifest:
            raise fail(f"清单中的{label}与 data.json 不一致")
