"""Starts the graphical application: data directory, logging, crash handling, Qt, store, main window."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from argparse import Namespace
from pathlib import Path

from desktop import __version__, paths

log = logging.getLogger("desktop")

ORGANIZATION = "SchoolSelfAssessment"
APPLICATION = "SchoolSelfAssessment"
DISPLAY_NAME = "学校督导自评助手"
EXIT_STARTUP_FAILED = 1
# Fonts with Simplified Chinese glyphs, best first: Windows, macOS, then Linux.
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "Noto Sans SC", "SimHei", "SimSun")
SYSTEM_CJK_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def main(args: Namespace) -> int:
    if args.smoke_test:  # the frozen build's self-check: every part once, in a throw-away folder
        from desktop.smoke import run_smoke_test
        return run_smoke_test(args.data_dir)
    data_dir = paths.init(args.data_dir)
    log_path = setup_logging(data_dir)
    app = _application()
    install_crash_handlers(log_path)
    from desktop.core.catalog import shipped
    from desktop.core.errors import DesktopError
    import time
    opened_at = time.time()
    try:
        catalog = shipped()
        store = _open_store(data_dir)
    except DesktopError as exc:
        log.error("start-up failed: %s", exc)
        _fatal(str(exc))
        return EXIT_STARTUP_FAILED
    _tell_notices(store, args)
    if not args.screenshot:
        _tell_about_unclean_exit(data_dir, opened_at)
    try:
        return _run(app, args, store, catalog)
    except DesktopError as exc:  # e.g. a bad --size, or the setup failing to save
        log.error("start-up failed: %s", exc)
        _fatal(str(exc))
        return EXIT_STARTUP_FAILED
    except Exception:  # a bug before the event loop runs: logged and shown, never a silent exit
        text = traceback.format_exc()
        log.error("unexpected error at start-up:\n%s", text)
        _show_crash(text, log_path)
        return EXIT_STARTUP_FAILED
    finally:
        from desktop.ui.main_window import MainWindow
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.store.close()
        store.close()


def setup_logging(data_dir: Path) -> Path:
    """Logs to data_dir/logs/app.log (rotated), the file named in the crash dialog."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "app.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "_desktop_log", False)]
    handler._desktop_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    log.info("学校督导自评助手 %s starting, data in %s", __version__, data_dir)
    return path


def _application():
    from PySide6.QtCore import QCoreApplication, QLocale, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    if app is None:
        # High DPI: Qt 6 scales by default; pass fractional factors (125 %, 150 %) through
        # unrounded so text stays the size Windows asks for.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(sys.argv[:1])
    from desktop.ui import qt_workarounds
    app._true_guard = qt_workarounds.install(app)  # see qt_workarounds: PySide6 6.12 emit()
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    load_translations(app)
    choose_font(app)
    from desktop.ui.icons import app_icon
    app.setWindowIcon(app_icon())
    return app


