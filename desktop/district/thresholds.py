"""County-level standard values (差异系数 limits, 普及普惠 targets) read from checklists/county/.

They are data with sources and confidence marks like the checklists, so a corrected value is
one edit in thresholds.toml, not a code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from desktop import paths
from desktop.core.errors import ChecklistFileError, Problem
from desktop.core.loader import printed_basis_problem, read_toml
from desktop.core.model import STAGE_NAMES, Compare, Source
from desktop.core.numbers import to_fraction

PRESCHOOL_METRICS = ("public_share", "inclusive_coverage", "gross_enrolment", "certified_rate",
                     "class_size_ok_rate", "children_per_teacher")
# The Guangdong values come from two districts' documents (源城区, 揭东区), not from a provincial
# one: the label says so rather than passing them off as 「广东」 standards.
REGIONS = {"national": "国家标准", "gd": "县区地方目标（源城区、揭东区文件）"}
_CONFIDENCES = ("V", "V2", "M")


@dataclass(frozen=True)
class Target:
    """One standard value of one region, with where it comes from."""

    region: str  # "national" or "gd"
    value: Fraction
    source: Source


@dataclass(frozen=True)
class PreschoolStandard:
    metric: str
    title: str
    compare: Compare
    targets: dict[str, Target]  # region → target; "national" always present

    def holds(self, value: Fraction, region: str = "national") -> bool:
        return self.compare.holds(value, self.targets[region].value)


@dataclass(frozen=True)
class CountyThresholds:
    cv_limits: dict[str, Target]  # 学段 → limit (CV ≤ limit)
    preschool: dict[str, PreschoolStandard]
    version: str = ""

    def cv_limit(self, stage: str) -> Fraction:
        return self.cv_limits[stage].value


def default_path() -> Path:
    return paths.checklists_dir() / "county" / "thresholds.toml"


@lru_cache(maxsize=1)
def shipped() -> CountyThresholds:
    """The thresholds shipped with the app (cached: they do not change while it runs)."""
    return load_thresholds(default_path())


def load_thresholds(path: Path) -> CountyThresholds:
    """Reads and checks the file; raises ChecklistFileError listing every problem."""
    data = read_toml(path)
    problems: list[Problem] = []
    limits = {}
    for n, raw in enumerate(data.get("cv_limits", []), 1):
        stage = raw.get("stage")
        where = f"cv_limits 第 {n} 项"
        if stage not in STAGE_NAMES:
            problems.append(Problem(path.name, where, f"学段「{stage}」应为 primary 或 junior"))
            continue
        target = _target(path.name, where, "national", raw.get("max"), raw, problems)
        if target:
            limits[stage] = target
    standards = {}
    for n, raw in enumerate(data.get("preschool", []), 1):
        standard = _preschool(path.name, f"preschool 第 {n} 项", raw, problems)
        if standard:
            standards[standard.metric] = standard
    for stage in ("primary", "junior"):
        if stage not in limits:
            problems.append(Problem(path.name, "cv_limits", f"缺少{STAGE_NAMES[stage]}的差异系数限值"))
    for metric in PRESCHOOL_METRICS:
        if metric not in standards:
            problems.append(Problem(path.name, "preschool", f"缺少指标「{metric}」"))
    if problems:
        raise ChecklistFileError(problems)
    return CountyThresholds(limits, standards, str(data.get("version", "")))


def _preschool(name: str, where: str, raw: dict, problems: list[Problem]) -> PreschoolStandard | None:
    metric = raw.get("metric")
    if metric not in PRESCHOOL_METRICS:
        problems.append(Problem(name, where, f"指标「{metric}」应为 {'、'.join(PRESCHOOL_METRICS)} 之一"))
        return None
    try:
        compare = Compare(raw.get("compare", ">="))
    except ValueError:
        problems.append(Problem(name, where, f"比较方式「{raw.get('compare')}」无效"))
        return None
    targets = {}
    for region in REGIONS:
        if region in raw:
            entry = raw[region] if isinstance(raw[region], dict) else {}
            target = _target(name, f"{where}（{region}）", region, entry.get("value"), entry, problems)
            if target:
                targets[region] = target
    if "national" not in targets:
        problems.append(Problem(name, where, "缺少国家标准值（national）"))
        return None
    return PreschoolStandard(metric, str(raw.get("title") or metric), compare, targets)


def _target(name: str, where: str, region: str, raw_value: object, raw: dict,
            problems: list[Problem]) -> Target | None:
    try:
        value = to_fraction(raw_value)
    except ValueError:
        problems.append(Problem(name, where, f"标准值「{raw_value}」不是数字"))
        return None
    confidence = raw.get("confidence", "V")
    note = str(raw.get("basis_note") or "")
    if confidence not in _CONFIDENCES:
        problems.append(Problem(name, where, f"confidence 应为 {'、'.join(_CONFIDENCES)} 之一"))
    elif confidence != "V" and not note:
        problems.append(Problem(name, where, f"可信度为 {confidence}，须在 basis_note 中说明依据"))
    if not raw.get("source"):
        problems.append(Problem(name, where, "缺少 source（依据）"))
    elif problem := printed_basis_problem(str(raw["source"])):
        problems.append(Problem(name, where, problem))
    return Target(region, value, Source(str(raw.get("source") or ""), confidence, note))
