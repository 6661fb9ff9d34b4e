"""Plausible answers for a demo school, derived from each item's type, threshold and comparison.

Values meet the standard unless the scenario asks otherwise, so the demo keeps working when
checklists change: a new item gets a fitting answer from its definition alone. A few base figures
(enrolment, classes…) make the numbers look like a real school's.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Mapping

from desktop.core.answers import AnswerValue
from desktop.core.engine import ChecklistResult, ItemResult, Status, evaluate
from desktop.core.model import AnswerType, Checklist, Compare, Item, SchoolProfile
from desktop.core.resources import stage_shares

# Facts that conditions depend on; a yes/no item without a standard is otherwise answered 是.
_FACTS: dict[str, AnswerValue] = {
    "has_canteen": True, "canteen_contracted": False, "has_catering": False,
    "has_school_bus": False, "half_day": False, "psych_teacher_required": True,
    "gd_boarding_tuckshop": False,
}
# Counts that are zero at a real school unless told otherwise (a formula may divide by their complement).
_ZERO_COUNTS = {"junior_cohort_deaths", "junior_cohort_transfers_in", "junior_cohort_transfers_out"}
_RATIO = re.compile(r"^\(?\s*(\w+)\s*/\s*(\w+)\s*\)?\s*\*\s*100$")


@dataclass
class Scenario:
    """One period of the demo school: its figures and the deliberate shortfalls.

    base: answers given as they are (figures of a real-looking school), by item id.
    shortfalls: per 资源配置 indicator, the share of the need that is provided (the junior stage's,
        or the only judged stage's).
    """

    data_date: dt.date
    base: dict[str, AnswerValue]
    shortfalls: dict[str, Fraction] = field(default_factory=dict)
    old_dates: dict[str, int] = field(default_factory=dict)  # date item → days before data_date


def answers_for(checklist: Checklist, school: SchoolProfile, scenario: Scenario) -> dict[str, AnswerValue]:
    """Answers for every item that applies to the school (computed items excepted)."""
    answers = {i.id: _first_guess(i, scenario) for i in checklist.items if i.type is not AnswerType.COMPUTED}
    base = {k: v for k, v in scenario.base.items() if checklist.has_item(k)}
    answers.update(base)
    if checklist.resources:
        answers.update(_resource_inputs(checklist, school, answers, scenario))
        answers.update(base)
    fixed = set(scenario.base) | set(scenario.old_dates)
    for _ in range(4):  # thresholds may depend on other answers: settle in a few rounds
        result = evaluate(checklist, school, answers, scenario.data_date)
        changes = {}
        for r in result.items:
            if r.status is Status.UNMET and r.item.id not in fixed:
                changes.update({k: v for k, v in _meeting(checklist, r, answers).items() if k not in fixed})
        if not changes:
            break
        answers.update(changes)
    return _only_applicable(checklist, school, answers, scenario.data_date)


def _only_applicable(checklist: Checklist, school: SchoolProfile, answers: dict[str, AnswerValue],
                     on: dt.date) -> dict[str, AnswerValue]:
    result = evaluate(checklist, school, answers, on)
    return {r.item.id: answers[r.item.id] for r in result.items
            if r.status is not Status.NOT_APPLICABLE and r.item.id in answers}


def _first_guess(item: Item, scenario: Scenario) -> AnswerValue:
    t = item.type
    if t is AnswerType.YES_NO:
        return item.expected if item.expected is not None else bool(_FACTS.get(item.id, True))
    if t is AnswerType.CHOICE:
        return (item.pass_options or item.options)[0]
    if t is AnswerType.DATE:
        days = scenario.old_dates.get(item.id)
        if days is None:
            days = min((item.within_days or 60) // 2, 20)
        return scenario.data_date - dt.timedelta(days=days)
    if t is AnswerType.TEXT:
        return "已建立相关制度并按要求落实，记录齐全。"
    if item.id in _ZERO_COUNTS:
        return Fraction(0)
    if item.threshold is not None:
        if item.threshold.value is not None:
            return meets(item, item.threshold.value)
        # Depends on other answers: start on the wrong side, the settling rounds fix it.
        low = item.compare in (Compare.GE, Compare.GT, Compare.EQ)
        return _clip(item, Fraction(0) if low else Fraction(10 ** 9))
    if t is AnswerType.PERCENT:
        return _clip(item, Fraction(96))
    return _clip(item, Fraction(6) if t is AnswerType.INTEGER else Fraction(120))


def _clip(item: Item, value: Fraction) -> Fraction:
    if item.minimum is not None:
        value = max(value, item.minimum)
    high = item.maximum if item.maximum is not None else (
        Fraction(100) if item.type is AnswerType.PERCENT else None)
    if high is not None:
        value = min(value, high)
    return Fraction(math.floor(value)) if item.type is AnswerType.INTEGER else value


def meets(item: Item, threshold: Fraction) -> Fraction:
    """A value a little on the right side of the threshold (whole numbers for integers)."""
    whole = item.type is AnswerType.INTEGER
    c = item.compare
    if c is Compare.EQ:
        return threshold
    if c in (Compare.GE, Compare.GT):
        value = threshold * Fraction(11, 10)
        value = Fraction(math.ceil(value)) if whole else Fraction(math.ceil(value * 100), 100)
        return _clip(item, max(value, threshold + 1) if whole and c is Compare.GT else value)
    value = threshold * Fraction(9, 10)
    return _clip(item, Fraction(math.floor(value)) if whole else Fraction(math.floor(value * 100), 100))


def _meeting(checklist: Checklist, r: ItemResult, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Changed answers that make an unmet item meet its standard (empty if no way is known)."""
    item = r.item
    if r.threshold is None:
        return {}
    if item.type is not AnswerType.COMPUTED:
        return {item.id: meets(item, r.threshold)}
    text = item.formula.text.strip() if item.formula else ""
    if checklist.has_item(text):  # the value is another answer
        return {text: meets(checklist.item(text), r.threshold)}
    ratio = _RATIO.match(text)
    if ratio and checklist.has_item(ratio.group(1)) and isinstance(answers.get(ratio.group(2)), Fraction):
        part, whole = checklist.item(ratio.group(1)), answers[ratio.group(2)]
        needed = r.threshold / 100 * whole
        if needed < whole:
            needed = min(needed * Fraction(6, 5), whole)  # a share of the whole: leave a margin
        places = 1 if part.type is AnswerType.INTEGER else 100
        return {part.id: _clip(part, Fraction(math.ceil(needed * places), places))}
    return {}


def _resource_inputs(checklist: Checklist, school: SchoolProfile, answers: Mapping[str, AnswerValue],
                     scenario: Scenario) -> dict[str, AnswerValue]:
    """Inputs of the 资源配置 indicators: 8 % above every stage's need, or short where asked."""
    rule = checklist.resources
    assert rule is not None
    stages = [s for s in rule.stages if s in school.stages]
    students = {s: answers.get(rule.students_input(s)) for s in school.stages if s in dict(rule.students)}
    shares = stage_shares(rule, school, students)
    if shares is None or not all(isinstance(students.get(s), Fraction) and students[s] for s in stages):
        return {}
    values: dict[str, AnswerValue] = {}
    short_stage = "junior" if "junior" in stages else (stages[-1] if stages else "")
    for ind in rule.indicators:
        needs = {s: ind.threshold(s) * students[s] / ind.per / (shares[s] if ind.shared_input else 1)
                 for s in stages if ind.threshold(s) is not None}
        short = scenario.shortfalls.get(ind.id)
        if ind.shared_input:
            item = checklist.item(ind.shared_input)
            values[item.id] = (_round_input(item, needs[short_stage] * short, up=False)
                               if short and short_stage in needs
                               else _round_input(item, max(needs.values()) * Fraction(108, 100)))
            continue
        for stage, need in needs.items():
            item = checklist.item(ind.input_for(stage))
            values[item.id] = (_round_input(item, need * short, up=False) if short and stage == short_stage
                               else _round_input(item, need * Fraction(108, 100)))
    return values


def _round_input(item: Item, value: Fraction, up: bool = True) -> Fraction:
    step = math.ceil if up else math.floor
    if item.type is AnswerType.INTEGER or item.unit in ("㎡", "元"):
        return Fraction(step(value))
    return Fraction(step(value * 100), 100)


def unmet(results: Mapping[str, ChecklistResult]) -> list[tuple[str, str, str, str]]:
    """(checklist, item the plan belongs to, what is wrong, gap) for every unmet item or indicator."""
    found = []
    for checklist_id, result in results.items():
        for r in result.unmet:
            found.append((checklist_id, r.item.id, r.item.title, r.gap_text or r.message))
        for stage in result.stages.values():
            for ind in stage.indicators.values():
                if ind.status == "unmet":
                    found.append((checklist_id, ind.indicator.input_for(stage.stage),
                                  f"{stage.name}{ind.indicator.title}", ind.gap_text))
    return found
