"""Per-school 资源配置 results: each school's yzjh answers judged by the existing engine.

Nothing here re-implements an indicator or the mixed-school split: every value comes from
desktop.core.resources.evaluate_resources, as for a school filling in its own checklist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping, Sequence

from desktop.core import catalog
from desktop.core.model import STAGE_NAMES, Checklist, SchoolProfile
from desktop.core.resources import NOT_APPLICABLE, StageResult, evaluate_resources
from desktop.district.progress import CancelFn, ProgressFn, step

# The stable yzjh input ids (checklists/yzjh.toml [resources]); the 统计表 columns map onto them.
RESOURCE_INPUTS = (
    "students_primary", "students_junior", "students_senior",
    "teachers_above_degree_primary", "teachers_above_degree_junior",
    "backbone_teachers_primary", "backbone_teachers_junior",
    "pe_art_teachers_primary", "pe_art_teachers_junior",
    "teaching_rooms_m2", "sports_area_m2", "equipment_value_yuan", "multimedia_rooms",
)
JUDGED_STAGES = ("primary", "junior")


@dataclass(frozen=True)
class SchoolRecord:
    """One school's resource data as submitted (a 统计表 row or a package).

    Attributes:
        answers: yzjh answers by stable input id (Fractions; absent = not given).
        excluded: why the school is left out of the statistics (特教, 职业, 教学点 < 50 人);
            "" when it is counted.
        origin: where the data came from, for messages ("第 5 行", a package's file name).
    """

    name: str
    type: str
    answers: Mapping[str, Fraction] = field(default_factory=dict)
    code: str = ""
    excluded: str = ""
    origin: str = ""

    @property
    def profile(self) -> SchoolProfile:
        return SchoolProfile(self.type, name=self.name)


@dataclass(frozen=True)
class SchoolEvaluation:
    """A school with its per-学段 results (only 学段 that are judged and have students)."""

    record: SchoolRecord
    stages: dict[str, StageResult]

    @property
    def name(self) -> str:
        return self.record.name

    def stage_names(self) -> str:
        return "、".join(STAGE_NAMES[s] for s in self.stages)


def yzjh_checklist() -> Checklist:
    return catalog.shipped().get("yzjh")


def evaluate_school(record: SchoolRecord, checklist: Checklist) -> SchoolEvaluation:
    """The engine's StageResults; a 学段 without students (不适用) is left out."""
    results = evaluate_resources(checklist, record.profile, dict(record.answers))
    stages = {s: r for s, r in results.items() if r.verdict != NOT_APPLICABLE}
    return SchoolEvaluation(record, stages)


def evaluate_schools(records: Sequence[SchoolRecord], checklist: Checklist | None = None,
                     progress: ProgressFn | None = None,
                     is_cancelled: CancelFn | None = None) -> list[SchoolEvaluation]:
    """Evaluates every counted school (excluded ones are skipped), in the given order."""
    checklist = checklist or yzjh_checklist()
    counted = [r for r in records if not r.excluded]
    evaluations = []
    for n, record in enumerate(counted):
        if n % 50 == 0:
            step(n, len(counted), progress, is_cancelled)
        evaluations.append(evaluate_school(record, checklist))
    step(len(counted), len(counted), progress, is_cancelled)
    return evaluations
