"""Evaluates a school's answers against a checklist: per item, per 学段 indicator, per checklist."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import Any, Mapping

from desktop.core import formula
from desktop.core.answers import AnswerValue, display, parse_answer
from desktop.core.errors import InputError
from desktop.core.model import (
    STAGE_NAMES, AnswerType, Checklist, Compare, Item, SchoolProfile, Threshold,
)
from desktop.core.numbers import ceil_to, fmt
from desktop.core.resources import StageResult, evaluate_resources


class Status(str, Enum):
    MET = "met"
    UNMET = "unmet"
    UNANSWERED = "unanswered"
    NOT_APPLICABLE = "not_applicable"
    RECORDED = "recorded"  # a data item without a standard of its own (e.g. 在校生数)

    @property
    def label(self) -> str:
        return {"met": "达标", "unmet": "未达标", "unanswered": "未填写",
                "not_applicable": "不适用", "recorded": "已填写"}[self.value]


MET, UNMET, INCOMPLETE = "达标", "未达标", "未完成"


@dataclass(frozen=True)
class ItemResult:
    item: Item
    status: Status
    value: AnswerValue | None = None
    threshold: Fraction | None = None
    gap: Fraction | None = None
    gap_text: str = ""
    message: str = ""  # why an item cannot be judged yet, or a note on the verdict
    self_score: Fraction | None = None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def threshold_text(self) -> str:
        """The standard as printed: '≥ 4.2人', '≤ 45人', '是', '近 31 天内'."""
        return standard_text(self.item, self.threshold)

    @property
    def shown(self) -> str:
        """The value as every screen and document shows it: a miss never reads as the standard."""
        return display(self.item, self.value, self.threshold)


def standard_text(item: Item, threshold: Fraction | None) -> str:
    """An item's standard in words; numeric items need their threshold's value for this school."""
    if item.type is AnswerType.YES_NO and item.expected is not None:
        return item.labels[0] if item.expected else item.labels[1]
    if item.type is AnswerType.CHOICE and item.pass_options:
        return "、".join(item.pass_options)
    if item.type is AnswerType.DATE and item.within_days is not None:
        return f"近 {item.within_days} 天内"
    if item.type is AnswerType.TEXT and item.required_text:
        return "有"
    if threshold is None:
        return ""
    unit = "%" if item.type is AnswerType.PERCENT else item.unit
    return f"{item.compare.symbol} {fmt(threshold, 4)}{unit}"


def blank_standard_text(item: Item, with_unit: bool = False) -> str:
    """The standard before anything is answered (blank template, an item not yet filled in).

    with_unit: on screen the unit follows the value; the workbook has its own unit column.
    """
    threshold = item.threshold
    if threshold is None or not item.type.numeric:
        return standard_text(item, None)
    if threshold.formula is not None:
        # A formula such as ceil(classes_primary / 12) means nothing to a school; the value
        # appears once the figures it depends on are filled in.
        return f"{item.compare.symbol} 按填报数据核定"
    unit = ("%" if item.type is AnswerType.PERCENT else item.unit) if with_unit else ""
    if threshold.value is not None:
        return f"{item.compare.symbol} {fmt(threshold.value, 4)}{unit}"
    return f"{item.compare.symbol} " + "；".join(
        f"{STAGE_NAMES.get(k, k)} {fmt(v, 4)}{unit}" for k, v in threshold.by_key)


@dataclass(frozen=True)
class ChecklistResult:
    checklist: Checklist
    verdict: str
    items: tuple[ItemResult, ...]
    stages: dict[str, StageResult] = field(default_factory=dict)
    vetoes: tuple[ItemResult, ...] = ()  # veto items answered 有
    max_score: Fraction | None = None
    self_score: Fraction | None = None
    grade: str = ""

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(r.status.value for r in self.items)
        return {s.value: counts.get(s.value, 0) for s in Status}

    def result(self, item_id: str) -> ItemResult:
        return next(r for r in self.items if r.item.id == item_id)

    @property
    def unmet(self) -> list[ItemResult]:
        return [r for r in self.items if r.status is Status.UNMET]


def parse_answers(checklist: Checklist, raw: Mapping[str, Any]) -> dict[str, AnswerValue]:
    """Checks every raw answer; raises InputError naming the first bad one. Unknown ids are refused."""
    values: dict[str, AnswerValue] = {}
    for item_id, raw_value in raw.items():
        if not checklist.has_item(item_id):
            raise InputError(f"检查表「{checklist.title}」中没有条目「{item_id}」", item_id)
        value = parse_answer(checklist.item(item_id), raw_value)
        if value is not None:
            values[item_id] = value
    return values


def evaluate(checklist: Checklist, school: SchoolProfile, answers: Mapping[str, AnswerValue],
             on_date: dt.date | None = None,
             self_scores: Mapping[str, Fraction] | None = None) -> ChecklistResult:
    """Judges checked answers (see parse_answers). Exact arithmetic throughout."""
    context = _Context(checklist, school, answers, on_date or dt.date.today())
    results = tuple(_apply_score(context.result(item), self_scores or {})
                    for item in checklist.items)
    stages = evaluate_resources(checklist, school, answers) if checklist.resources else {}
    vetoes = tuple(r for r in results if r.item.veto and r.status is Status.UNMET)
    verdict = _verdict(results, stages, vetoes)
    max_score, total, grade = _score(checklist, results)
    return ChecklistResult(checklist, verdict, results, stages, vetoes, max_score, total, grade)


def _verdict(results: tuple[ItemResult, ...], stages: dict[str, StageResult],
             vetoes: tuple[ItemResult, ...]) -> str:
    if vetoes:
        return UNMET
    stage_verdicts = {s.verdict for s in stages.values()}
    incomplete = any(r.status is Status.UNANSWERED and not _optional(r.item) for r in results)
    if incomplete or INCOMPLETE in stage_verdicts:
        return INCOMPLETE
    if any(r.status is Status.UNMET for r in results) or UNMET in stage_verdicts:
        return UNMET
    return MET


def _optional(item: Item) -> bool:
    return item.type is AnswerType.TEXT and not item.required_text


class _Context:
    """Evaluates items lazily so computed items and conditions can read other items."""

    def __init__(self, checklist: Checklist, school: SchoolProfile,
                 answers: Mapping[str, AnswerValue], on_date: dt.date):
        self.checklist, self.school, self.answers, self.on_date = checklist, school, answers, on_date
        self._cache: dict[str, ItemResult] = {}

    def result(self, item: Item) -> ItemResult:
        if item.id not in self._cache:
            self._cache[item.id] = self._evaluate(item)
        return self._cache[item.id]

    def formula_values(self) -> "_FormulaValues":
        return _FormulaValues(self)

    def _evaluate(self, item: Item) -> ItemResult:
        applicable = self._applies(item)
        if applicable is not True:
            status = Status.NOT_APPLICABLE if applicable is False else Status.UNANSWERED
            return ItemResult(item, status, message=applicable if isinstance(applicable, str) else "")
        try:
            value = self._value(item)
        except formula.MissingValue as missing:
            return ItemResult(item, Status.UNANSWERED, message=self._missing_text(missing.name))
        except formula.NotComputable as exc:
            return ItemResult(item, Status.UNANSWERED, message=f"无法计算：{exc}")
        if value is None:
            return ItemResult(item, Status.UNANSWERED)
        problem = self._beyond_maximum(item, value)
        if problem:
            return ItemResult(item, Status.UNANSWERED, value, message=problem)
        if not item.is_standard:
            return ItemResult(item, Status.RECORDED, value)
        return self._judge(item, value)

    def _beyond_maximum(self, item: Item, value: AnswerValue) -> str:
        """An answer larger than another answer allows (e.g. 陪餐 meals > meals served)."""
        if item.maximum_formula is None or not isinstance(value, Fraction):
            return ""
        try:
            limit = _as_fraction(item.maximum_formula.evaluate(self.formula_values()))
        except (formula.MissingValue, formula.NotComputable):
            return ""
        if value > limit:
            names = item.maximum_formula.names
            bound = (f"「{self.checklist.item(next(iter(names))).title}」"
                     if len(names) == 1 and self.checklist.has_item(next(iter(names)))
                     else f"（{item.maximum_formula.text}）")
            return f"数值 {fmt(value, 4)} 超过了{bound}的 {fmt(limit, 4)}，请核对"
        return ""

    def _applies(self, item: Item) -> bool | str:
        a, s = item.applies, self.school
        if a.types and s.type not in a.types:
            return False
        if a.locales and s.locale and s.locale not in a.locales:
            return False
        if a.ownerships and s.ownership and s.ownership not in a.ownerships:
            return False
        if a.stages and not set(a.stages) & set(s.stages):
            return False
        if a.boarding is not None and a.boarding != s.boarding:
            return False
        if a.condition is not None:
            try:
                return bool(a.condition.evaluate(self.formula_values()))
            except formula.MissingValue as missing:
                return "是否适用取决于：" + self._missing_text(missing.name)
            except formula.NotComputable:
                return False
        return True

    def _missing_text(self, item_id: str) -> str:
        title = self.checklist.item(item_id).title if self.checklist.has_item(item_id) else item_id
        return f"需先填写「{title}」"

    def _value(self, item: Item) -> AnswerValue | None:
        if item.type is AnswerType.COMPUTED:
            assert item.formula is not None
            return _as_fraction(item.formula.evaluate(self.formula_values()))
        return self.answers.get(item.id)

    def _judge(self, item: Item, value: AnswerValue) -> ItemResult:
        t = item.type
        if t is AnswerType.YES_NO:
            return _result(item, value, value == item.expected)
        if t is AnswerType.CHOICE:
            return _result(item, value, value in item.pass_options)
        if t is AnswerType.TEXT:
            return _result(item, value, bool(str(value).strip()))
        if t is AnswerType.DATE:
            return self._judge_date(item, value)
        return self._judge_number(item, value)

    def _judge_date(self, item: Item, value: dt.date) -> ItemResult:
        age = (self.on_date - value).days
        if age < 0:
            return ItemResult(item, Status.UNMET, value, message="日期晚于评估日期，请核对")
        met = age <= (item.within_days or 0)
        gap_text = "" if met else f"已过去 {age} 天，超过 {item.within_days} 天的要求"
        return ItemResult(item, Status.MET if met else Status.UNMET, value, gap_text=gap_text)

    def _judge_number(self, item: Item, value: Fraction) -> ItemResult:
        try:
            threshold = self._threshold(item, item.threshold)
        except formula.MissingValue as missing:
            return ItemResult(item, Status.UNANSWERED, value, message=self._missing_text(missing.name))
        except formula.NotComputable as exc:
            return ItemResult(item, Status.UNANSWERED, value, message=f"无法计算标准值：{exc}")
        if threshold is None:
            return ItemResult(item, Status.NOT_APPLICABLE, value, message="本类学校无此项标准值")
        if item.compare.holds(value, threshold):
            return ItemResult(item, Status.MET, value, threshold)
        gap = _round_gap(item, abs(threshold - value))
        if gap == 0:  # exactly at a strict limit (< 0.15 answered 0.15): no amount to show
            word = "低于" if item.compare is Compare.LT else "高于" if item.compare is Compare.GT else "等于"
            unit = "%" if item.type is AnswerType.PERCENT else item.unit
            return ItemResult(item, Status.UNMET, value, threshold, gap,
                              f"应{word} {fmt(threshold, 4)}{unit}")
        return ItemResult(item, Status.UNMET, value, threshold, gap, _gap_text(item, gap))

    def _threshold(self, item: Item, threshold: Threshold | None) -> Fraction | None:
        assert threshold is not None
        if threshold.formula is not None:
            return _as_fraction(threshold.formula.evaluate(self.formula_values()))
        if threshold.value is not None:
            return threshold.value
        by_key = dict(threshold.by_key)
        if self.school.type in by_key:
            return by_key[self.school.type]
        for stage in item.applies.stages or self.school.stages:
            if stage in by_key and stage in self.school.stages:
                return by_key[stage]
        return None


class _FormulaValues(Mapping):
    """Answer values as formulas see them: numbers and yes/no (1/0); computed items on demand."""

    def __init__(self, context: _Context):
        self._context = context

    def __getitem__(self, key: str) -> Fraction | bool | str | None:
        checklist = self._context.checklist
        if not checklist.has_item(key):
            return self._context.school.formula_values().get(key)
        item = checklist.item(key)
        if item.type is AnswerType.COMPUTED:
            result = self._context.result(item)
            if isinstance(result.value, Fraction):
                return result.value
            raise formula.MissingValue(key)
        value = self._context.answers.get(key)
        if item.maximum_formula is not None and value is not None:
            # An answer flagged 请核对 must not make a computed rate look met (101 % 陪餐).
            if self._context._beyond_maximum(item, value):
                raise formula.NotComputable(f"「{item.title}」需核对")
        if isinstance(value, (bool, Fraction)) or item.type is AnswerType.CHOICE:
            return value
        return None

    def get(self, key: str, default: Any = None) -> Any:
        value = self[key]
        return default if value is None else value

    def __iter__(self):
        return iter(i.id for i in self._context.checklist.items)

    def __len__(self) -> int:
        return len(self._context.checklist.items)


def _as_fraction(value: Fraction | bool | str) -> Fraction:
    if isinstance(value, str):
        raise formula.NotComputable(f"文字「{value}」不是数值")
    return Fraction(int(value)) if isinstance(value, bool) else value


def _result(item: Item, value: AnswerValue, met: bool) -> ItemResult:
    if met:
        return ItemResult(item, Status.MET, value)
    # Non-numeric items have no amount to close; gap_text is then a fixed hint (e.g. 应建立…).
    return ItemResult(item, Status.UNMET, value, gap_text=item.gap_text)


def _round_gap(item: Item, gap: Fraction) -> Fraction:
    if item.compare in (Compare.GT, Compare.LT) and item.whole_gap:
        return Fraction(int(gap) + 1)  # strictly beyond the threshold
    return ceil_to(gap, 0 if item.whole_gap else item.decimals)


def _gap_text(item: Item, gap: Fraction) -> str:
    unit = "%" if item.type is AnswerType.PERCENT else item.unit
    amount = fmt(gap, item.decimals)
    if item.gap_text:
        return item.gap_text.format(gap=amount)
    if item.compare in (Compare.GE, Compare.GT):
        return f"还差 {amount}{unit}"
    if item.compare in (Compare.LE, Compare.LT):
        return f"超出 {amount}{unit}"
    return f"相差 {amount}{unit}"


def _apply_score(result: ItemResult, self_scores: Mapping[str, Fraction]) -> ItemResult:
    item = result.item
    if item.score is None or result.status in (Status.NOT_APPLICABLE, Status.RECORDED):
        return result
    if item.id in self_scores:
        score = self_scores[item.id]
        if not 0 <= score <= item.score:
            raise InputError(f"条目「{item.title}」的自评得分应在 0 到 {fmt(item.score)} 之间", item.id)
    elif result.status is Status.MET:
        score = item.score
    elif result.status is Status.UNMET:
        score = Fraction(0)
    else:
        return result
    return ItemResult(result.item, result.status, result.value, result.threshold, result.gap,
                      result.gap_text, result.message, score)


def _score(checklist: Checklist, results: tuple[ItemResult, ...]
           ) -> tuple[Fraction | None, Fraction | None, str]:
    scored = [r for r in results if r.item.score is not None
              and r.status not in (Status.NOT_APPLICABLE, Status.RECORDED)]
    if not scored:
        return None, None, ""
    max_score = sum((r.item.score for r in scored), Fraction(0))
    if any(r.self_score is None for r in scored):
        return max_score, None, ""
    total = sum((r.self_score for r in scored), Fraction(0))
    percent = total / max_score * 100 if max_score else Fraction(0)
    grade = next((b.grade for b in checklist.grade_bands if percent >= b.minimum_percent),
                 "不合格" if checklist.grade_bands else "")
    return max_score, total, grade


def stage_label(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)
