"""Renders every main screen at a 1366×768 laptop size into PNGs, for a person to look at.

Run as `python -m tests.ui.screen_tour OUT_DIR` with QT_SCALE_FACTOR=1.25 for 125 % (Qt reads
the factor when the application starts, so each scale is its own process; test_screen_tour runs
both). At 125 % the window is 1093×614 logical pixels, which fills the same 1366×768 screen.

Besides the pictures, it checks what a picture cannot prove at a glance and prints one line per
problem: text in English or an internal id on screen, an item pane wider than its area.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

# An identifier (students_primary, art_room_min_area_m2) or an English word of 4+ letters.
INTERNAL = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[A-Za-z]{4,}\b")
# Words that may appear: file types and units people know.
ALLOWED = {"Excel", "xlsx", "zpkg", "Ctrl", "Shift", "Enter", "Word", "SHA"}


def main(out: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="screen-tour-"))
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")  # never the user's settings
    from desktop import app as app_module
    from desktop import paths
    app = app_module._application()
    from PySide6.QtCore import QCoreApplication, QSettings
    QCoreApplication.setOrganizationName("SchoolSelfAssessmentTour")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "config"))
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
    size = (round(1366 / scale), round(768 / scale))
    tag = f"{round(scale * 100)}"
    problems: list[str] = []
    try:
        paths.init(work / "school")
        _school_screens(app, out, tag, size, problems)
        paths.init(work / "county")
        _supervisor_screens(app, out, tag, size, work, problems)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for line in problems:
        print(line)
    return 1 if problems else 0


def _settle(app, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def _save(app, widget, out: Path, name: str, tag: str, problems: list[str]) -> None:
    _settle(app)
    widget.grab().save(str(out / f"{name}@{tag}.png"), "PNG")
    _check_texts(widget, f"{name}@{tag}", problems)


def _check_texts(root, where: str, problems: list[str]) -> None:
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit
    skipped: set[int] = set()
    for widget in [root, *root.findChildren(object)]:
        if id(widget) in skipped:
            continue
        if not hasattr(widget, "isVisibleTo") or (widget is not root and not widget.isVisibleTo(root)):
            continue
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            text = widget.text() if not isinstance(widget, QLineEdit) else widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        else:
            continue
        text = re.sub(r"<[^>]+>", "", text)  # markup
        text = re.sub(r"[A-Za-z]:?[\\/][^\s」）]*|/[^\s」）]+", "", text)  # folders shown on purpose
        bad = [w for w in INTERNAL.findall(text) if w not in ALLOWED]
        if bad:
            problems.append(f"{where}: {type(widget).__name__} shows {bad}: {text[:60]}")


def _school_screens(app, out: Path, tag: str, size: tuple[int, int], problems: list[str]) -> None:
    from PySide6.QtWidgets import QMessageBox
    from desktop import paths
    from desktop.core.catalog import shipped
    from desktop.core.demo import create_demo
    from desktop.core.store import AnswerStore
    from desktop.ui import finalize
    from desktop.ui.main_window import PAGE_DASHBOARD, PAGE_NARRATIVE, MainWindow
    from desktop.ui.setup_wizard import SetupWizard
    catalog = shipped()

    wizard = SetupWizard(catalog)
    wizard.resize(620, 520)
    wizard.show()
    _save(app, wizard, out, "01-wizard-school-empty", tag, problems)
    wizard.school_page.name.setText("青山区第一实验学校")
    wizard.school_page.code.setText("12345")
    _save(app, wizard, out, "02-wizard-school-code", tag, problems)
    wizard.school_page.code.setText("")
    wizard.school_page.type.setCurrentText("幼儿园")
    _save(app, wizard, out, "04-wizard-kindergarten", tag, problems)
    wizard.school_page.type.setCurrentText("九年一贯制")
    wizard.next()
    _save(app, wizard, out, "03-wizard-period", tag, problems)
    wizard.close()

    store = AnswerStore.open(paths.data_dir())
    result = create_demo(store, catalog)
    window = MainWindow(store, catalog)
    window.open_assessment(result.assessment_id)
    window.resize(*size)
    window.show()
    window.go_to_item("yzjh", "students_primary")
    _save(app, window, out, "10-item-input", tag, problems)
    _check_pane_fits(window, f"10-item-input@{tag}", problems)
    unmet = _first_unmet(window)
    if unmet is not None:
        window.go_to_item(*unmet)
        _save(app, window, out, "11-item-unmet-with-plan", tag, problems)
        _check_pane_fits(window, f"11-item-unmet@{tag}", problems)
    window.go_to_item("yzjh", "multimedia_rooms")
    _save(app, window, out, "12-item-failed-indicator", tag, problems)
    _check_pane_fits(window, f"12-item-failed-indicator@{tag}", problems)
    panel = window.indicator_panel
    panel.ensureWidgetVisible(panel.plans)
    _save(app, window.indicator_dock, out, "13-indicator-plans", tag, problems)
    threshold = next(i.id for i in window.session.checklists["xyaq"].items
                     if window.session.answer("xyaq", i.id) is None
                     and i.id in window.session.tree_state("xyaq").shown_items) \
        if any(window.session.answer("xyaq", i.id) is None for i in window.session.checklists["xyaq"].items) \
        else window.session.tree_state("xyaq").shown_items[0]
    window.go_to_item("xyaq", threshold)
    _save(app, window, out, "14-item-safety-checklist", tag, problems)
    _check_pane_fits(window, f"14-item-safety@{tag}", problems)
    window.go_to_item("yzjh", "students_primary")
    window.set_grid_mode(True)
    _save(app, window, out, "20-grid-resources", tag, problems)
    window.go_to_item("yzjh", "max_class_size_primary")
    _save(app, window, out, "21-grid-government-section", tag, problems)
    window.set_grid_mode(False)
    window.navigator.search.setText("没有这种条目")
    _save(app, window, out, "22-search-nothing-found", tag, problems)
    window.navigator.clear_filter()
    window.pages.setCurrentIndex(PAGE_DASHBOARD)
    _save(app, window, out, "30-dashboard", tag, problems)
    window.pages.setCurrentIndex(PAGE_NARRATIVE)
    _save(app, window, out, "31-narrative", tag, problems)
    window.pages.setCurrentIndex(0)
    work = finalize.open_work(window.session)
    box = QMessageBox(QMessageBox.Icon.Question, "定稿前检查",
                      f"以下内容尚未完成：\n\n{work.summary()}\n\n可以先去补齐，也可以现在定稿。")
    box.addButton("转到第一项", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("仍然定稿", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.show()
    _save(app, box, out, "40-finalize-check", tag, problems)
    box.close()
    window.close()
    store.close()


def _first_unmet(window):
    for cid in window.session.checklists:
        for r in window.session.results[cid].items:
            if r.status.value == "unmet" and r.item.id in window.session.tree_state(cid).shown_items:
                return cid, r.item.id
    return None


def _check_pane_fits(window, where: str, problems: list[str]) -> None:
    pane = window.item_pane
    body = pane.widget()
    if body.width() > pane.viewport().width() or body.minimumSizeHint().width() > pane.viewport().width():
        problems.append(f"{where}: item pane {body.width()} px wide in a {pane.viewport().width()} px area")


def _supervisor_screens(app, out: Path, tag: str, size: tuple[int, int], work: Path,
                        problems: list[str]) -> None:
    from PySide6.QtCore import Qt
    from desktop import paths
    from desktop.core.catalog import shipped
    from desktop.supervisor.workspace import Workspace
    from desktop.ui.supervisor.supervisor_window import SupervisorWindow
    from tests.ui.supervisor_fixtures import county_schools, write_county
    schools = county_schools(20)
    inbox = work / "收件箱"
    inbox.mkdir()
    write_county(inbox, schools)
    ws = Workspace.open(paths.data_dir())
    ws.set_roster([s.roster for s in schools])
    ws.import_folder(inbox)
    window = SupervisorWindow(ws, shipped())
    window.resize(*size)
    window.show()
    _save(app, window, out, "50-supervisor-schools", tag, problems)
    done = []
    window.stats.computed.connect(lambda *_: done.append(1))
    window.pages.setCurrentWidget(window.stats)
    for _ in range(600):
        if done:
            break
        app.processEvents()
        import time
        time.sleep(0.05)
    _save(app, window, out, "51-supervisor-statistics", tag, problems)
    view = next(iter(window.stats.stages.values()))
    header = view.cv_view.horizontalHeader()
    titles = [view.cv_model.headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    column = titles.index("结论")
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    if right > view.cv_view.viewport().width():
        problems.append(f"51-supervisor-statistics@{tag}: 结论 column ends at {right} px, "
                        f"the table shows {view.cv_view.viewport().width()} px")
    window.close()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="shots-"))))
