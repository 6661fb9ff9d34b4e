"""The smoke test of a build: every part of the program used once, in a throw-away data directory.

Run by `python -m desktop --smoke-test` (or `python -m desktop smoke-test`), above all on the frozen
build: it loads every checklist and overlay, creates the demo, writes the PDF report, the Excel
workbook and a submission package, verifies the package, then opens the main window once on the
offscreen platform. It prints one line per step and returns 0; any failure raises (a traceback on
stderr, exit code 1), and any warning — a Python warning, a log record, a Qt message other than
the offscreen platform's own notes — is written to stderr, which the build script treats as a
failure too.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any, Callable, TextIO

# Qt messages the offscreen platform prints about itself; they say nothing about the program.
HARMLESS_QT_MESSAGES = ("This plugin does not support",)
# On Windows the offscreen platform looks for fonts in Qt's own folder, which PySide6 leaves
# empty, and says so once; the window then uses the system's fonts. Tolerated only word for word,
# for Qt's folder, on Windows.
FONT_DIRECTORY_NOTE = ("QFontDatabase: Cannot find font directory {folder}.\n"
                       "Note that Qt no longer ships fonts. Deploy some (from "
                       "https://dejavu-fonts.github.io/ for example) or switch to fontconfig.")


def run_smoke_test(data_dir: str | Path | None = None, out: TextIO | None = None) -> int:
    """Runs every step in a fresh folder inside data_dir (or the system's temp folder)."""
    out = out or sys.stdout
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, force=True)
    warnings.simplefilter("default")  # shown on stderr, never silently ignored
    parent = Path(data_dir).expanduser() if data_dir else None
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smoke-", dir=parent) as temp:
        folder = Path(temp)
        from desktop import paths
        paths.init(folder / "data")
        for name, step in STEPS:
            detail = step(folder)
            print(f"通过：{name}{f'（{detail}）' if detail else ''}", file=out, flush=True)
    print("冒烟测试全部通过。", file=out, flush=True)
    return 0


# --- the steps: each takes the scratch folder and returns a short note ---------------------------

def load_definitions(folder: Path) -> str:
    """Every checklist with every overlay applied, evaluated once for each school type it serves."""
    from desktop.core.catalog import load_catalog
    from desktop.core.engine import evaluate
    from desktop.core.model import SchoolProfile
    catalog = load_catalog()
    overlays = ["", *catalog.overlays]
    for checklist_id, checklist in catalog.checklists.items():
        for overlay in overlays:
            applied = catalog.get(checklist_id, overlay or None)
            for school_type in checklist.applies_to:
                evaluate(applied, SchoolProfile(school_type), {})
    return f"{len(catalog.checklists)} 张检查表，{len(catalog.overlays)} 个地方标准"


def create_demo_data(folder: Path) -> str:
    from desktop import paths
    from desktop.core.demo import create_demo
    from desktop.core.store import AnswerStore
    with AnswerStore.open(paths.data_dir()) as store:
        result = create_demo(store)
    return f"答案 {result.answers} 项，佐证材料 {result.evidence} 个"


def _with_snapshot(action: Callable[[Any, Any, Any], str]) -> Callable[[Path], str]:
    """Runs action(store, snapshot, folder) on the demo's current assessment."""
    def step(folder: Path) -> str:
        from desktop import paths
        from desktop.core.store import AnswerStore
        with AnswerStore.open(paths.data_dir()) as store:
            return action(store, store.snapshot(store.latest_assessment()), folder)
    return step


def write_report(store: Any, snapshot: Any, folder: Path) -> str:
    from desktop.core.catalog import shipped
    from desktop.exchange.pdf_report import build_report
    info = build_report(snapshot, shipped(), folder / "报告.pdf", store.evidence_file)
    head = (folder / "报告.pdf").read_bytes()[:5]
    if head != b"%PDF-" or info.pages < 1:
        raise RuntimeError(f"the report is not a PDF ({head!r}, {info.pages} pages)")
    return f"{info.pages} 页，字体 {info.font}"


def write_workbook(store: Any, snapshot: Any, folder: Path) -> str:
    from desktop.core.catalog import shipped
    from desktop.exchange.excel_export import export_workbook
    export_workbook(snapshot, shipped(), folder / "评估.xlsx")  # reads the file back itself
    return f"{(folder / '评估.xlsx').stat().st_size // 1024} KB"


def write_and_verify_package(store: Any, snapshot: Any, folder: Path) -> str:
    from desktop.core.catalog import shipped
    from desktop.core.snapshot_json import digest
    from desktop.exchange.package import read_package, write_package
    path = folder / "提交包.zpkg"
    write_package(snapshot, path, lambda sha: store.evidence_file(sha).read_bytes(), shipped())
    submission = read_package(path, shipped())
    if submission.digest != digest(snapshot):
        raise RuntimeError("the package read back carries another digest")
    return f"{len(submission.manifest.evidence_names)} 个佐证材料文件，指纹 {submission.digest[:16]}…"


def open_main_window(folder: Path) -> str:
    """The QApplication (offscreen) and the main window, shown once and closed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication
    qInstallMessageHandler(_qt_message)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # never the user's own settings
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("SchoolSelfAssessmentSmokeTest")
    from desktop import app as gui
    gui.load_translations(app)
    family = gui.choose_font(app)
    return _show_window(app, family)


def _show_window(app: Any, family: str) -> str:
    from desktop import paths
    from desktop.core.catalog import shipped
    from desktop.core.store import AnswerStore
    from desktop.ui.main_window import MainWindow
    with AnswerStore.open(paths.data_dir()) as store:
        window = MainWindow(store, shipped())
        window.open_assessment(store.latest_assessment())
        window.show()
        for _ in range(3):
            app.processEvents()
        title = window.windowTitle()
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"「{title}」，界面字体 {family or '（无中文字体）'}"


def _qt_message(kind: Any, context: Any, message: str) -> None:
    if not (message.startswith(HARMLESS_QT_MESSAGES) or _is_windows_font_directory_note(message)):
        print(f"Qt：{message}", file=sys.stderr, flush=True)


def _is_windows_font_directory_note(message: str) -> bool:
    if sys.platform != "win32":
        return False
    from PySide6.QtCore import QLibraryInfo
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath) + "/fonts"
    return message == FONT_DIRECTORY_NOTE.format(folder=folder)


STEPS: list[tuple[str, Callable[[Path], str]]] = [
    ("读取全部检查表和地方标准", load_definitions),
    ("创建示例数据", create_demo_data),
    ("生成 PDF 自评报告", _with_snapshot(write_report)),
    ("导出 Excel 工作簿", _with_snapshot(write_workbook)),
    ("导出并校验提交包", _with_snapshot(write_and_verify_package)),
    ("打开主窗口", open_main_window),
]