def load_translations(app) -> bool:
    """Qt's own texts (OK/Cancel, file dialogs, context menus) in Simplified Chinese."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    if getattr(app, "_zh_translator", None) is not None:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt translations qtbase_zh_CN not found in %s", folder)
        return False
    app.installTranslator(translator)
    arrows = _arrow_keys(app)
    app.installTranslator(arrows)  # installed last, asked first
    app._zh_translator = (translator, arrows)  # keep them alive
    return True


def _arrow_keys(app):
    """Arrow keys in shortcuts as arrows (Ctrl+↓), where qtbase_zh_CN writes 「Ctrl+下方向」."""
    from PySide6.QtCore import QTranslator

    class ArrowKeys(QTranslator):
        NAMES = {"Up": "↑", "Down": "↓", "Left": "←", "Right": "→"}

        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: N802 (Qt)
            if context == "QShortcut" and source in self.NAMES:
                return self.NAMES[source]
            return None  # not ours (a null string): the next translator answers

        def isEmpty(self) -> bool:  # noqa: N802 (Qt override)
            return False

    return ArrowKeys(app)


def choose_font(app) -> str:
    """Uses a CJK font for the whole UI, loading a bundled or system font file if none is known."""
    from PySide6.QtGui import QFontDatabase
    families = set(QFontDatabase.families())
    if not any(f in families for f in CJK_FAMILIES):
        bundled = sorted((paths.resource_dir() / "fonts").glob("*.tt[fc]"))
        for path in [*bundled, *map(Path, SYSTEM_CJK_FILES)]:
            if path.exists() and QFontDatabase.addApplicationFont(str(path)) >= 0:
                families = set(QFontDatabase.families())
                break
    family = next((f for f in CJK_FAMILIES if f in families), "")
    if family:
        font = app.font()
        font.setFamilies([family, *font.families()])
        app.setFont(font)
    else:
        log.warning("no font with Chinese glyphs found")
    return family


def install_crash_handlers(log_path: Path) -> None:
    """Unexpected exceptions, in any thread, are logged and shown in the crash dialog."""
    from PySide6.QtCore import QObject, Signal

    class _CrashRelay(QObject):
        # Created on the GUI thread: an emit from a worker thread is queued to it.
        crashed = Signal(str)

    relay = _CrashRelay()
    relay.crashed.connect(lambda text: _show_crash(text, log_path))
    sys._desktop_crash_relay = relay  # type: ignore[attr-defined]  # keep alive

    def hook(kind, value, tb) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error:\n%s", text)
        relay.crashed.emit(text)

    sys.excepthook = hook
    threading.excepthook = lambda a: hook(a.exc_type, a.exc_value, a.exc_traceback)


_showing_crash = False


def _show_crash(text: str, log_path: Path) -> None:
    global _showing_crash
    if _showing_crash:  # an error while the dialog is up: logged, not stacked
        return
    _showing_crash = True
    try:
        from desktop.ui.crash_dialog import CrashDialog
        CrashDialog.show_crash(text, log_path)
    finally:
        _showing_crash = False


def _tell_about_unclean_exit(data_dir: Path, since: float) -> None:
    """Once the first window is up: the last run ended badly, and where its copy is kept."""
    from desktop.ui.start import unclean_copy, unclean_notice
    copy = unclean_copy(data_dir, since)
    if copy is None:
        return
    log.warning("the last session did not end cleanly; copy kept in %s", copy)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def show() -> None:
        QMessageBox.information(QApplication.activeWindow(), "上次没有正常退出", unclean_notice(copy))
    QTimer.singleShot(0, show)


def _fatal(text: str) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.critical(None, f"{DISPLAY_NAME} 无法启动", text)


def _tell_notices(store, args: Namespace) -> None:
    """What opening the data found and did (e.g. a WAL of another copy set aside), shown once."""
    for notice in getattr(store, "notices", []):
        log.warning("store notice: %s", notice)
        if not getattr(args, "screenshot", None):
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.warning(None, "打开数据时的提示", notice)


def _open_store(data_dir: Path):
    from desktop.core.store import AnswerStore
    return AnswerStore.open(data_dir)


def _run(app, args: Namespace, store, catalog) -> int:
    from desktop.ui.main_window import MainWindow
    from desktop.ui.setup_wizard import SetupWizard
    from desktop.ui.start import first_assessment, screenshot, size_from_text
    from desktop.ui.supervisor.mode import run_supervisor, supervisor_chosen
    if not args.screenshot:
        from desktop.ui.recent_folders import remember
        remember(store.data_dir)
    if supervisor_chosen(args):  # a 督学 workspace folder (or the choice made for this folder)
        return run_supervisor(app, store, catalog, args)
    if args.screenshot and store.latest_assessment() is None:
        wizard = SetupWizard(catalog)
        return screenshot(app, wizard, Path(args.screenshot), size_from_text(args.size))
    # A screenshot shows the most recent assessment, whatever this user had open last.
    assessment_id = store.latest_assessment() if args.screenshot else first_assessment(store, catalog)
    if assessment_id is None:  # the first-launch setup was cancelled, or chose 督学汇总
        return run_supervisor(app, store, catalog, args) if supervisor_chosen(args) else 0
    window = MainWindow(store, catalog)
    window.open_assessment(assessment_id)
    if args.screenshot:
        return screenshot(app, window, Path(args.screenshot), size_from_text(args.size))
    window.show()
    return app.exec()
