"""Where the district statistics get their schools: a 资源配置统计表, one .zpkg, or a folder of them.

A folder is read whole or not at all: one damaged package stops the statistics with its name in
the message, because a county figure silently missing a school would be wrong. Packages without
the yzjh checklist (kindergartens' packages, safety-only packages) are skipped and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from desktop.core import catalog
from desktop.core.assessment import AssessmentSnapshot
from desktop.core.errors import ImportFileError
from desktop.district.progress import CancelFn, ProgressFn, step
from desktop.district.resource_table import read_resource_table
from desktop.district.schools import RESOURCE_INPUTS, SchoolRecord

PACKAGE_SUFFIX = ".zpkg"


@dataclass(frozen=True)
class LoadedSchools:
    """Schools read from one input; `skipped` = (file name, why) for packages left out."""

    records: list[SchoolRecord]
    skipped: list[tuple[str, str]] = field(default_factory=list)
    periods: tuple[str, ...] = ()  # the 评估周期 of the packages read


def load_schools(path: Path, progress: ProgressFn | None = None,
                 is_cancelled: CancelFn | None = None) -> LoadedSchools:
    path = Path(path)
    if path.is_dir():
        return _from_packages(sorted(_package_files(path)), path, progress, is_cancelled)
    if path.suffix.lower() == PACKAGE_SUFFIX:
        return _from_packages([path], path, progress, is_cancelled)
    if not path.exists():
        raise ImportFileError("找不到文件或文件夹", path=path)
    return LoadedSchools(read_resource_table(path, progress=progress, is_cancelled=is_cancelled))


def _package_files(folder: Path) -> list[Path]:
    # Hidden files are half-written temporaries of an export in progress.
    return [p for p in folder.rglob(f"*{PACKAGE_SUFFIX}")
            if p.is_file() and not p.name.startswith(".")]


def _from_packages(files: list[Path], where: Path, progress: ProgressFn | None,
                   is_cancelled: CancelFn | None) -> LoadedSchools:
    from desktop.exchange.package import read_package
    if not files:
        raise ImportFileError(f"文件夹中没有提交包（{PACKAGE_SUFFIX} 文件）", path=where)
    shipped = catalog.shipped()
    records: list[SchoolRecord] = []
    skipped: list[tuple[str, str]] = []
    periods: set[str] = set()
    by_key: dict[str, Path] = {}
    for n, file in enumerate(files):
        step(n, len(files), progress, is_cancelled)
        snapshot = read_package(file, shipped).snapshot
        if "yzjh" not in dict(snapshot.checklists):
            skipped.append((file.name, f"{snapshot.school.name}：不含义务教育优质均衡检查表"))
            continue
        record = _record(file, snapshot)
        _check_unique(file, record, by_key)
        records.append(record)
        periods.add(snapshot.period)
    step(len(files), len(files), progress, is_cancelled)
    return LoadedSchools(records, skipped, tuple(sorted(periods)))


def _record(file: Path, snapshot: AssessmentSnapshot) -> SchoolRecord:
    school = snapshot.school
    answers = snapshot.answers.get("yzjh", {})
    values = {k: v for k, v in answers.items() if k in RESOURCE_INPUTS and isinstance(v, Fraction)}
    return SchoolRecord(school.name, school.type, values, school.code, "", file.name)


def _check_unique(file: Path, record: SchoolRecord, by_key: dict[str, Path]) -> None:
    keys = [f"name:{record.name}"] + ([f"code:{record.code}"] if record.code else [])
    for key in keys:
        if key in by_key:
            raise ImportFileError(f"学校「{record.name}」有两个提交包（另一个是 {by_key[key].name}），"
                                  "请只保留最新的一个", path=file)
    for key in keys:
        by_key[key] = file
