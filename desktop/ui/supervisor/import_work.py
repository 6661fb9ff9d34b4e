"""The work of 导入提交包 in a task thread: a worker connection, the packages one by one (Qt-free).

Each package is imported whole or not at all by the workspace (desktop/supervisor/intake.py);
cancelling stops before the next package and leaves the one being checked unimported, so
whatever was imported before stays and nothing is half there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

from desktop.core import catalog as catalog_module
from desktop.core.catalog import Catalog
from desktop.core.errors import ImportFileError
from desktop.supervisor.outcomes import FolderImport, ImportCancelled, ImportOutcome, Outcome
from desktop.supervisor.workspace import Workspace

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def import_files(ws: Workspace, files: Sequence[Path], catalog: Catalog,
                 progress: Progress | None = None, is_cancelled: Cancelled | None = None,
                 replace: bool = False) -> FolderImport:
    """Imports the chosen files in order, as import_folder does for a folder's files."""
    outcomes: list[ImportOutcome] = []
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files))
        if is_cancelled is not None and is_cancelled():
            return FolderImport(outcomes, len(files), cancelled=True)
        try:
            outcomes.append(ws.import_package(path, replace=replace, catalog=catalog,
                                              is_cancelled=is_cancelled))
        except ImportCancelled:
            return FolderImport(outcomes, len(files), cancelled=True)
        except ImportFileError as exc:  # the file vanished between choosing and importing
            outcomes.append(ImportOutcome(Path(path), Outcome.FAILED, f"{Path(path).name}：{exc}",
                                          reason=str(exc)))
    if progress is not None:
        progress(len(files), len(files))
    return FolderImport(outcomes, len(files))


def import_task(data_dir: Path, *, folder: Path | None = None, files: Sequence[Path] = (),
                replace: bool = False) -> Callable[..., FolderImport]:
    """The task function: its own connection to the workspace, closed when done."""
    def work(progress: Progress, is_cancelled: Cancelled) -> FolderImport:
        shipped = catalog_module.shipped()
        worker = Workspace.open_worker(data_dir)
        try:
            if folder is not None:
                return worker.import_folder(folder, replace=replace, catalog=shipped,
                                            progress=progress, is_cancelled=is_cancelled)
            return import_files(worker, files, shipped, progress, is_cancelled, replace=replace)
        finally:
            worker.close()
    return work


def roster_task(path: Path) -> Callable[..., list]:
    """Reads a roster file (xlsx, csv, txt) in the task; the GUI thread stores it."""
    def work(progress: Progress, is_cancelled: Cancelled) -> list:
        from desktop.supervisor.roster import read_roster
        return read_roster(path)
    return work


def summary_line(result: FolderImport) -> str:
    """「共 12 个提交包：已导入 9，重复 1，校验失败 2」 and what cancelling left."""
    parts = [f"{kind.label} {result.count(kind)}" for kind in Outcome if result.count(kind)]
    text = f"共 {result.total} 个提交包：" + ("，".join(parts) if parts else "未处理")
    if result.cancelled:
        left = result.total - len(result.outcomes)
        text += (f"。已取消：其余 {left} 个未导入（已导入的保留，正在校验的那个未导入）")
    return text
