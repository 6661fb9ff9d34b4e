"""The mode belongs to the data folder: a school folder opens as the school, a workspace as one."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.ui.main_window import MainWindow
from desktop.ui.recent_folders import open_folder, recent
from desktop.ui.supervisor.mode import SCHOOL, SUPERVISOR, current_mode, set_mode
from desktop.ui.supervisor.supervisor_window import SupervisorWindow


def shown(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_each_folder_opens_in_its_own_mode(qtbot, window, tmp_path, catalog):
    from desktop.supervisor.workspace import Workspace
    school_dir = paths.data_dir()
    workspace_dir = tmp_path / "county"
    Workspace.open(workspace_dir).close()
    assert current_mode(school_dir) == SCHOOL and current_mode(workspace_dir) == SUPERVISOR
    set_mode(SUPERVISOR, workspace_dir)  # a choice made for one folder …
    assert current_mode(school_dir) == SCHOOL  # … never turns the school's folder into a workspace

    supervisor = open_folder(window, workspace_dir)
    qtbot.addWidget(supervisor)
    assert isinstance(supervisor, SupervisorWindow) and supervisor.isVisible()
    assert not window.isVisible() and paths.data_dir() == workspace_dir.resolve()

    # Back through 文件 → 最近打开的文件夹: the school opens as the school, its assessment shown.
    supervisor.recent_menu.aboutToShow.emit()
    entries = [a for a in supervisor.recent_menu.actions() if a.isEnabled()]
    assert entries, "the school's folder is listed"
    assert str(school_dir.resolve()) in entries[0].text() and "学校填报" in entries[0].text()
    entries[0].trigger()
    (principal,) = shown(MainWindow)
    qtbot.addWidget(principal)
    assert principal.session is not None and principal.session.id == window.session.id
    assert not supervisor.isVisible()
    assert [p.resolve() for p in recent()][:2] == [school_dir.resolve(), workspace_dir.resolve()]


def test_a_folder_with_both_remembers_the_choice_made_for_it(tmp_path, store, assessment_id):
    from desktop.supervisor.workspace import Workspace
    Workspace.open(paths.data_dir()).close()
    assert current_mode() == SCHOOL  # both present, no choice yet: the school
    set_mode(SUPERVISOR)
    assert current_mode() == SUPERVISOR
    assert current_mode(tmp_path / "empty") == SCHOOL
