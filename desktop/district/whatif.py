"""What-if: which schools move a 差异系数 most when brought up to the indicator's standard.

For each indicator and 学段, every school below the standard is raised to exactly the standard
(its students unchanged) and the CV is recomputed; schools are ranked by how far the CV falls.
Recomputing the whole sum for each school would be quadratic, so the CV is rebuilt from the
weighted moments P = Σ P_i, A = Σ P_i·x_i, B = Σ P_i·x_i²: CV² = B·P / A² − 1 — the same
exact value as the definition in cv.py (the tests compare them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from desktop.district.cv import sqrt_decimal
from desktop.district.progress import CancelFn, ProgressFn, step
from desktop.district.schools import SchoolEvaluation
from desktop.district.summary import DistrictSummary, StageSummary, observations


@dataclass(frozen=True)
class WhatIf:
    """One school raised to the standard on one indicator, and the CV that would result."""

    school: SchoolEvaluation
    stage: str
    indicator: str
    value: Fraction  # the school's value now
    raised_to: Fraction  # the standard
    cv_before: Decimal
    cv_after: Decimal
    within_after: bool  # the new CV within the limit (exact)

    @property
    def decrease(self) -> Decimal:
        return self.cv_before - self.cv_after


def stage_what_ifs(stage: StageSummary, indicator_id: str) -> list[WhatIf]:
    """Every school below the standard, best first (the largest fall of the CV)."""
    spread = stage.spreads[indicator_id]
    before = spread.dispersion.cv
    pairs = observations(indicator_id, stage.stage, stage.schools)
    if before is None:
        return []
    total = sum((o.students for _, o in pairs), Fraction(0))
    first = sum((o.students * o.value for _, o in pairs), Fraction(0))
    second = sum((o.students * o.value ** 2 for _, o in pairs), Fraction(0))
    target, limit = spread.threshold, stage.limit
    ranked = []
    for school, o in pairs:
        if o.value >= target:
            continue
        a = first + o.students * (target - o.value)
        b = second + o.students * (target ** 2 - o.value ** 2)
        cv_squared = b * total / a ** 2 - 1
        ranked.append((cv_squared, school, o.value))
    ranked.sort(key=lambda entry: entry[0])
    return [WhatIf(school, stage.stage, indicator_id, value, target, before,
                   sqrt_decimal(cv_squared), cv_squared <= limit ** 2)
            for cv_squared, school, value in ranked]


def what_ifs(summary: DistrictSummary, progress: ProgressFn | None = None,
             is_cancelled: CancelFn | None = None) -> dict[str, dict[str, list[WhatIf]]]:
    """stage → indicator → ranked what-ifs, for every 学段 and all seven indicators."""
    jobs = [(s, i) for s in summary.stages.values() for i in s.spreads]
    result: dict[str, dict[str, list[WhatIf]]] = {s: {} for s in summary.stages}
    for n, (stage, indicator_id) in enumerate(jobs):
        step(n, len(jobs), progress, is_cancelled)
        result[stage.stage][indicator_id] = stage_what_ifs(stage, indicator_id)
    step(len(jobs), len(jobs), progress, is_cancelled)
    return result
