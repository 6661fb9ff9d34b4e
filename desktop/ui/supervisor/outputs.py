"""Saving a PDF or workbook: ask where (last folder, proposed name), write it in a task, say where."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QWidget

from desktop.core.errors import DesktopError
from desktop.ui.errors import show_error, show_info
from desktop.ui.export_dialog import ask_save_path, default_file_name, run_behind_progress
from desktop.ui.tasks import Task, TaskRunner

PDF_FILTER = "PDF 文件 (*.pdf)"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"


def file_name(*parts: str, extension: str) -> str:
    """E.g. 城南小学_〔2025〕第 3 号_整改通知书.pdf (characters Windows refuses replaced)."""
    school, middle, what = (list(parts) + ["", "", ""])[:3]
    return default_file_name(school, middle, what, extension)


def save_in_task(parent: QWidget, tasks: TaskRunner, title: str, name: str, file_filter: str,
                 extension: str, write: Callable[[Path], Any],
                 on_saved: Callable[[Path], None] | None = None) -> Task | None:
    """Asks for the file, then write(path) in a task behind a progress dialog; None if cancelled.

    write() gets only plain data gathered before (never the GUI thread's workspace).
    """
    out = ask_save_path(parent, title, name, file_filter, extension)
    if out is None:
        return None

    def done(_result: Any) -> None:
        show_info(parent, title, f"已保存：{out}")
        if on_saved is not None:
            on_saved(out)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DesktopError):
            show_error(parent, exc, f"{title}失败")
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    return run_behind_progress(tasks, parent, f"正在{title}…",
                               lambda progress, is_cancelled: write(out), done, failed)
