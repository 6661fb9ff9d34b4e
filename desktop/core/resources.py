"""The 资源配置 indicators (R1–R7) per 学段, and the per-school rule (≥ 6 of 7, the rest ≥ 85 %).

Shared assets (rooms, sports area, equipment, multimedia rooms) of a mixed school are split over its
学段 by weighted enrolment (九年一贯制 1 : 1.1, 完全中学 1 : 1.2, 十二年一贯制 1 : 1.1 : 1.32).
Teachers are counted in the 学段 they teach, so their inputs are per 学段.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping

from desktop.core.model import STAGE_NAMES, Checklist, Indicator, ResourceRule, SchoolProfile
from desktop.core.numbers import ceil_to, fmt, fmt_against, fmt_against_each

MET, UNMET, INCOMPLETE, NOT_APPLICABLE = "达标", "未达标", "未完成", "不适用"


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    stage: str
    status: str  # "met", "unmet" or "unanswered"
    value: Fraction | None = None
    threshold: Fraction | None = None
    floor: Fraction | None = None  # the 85 % value
    above_floor: bool | None = None
    gap: Fraction | None = None  # what the school must add, in the input's unit (school total)
    gap_text: str = ""
    missing: tuple[str, ...] = ()

    @property
    def met(self) -> bool | None:
        return None if self.status == "unanswered" else self.status == "met"

    @property
    def share_of_standard(self) -> Fraction | None:
        if self.value is None or not self.threshold:
            return None
        return self.value / self.threshold

    @property
    def share_text(self) -> str:
        """'84.98' (percent of the standard), by the shared display rule read against both 100 %
        and the 85 % floor, so neither line can be crossed by rounding."""
        share = self.share_of_standard
        if share is None:
            return ""
        lines = [(Fraction(100), ">=")]
        if self.floor is not None and self.threshold:
            lines.append((self.floor / self.threshold * 100, ">="))
        return fmt_against_each(share * 100, lines, 1)


@dataclass(frozen=True)
class StageResult:
    stage: str
    verdict: str  # 达标 / 未达标 / 未完成 / 不适用
    students: Fraction | None
    share: Fraction | None  # this 学段's part of the shared assets
    indicators: dict[str, IndicatorResult]
    met_count: int
    total: int
    min_met: int
    floor_ratio: Fraction
    reason: str

    @property
    def name(self) -> str:
        return STAGE_NAMES[self.stage]


def stage_shares(rule: ResourceRule, school: SchoolProfile,
                 students: Mapping[str, Fraction]) -> dict[str, Fraction] | None:
    """Each 学段's share of shared assets; None when an enrolment needed for the split is missing."""
    stages = school.stages
    if len(stages) == 1:
        return {stages[0]: Fraction(1)}
    weights = rule.weights_for(school.type)
    if any(students.get(s) is None for s in stages):
        return None
    weighted = {s: weights.get(s, Fraction(1)) * students[s] for s in stages}
    total = sum(weighted.values(), Fraction(0))
    if total == 0:
        return {s: Fraction(0) for s in stages}
    return {s: w / total for s, w in weighted.items()}


def evaluate_resources(checklist: Checklist, school: SchoolProfile,
                       answers: Mapping[str, object]) -> dict[str, StageResult]:
    rule = checklist.resources
    assert rule is not None
    students = {s: _number(answers, rule.students_input(s)) for s in school.stages
                if s in dict(rule.students)}
    shares = stage_shares(rule, school, students)
    return {stage: _evaluate_stage(checklist, rule, stage, students.get(stage),
                                   shares.get(stage) if shares else None, answers)
            for stage in rule.stages if stage in school.stages}


def _number(answers: Mapping[str, object], item_id: str) -> Fraction | None:
    value = answers.get(item_id)
    return value if isinstance(value, Fraction) else None


def _evaluate_stage(checklist: Checklist, rule: ResourceRule, stage: str,
                    students: Fraction | None, share: Fraction | None,
                    answers: Mapping[str, object]) -> StageResult:
    if students == 0:
        return StageResult(stage, NOT_APPLICABLE, students, share, {}, 0, len(rule.indicators),
                           rule.min_met, rule.floor, f"{STAGE_NAMES[stage]}学段在校生数为 0，不评价")
    results = {ind.id: _indicator(checklist, rule, ind, stage, students, share, answers)
               for ind in rule.indicators}
    met_count = sum(1 for r in results.values() if r.status == "met")
    verdict, reason = _stage_verdict(checklist, rule, stage, results, met_count)
    return StageResult(stage, verdict, students, share, results, met_count, len(results),
                       rule.min_met, rule.floor, reason)


def _indicator(checklist: Checklist, rule: ResourceRule, ind: Indicator, stage: str,
               students: Fraction | None, share: Fraction | None,
               answers: Mapping[str, object]) -> IndicatorResult:
    threshold = ind.threshold(stage)
    floor = threshold * rule.floor if threshold is not None else None
    input_id = ind.input_for(stage)
    amount = _number(answers, input_id)
    missing = tuple(i for i, v in ((rule.students_input(stage), students), (input_id, amount))
                    if v is None)
    if ind.shared_input and share is None and not missing:
        missing = tuple(rule.students_input(s) for s, _ in rule.students
                        if _number(answers, rule.students_input(s)) is None)
    if missing or threshold is None:
        return IndicatorResult(ind, stage, "unanswered", threshold=threshold, floor=floor,
                               missing=missing)
    stage_amount = amount * share if ind.shared_input else amount
    value = stage_amount / students * ind.per
    if value >= threshold:
        return IndicatorResult(ind, stage, "met", value, threshold, floor, True)
    # Needed at this 学段 = threshold × students ÷ per; shared assets are added to the whole
    # school, of which this 学段 gets only its share.
    deficit = threshold * students / ind.per - stage_amount
    if ind.shared_input and share:
        deficit /= share
    gap = ceil_to(deficit, 0 if ind.whole_gap else 2)
    unit = ind.input_unit
    text = ind.gap_text.format(gap=fmt(gap)) if ind.gap_text else f"还需增加 {fmt(gap)}{unit}"
    return IndicatorResult(ind, stage, "unmet", value, threshold, floor, value >= floor, gap, text)


def _stage_verdict(checklist: Checklist, rule: ResourceRule, stage: str,
                   results: dict[str, IndicatorResult], met_count: int) -> tuple[str, str]:
    total = len(results)
    if any(r.status == "unanswered" for r in results.values()):
        names = sorted({checklist.item(m).title for r in results.values() for m in r.missing
                        if checklist.has_item(m)})
        return INCOMPLETE, "尚缺数据：" + "、".join(names) if names else "尚缺数据"
    below_floor = [r for r in results.values() if r.status == "unmet" and not r.above_floor]
    percent = int(rule.floor * 100)
    text = f"{total} 项指标中 {met_count} 项达标"
    if met_count >= rule.min_met and not below_floor:
        rest = "，未达标项均不低于标准值的 {}%".format(percent) if met_count < total else ""
        return MET, f"{text}（要求至少 {rule.min_met} 项）{rest}"
    problems = []
    if met_count < rule.min_met:
        problems.append(f"少于要求的 {rule.min_met} 项")
    for r in below_floor:
        problems.append(f"{r.indicator.id} 仅为标准值的 {r.share_text}%，低于 {fmt(rule.floor * 100)}%")
    return UNMET, f"{text}；" + "；".join(problems)
