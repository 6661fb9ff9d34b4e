"""Evidence files attached to items, and snapshots written in whole (they bring their files)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from desktop.core.assessment import ARCHIVE_MODES, AssessmentSnapshot, Evidence
from desktop.core.evidence_names import name_problem, shown
from desktop.core.errors import StoreError
from desktop.core.store import snapshots
from desktop.core.store.base import ITEM_KEY, StoreBase, check_date
from desktop.core.store.evidence import count_pages
from desktop.core.store.records import evidence_from_row, now


class Attachments(StoreBase):
    """The AnswerStore methods for 佐证材料 files and for importing snapshots."""

    # --- evidence ---------------------------------------------------------------------------------

    def add_evidence(self, assessment_id: int, checklist_id: str, item_id: str, path: Path,
                     caption: str = "", taken_on: str = "", archive: str = "随报",
                     downscale: bool = False, pages: int | None = None, code: str = "") -> Evidence:
        """Copies a file into the store (once per content) and attaches it to an item.

        downscale: shrink photos larger than MAX_IMAGE_SIDE; needs Pillow (see can_downscale()),
        without which the file is stored unchanged.
        """
        if archive not in ARCHIVE_MODES:
            raise StoreError(f"归档方式应为 {'、'.join(ARCHIVE_MODES)} 之一，现为「{archive}」")
        check_date(taken_on, "拍摄日期")
        with self._transaction():
            self._editable(assessment_id, checklist_id)  # refuse before copying a large file
        path = Path(path)
        if problem := name_problem(path.name):
            raise StoreError(f"不能添加「{shown(path.name)}」作为佐证材料：{problem}。")
        blob = self.blobs.add_file(path, downscale)
        row = {"assessment_id": assessment_id, "checklist_id": checklist_id, "item_id": item_id,
               "sha256": blob.sha256, "name": path.name, "size": blob.size, "added_at": now(),
               "caption": caption, "taken_on": taken_on, "archive": archive,
               "pages": pages or count_pages(path), "code": code}
        try:
            with self._transaction() as db:
                self._editable(assessment_id, checklist_id)
                snapshots.insert_blob_row(db, blob.sha256, blob.size, blob.ext)
                existing = self.evidence(assessment_id, checklist_id, item_id)
                same = [e for e in existing if e.sha256 == blob.sha256]
                if same:
                    return same[0]
                db["evidence"].insert(row)
        except BaseException:
            self.blobs.delete_unreferenced({blob.sha256}, self.db.conn)
            raise
        return evidence_from_row(row)

    def update_evidence(self, assessment_id: int, evidence: Evidence) -> None:
        """Changes caption, date, archive mode, pages or 编号 of an attached file."""
        if evidence.archive not in ARCHIVE_MODES:
            raise StoreError(f"归档方式应为 {'、'.join(ARCHIVE_MODES)} 之一")
        with self._transaction() as db:
            self._editable(assessment_id, evidence.checklist)
            db.execute(f"UPDATE evidence SET caption = ?, taken_on = ?, archive = ?, pages = ?, code = ? "
                       f"WHERE {ITEM_KEY} AND sha256 = ?",
                       [evidence.caption, evidence.taken_on, evidence.archive, evidence.pages,
                        evidence.code, assessment_id, evidence.checklist, evidence.item, evidence.sha256])

    def remove_evidence(self, assessment_id: int, checklist_id: str, item_id: str, sha256: str) -> None:
        """Detaches a file; its content is deleted only when nothing else (nor a backup) uses it."""
        with self._transaction() as db:
            self._editable(assessment_id, checklist_id)
            db.execute(f"DELETE FROM evidence WHERE {ITEM_KEY} AND sha256 = ?",
                       [assessment_id, checklist_id, item_id, sha256])
            self._drop_unused_blob_rows({sha256})
        self.blobs.delete_unreferenced({sha256}, self.db.conn)

    def _evidence_hashes(self, assessment_id: int) -> set[str]:
        rows = self.db.execute("SELECT sha256 FROM evidence WHERE assessment_id = ?", [assessment_id])
        return {row[0] for row in rows}

    def _drop_unused_blob_rows(self, hashes: set[str]) -> None:
        for sha in hashes:
            self.db.execute("DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS "
                            "(SELECT 1 FROM evidence WHERE sha256 = ?)", [sha, sha])

    def evidence(self, assessment_id: int, checklist_id: str | None = None,
                 item_id: str | None = None) -> list[Evidence]:
        return snapshots.read_evidence(self.db, assessment_id, checklist_id, item_id)

    def evidence_file(self, sha256: str) -> Path:
        """Where the content with this SHA-256 is kept (to open, print or package it)."""
        row = self.db.execute("SELECT ext FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
        path = self.blobs.path(sha256, row[0]) if row else None
        if path is None or not path.exists():
            path = self.blobs.find(sha256)
        if path is None:
            raise StoreError(f"佐证材料文件缺失（SHA-256 {sha256[:16]}…），请重新添加")
        return path


    # --- snapshots ----------------------------------------------------------------------------------

    def import_snapshot(self, snapshot: AssessmentSnapshot,
                        evidence_source: Callable[[str], bytes], replace: bool = False) -> int:
        """Writes a whole snapshot in one transaction, all or nothing; returns the new id.

        The school is matched by 学校标识码 (or name and type when it has none) or created.
        Every evidence blob is fetched and checked against its SHA-256 before anything is
        committed. An existing assessment of the same school and period is refused unless
        replace=True (archived ones are never replaced).
        """
        snapshots.validate(snapshot)
        placed = snapshots.fetch_blobs(self.blobs, snapshot.evidence, evidence_source, self.db.conn)
        try:
            with self._transaction() as db:
                old_hashes: set[str] = set()
                new_id = snapshots.write(db, snapshot, replace, now(), old_hashes)
                self._drop_unused_blob_rows(old_hashes)
        except BaseException:
            self.blobs.delete_unreferenced(placed, self.db.conn)
            raise
        self.blobs.delete_unreferenced(old_hashes, self.db.conn)
        return new_id
