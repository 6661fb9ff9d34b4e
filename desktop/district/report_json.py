"""Plain JSON shapes of the district statistics (command line `--json`, and anyone scripting)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.core.numbers import to_json_number
from desktop.district.cv import cv_text
from desktop.district.preschool import PreschoolSummary
from desktop.district.schools import SchoolEvaluation
from desktop.district.summary import DistrictSummary, StageSummary
from desktop.district.whatif import WhatIf


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def stage_to_json(stage: StageSummary) -> dict[str, Any]:
    spreads = stage.spreads
    return {
        "name": stage.name,
        "cv": {i: _float(s.dispersion.cv) for i, s in spreads.items()},
        "cv_text": {i: cv_text(s.dispersion.cv, stage.limit) for i, s in spreads.items()},
        "within_limit": {i: s.within_limit for i, s in spreads.items()},
        "mean": {i: to_json_number(s.dispersion.mean) for i, s in spreads.items()},
        "threshold": {i: to_json_number(s.threshold) for i, s in spreads.items()},
        "indicator_met": {i: s.schools_met for i, s in spreads.items()},
        "missing": {i: list(s.missing) for i, s in spreads.items() if s.missing},
        "limit": to_json_number(stage.limit),
        "passed": stage.passed,
        "cv_failed": stage.cv_failed,
        "county_passed": stage.county_passed,
        "schools": len(stage.schools),
        "schools_met": stage.schools_met,
        "composite": _float(stage.composite),
    }


def school_to_json(school: SchoolEvaluation) -> dict[str, Any]:
    record = school.record
    stages = {}
    for stage, result in school.stages.items():
        entry: dict[str, Any] = {i: to_json_number(r.value) for i, r in result.indicators.items()}
        entry.update(verdict=result.verdict, met_count=result.met_count,
                     students=to_json_number(result.students), reason=result.reason,
                     gaps={i: r.gap_text for i, r in result.indicators.items() if r.gap_text})
        stages[stage] = entry
    return {"name": record.name, "code": record.code, "type": record.type,
            "origin": record.origin, "stages": stages}


def summary_to_json(summary: DistrictSummary) -> dict[str, Any]:
    return {
        "stages": {s: stage_to_json(stage) for s, stage in summary.stages.items()},
        "schools": [school_to_json(s) for s in summary.schools],
        "excluded": [{"name": r.name, "type": r.type, "reason": r.excluded, "origin": r.origin}
                     for r in summary.excluded],
    }


def whatifs_to_json(ranked: dict[str, dict[str, list[WhatIf]]], top: int) -> dict[str, Any]:
    return {stage: {indicator: [{
        "name": w.school.name, "value": to_json_number(w.value),
        "raised_to": to_json_number(w.raised_to), "cv_before": float(w.cv_before),
        "cv_after": float(w.cv_after), "decrease": float(w.decrease),
        "within_limit_after": w.within_after} for w in items[:top]]
        for indicator, items in by_indicator.items()} for stage, by_indicator in ranked.items()}


def preschool_to_json(p: PreschoolSummary) -> dict[str, Any]:
    """The six metrics at the top level (fractions 0–1, children_per_teacher a number), then
    each one's checks: national always, guangdong where its value differs."""
    data: dict[str, Any] = {"kindergartens": len(p.kindergartens), "population": p.population,
                            "totals": dict(p.totals)}
    checks = {}
    for key, metric in p.metrics.items():
        data[key] = to_json_number(metric.value)
        checks[key] = {"title": metric.title, "compare": metric.standard.compare.value}
        for region, check in metric.checks.items():
            checks[key]["national" if region == "national" else "guangdong"] = {
                "threshold": to_json_number(check.threshold), "passed": check.passed,
                "source": check.source.text, "confidence": check.source.confidence}
    data["checks"] = checks
    return data
