"""Fixtures for the 督学汇总 GUI tests: a county of schools whose packages the real writer makes.

Each school's yzjh answers come from the demo's answer maker; its 资源配置 inputs are then set
per school (a fixed pseudo-random spread around the standards), so the county's CVs differ and
some schools fail. Packages are written once per session; each test copies what it needs.
"""

from __future__ import annotations

import math
import random
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest

from desktop import paths
from desktop.core.demo_answers import Scenario
from desktop.supervisor.roster import RosterSchool
from desktop.supervisor.workspace import Workspace
from tests.supervisor.factories import DATA_DATE, school, snapshot, tamper, write

CHECKLISTS = ("yzjh", "xyaq")
# Inputs per 1000 students that meet the 小学 / 初中 standards with a little room.
PRIMARY = {"teachers_above_degree_primary": 45, "backbone_teachers_primary": 12,
           "pe_art_teachers_primary": 10, "teaching_rooms_m2": 5000, "sports_area_m2": 8000,
           "equipment_value_yuan": 2100000, "multimedia_rooms": 25}
JUNIOR = {"teachers_above_degree_junior": 60, "backbone_teachers_junior": 12,
          "pe_art_teachers_junior": 10, "teaching_rooms_m2": 6000, "sports_area_m2": 11000,
          "equipment_value_yuan": 2600000, "multimedia_rooms": 25}
# A cohort the demo's answer maker cannot guess (it would divide by zero): 巩固率 about 98.5 %.
COHORT = {"junior_cohort_entrants": 200, "junior_cohort_deaths": 0, "junior_graduates": 196,
          "junior_cohort_transfers_in": 2, "junior_cohort_transfers_out": 3}


@dataclass(frozen=True)
class CountySchool:
    name: str
    code: str
    kind: str
    students: int

    @property
    def roster(self) -> RosterSchool:
        field = "students_primary" if self.kind == "小学" else "students_junior"
        return RosterSchool(self.name, self.code, self.kind, inspector="张督学",
                            **{field: self.students})


def county_schools(count: int = 20) -> list[CountySchool]:
    towns = "城关 城南 城北 河西 东山 西岭 南湖 北岗 青石 白沙 高桥 柳林 新河 石门 桃源 龙口 马坊 三江 莲塘 杨柳"
    names = towns.split()
    found = []
    for n in range(count):
        junior = n % 4 == 3
        town = names[n % len(names)] + ("" if n < len(names) else str(n // len(names) + 1))
        found.append(CountySchool(f"{town}{'中学' if junior else '小学'}", f"214419{n + 1:04d}",
                                  "初中" if junior else "小学", 300 + (n * 137) % 1200))
    return found


def resource_answers(s: CountySchool, seed: int) -> dict[str, Fraction]:
    """The school's 资源配置 inputs: every standard times a factor between 0.55 and 1.6; equipment
    is 0.2 of it at every third school and 1.2 to 2.6 times it elsewhere, so the county's
    equipment CV (R6) runs over the limit."""
    rng = random.Random(seed)
    per = PRIMARY if s.kind == "小学" else JUNIOR
    stage = "students_primary" if s.kind == "小学" else "students_junior"
    answers = {stage: Fraction(s.students)}
    if s.kind == "初中":
        answers.update({k: Fraction(v) for k, v in COHORT.items()})
    for key, base in per.items():
        low, high = (1.2, 2.6) if key == "equipment_value_yuan" else (0.55, 1.6)
        factor = round(rng.uniform(low, high), 2)
        if key == "equipment_value_yuan" and seed % 3 == 0:
            factor = 0.2
        value = Fraction(base) * s.students / 1000 * Fraction(str(factor))
        answers[key] = Fraction(math.ceil(value))
    return answers


def county_snapshot(s: CountySchool, seed: int, **kwargs):
    scenario = Scenario(data_date=DATA_DATE, base=resource_answers(s, seed))
    return snapshot(school(s.name, s.code, s.kind), checklists=CHECKLISTS, scenario=scenario,
                    **kwargs)


def write_county(folder: Path, schools: list[CountySchool], missing: int = 3) -> list[Path]:
    """Packages of all but the last `missing` schools; the 2nd is 填报中 and the 3rd is tampered."""
    files = []
    for n, s in enumerate(schools[:len(schools) - missing]):
        snap = county_snapshot(s, n, status="填报中" if n == 1 else "已完成", fail=1 if n == 4 else 0)
        path = write(snap, folder, f"{s.name}.zpkg")
        if n == 2:
            tamper(path)
        files.append(path)
    return files


@pytest.fixture(scope="session")
def county_template(tmp_path_factory) -> tuple[Path, list[CountySchool]]:
    """20 schools, 17 packages (one 填报中, one tampered), written once for the session."""
    folder = tmp_path_factory.mktemp("county") / "收件箱"
    schools = county_schools(20)
    write_county(folder, schools)
    return folder, schools


@pytest.fixture
def county(county_template, tmp_path) -> tuple[Path, list[CountySchool]]:
    """A copy of the session's packages in this test's own folder."""
    source, schools = county_template
    target = tmp_path / "收件箱"
    shutil.copytree(source, target)
    return target, schools


@pytest.fixture
def sup_ws():
    workspace = Workspace.open(paths.data_dir())
    # A notice needs its issuing office (the GUI asks once and keeps it here).
    workspace.set_settings(issuer="示范县人民政府教育督导室")
    yield workspace
    workspace.close()


@pytest.fixture
def sup_window(qtbot, sup_ws, catalog):
    from desktop.ui.supervisor.supervisor_window import SupervisorWindow
    window = SupervisorWindow(sup_ws, catalog)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def import_and_wait(qtbot, window, *, folder: Path | None = None, files=(), timeout: int = 60000):
    """Starts an import from the window and waits until its dialog reports the end."""
    dialog = window.import_packages(folder=folder, files=list(files))
    with qtbot.waitSignal(dialog.finished_import, timeout=timeout):
        pass
    return dialog


def wait_stats(qtbot, window, timeout: int = 60000):
    """Shows the statistics page and waits for its numbers."""
    page = window.stats
    with qtbot.waitSignal(page.computed, timeout=timeout):
        window.pages.setCurrentWidget(page)
    return page
