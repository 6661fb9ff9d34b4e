"""What the app opens at start (the last assessment, or the first-launch setup) and --screenshot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.catalog import Catalog
from desktop.core.errors import DesktopError, InputError
from desktop.ui.errors import show_error
from desktop.ui.setup_wizard import SetupResult, SetupWizard


def size_from_text(text: str) -> QSize:
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", text or "")
    if not match:
        raise InputError(f"窗口大小「{text}」应写成 宽x高，如 1366x768", "size")
    return QSize(int(match.group(1)), int(match.group(2)))


def first_assessment(store: Any, catalog: Catalog) -> int | None:
    """The assessment to show: the one open last time, else the latest, else one set up now."""
    known = {a.id for a in store.assessments()}
    from desktop.ui.window_settings import last_assessment_key
    last = QSettings().value(last_assessment_key(store.data_dir))
    try:
        if last is not None and int(last) in known:
            return int(last)
    except (TypeError, ValueError):
        pass  # a hand-edited or foreign settings value: fall back to the latest
    latest = store.latest_assessment()
    if latest is not None:
        return latest
    return run_setup(store, catalog)


def run_setup(store: Any, catalog: Catalog, parent: QWidget | None = None) -> int | None:
    """The first-launch wizard until it succeeds or the user cancels (None)."""
    while True:
        result = SetupWizard.ask(catalog, parent)
        if result is None:
            return None
        try:
            return create_from_setup(store, result)
        except DesktopError as exc:
            show_error(parent, exc)


def create_from_setup(store: Any, result: SetupResult) -> int:
    school_id = store.add_school(result.school)
    assessment_id = store.create_assessment(school_id, result.period, result.checklists,
                                            overlay=result.overlay, data_date=result.data_date)
    for checklist_id, item_id, value in result.answers:
        store.set_answer(assessment_id, checklist_id, item_id, value)
    return assessment_id


def screenshot(app: QApplication, widget: QWidget, path: Path, size: QSize) -> int:
    """Renders a window at the given size into a PNG (works on the offscreen platform)."""
    widget.resize(size)
    widget.show()
    for _ in range(3):  # let layouts settle and deferred resizes run
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = widget.grab().save(str(path), "PNG")
    widget.close()
    if not ok:
        raise InputError(f"无法写入截图文件 {path}", "screenshot")
    return 0


def unclean_copy(data_dir: Path, since: float) -> Path | None:
    """The copy the store made of the database at this start because the last run ended badly.

    The store copies the database and its log to backups/unclean-<time>/ before opening a file
    that was not closed cleanly (see store._keep_unclean_pair); None when it made none now.
    """
    folder = Path(data_dir) / "backups"
    made = [p for p in folder.glob("unclean-*") if p.is_dir() and p.stat().st_mtime >= since - 1]
    return max(made, key=lambda p: p.stat().st_mtime) if made else None


def unclean_notice(copy: Path) -> str:
    return ("上次程序没有正常退出（可能是断电、死机或被强行关闭）。\n\n"
            "已保存的答案都已恢复，请核对最后填写的几项是否还在。"
            f"打开前，程序已把当时的数据库另存一份，以备万一：\n{copy}\n\n"
            "如发现缺少内容，可用「文件 → 备份与恢复」处理，或把上面的文件夹交给技术人员。")
