"""County 资源配置 statistics per 学段: the seven 差异系数, their limits, and who meets the rule.

County rule (REFERENCE §1.0 YZJH-D3): every school passes the per-school rule **and** each of the
seven student-weighted CVs is within the 学段's limit (小学 ≤ 0.50, 初中 ≤ 0.45).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Sequence

from desktop.core.model import STAGE_NAMES, Checklist, Indicator
from desktop.core.resources import MET
from desktop.district.cv import DIGITS, Dispersion, Observation, weighted_cv
from desktop.district.progress import CancelFn, ProgressFn
from desktop.district.schools import (
    JUDGED_STAGES, SchoolEvaluation, SchoolRecord, evaluate_schools, yzjh_checklist,
)
from desktop.district.thresholds import CountyThresholds, shipped


@dataclass(frozen=True)
class IndicatorSpread:
    """One indicator over the schools of one 学段.

    Attributes:
        dispersion: x̄, S², CV of the schools that have a value.
        within_limit: CV ≤ limit (exact); None when the CV is undefined (x̄ = 0 or no schools).
        schools_met: schools whose value reaches the indicator's standard.
        missing: schools of this 学段 without a value (left out of the CV).
    """

    indicator: Indicator
    stage: str
    threshold: Fraction
    limit: Fraction
    dispersion: Dispersion
    within_limit: bool | None
    schools_met: int
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageSummary:
    stage: str
    limit: Fraction
    spreads: dict[str, IndicatorSpread]  # R1…R7
    schools: tuple[SchoolEvaluation, ...]  # schools teaching this 学段 (with students)

    @property
    def name(self) -> str:
        return STAGE_NAMES[self.stage]

    @property
    def schools_met(self) -> int:
        return sum(1 for s in self.schools if s.stages[self.stage].verdict == MET)

    @property
    def failing_schools(self) -> list[SchoolEvaluation]:
        return [s for s in self.schools if s.stages[self.stage].verdict != MET]

    @property
    def cv_failed(self) -> list[str]:
        return [i for i, s in self.spreads.items() if s.within_limit is not True]

    @property
    def passed(self) -> bool:
        """Every one of the seven CVs is within the limit (the 差异系数 part of the rule)."""
        return bool(self.schools) and not self.cv_failed

    @property
    def county_passed(self) -> bool:
        """The whole 资源配置 rule: the CVs and every school meeting the per-school rule."""
        return self.passed and self.schools_met == len(self.schools)

    @property
    def composite(self) -> Decimal | None:
        """综合差异系数 = mean of the seven CVs; printed for reference, never judged (§1.2)."""
        cvs = [s.dispersion.cv for s in self.spreads.values()]
        if not cvs or any(c is None for c in cvs):
            return None
        with localcontext() as ctx:
            ctx.prec = DIGITS
            return sum(cvs, Decimal(0)) / len(cvs)


@dataclass(frozen=True)
class DistrictSummary:
    stages: dict[str, StageSummary]  # only 学段 that some school teaches
    schools: tuple[SchoolEvaluation, ...]
    excluded: tuple[SchoolRecord, ...]
    checklist: Checklist

    @property
    def failing(self) -> list[tuple[SchoolEvaluation, str]]:
        """(school, 学段) pairs that do not meet the per-school rule, in table order."""
        return [(s, stage) for s in self.schools for stage, r in s.stages.items() if r.verdict != MET]


def summarise(records: Sequence[SchoolRecord], thresholds: CountyThresholds | None = None,
              checklist: Checklist | None = None, progress: ProgressFn | None = None,
              is_cancelled: CancelFn | None = None) -> DistrictSummary:
    """Evaluates every counted school and computes each 学段's statistics."""
    thresholds = thresholds or shipped()
    checklist = checklist or yzjh_checklist()
    evaluations = evaluate_schools(records, checklist, progress, is_cancelled)
    stages = {}
    for stage in JUDGED_STAGES:
        schools = tuple(e for e in evaluations if stage in e.stages)
        if schools:
            stages[stage] = stage_summary(stage, schools, checklist, thresholds.cv_limit(stage))
    excluded = tuple(r for r in records if r.excluded)
    return DistrictSummary(stages, tuple(evaluations), excluded, checklist)


def stage_summary(stage: str, schools: Sequence[SchoolEvaluation], checklist: Checklist,
                  limit: Fraction) -> StageSummary:
    assert checklist.resources is not None
    spreads = {ind.id: indicator_spread(ind, stage, schools, limit)
               for ind in checklist.resources.indicators}
    return StageSummary(stage, limit, spreads, tuple(schools))


def observations(indicator_id: str, stage: str,
                 schools: Sequence[SchoolEvaluation]) -> list[tuple[SchoolEvaluation, Observation]]:
    """(school, P_i and x_i) for every school with a value; x_i already carries the §1.3 split."""
    pairs = []
    for school in schools:
        result = school.stages[stage]
        value = result.indicators[indicator_id].value
        if value is not None and result.students:
            pairs.append((school, Observation(result.students, value)))
    return pairs


def indicator_spread(indicator: Indicator, stage: str, schools: Sequence[SchoolEvaluation],
                     limit: Fraction) -> IndicatorSpread:
    pairs = observations(indicator.id, stage, schools)
    dispersion = weighted_cv(o for _, o in pairs)
    threshold = indicator.threshold(stage)
    assert threshold is not None
    met = sum(1 for s in schools if s.stages[stage].indicators[indicator.id].status == "met")
    have = {id(s) for s, _ in pairs}
    missing = tuple(s.name for s in schools if id(s) not in have)
    return IndicatorSpread(indicator, stage, threshold, limit, dispersion,
                           dispersion.within(limit), met, missing)
