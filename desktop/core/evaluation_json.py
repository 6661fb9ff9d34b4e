"""The JSON shape of an evaluation (command line `evaluate --json`, exchange files, outside scripts)."""

from __future__ import annotations

from typing import Any

from desktop.core.answers import to_json
from desktop.core.engine import ChecklistResult, ItemResult
from desktop.core.numbers import to_json_number
from desktop.core.resources import IndicatorResult, StageResult


def result_to_json(result: ChecklistResult) -> dict[str, Any]:
    c = result.checklist
    data: dict[str, Any] = {
        "checklist": c.id,
        "version": c.version,
        "title": c.title,
        "overlay": c.overlay or None,
        "verdict": result.verdict,
        "counts": result.counts,
        "vetoes": [r.item.id for r in result.vetoes],
        "items": [item_to_json(r) for r in result.items],
    }
    if c.resources is not None:
        data["stages"] = {stage: stage_to_json(s) for stage, s in result.stages.items()}
    if result.max_score is not None:
        data["score"] = {"max": to_json_number(result.max_score),
                         "self": to_json_number(result.self_score), "grade": result.grade}
    return data


def item_to_json(r: ItemResult) -> dict[str, Any]:
    return {
        "id": r.item.id,
        "title": r.item.title,
        "status": r.status.value,
        "value": to_json(r.value),
        "display": r.shown,
        "threshold": to_json_number(r.threshold),
        "standard": r.threshold_text,
        "gap": to_json_number(r.gap),
        "gap_text": r.gap_text,
        "message": r.message,
    }


def stage_to_json(s: StageResult) -> dict[str, Any]:
    return {
        "name": s.name,
        "verdict": s.verdict,
        "reason": s.reason,
        "students": to_json_number(s.students),
        "share": to_json_number(s.share),
        "met_count": s.met_count,
        "min_met": s.min_met,
        "indicators": {i: indicator_to_json(r) for i, r in s.indicators.items()},
    }


def indicator_to_json(r: IndicatorResult) -> dict[str, Any]:
    return {
        "title": r.indicator.title,
        "unit": r.indicator.unit,
        "status": r.status,
        "value": to_json_number(r.value),
        "threshold": to_json_number(r.threshold),
        "floor": to_json_number(r.floor),
        "met": r.met,
        "above_floor": r.above_floor,
        "gap": to_json_number(r.gap),
        "gap_text": r.gap_text,
    }
