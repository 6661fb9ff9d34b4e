"""Fixtures: a workspace in the test's own data directory, closed after the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.supervisor.roster import RosterSchool
from desktop.supervisor.workspace import Workspace


@pytest.fixture
def ws() -> Workspace:
    workspace = Workspace.open(paths.data_dir())
    # A notice needs its issuing office (the GUI asks once and keeps it here).
    workspace.set_settings(issuer="示范县人民政府教育督导室")
    yield workspace
    workspace.close()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "收件箱"
    folder.mkdir()
    return folder


ROSTER = [
    RosterSchool("城南小学", "2144190002", "小学", students_primary=900, inspector="张督学"),
    RosterSchool("城北小学", "2144190003", "小学", students_primary=600, inspector="张督学"),
    RosterSchool("河西小学", "2144190004", "小学", students_primary=300, inspector="李督学"),
    RosterSchool("东山小学", "", "小学", students_primary=120, inspector="李督学"),
]
