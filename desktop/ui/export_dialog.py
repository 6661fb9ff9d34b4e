"""文件 → 导出 → Excel / 提交包: where to save, the export in the background, and what was saved."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError
from desktop.core.snapshot_json import short_fingerprint
from desktop.core.store import AnswerStore
from desktop.ui.errors import show_error, show_info
from desktop.ui.tasks import Task, TaskRunner

FOLDER_KEY = "exchange/last_folder"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
PACKAGE_FILTER = "提交包 (*.zpkg)"
FINGERPRINT_NOTICE = "数据指纹相符，只证明提交包在导出之后没有被改动或损坏；它不能证明所填数据真实、准确。"
# Characters Windows refuses in file names (and the path separators everywhere).
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


# --- file names and folders (shared with the report and import dialogs) --------------------------
def default_file_name(school: str, period: str, what: str, extension: str) -> str:
    """E.g. 城关镇第一学校_2025年度_自评报告.pdf, with characters Windows refuses replaced."""
    parts = [_NOT_IN_NAMES.sub("_", p).strip(" .") for p in (school, period, what)]
    return "_".join(p for p in parts if p) + extension


def last_folder() -> Path:
    """The folder last saved to or opened from, else 文档 (Documents)."""
    saved = str(QSettings().value(FOLDER_KEY, "", type=str))
    if saved and Path(saved).is_dir():
        return Path(saved)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember_folder(path: Path) -> None:
    QSettings().setValue(FOLDER_KEY, str(Path(path).parent))


def ask_save_path(parent: QWidget | None, title: str, name: str, file_filter: str,
                  extension: str) -> Path | None:
    """The save dialog, opened in the last folder with a proposed name; None when cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(last_folder() / name), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != extension:
        path = path.with_name(path.name + extension)
    remember_folder(path)
    return path


# --- the two exports -------------------------------------------------------------------------
def export_excel(window: Any) -> Task | None:
    """导出 → Excel…: a workbook that can be filled offline and imported back."""
    target = _ask_target(window, "导出 Excel 工作簿", "自评数据", EXCEL_FILTER, ".xlsx")
    if target is None:
        return None
    work = excel_task(window.data_dir(), window.session.id, window.catalog, target)
    return _export_in_background(window, "正在导出 Excel 工作簿…", work, excel_saved_message)


def export_package(window: Any) -> Task | None:
    """导出 → 提交包…: the tamper-evident package (.zpkg) a school sends to its 督学."""
    from desktop.ui.finalize import confirm_unfinished_export
    if not confirm_unfinished_export(window, "提交包"):
        return None
    target = _ask_target(window, "导出提交包", "提交包", PACKAGE_FILTER, ".zpkg")
    if target is None:
        return None
    work = package_task(window.data_dir(), window.session.id, window.catalog, target)
    return _export_in_background(window, "正在导出提交包…", work, package_saved_message)


def _ask_target(window: Any, title: str, what: str, file_filter: str, extension: str) -> Path | None:
    session = window.session
    if session is None:
        return None
    snapshot = session.snapshot
    name = default_file_name(snapshot.school.name, snapshot.period, what, extension)
    return ask_save_path(window, title, name, file_filter, extension)


def _export_in_background(window: Any, label: str, work: Callable[..., Any],
                          message: Callable[[Any], tuple[str, str]]) -> Task:
    def done(result: Any) -> None:
        title, text = message(result)
        show_info(window, title, text)

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, DesktopError):
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: to the crash dialog
        elif task.cancel_event.is_set():
            window.statusBar().showMessage("已取消导出，未生成文件。", 8000)
        else:
            show_error(window, exc, "导出失败")

    task = run_behind_progress(window.tasks, window, label, work, done, failed)
    return task


def run_behind_progress(runner: TaskRunner, parent: QWidget, label: str, work: Callable[..., Any],
                        on_done: Callable[[Any], None],
                        on_error: Callable[[BaseException], None]) -> Task:
    """Runs work behind a window-modal progress dialog whose 取消 cancels the task.

    Afterwards task.cancel_event is set only if the user pressed 取消.
    NOTE: not tasks.run_with_progress: it ends with QProgressDialog.close(), and closeEvent emits
    canceled, which sets the cancel event of every finished task (measured, PySide6 6.12).
    """
    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        dialog.hide()  # hide, not close: see the note above
        dialog.deleteLater()
        callback(value)

    task = runner.run(work, lambda result: finish(on_done, result), lambda exc: finish(on_error, exc))
    task.progress_changed.connect(lambda done, total: (dialog.setMaximum(total), dialog.setValue(done)))
    dialog.canceled.connect(task.cancel)
    return task


def excel_task(data_dir: Path, assessment_id: int, catalog: Catalog, out: Path) -> Callable[..., Path]:
    """The worker for the workbook: its own read-only store, a snapshot, the file."""
    def work(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> Path:
        from desktop.exchange.excel_export import export_workbook
        with AnswerStore.open_reader(data_dir) as reader:
            snapshot = reader.snapshot(assessment_id)
        return export_workbook(snapshot, catalog, out, progress=progress, is_cancelled=is_cancelled)
    return work


def package_task(data_dir: Path, assessment_id: int, catalog: Catalog, out: Path) -> Callable[..., Any]:
    """The worker for the package; evidence bytes come through the worker's own store."""
    def work(progress: Callable[[int, int], None], is_cancelled: Callable[[], bool]) -> Any:
        from desktop.exchange.package import write_package
        with AnswerStore.open_reader(data_dir) as reader:
            snapshot = reader.snapshot(assessment_id)
            return write_package(snapshot, out, lambda sha: reader.evidence_file(sha).read_bytes(),
                                 catalog, progress=progress, is_cancelled=is_cancelled)
    return work


def excel_saved_message(path: Path) -> tuple[str, str]:
    return ("已导出 Excel 工作簿",
            f"已保存到：\n{path}\n\n可以在 Excel 或 WPS 中填写「填报值」等浅黄色单元格，"
            "再用「文件 → 导入 Excel…」导回本程序。")


def package_saved_message(submission: Any) -> tuple[str, str]:
    count = len(submission.manifest.evidence_names)
    files = f"含佐证材料文件 {count} 个（{_size(submission.evidence_bytes)}）。" if count else "不含佐证材料文件。"
    return ("已导出提交包",
            f"已保存到：\n{submission.path}\n\n{files}\n"
            f"数据指纹：{short_fingerprint(submission.digest)}\n\n{FINGERPRINT_NOTICE}")


def _size(n: int) -> str:
    # A file size for people, not a verdict-bearing value: plain float formatting is fine.
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{max(n, 1) / 1024:.0f} KB"
