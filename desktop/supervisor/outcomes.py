"""What an import reports: per package an outcome, for a duplicate both sides of the conflict."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from desktop.core.errors import DesktopError
from desktop.core.snapshot_json import short_fingerprint


class Outcome(str, Enum):
    IMPORTED = "imported"
    REPLACED = "replaced"
    DUPLICATE = "duplicate"  # another package of the school and period is kept; nothing changed
    SAME = "same"  # this very package is already there
    FAILED = "failed"  # 校验失败: recorded, not imported

    @property
    def label(self) -> str:
        return {"imported": "已导入", "replaced": "已替换", "duplicate": "重复",
                "same": "已导入过", "failed": "校验失败"}[self.value]


class ImportCancelled(DesktopError):
    def __init__(self) -> None:
        super().__init__("已取消导入：正在校验的提交包未导入，之前已导入的保持不变。")


@dataclass(frozen=True)
class PackageSide:
    """One side of a conflict, as the UI shows it."""

    school_name: str
    school_code: str
    period: str
    created: str  # export time of the package (ISO with offset)
    digest: str
    verdicts: dict[str, str]
    unmet: int
    file_name: str
    imported_at: str = ""  # "" for the incoming package

    @property
    def fingerprint(self) -> str:
        return short_fingerprint(self.digest)


@dataclass(frozen=True)
class Conflict:
    existing_id: int
    existing: PackageSide
    incoming: PackageSide

    @property
    def incoming_is_newer(self) -> bool:
        return moment(self.incoming.created) > moment(self.existing.created)


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one package; `message` is the line to show (Chinese)."""

    path: Path
    outcome: Outcome
    message: str
    submission_id: int | None = None
    conflict: Conflict | None = None
    reason: str = ""  # why verification failed


@dataclass(frozen=True)
class FolderImport:
    outcomes: list[ImportOutcome]
    total: int  # packages found in the folder
    cancelled: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome is outcome)


@dataclass(frozen=True)
class FailedPackage:
    """A package that failed verification. The school is what its manifest claims (unverified)."""

    id: int
    file_name: str
    file_sha256: str
    file_size: int
    reason: str
    at: str
    claimed_name: str = ""
    claimed_code: str = ""
    claimed_period: str = ""
    claimed_key: str = ""


def moment(iso: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(iso)
    return value if value.tzinfo else value.astimezone()


def shown_time(iso: str) -> str:
    """Export time as people read it: 2025-11-20 14:03."""
    try:
        return moment(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso
